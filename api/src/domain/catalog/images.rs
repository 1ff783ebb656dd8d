//! Product photos: decode what was uploaded (JPEG, PNG or WebP only), refuse anything that
//! is not an image or would decode into an unreasonable amount of memory, and re-encode so
//! that stored files carry no metadata and have bounded dimensions.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, ImageReader, Limits};
use sha2::{Digest, Sha256};

use crate::domain::DomainError;
use crate::storage::BlobStore;

/// Longest side kept; larger photos are scaled down to it.
pub const MAX_STORED_SIDE: u32 = 2048;
/// Largest side accepted at decode time; bigger headers are refused before decoding.
const MAX_DECODED_SIDE: u32 = 12_000;
/// Memory a single decode may allocate.
const MAX_DECODE_ALLOC: u64 = 256 * 1024 * 1024;
/// JPEG quality of stored photos.
const JPEG_QUALITY: u8 = 90;

/// A photo ready to store.
#[derive(Debug, Clone)]
pub struct NormalizedImage {
    /// Encoded bytes.
    pub bytes: Vec<u8>,
    /// `image/jpeg` or `image/png`.
    pub content_type: &'static str,
    /// File extension matching `content_type`.
    pub extension: &'static str,
    /// Pixel width.
    pub width: u32,
    /// Pixel height.
    pub height: u32,
}

impl NormalizedImage {
    /// A storage key derived from the content, so identical photos share one file and a
    /// changed photo gets a new URL (which lets it be cached forever).
    pub fn content_key(&self) -> String {
        let digest = Sha256::digest(&self.bytes);
        let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
        format!("{hex}.{}", self.extension)
    }
}

fn refused(message: impl Into<String>) -> DomainError {
    DomainError::invalid("image", message)
}

/// Decodes, bounds and re-encodes `upload`. Photos without transparency become JPEG,
/// others PNG.
pub fn normalize(upload: &[u8]) -> Result<NormalizedImage, DomainError> {
    let format =
        image::guess_format(upload).map_err(|_| refused("is not a JPEG, PNG or WebP image"))?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP
    ) {
        return Err(refused("must be JPEG, PNG or WebP"));
    }
    let mut reader = ImageReader::with_format(Cursor::new(upload), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DECODED_SIDE);
    limits.max_image_height = Some(MAX_DECODED_SIDE);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    reader.limits(limits);
    let decoded = reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => refused("is too large to decode"),
        _ => refused("cannot be decoded; the file is damaged or not an image"),
    })?;
    let bounded = if decoded.width().max(decoded.height()) > MAX_STORED_SIDE {
        decoded.resize(
            MAX_STORED_SIDE,
            MAX_STORED_SIDE,
            image::imageops::FilterType::Lanczos3,
        )
    } else {
        decoded
    };
    encode(bounded)
}

/// Normalizes `upload` and stores it in `blobs` under its content key, which it returns
/// for [`super::products::set_image`]. Decoding, resizing and encoding take CPU time and memory
/// and no database: request handlers run this on the media pool, holding no connection.
pub fn store(blobs: &dyn BlobStore, upload: &[u8]) -> Result<String, DomainError> {
    let image = normalize(upload)?;
    let key = image.content_key();
    blobs.put(&key, &image.bytes)?;
    Ok(key)
}

fn encode(picture: DynamicImage) -> Result<NormalizedImage, DomainError> {
    let (width, height) = (picture.width(), picture.height());
    let mut bytes = Vec::new();
    let (content_type, extension) = if picture.color().has_alpha() {
        picture
            .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
            .map_err(DomainError::internal)?;
        ("image/png", "png")
    } else {
        let rgb = picture.into_rgb8();
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY);
        rgb.write_with_encoder(encoder)
            .map_err(DomainError::internal)?;
        ("image/jpeg", "jpg")
    };
    Ok(NormalizedImage {
        bytes,
        content_type,
        extension,
        width,
        height,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = Vec::new();
        DynamicImage::new_rgba8(width, height)
            .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
            .expect("encode");
        bytes
    }

    #[test]
    fn keeps_small_images_and_bounds_big_ones() {
        let small = normalize(&png(198, 120)).expect("valid");
        assert_eq!((small.width, small.height), (198, 120));
        let big = normalize(&png(4096, 1024)).expect("valid");
        assert_eq!((big.width, big.height), (2048, 512));
    }

    #[test]
    fn refuses_non_images_and_truncated_files() {
        assert!(normalize(b"%PDF-1.7 not an image").is_err());
        let mut truncated = png(50, 50);
        truncated.truncate(40);
        assert!(normalize(&truncated).is_err());
    }

    #[test]
    fn refuses_images_with_damaged_headers() {
        // Dimensions patched without fixing the chunk checksum: damaged, hence refused.
        let mut bomb = png(1, 1);
        bomb[16..20].copy_from_slice(&20_000u32.to_be_bytes());
        bomb[20..24].copy_from_slice(&20_000u32.to_be_bytes());
        let Err(DomainError::Invalid(errors)) = normalize(&bomb) else {
            panic!("bomb accepted");
        };
        assert_eq!(errors[0].field, "image");
    }
}
