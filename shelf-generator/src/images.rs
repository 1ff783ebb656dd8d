//! Product photos: read from a path or taken as bytes, identified by content (not by file
//! name), measured in pixels for the resolution preflight, and embedded unchanged.

use std::path::Path;
use std::sync::Arc;

use base64::Engine as _;

use crate::error::{Error, Result};
use crate::spec::ImageSource;

/// Raster or vector formats a photo may come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JPEG: embedded in the PDF as is (DCTDecode), never re-compressed.
    Jpeg,
    /// PNG, possibly with transparency.
    Png,
    /// WebP, as the API accepts for uploads.
    Webp,
    /// GIF (first frame).
    Gif,
    /// SVG artwork: vector, so it has no resolution to check.
    Svg,
}

impl Format {
    fn mime(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Webp => "image/webp",
            Self::Gif => "image/gif",
            Self::Svg => "image/svg+xml",
        }
    }
}

/// A photo ready to place.
#[derive(Debug, Clone)]
pub struct Photo {
    /// The file's bytes, unchanged.
    pub bytes: Arc<[u8]>,
    /// What they are.
    pub format: Format,
    /// Pixel size of a raster image; `None` for SVG.
    pub pixels: Option<(u32, u32)>,
}

impl Photo {
    /// Reads `source`; relative paths are resolved against `base_dir`. `field` names the
    /// spec field in errors.
    pub fn load(source: &ImageSource, base_dir: Option<&Path>, field: &str) -> Result<Self> {
        let bytes: Arc<[u8]> = match source {
            ImageSource::Bytes(bytes) => bytes.clone(),
            ImageSource::Path(path) => {
                let path = match base_dir {
                    Some(dir) if path.is_relative() => dir.join(path),
                    _ => path.clone(),
                };
                std::fs::read(&path)
                    .map_err(|e| {
                        Error::invalid(field, format!("cannot read {}: {e}", path.display()))
                    })?
                    .into()
            }
        };
        Self::from_bytes(bytes, field)
    }

    fn from_bytes(bytes: Arc<[u8]>, field: &str) -> Result<Self> {
        let unsupported = || Error::invalid(field, "is not a JPEG, PNG, WebP, GIF or SVG image");
        if looks_like_svg(&bytes) {
            return Ok(Self {
                bytes,
                format: Format::Svg,
                pixels: None,
            });
        }
        let format = match imagesize::image_type(&bytes).map_err(|_| unsupported())? {
            imagesize::ImageType::Jpeg => Format::Jpeg,
            imagesize::ImageType::Png => Format::Png,
            imagesize::ImageType::Webp => Format::Webp,
            imagesize::ImageType::Gif => Format::Gif,
            _ => return Err(unsupported()),
        };
        let size = imagesize::blob_size(&bytes).map_err(|e| {
            Error::invalid(field, format!("is a damaged {} image: {e}", format.mime()))
        })?;
        let pixels = (
            u32::try_from(size.width).ok(),
            u32::try_from(size.height).ok(),
        );
        match pixels {
            (Some(w), Some(h)) if w > 0 && h > 0 => Ok(Self {
                bytes,
                format,
                pixels: Some((w, h)),
            }),
            _ => Err(Error::invalid(field, "has no pixels")),
        }
    }

    /// The photo as a `data:` URL for an SVG `<image>`.
    pub fn data_url(&self) -> String {
        format!(
            "data:{};base64,{}",
            self.format.mime(),
            base64::engine::general_purpose::STANDARD.encode(&self.bytes)
        )
    }

    /// Width / height of the image (1 for SVG, which is fitted by its own view box).
    pub fn aspect(&self) -> f64 {
        self.pixels
            .map_or(1.0, |(w, h)| f64::from(w) / f64::from(h))
    }

    /// Effective resolution, in pixels per inch, when the photo is printed `width_mm` wide.
    pub fn ppi_at(&self, width_mm: f64) -> Option<f64> {
        self.pixels.map(|(w, _)| f64::from(w) / (width_mm / 25.4))
    }
}

fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]);
    let head = head.trim_start_matches('\u{feff}').trim_start();
    head.starts_with("<svg") || (head.starts_with("<?xml") && head.contains("<svg"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifies_by_content_and_refuses_other_files() {
        let svg = Photo::from_bytes(
            b"<svg xmlns='http://www.w3.org/2000/svg'/>".to_vec().into(),
            "image",
        )
        .expect("svg");
        assert_eq!((svg.format, svg.pixels), (Format::Svg, None));
        let err = Photo::from_bytes(b"hello".to_vec().into(), "slots[1].image")
            .expect_err("not an image");
        assert_eq!(
            err.to_string(),
            "slots[1].image: is not a JPEG, PNG, WebP, GIF or SVG image"
        );
        let mut png = Vec::new();
        image::RgbImage::new(198, 99)
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .expect("encode png");
        let photo = Photo::from_bytes(png.into(), "image").expect("png");
        assert_eq!(photo.pixels, Some((198, 99)));
        assert!((photo.ppi_at(33.528).unwrap_or_default() - 150.0).abs() < 0.01);
    }
}
