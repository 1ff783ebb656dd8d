//! Reading codes back from rendered posters with a real QR decoder (rqrr, a port of quirc),
//! optionally after simulating what a phone camera sees from the scan distance. PDFs are
//! rasterized by poppler's `pdftoppm`, an independent PDF implementation, so a check also
//! proves that another reader draws our PDF as we meant it.

use std::path::{Path, PathBuf};
use std::process::Command;

use image::GrayImage;

use crate::error::{Error, Result};

mod locate;

/// One decoded code.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// Page it was found on (0 for a PNG).
    pub page: usize,
    /// The decoded text.
    pub payload: String,
    /// Centre of the code, in pixels of the decoded image.
    pub center: (f64, f64),
    /// Approximate side of the code, in pixels.
    pub size: f64,
}

/// Decodes every QR code in `image`, in reading order (top shelf first, left to right).
///
/// Each code is located first, as an island of modules inside its quiet zone (module
/// `decode::locate` in the source), and decoded from its own crop; an image where no
/// finder pattern is found is handed to the decoder whole.
pub fn decode_image(image: GrayImage, page: usize) -> Vec<Decoded> {
    let regions = locate::code_regions(&image);
    let mut found: Vec<Decoded> = Vec::new();
    if regions.is_empty() {
        return decode_whole(image, (0.0, 0.0), page);
    }
    for region in regions {
        let crop = crop(&image, region);
        let offset = (f64::from(region.x), f64::from(region.y));
        let mut codes = decode_whole(crop.clone(), offset, page);
        if codes.is_empty() && region.module < UPSCALE_BELOW {
            // rqrr samples one pixel per module; with few pixels per module an interpolated
            // copy at twice the size lets it hit module centres (phone decoders sample with
            // sub-pixel accuracy too).
            let (w, h) = (crop.width() * 2, crop.height() * 2);
            let larger =
                image::imageops::resize(&crop, w, h, image::imageops::FilterType::CatmullRom);
            codes = decode_whole(larger, offset, page)
                .into_iter()
                .map(|c| Decoded {
                    center: (
                        offset.0 + (c.center.0 - offset.0) / 2.0,
                        offset.1 + (c.center.1 - offset.1) / 2.0,
                    ),
                    size: c.size / 2.0,
                    ..c
                })
                .collect();
        }
        for code in codes {
            // Overlapping regions may hold the same code twice.
            let seen = found.iter().any(|f| {
                f.payload == code.payload
                    && (f.center.0 - code.center.0).hypot(f.center.1 - code.center.1)
                        < code.size / 2.0
            });
            if !seen {
                found.push(code);
            }
        }
    }
    reading_order(&mut found);
    found
}

/// A copy of `region` of `image`, row by row (image's generic crop is slow in debug builds,
/// where the tests run).
fn crop(image: &GrayImage, region: locate::Region) -> GrayImage {
    let width = image.width() as usize;
    let mut pixels = Vec::with_capacity(region.w as usize * region.h as usize);
    for row in image
        .as_raw()
        .chunks_exact(width)
        .skip(region.y as usize)
        .take(region.h as usize)
    {
        pixels.extend_from_slice(&row[region.x as usize..][..region.w as usize]);
    }
    GrayImage::from_raw(region.w, region.h, pixels).unwrap_or_default()
}

/// Codes with modules under this many pixels get a second try at twice the size.
const UPSCALE_BELOW: f32 = 8.0;

/// rqrr on one image, positions moved by `offset` into the page's coordinates.
///
/// rqrr asserts on some degenerate geometry instead of returning an error; such a panic
/// is contained here and counts as "nothing decoded" for this image.
fn decode_whole(image: GrayImage, offset: (f64, f64), page: usize) -> Vec<Decoded> {
    std::panic::catch_unwind(move || decode_unguarded(image, offset, page)).unwrap_or_default()
}

