//! A built poster and its outputs. Every format starts from the same scene: the page's SVG
//! source, parsed once by usvg (text shaped with the embedded fonts, photos decoded).

mod pdf;
mod png;
pub(crate) mod svg;

use std::path::{Path, PathBuf};

pub use self::pdf::{CropMarks, PdfOptions};
pub use self::png::PngOptions;
use crate::error::{Error, Result};
use crate::fonts;
use crate::layout::{Layout, Rect};
use crate::plan::{self, BuildOptions, Plan};
use crate::preflight::Report;
use crate::spec::PosterSpec;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One vector PDF with every page, trim and bleed boxes, crop marks, embedded fonts.
    Pdf,
    /// One PNG per page, at [`PngOptions::dpi`].
    Png,
    /// One SVG per page; text is converted to outlines so it needs no fonts to display.
    Svg,
}

impl Format {
    /// The format a file name asks for, by its extension.
    pub fn from_path(path: &Path) -> Option<Self> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "pdf" => Some(Self::Pdf),
            "png" => Some(Self::Png),
            "svg" => Some(Self::Svg),
            _ => None,
        }
    }
}

/// Where one product's code went, for checking a rendered poster against its spec.
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    /// Index of the slot in the spec.
    pub slot: usize,
    /// Page it is printed on.
    pub page: usize,
    /// The encoded payload.
    pub payload: String,
    /// The code (quiet zone included), in mm from the bleed box's top-left corner.
    pub code: Rect,
    /// Module size in mm.
    pub module_mm: f64,
}

/// A laid-out, preflighted poster, ready to render in any format.
///
/// ```no_run
/// # fn main() -> shelf_generator::Result<()> {
/// use shelf_generator::{BuildOptions, PdfOptions, PngOptions, Poster, PosterSpec};
/// let spec = PosterSpec::from_path("poster.toml".as_ref())?;
/// let poster = Poster::build(&spec, &BuildOptions::default())?;
/// for warning in poster.report().warnings() {
///     eprintln!("{warning}");
/// }
/// let pdf: Vec<u8> = poster.to_pdf(&PdfOptions::default())?;
/// let first_page_png: Vec<u8> = poster.to_png(0, &PngOptions { dpi: 150.0, ..PngOptions::default() })?;
/// let first_page_svg: String = poster.to_svg(0)?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Poster {
    plan: Plan,
    report: Report,
    sources: Vec<String>,
}

impl Poster {
    /// Plans the poster and runs the preflight. Fails with [`Error::Refused`] (carrying the
    /// report) when the preflight refuses it under `options.policy`.
    pub fn build(spec: &PosterSpec, options: &BuildOptions) -> Result<Self> {
        match plan::plan(spec, options) {
            (Some(plan), report) if !report.is_refused() => {
                let sources = (0..plan.pages())
                    .map(|page| svg::page(&plan, page))
                    .collect();
                Ok(Self {
                    plan,
                    report,
                    sources,
                })
            }
            (_, report) => Err(Error::Refused(report)),
        }
    }

    /// The preflight's findings (warnings only, since the poster was built).
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// Number of pages.
    pub fn page_count(&self) -> usize {
        self.plan.pages()
    }

    /// Trimmed page size in mm.
    pub fn trim_mm(&self) -> (f64, f64) {
        let trim = self.plan.layout.frame.trim;
        (trim.w, trim.h)
    }

    /// Bleed on each side, in mm.
    pub fn bleed_mm(&self) -> f64 {
        self.plan.layout.frame.trim.x
    }

    /// Page geometry: where every shelf, photo, card and label is.
    pub fn layout(&self) -> &Layout {
        &self.plan.layout
    }

    /// Every code and where it is printed.
    pub fn placements(&self) -> Vec<Placement> {
        self.plan
            .layout
            .cells
            .iter()
            .zip(&self.plan.slots)
            .enumerate()
            .map(|(slot, (cell, planned))| Placement {
                slot,
                page: cell.page,
                payload: planned.symbol.payload.clone(),
                code: cell.code,
                module_mm: self.plan.module,
            })
            .collect()
    }

    /// The page's scene as SVG source referring to the embedded fonts by name: what the
    /// renderers parse. Mostly useful for debugging; [`Poster::to_svg`] is the output.
    pub fn svg_source(&self, page: usize) -> Result<&str> {
        self.sources
            .get(page)
            .map(String::as_str)
            .ok_or_else(|| self.no_page(page))
    }

    /// The page parsed into a usvg tree.
    pub fn tree(&self, page: usize) -> Result<usvg::Tree> {
        parse(self.svg_source(page)?, page)
    }

    /// The page as a self-contained SVG: text as outlines, photos embedded.
    pub fn to_svg(&self, page: usize) -> Result<String> {
        Ok(self.tree(page)?.to_string(&usvg::WriteOptions::default()))
    }

