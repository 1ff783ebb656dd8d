//! PNG output: the page rasterized in horizontal bands on every core, streamed into the
//! PNG encoder in order. Only a few bands exist at a time, so an A1 page at 300 DPI (a
//! 279 MB RGBA canvas) renders in tens of megabytes.

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::mpsc;

use resvg::tiny_skia::{Pixmap, Transform};

use crate::error::{Error, Result};

/// PNG settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PngOptions {
    /// Pixels per inch of the printed poster (default 300).
    pub dpi: f64,
    /// Rendering threads; 0 uses every core.
    pub threads: usize,
}

impl Default for PngOptions {
    fn default() -> Self {
        Self {
            dpi: 300.0,
            threads: 0,
        }
    }
}

/// Rows per band: 7016 × 128 × 4 bytes = 3.6 MB at A1 300 DPI, small enough to keep
/// several in flight and big enough that per-band overhead stays negligible.
const BAND_ROWS: u32 = 128;
/// Refuse canvases over 2 gigapixels (A0 at 600 DPI is 0.56): most likely a typo in the DPI.
const MAX_PIXELS: u64 = 2_000_000_000;

/// A node rendered on its own, with its transform and vertical extent in device pixels.
struct Unit<'a> {
    node: &'a usvg::Node,
    transform: Transform,
    top: f32,
    bottom: f32,
}

/// Renders `tree` at `options.dpi` and writes it as an 8-bit RGB PNG carrying its DPI.
pub fn write(tree: &usvg::Tree, options: &PngOptions, out: impl Write) -> Result<()> {
    if !(options.dpi.is_finite() && options.dpi >= 10.0) {
        return Err(Error::Render(format!(
            "{} DPI is not a resolution to print at",
            options.dpi
        )));
    }
    // usvg sizes trees in CSS pixels, 96 per inch.
    let scale = (options.dpi / 96.0) as f32;
    let width = (tree.size().width() * scale).ceil() as u32;
    let height = (tree.size().height() * scale).ceil() as u32;
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(Error::Render(format!(
            "{width} × {height} px at {} DPI is too large to render",
            options.dpi
        )));
    }
    let mut units = Vec::new();
    collect_units(
        tree.root(),
        Transform::from_scale(scale, scale),
        scale,
        &mut units,
    );

    let bands = height.div_ceil(BAND_ROWS);
    let threads = match options.threads {
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        n => n,
    }
    .clamp(1, bands.max(1) as usize);

    let mut encoder = png::Encoder::new(out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let per_metre = (options.dpi / 0.0254).round() as u32;
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: per_metre,
        yppu: per_metre,
        unit: png::Unit::Meter,
    }));
    let png_error = |e: png::EncodingError| Error::Render(format!("PNG encoding: {e}"));
    let mut writer = encoder.write_header().map_err(png_error)?;
    let mut stream = writer.stream_writer().map_err(png_error)?;

    std::thread::scope(|scope| -> Result<()> {
        let (sender, receiver) = mpsc::sync_channel::<(u32, Result<Pixmap>)>(2 * threads);
        for worker in 0..threads {
            let sender = sender.clone();
            let units = &units;
            scope.spawn(move || {
                for band in (worker as u32..bands).step_by(threads) {
                    let rendered = render_band(units, width, height, band);
                    if sender.send((band, rendered)).is_err() {
                        return; // The encoder stopped; nothing more to do.
                    }
                }
            });
        }
        drop(sender);
        // Bands arrive in any order; write them in order.
        let mut pending = BTreeMap::new();
        let mut next = 0;
        let mut row = vec![0u8; width as usize * 3];
        for (band, pixmap) in receiver {
            pending.insert(band, pixmap?);
            while let Some(pixmap) = pending.remove(&next) {
                for pixels in pixmap.data().chunks_exact(width as usize * 4) {
                    // Every page is opaque (the wall covers the canvas), so premultiplied
                    // RGBA is plain RGBA and dropping alpha loses nothing.
                    for (rgb, rgba) in row.chunks_exact_mut(3).zip(pixels.chunks_exact(4)) {
                        rgb.copy_from_slice(&rgba[..3]);
                    }
                    stream
                        .write_all(&row)
                        .map_err(|e| Error::Render(format!("writing PNG: {e}")))?;
                }
                next += 1;
            }
        }
        Ok(())
    })?;
    stream.finish().map_err(png_error)
}

/// Flattens plain groups (those that only move their children) so that each drawable part
/// can be skipped by bands it does not touch; photos are decoded once per band they
/// cross, not once per band.
fn collect_units<'a>(
    group: &'a usvg::Group,
    transform: Transform,
    scale: f32,
    units: &mut Vec<Unit<'a>>,
) {
    for node in group.children() {
        if let usvg::Node::Group(child) = node {
            let plain = child.opacity() == usvg::Opacity::ONE
                && child.blend_mode() == usvg::BlendMode::Normal
                && !child.isolate()
                && child.clip_path().is_none()
                && child.mask().is_none()
                && child.filters().is_empty();
            if plain {
                collect_units(child, transform.pre_concat(child.transform()), scale, units);
                continue;
            }
        }
        if let Some(bbox) = node.abs_layer_bounding_box() {
            // Absolute boxes are in canvas pixels; one pixel of slack for anti-aliasing.
            units.push(Unit {
                node,
                transform,
                top: bbox.top() * scale - 1.0,
                bottom: bbox.bottom() * scale + 1.0,
            });
        }
    }
}

fn render_band(units: &[Unit<'_>], width: u32, height: u32, band: u32) -> Result<Pixmap> {
    let top = band * BAND_ROWS;
    let rows = BAND_ROWS.min(height - top);
    let mut pixmap = Pixmap::new(width, rows)
        .ok_or_else(|| Error::Render(format!("cannot allocate a {width} × {rows} band")))?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    let (band_top, band_bottom) = (top as f32, (top + rows) as f32);
    for unit in units
        .iter()
        .filter(|u| u.bottom >= band_top && u.top <= band_bottom)
    {
        let Some(bbox) = unit.node.abs_layer_bounding_box() else {
            continue;
        };
        // resvg::render_node moves the node to its own bounding box's origin (for rendering
        // into a pixmap of the node's size); pre-translating by that box undoes it, so the
        // node lands where it belongs on the page.
        let transform = unit
            .transform
            .post_translate(0.0, -band_top)
            .pre_translate(bbox.x(), bbox.y());
        resvg::render_node(unit.node, transform, &mut pixmap.as_mut());
    }
    Ok(pixmap)
}