fn decode_unguarded(image: GrayImage, offset: (f64, f64), page: usize) -> Vec<Decoded> {
    let mut prepared = rqrr::PreparedImage::prepare(image);
    prepared
        .detect_grids()
        .into_iter()
        .filter_map(|grid| {
            let (_, payload) = grid.decode().ok()?;
            let xs = grid.bounds.map(|p| f64::from(p.x));
            let ys = grid.bounds.map(|p| f64::from(p.y));
            let center = (
                offset.0 + xs.iter().sum::<f64>() / 4.0,
                offset.1 + ys.iter().sum::<f64>() / 4.0,
            );
            let size = xs.iter().copied().fold(f64::MIN, f64::max)
                - xs.iter().copied().fold(f64::MAX, f64::min);
            Some(Decoded {
                page,
                payload,
                center,
                size: size.abs(),
            })
        })
        .collect()
}

/// Sorts by rows (codes whose centres are within half a code of the row's first), then by
/// x within each row.
fn reading_order(codes: &mut [Decoded]) {
    codes.sort_by(|a, b| a.center.1.total_cmp(&b.center.1));
    let mut start = 0;
    while start < codes.len() {
        let (row_y, tolerance) = (codes[start].center.1, codes[start].size / 2.0);
        let end = codes[start..]
            .iter()
            .position(|c| c.center.1 - row_y > tolerance)
            .map_or(codes.len(), |n| start + n);
        codes[start..end].sort_by(|a, b| a.center.0.total_cmp(&b.center.0));
        start = end;
    }
}

/// A phone camera pointed at the poster, for checking that codes scan from the distance
/// they were made for (see [`crate::qr::DISTANCE_PER_MODULE`] for the numbers).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PhoneCamera {
    /// Distance from the poster in metres.
    pub distance_m: f64,
    /// Pixels across the frame the scanner analyses (1080 for a 1080p stream in portrait).
    pub frame_px: f64,
    /// Horizontal field of view in degrees.
    pub field_of_view_deg: f64,
}

impl PhoneCamera {
    /// A typical phone, portrait, 1080 px wide frames, 55° across, at `distance_m`.
    pub fn at(distance_m: f64) -> Self {
        Self {
            distance_m,
            frame_px: 1080.0,
            field_of_view_deg: 55.0,
        }
    }

    /// Camera pixels per millimetre of poster.
    pub fn px_per_mm(&self) -> f64 {
        let frame_mm =
            2.0 * self.distance_m * 1000.0 * (self.field_of_view_deg.to_radians() / 2.0).tan();
        self.frame_px / frame_mm
    }

    /// What the camera records of an image printed at `image_dpi`: area-averaged down to
    /// the camera's resolution, softened by a lens blur of 0.6 px, and with the contrast
    /// of a poster in station light (black at 15 % grey, white at 85 %).
    pub fn view(&self, image: &GrayImage, image_dpi: f64) -> GrayImage {
        let ratio = (self.px_per_mm() * 25.4 / image_dpi).min(1.0);
        let width = ((f64::from(image.width()) * ratio).round() as u32).max(1);
        let height = ((f64::from(image.height()) * ratio).round() as u32).max(1);
        let small =
            image::imageops::resize(image, width, height, image::imageops::FilterType::Triangle);
        let mut soft = image::imageops::blur(&small, 0.6);
        for pixel in soft.pixels_mut() {
            pixel.0[0] = (38.0 + f64::from(pixel.0[0]) * 0.7).round() as u8;
        }
        soft
    }
}

/// How to check a file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CheckOptions {
    /// Resolution at which PDFs are rasterized (default 150 DPI).
    pub pdf_dpi: f64,
    /// Resolution of a PNG that carries none in its metadata; needed only with `camera`.
    pub png_dpi: Option<f64>,
    /// Decode what this camera sees instead of the full-resolution image.
    pub camera: Option<PhoneCamera>,
}

impl Default for CheckOptions {
    fn default() -> Self {
        Self {
            pdf_dpi: 150.0,
            png_dpi: None,
            camera: None,
        }
    }
}

