//! PDF output: each page's scene converted by svg2pdf into a vector form XObject (text as
//! real text in subset embedded fonts, JPEG photos passed through untouched), placed on a
//! page with its print boxes and crop marks.

use std::collections::HashMap;

use pdf_writer::{Content, Finish, Name, Pdf, Rect as PdfRect, Ref, TextStr};

use crate::error::{Error, Result};
use crate::layout::Rect;

/// Where crop marks go.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CropMarks {
    /// No marks: the page is exactly the bleed box.
    None,
    /// Marks in the corners of the bleed, outside the trim, so the page stays exactly the
    /// trim size plus bleed (the file online print shops ask for). They are cut away with
    /// the bleed; with less than 1.5 mm of bleed there is no room and none are drawn.
    #[default]
    InBleed,
    /// Marks in an 8 mm slug outside the bleed, starting where the bleed ends, as a print
    /// shop's own cutter expects; the page grows by the slug.
    Outside,
}

/// PDF settings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PdfOptions {
    /// Crop mark placement.
    pub crop_marks: CropMarks,
}

/// Page geometry in millimetres (origin top-left of the bleed box).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Geometry {
    pub trim: Rect,
    pub bleed_box: Rect,
}

const PT_PER_MM: f32 = 72.0 / 25.4;
const SLUG_MM: f64 = 8.0;
const MARK_MM: f64 = 6.0;

/// Writes the pages as one PDF.
pub(crate) fn document(
    title: &str,
    trees: impl Iterator<Item = Result<usvg::Tree>>,
    geometry: Geometry,
    options: &PdfOptions,
    mut on_page: impl FnMut(usize),
) -> Result<Vec<u8>> {
    let mut alloc = Ref::new(1);
    let catalog_id = alloc.bump();
    let page_tree_id = alloc.bump();
    let info_id = alloc.bump();
    let mut pdf = Pdf::new();
    let mut page_ids = Vec::new();

    let slug = if options.crop_marks == CropMarks::Outside {
        SLUG_MM
    } else {
        0.0
    };
    let bleed = geometry.trim.x;
    let media_w = geometry.bleed_box.w + 2.0 * slug;
    let media_h = geometry.bleed_box.h + 2.0 * slug;
    // PDF space: points, origin bottom-left of the media box.
    let pdf_rect = |r: Rect| {
        let (x, y_top) = (r.x + slug, r.y + slug);
        PdfRect::new(
            x as f32 * PT_PER_MM,
            (media_h - y_top - r.h) as f32 * PT_PER_MM,
            (x + r.w) as f32 * PT_PER_MM,
            (media_h - y_top) as f32 * PT_PER_MM,
        )
    };

    for (index, tree) in trees.enumerate() {
        let tree = tree?;
        let conversion = svg2pdf::ConversionOptions {
            embed_text: true,
            ..svg2pdf::ConversionOptions::default()
        };
        let (chunk, svg_id) = svg2pdf::to_chunk(&tree, conversion).map_err(|e| {
            Error::Render(format!("page {}: PDF conversion failed: {e}", index + 1))
        })?;
        let mut map = HashMap::new();
        let chunk = chunk.renumber(|old| *map.entry(old).or_insert_with(|| alloc.bump()));
        let svg_id = map
            .get(&svg_id)
            .copied()
            .ok_or_else(|| Error::Render("svg2pdf lost its XObject".into()))?;
        let page_id = alloc.bump();
        let content_id = alloc.bump();
        page_ids.push(page_id);

        let svg_name = Name(b"Poster");
        let mut page = pdf.page(page_id);
        page.parent(page_tree_id);
        page.media_box(PdfRect::new(
            0.0,
            0.0,
            media_w as f32 * PT_PER_MM,
            media_h as f32 * PT_PER_MM,
        ));
        page.bleed_box(pdf_rect(geometry.bleed_box));
        page.trim_box(pdf_rect(geometry.trim));
        page.contents(content_id);
        page.resources().x_objects().pair(svg_name, svg_id);
        page.group()
            .transparency()
            .isolated(true)
            .knockout(false)
            .color_space()
            .srgb();
        page.finish();

        let mut content = Content::new();
        let art = pdf_rect(geometry.bleed_box);
        content.save_state();
        content.transform([art.x2 - art.x1, 0.0, 0.0, art.y2 - art.y1, art.x1, art.y1]);
        content.x_object(svg_name);
        content.restore_state();
        crop_marks(
            &mut content,
            geometry.trim,
            bleed,
            options.crop_marks,
            &pdf_rect,
        );
        pdf.stream(content_id, &content.finish());
        pdf.extend(&chunk);
        on_page(index);
    }

    pdf.catalog(catalog_id).pages(page_tree_id);
    pdf.pages(page_tree_id)
        .count(page_ids.len() as i32)
        .kids(page_ids);
    pdf.document_info(info_id)
        .title(TextStr(title))
        .creator(TextStr("shelf-generator"))
        .producer(TextStr("svg2pdf"));
    Ok(pdf.finish())
}

/// Eight short lines continuing the trim edges outward from each corner, black on a wider
/// white line so they show on dark bleed as well as on light.
fn crop_marks(
    content: &mut Content,
    trim: Rect,
    bleed: f64,
    marks: CropMarks,
    pdf_rect: &impl Fn(Rect) -> PdfRect,
) {
    let (from, to) = match marks {
        CropMarks::None => return,
        CropMarks::InBleed if bleed < 1.5 => return,
        CropMarks::InBleed => (1.0, bleed),
        CropMarks::Outside => (bleed, bleed + MARK_MM),
    };
    let length = to - from;
    let mut segments = Vec::new();
    for (x, sx) in [(trim.x, -1.0), (trim.right(), 1.0)] {
        for (y, sy) in [(trim.y, -1.0), (trim.bottom(), 1.0)] {
            // Horizontal mark on the line y, beside the corner; vertical mark on the line x.
            let h_start = if sx < 0.0 { x - to } else { x + from };
            let v_start = if sy < 0.0 { y - to } else { y + from };
            segments.push(pdf_rect(Rect::new(h_start, y, length, 0.0)));
            segments.push(pdf_rect(Rect::new(x, v_start, 0.0, length)));
        }
    }
    for (width, gray) in [(0.75, 1.0), (0.25, 0.0)] {
        content.set_line_width(width).set_stroke_gray(gray);
        for s in &segments {
            content.move_to(s.x1, s.y1).line_to(s.x2, s.y2);
        }
        content.stroke();
    }
}