    /// The page as PNG bytes.
    pub fn to_png(&self, page: usize, options: &PngOptions) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        self.write_png(page, options, &mut out)?;
        Ok(out)
    }

    /// Streams the page as PNG into `out`, rendering band by band so memory stays far
    /// below the size of the full canvas.
    pub fn write_png(
        &self,
        page: usize,
        options: &PngOptions,
        out: impl std::io::Write,
    ) -> Result<()> {
        png::write(&self.tree(page)?, options, out)
    }

    /// All pages as one PDF document.
    pub fn to_pdf(&self, options: &PdfOptions) -> Result<Vec<u8>> {
        self.to_pdf_with_progress(options, |_| {})
    }

    /// [`Poster::to_pdf`], calling `on_page` with each finished page's index.
    pub fn to_pdf_with_progress(
        &self,
        options: &PdfOptions,
        on_page: impl FnMut(usize),
    ) -> Result<Vec<u8>> {
        let geometry = pdf::Geometry {
            trim: self.plan.layout.frame.trim,
            bleed_box: self.plan.layout.frame.bleed_box,
        };
        pdf::document(
            &self.plan.title,
            (0..self.page_count()).map(|page| self.tree(page)),
            geometry,
            options,
            on_page,
        )
    }

    fn no_page(&self, page: usize) -> Error {
        Error::Render(format!(
            "page {} asked, the poster has {}",
            page + 1,
            self.page_count()
        ))
    }
}

/// Parses page `page` of a document with the embedded fonts only, never the machine's.
fn parse(source: &str, page: usize) -> Result<usvg::Tree> {
    let options = usvg::Options {
        font_family: fonts::FAMILY.to_owned(),
        fontdb: fonts::database(),
        font_resolver: fonts::resolver(),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(source, &options)
        .map_err(|e| Error::Render(format!("page {}: the scene does not parse: {e}", page + 1)))
}

/// Any pages drawn as SVG (in mm, `width`/`height` matching `page_mm`) as one PDF, with
/// the same embedded fonts and conversion as posters: for documents that lay out their
/// own pages, such as pick lists. No bleed, no crop marks.
pub fn svg_pages_to_pdf(title: &str, pages: &[String], page_mm: (f64, f64)) -> Result<Vec<u8>> {
    let page = Rect::new(0.0, 0.0, page_mm.0, page_mm.1);
    pdf::document(
        title,
        pages
            .iter()
            .enumerate()
            .map(|(index, source)| parse(source, index)),
        pdf::Geometry {
            trim: page,
            bleed_box: page,
        },
        &PdfOptions {
            crop_marks: CropMarks::None,
        },
        |_| {},
    )
}

/// Everything [`render`] needs besides the spec.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Image paths and preflight policy.
    pub build: BuildOptions,
    /// PNG resolution and threads.
    pub png: PngOptions,
    /// PDF crop marks.
    pub pdf: PdfOptions,
}

/// Builds the poster and renders it in one call: one file for a PDF, one per page for PNG
/// and SVG. Use [`Poster`] directly to see the preflight's warnings or render pages
/// selectively.
pub fn render(spec: &PosterSpec, format: Format, options: &RenderOptions) -> Result<Vec<Vec<u8>>> {
    let poster = Poster::build(spec, &options.build)?;
    match format {
        Format::Pdf => Ok(vec![poster.to_pdf(&options.pdf)?]),
        Format::Png => (0..poster.page_count())
            .map(|page| poster.to_png(page, &options.png))
            .collect(),
        Format::Svg => (0..poster.page_count())
            .map(|page| Ok(poster.to_svg(page)?.into_bytes()))
            .collect(),
    }
}

/// Path of page `page` of `total` for formats with one file per page: `out.png` stays as it
/// is for a single page, and becomes `out-1.png`, `out-2.png`… for several.
pub fn page_path(path: &Path, page: usize, total: usize) -> PathBuf {
    if total <= 1 {
        return path.to_path_buf();
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = match path.extension() {
        Some(ext) => format!("{stem}-{}.{}", page + 1, ext.to_string_lossy()),
        None => format!("{stem}-{}", page + 1),
    };
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_pages_before_the_extension() {
        assert_eq!(
            page_path(Path::new("out/a.png"), 0, 1),
            Path::new("out/a.png")
        );
        assert_eq!(
            page_path(Path::new("out/a.png"), 1, 3),
            Path::new("out/a-2.png")
        );
        assert_eq!(Format::from_path(Path::new("x.PDF")), Some(Format::Pdf));
        assert_eq!(Format::from_path(Path::new("x.jpg")), None);
    }

    #[test]
    fn svg_pages_become_one_pdf_page_each() {
        let page = r#"<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="297mm" viewBox="0 0 210 297"><text x="10" y="20" font-size="5">서울우유 1L</text></svg>"#;
        let pdf = svg_pages_to_pdf(
            "Pick list",
            &[page.to_owned(), page.to_owned()],
            (210.0, 297.0),
        )
        .expect("pdf");
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.starts_with("%PDF-"));
        assert!(text.contains("/Count 2"), "two pages");
        assert!(text.contains("/MediaBox [0 0 595.27"), "A4 in points");
        assert!(svg_pages_to_pdf("Bad", &["<svg".to_owned()], (210.0, 297.0)).is_err());
    }
}