/// Decodes every code in a rendered poster: a PNG (or other raster image) or a PDF, whose
/// pages are rasterized with `pdftoppm` (Debian package `poppler-utils`).
pub fn check_file(path: &Path, options: &CheckOptions) -> Result<Vec<Decoded>> {
    let is_pdf = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    let pages = if is_pdf {
        rasterize_pdf(path, options.pdf_dpi)?
            .into_iter()
            .map(|page| (page, Some(options.pdf_dpi)))
            .collect()
    } else {
        let image =
            image::open(path).map_err(|e| Error::Check(format!("{}: {e}", path.display())))?;
        vec![(
            image.into_luma8(),
            options.png_dpi.or_else(|| png_dpi(path)),
        )]
    };
    let mut decoded = Vec::new();
    for (index, (page, dpi)) in pages.into_iter().enumerate() {
        let page = match (options.camera, dpi) {
            (Some(camera), Some(dpi)) => camera.view(&page, dpi),
            (Some(_), None) => {
                return Err(Error::Check(format!(
                    "{} carries no resolution; give it (--dpi) to simulate a camera",
                    path.display()
                )));
            }
            (None, _) => page,
        };
        decoded.extend(decode_image(page, index));
    }
    Ok(decoded)
}

/// The DPI recorded in a PNG's `pHYs` chunk, if any.
pub fn png_dpi(path: &Path) -> Option<f64> {
    let file = std::fs::File::open(path).ok()?;
    let reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .ok()?;
    let dims = reader.info().pixel_dims?;
    (dims.unit == png::Unit::Meter).then(|| f64::from(dims.xppu) * 0.0254)
}

/// Rasterizes every page of a PDF to greyscale with poppler's `pdftoppm`.
pub fn rasterize_pdf(path: &Path, dpi: f64) -> Result<Vec<GrayImage>> {
    let dir = scratch_dir()?;
    let prefix = dir.join("page");
    let output = Command::new("pdftoppm")
        .args(["-gray", "-png", "-r", &format!("{dpi}")])
        .arg(path)
        .arg(&prefix)
        .output()
        .map_err(|e| {
            Error::Check(format!(
                "cannot run pdftoppm ({e}); install poppler-utils to check PDFs, or check a PNG"
            ))
        });
    let result = output.and_then(|output| {
        if !output.status.success() {
            return Err(Error::Check(format!(
                "pdftoppm could not read {}: {}",
                path.display(),
                String::from_utf8_lossy(&output.stderr).trim()
            )));
        }
        // pdftoppm names pages page-1.png or page-01.png…; the number orders them.
        let mut files: Vec<(u32, PathBuf)> = std::fs::read_dir(&dir)
            .map_err(|e| Error::io(&dir, e))?
            .filter_map(|entry| {
                let path = entry.ok()?.path();
                let number = path
                    .file_stem()?
                    .to_str()?
                    .rsplit('-')
                    .next()?
                    .parse()
                    .ok()?;
                Some((number, path))
            })
            .collect();
        files.sort();
        files
            .into_iter()
            .map(|(_, file)| {
                image::open(&file)
                    .map(|i| i.into_luma8())
                    .map_err(|e| Error::Check(format!("{}: {e}", file.display())))
            })
            .collect()
    });
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn scratch_dir() -> Result<PathBuf> {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "shelf-generator-check-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(x: f64, y: f64) -> Decoded {
        Decoded {
            page: 0,
            payload: format!("{x},{y}"),
            center: (x, y),
            size: 10.0,
        }
    }

    #[test]
    fn orders_by_shelf_then_left_to_right() {
        let mut codes = vec![
            at(50.0, 102.0),
            at(10.0, 100.0),
            at(30.0, 98.0),
            at(5.0, 200.0),
        ];
        reading_order(&mut codes);
        let order: Vec<_> = codes.iter().map(|c| c.center.0).collect();
        assert_eq!(order, vec![10.0, 30.0, 50.0, 5.0]);
    }

    #[test]
    fn camera_resolution_follows_distance() {
        let near = PhoneCamera::at(0.5).px_per_mm();
        let far = PhoneCamera::at(1.0).px_per_mm();
        assert!((near / far - 2.0).abs() < 1e-9);
        // 1 m: 1080 px over about 1041 mm.
        assert!((far - 1.037).abs() < 0.01, "{far}");
    }
}
