//! Product photos: read from a path or taken as bytes, identified by content (not by file
//! name), measured in pixels for the resolution preflight, and embedded unchanged.

use std::path::Path;
use std::sync::Arc;

use base64::Engine as _;

use crate::error::{Error, Result};
use crate::layout::Rect;
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
    /// The product within a raster image: its box (x, y, width, height) in pixels with the
    /// plain white or transparent margins of a packshot trimmed off.
    pub content: Option<(u32, u32, u32, u32)>,
}

/// Where a photo lands on the page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    /// The visible product (the content box), bottom-centred in the bounds.
    pub visible: Rect,
    /// Where the whole image is drawn (extends beyond `visible` where margins were
    /// trimmed; clipped to `visible`).
    pub image: Rect,
    /// Effective resolution at this size; `None` for SVG.
    pub ppi: Option<f64>,
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
                content: None,
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
            (Some(w), Some(h)) if w > 0 && h > 0 => {
                let decoded = image::load_from_memory(&bytes)
                    .map_err(|e| Error::invalid(field, format!("cannot be decoded: {e}")))?;
                let content = Some(content_box(&decoded.into_rgba8()));
                Ok(Self {
                    bytes,
                    format,
                    pixels: Some((w, h)),
                    content,
                })
            }
            _ => Err(Error::invalid(field, "has no pixels")),
        }
    }

    /// Fits the product into `bounds` (aspect kept, standing on the bottom edge, centred).
    pub fn place(&self, bounds: Rect) -> Placed {
        let (content, pixels) = match (self.content, self.pixels) {
            (Some(content), Some(pixels)) => (content, pixels),
            // SVG artwork: drawn whole, as a square.
            _ => {
                let visible = bounds.standing_square();
                return Placed {
                    visible,
                    image: visible,
                    ppi: None,
                };
            }
        };
        let (cx, cy, cw, ch) = content;
        let (cw_f, ch_f) = (f64::from(cw), f64::from(ch));
        let mm_per_px = (bounds.w / cw_f).min(bounds.h / ch_f);
        let (w, h) = (cw_f * mm_per_px, ch_f * mm_per_px);
        let visible = Rect::new(bounds.x + (bounds.w - w) / 2.0, bounds.bottom() - h, w, h);
        let image = Rect::new(
            visible.x - f64::from(cx) * mm_per_px,
            visible.y - f64::from(cy) * mm_per_px,
            f64::from(pixels.0) * mm_per_px,
            f64::from(pixels.1) * mm_per_px,
        );
        Placed {
            visible,
            image,
            ppi: Some(25.4 / mm_per_px),
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
}

/// SVG artwork as a PNG (transparent where the artwork is) whose longer side is `side_px`,
/// for places that keep raster photos only, such as the API's product images. Text is
/// drawn with the embedded fonts, as on posters.
pub fn rasterize_svg(svg: &[u8], side_px: u32) -> Result<Vec<u8>> {
    let options = usvg::Options {
        font_family: crate::fonts::FAMILY.to_owned(),
        fontdb: crate::fonts::database(),
        font_resolver: crate::fonts::resolver(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_data(svg, &options)
        .map_err(|e| Error::invalid("image", format!("the SVG does not parse: {e}")))?;
    let size = tree.size();
    let scale = side_px.max(1) as f32 / size.width().max(size.height());
    let pixels = |side: f32| ((side * scale).round() as u32).max(1);
    let mut pixmap = resvg::tiny_skia::Pixmap::new(pixels(size.width()), pixels(size.height()))
        .ok_or_else(|| Error::Render(format!("{side_px} px is no size to rasterize at")))?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| Error::Render(format!("the artwork does not encode as PNG: {e}")))
}

/// Bounding box of the pixels that are neither near-white nor near-transparent, padded by
/// 1 % of the image; the whole image when nothing stands out.
fn content_box(image: &image::RgbaImage) -> (u32, u32, u32, u32) {
    let (width, height) = image.dimensions();
    let (mut x0, mut y0, mut x1, mut y1) = (width, height, 0, 0);
    for (y, row) in image.as_raw().chunks_exact(width as usize * 4).enumerate() {
        for (x, px) in row.chunks_exact(4).enumerate() {
            let background = px[3] < 24 || (px[0] > 236 && px[1] > 236 && px[2] > 236);
            if !background {
                (x0, y0) = (x0.min(x as u32), y0.min(y as u32));
                (x1, y1) = (x1.max(x as u32), y1.max(y as u32));
            }
        }
    }
    if x0 > x1 || y0 > y1 {
        return (0, 0, width, height);
    }
    let pad = (width.max(height) / 100).max(1);
    let (x0, y0) = (x0.saturating_sub(pad), y0.saturating_sub(pad));
    let (x1, y1) = ((x1 + pad + 1).min(width), (y1 + pad + 1).min(height));
    (x0, y0, x1 - x0, y1 - y0)
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
        // A 200 × 100 packshot: white, with a product 20 px wide and 50 px tall standing
        // on the bottom edge.
        let mut canvas = image::RgbImage::from_pixel(200, 100, image::Rgb([255, 255, 255]));
        for y in 50..100 {
            for x in 90..110 {
                canvas.put_pixel(x, y, image::Rgb([200, 30, 30]));
            }
        }
        let mut png = Vec::new();
        canvas
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .expect("encode png");
        let photo = Photo::from_bytes(png.into(), "image").expect("png");
        assert_eq!(photo.pixels, Some((200, 100)));
        assert_eq!(
            photo.content,
            Some((88, 48, 24, 52)),
            "trimmed, padded by 2 px"
        );
        let placed = photo.place(Rect::new(0.0, 0.0, 40.0, 52.0));
        // The product fills the box's height: 52 px over 52 mm is 25.4 ppi.
        assert_eq!(placed.visible, Rect::new(8.0, 0.0, 24.0, 52.0));
        assert!((placed.ppi.unwrap_or_default() - 25.4).abs() < 1e-9);
        assert_eq!(placed.image, Rect::new(-80.0, -48.0, 200.0, 100.0));
    }

    #[test]
    fn rasterizes_svg_artwork_to_its_longer_side() {
        let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100" width="200" height="100"><rect x="0" y="50" width="200" height="50" fill="#c00"/></svg>"##;
        let png = rasterize_svg(svg, 400).expect("rasterized");
        let decoded = image::load_from_memory(&png).expect("a PNG").into_rgba8();
        assert_eq!(decoded.dimensions(), (400, 200));
        assert_eq!(
            decoded.get_pixel(10, 10)[3],
            0,
            "transparent where nothing is drawn"
        );
        assert_eq!(decoded.get_pixel(10, 150).0, [204, 0, 0, 255]);
        assert!(rasterize_svg(b"<svg", 400).is_err());
    }
}
