//! Printing a stored poster through the shelf-generator: the poster, its slots and the
//! products' photos become a [`PosterSpec`]; renders are cached by a fingerprint of
//! everything that shows on paper, so a cached file is served until the poster or a
//! product on it changes.

use std::sync::Arc;

use sha2::{Digest, Sha256};
use shelf_generator::{
    BuildOptions, ImageSource, Issue, LayoutSpec, Money, PageSize, PageSpec, PdfOptions,
    PngOptions, Policy, PosterSpec, Slot,
};

use super::{Poster, PosterInput, get_poster, placements, products_for, slots};
use crate::db::DbConnection;
use crate::db::schema::{products, scan_codes};
use crate::domain::retailers::{self, Retailer};
use crate::domain::{DomainError, FieldError};
use crate::storage::BlobStore;

/// Highest PNG resolution served (A0 at 300 dpi is already 140 megapixels).
pub const MAX_PNG_DPI: u32 = 300;
/// Lowest PNG resolution served.
pub const MIN_PNG_DPI: u32 = 36;
/// Resolution of a draft's preview: enough to judge a layout, cheap to render.
pub const PREVIEW_DPI: u32 = MIN_PNG_DPI;
/// The code a draft's slots print: as long as a real code, so the QR codes are as big.
const DRAFT_CODE: &str = "00000000";

/// What to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrintFormat {
    /// Every page in one vector PDF.
    Pdf,
    /// One page as PNG at a resolution.
    Png {
        /// 0-based page.
        page: usize,
        /// Pixels per inch.
        dpi: u32,
    },
    /// One page as SVG.
    Svg {
        /// 0-based page.
        page: usize,
    },
}

impl PrintFormat {
    /// MIME type of the rendered file.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Png { .. } => "image/png",
            Self::Svg { .. } => "image/svg+xml",
        }
    }

    fn cache_suffix(self) -> String {
        match self {
            Self::Pdf => "pdf".into(),
            Self::Png { page, dpi } => format!("p{page}-{dpi}dpi.png"),
            Self::Svg { page } => format!("p{page}.svg"),
        }
    }
}

/// A poster ready to render: its spec (photos named by storage key) and fingerprint.
#[derive(Debug, Clone)]
pub struct PrintJob {
    spec: PosterSpec,
    image_keys: Vec<Option<String>>,
    fingerprint: String,
}

/// A rendered file.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// File contents.
    pub bytes: Arc<[u8]>,
    /// MIME type.
    pub content_type: &'static str,
    /// Preflight warnings (e.g. photos below 150 ppi at their printed size).
    pub warnings: Vec<String>,
}

fn page_size(value: &str) -> PageSize {
    match value {
        "A0" => PageSize::A0,
        "A2" => PageSize::A2,
        "A3" => PageSize::A3,
        "A4" => PageSize::A4,
        custom => custom
            .strip_suffix("mm")
            .and_then(|dims| dims.split_once('x'))
            .and_then(|(w, h)| Some((w.parse::<f64>().ok()?, h.parse::<f64>().ok()?)))
            .map_or(PageSize::A1, |(width_mm, height_mm)| PageSize::Custom {
                width_mm,
                height_mm,
            }),
    }
}

fn layout(value: &str) -> LayoutSpec {
    let parsed = value
        .split_once('x')
        .and_then(|(r, c)| Some((r.parse().ok()?, c.parse().ok()?)));
    LayoutSpec {
        rows: parsed.map(|(rows, _)| rows),
        columns: parsed.map(|(_, columns)| columns),
    }
}

/// One product as it is printed: its label and the code its QR carries.
struct PrintedSlot {
    sku: String,
    name: String,
    price_minor: i64,
    code: String,
    image_key: Option<String>,
}

/// The design fields of a poster, stored or drafted.
struct Design<'a> {
    title: &'a str,
    page_size: &'a str,
    layout: &'a str,
    scan_distance_mm: i32,
}

/// The job of `design` with `slots` for `retailer`: the one place a spec is assembled,
/// so a draft's preview and preflight are those of the file it will print.
fn job(
    retailer: &Retailer,
    design: &Design<'_>,
    footer: Option<String>,
    slots: Vec<PrintedSlot>,
    qr_payload: impl Fn(&str) -> String,
) -> PrintJob {
    let mut image_keys = Vec::with_capacity(slots.len());
    let spec_slots = slots
        .into_iter()
        .map(|slot| {
            image_keys.push(slot.image_key);
            Slot {
                sku: Some(slot.sku),
                name: slot.name,
                subtitle: None,
                price: Money {
                    amount_minor: slot.price_minor,
                    currency: retailer.currency.clone(),
                },
                image: None,
                url: qr_payload(&slot.code),
            }
        })
        .collect();
    let spec = PosterSpec {
        title: design.title.to_owned(),
        brand: Some(retailer.name.clone()),
        tagline: Some(tagline(&retailer.locale).into()),
        footer,
        page: PageSpec {
            size: page_size(design.page_size),
            ..PageSpec::default()
        },
        layout: layout(design.layout),
        theme: Default::default(),
        scan_distance_m: f64::from(design.scan_distance_mm) / 1000.0,
        qr: Default::default(),
        locale: Some(retailer.locale.clone()),
        slots: spec_slots,
    };
    // Photos are named by content-hash keys, so the spec's JSON plus the keys is exactly
    // what ends up on paper.
    let mut hasher = Sha256::new();
    hasher.update(spec.to_json().as_bytes());
    for key in &image_keys {
        hasher.update(key.as_deref().unwrap_or("-").as_bytes());
        hasher.update(b"\n");
    }
    let fingerprint = hasher
        .finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect();
    PrintJob {
        spec,
        image_keys,
        fingerprint,
    }
}

/// Collects what the poster (or one placement's copy) prints. `qr_payload` turns a code
/// into the URL its QR code carries.
pub fn prepare(
    conn: &mut DbConnection,
    retailer_id: &str,
    poster_id: &str,
    placement_id: Option<&str>,
    qr_payload: impl Fn(&str) -> String,
) -> Result<PrintJob, DomainError> {
    use diesel::prelude::*;
    let retailer = retailers::get(conn, retailer_id)?;
    let poster: Poster = get_poster(conn, retailer_id, poster_id)?;
    let footer = match placement_id {
        Some(id) => {
            let (_, details) = placements::get(conn, retailer_id, poster_id, id)?;
            let p = details.placement;
            Some(format!(
                "{} · {} – {}",
                p.name,
                p.starts_at.format("%Y-%m-%d"),
                p.ends_at.format("%Y-%m-%d")
            ))
        }
        None => None,
    };
    let mut printed = Vec::new();
    for slot in slots::of_version(conn, &poster, placement_id)? {
        let image_key: Option<String> = scan_codes::table
            .find(&slot.code)
            .inner_join(products::table)
            .select(products::image_key)
            .first(conn)?;
        printed.push(PrintedSlot {
            sku: slot.sku,
            name: slot.name,
            price_minor: slot.printed_price_minor,
            code: slot.code,
            image_key,
        });
    }
    let design = Design {
        title: &poster.title,
        page_size: &poster.page_size,
        layout: &poster.layout,
        scan_distance_mm: poster.scan_distance_mm,
    };
    Ok(job(&retailer, &design, footer, printed, qr_payload))
}

/// What an unsaved design would print, checked as [`super::create`] checks it (422 on a
/// bad field or an unknown SKU); nothing is stored. Its codes are a stand-in of the real
/// codes' length, so the QR codes have the size the saved poster's will have.
pub fn prepare_draft(
    conn: &mut DbConnection,
    retailer_id: &str,
    input: &PosterInput,
    qr_payload: impl Fn(&str) -> String,
) -> Result<PrintJob, DomainError> {
    let scan_distance_mm = input.validate()?;
    let retailer = retailers::get(conn, retailer_id)?;
    let printed = products_for(conn, retailer_id, &input.slots)?
        .into_iter()
        .map(|product| PrintedSlot {
            sku: product.sku,
            name: product.name,
            price_minor: product.price_minor,
            code: DRAFT_CODE.to_owned(),
            image_key: product.image_key,
        })
        .collect();
    let design = Design {
        title: input.title.trim(),
        page_size: &input.page_size,
        layout: &input.layout,
        scan_distance_mm,
    };
    Ok(job(&retailer, &design, None, printed, qr_payload))
}

fn tagline(locale: &str) -> &'static str {
    if locale.starts_with("ko") {
        "스캔하고 결제하면 오늘 저녁 배송"
    } else {
        "Scan · pay · delivered tonight"
    }
}

fn generator_error(error: shelf_generator::Error) -> DomainError {
    use shelf_generator::Error as E;
    match error {
        E::Invalid { field, message } => {
            DomainError::Invalid(vec![FieldError::new(field, message)])
        }
        E::Refused(report) => DomainError::Invalid(
            report
                .errors()
                .map(|issue| FieldError::new(issue.field.clone(), issue.message.clone()))
                .collect(),
        ),
        other => DomainError::internal(other),
    }
}

/// What the preflight finds in a design before anything is printed.
#[derive(Debug, Clone)]
pub struct Preflight {
    /// Pages the design fills (0 when it cannot be laid out at all).
    pub pages: usize,
    /// Findings as the print ranks them: errors refuse the print files (a code too small
    /// for the scan distance, an unreadable photo), warnings are printed anyway (a photo
    /// under 150 ppi, shortened text). `field` names the slot (`slots[3].image`).
    pub issues: Vec<Issue>,
}

/// The check of a page number against a built poster.
fn page_exists(poster: &shelf_generator::Poster, page: usize) -> Result<(), DomainError> {
    if page < poster.page_count() {
        Ok(())
    } else {
        Err(DomainError::invalid(
            "page",
            format!(
                "the poster has {} page(s), counted from 0",
                poster.page_count()
            ),
        ))
    }
}

/// A preview is drawn even when the print would be refused for codes too small for the
/// distance (they are shrunk to fit), so the person fixing the design sees it.
const PREVIEW_POLICY: Policy = Policy {
    force: true,
    strict: false,
};

impl PrintJob {
    fn cache_key(&self, format: PrintFormat) -> String {
        format!("render-{}-{}", self.fingerprint, format.cache_suffix())
    }

    /// The spec with its photos read from the blob store.
    fn with_photos(&self, blobs: &dyn BlobStore) -> Result<PosterSpec, DomainError> {
        let mut spec = self.spec.clone();
        for (slot, key) in spec.slots.iter_mut().zip(&self.image_keys) {
            if let Some(key) = key {
                slot.image = blobs
                    .get(key)?
                    .map(|bytes| ImageSource::Bytes(bytes.into()));
            }
        }
        Ok(spec)
    }

    /// The cached render of `format` with this fingerprint, if any: a file read, no
    /// rendering, so it need not queue behind renders.
    pub fn cached(
        &self,
        blobs: &dyn BlobStore,
        format: PrintFormat,
    ) -> Result<Option<Rendered>, DomainError> {
        let cached = blobs.get(&self.cache_key(format))?;
        Ok(cached.map(|bytes| Rendered {
            bytes: bytes.into(),
            content_type: format.content_type(),
            warnings: Vec::new(),
        }))
    }

    /// Renders `format` and caches the file, or returns the cached render of the same
    /// fingerprint. Rendering takes seconds and hundreds of megabytes for big pages and
    /// needs no database: request handlers run it on the media pool, holding no connection.
    pub fn render(
        &self,
        blobs: &dyn BlobStore,
        format: PrintFormat,
    ) -> Result<Rendered, DomainError> {
        if let Some(cached) = self.cached(blobs, format)? {
            return Ok(cached);
        }
        let spec = self.with_photos(blobs)?;
        let poster = shelf_generator::Poster::build(&spec, &BuildOptions::default())
            .map_err(generator_error)?;
        let bytes = match format {
            PrintFormat::Pdf => poster.to_pdf(&PdfOptions::default()),
            PrintFormat::Png { page, dpi } => {
                page_exists(&poster, page)?;
                poster.to_png(
                    page,
                    &PngOptions {
                        dpi: f64::from(dpi),
                        ..PngOptions::default()
                    },
                )
            }
            PrintFormat::Svg { page } => {
                page_exists(&poster, page)?;
                poster.to_svg(page).map(String::into_bytes)
            }
        }
        .map_err(generator_error)?;
        blobs.put(&self.cache_key(format), &bytes)?;
        Ok(Rendered {
            bytes: bytes.into(),
            content_type: format.content_type(),
            warnings: poster
                .report()
                .warnings()
                .map(ToString::to_string)
                .collect(),
        })
    }

    /// The preflight of the print files, run alone (the same checks as [`Self::render`]),
    /// and the pages a preview has. Runs on the media pool, like a render: it reads every
    /// photo.
    pub fn preflight(&self, blobs: &dyn BlobStore) -> Result<Preflight, DomainError> {
        let spec = self.with_photos(blobs)?;
        let report = shelf_generator::preflight(&spec, &BuildOptions::default());
        let preview = BuildOptions {
            policy: PREVIEW_POLICY,
            ..BuildOptions::default()
        };
        let pages =
            shelf_generator::Poster::build(&spec, &preview).map_or(0, |poster| poster.page_count());
        Ok(Preflight {
            pages,
            issues: report.issues,
        })
    }

    /// One page as a PNG at [`PREVIEW_DPI`], drawn even where the print would be refused
    /// for codes too small (see [`Preflight`] for why), and not cached: drafts change with
    /// every click.
    pub fn preview_png(&self, blobs: &dyn BlobStore, page: usize) -> Result<Vec<u8>, DomainError> {
        let spec = self.with_photos(blobs)?;
        let options = BuildOptions {
            policy: PREVIEW_POLICY,
            ..BuildOptions::default()
        };
        let poster = shelf_generator::Poster::build(&spec, &options).map_err(generator_error)?;
        page_exists(&poster, page)?;
        poster
            .to_png(
                page,
                &PngOptions {
                    dpi: f64::from(PREVIEW_DPI),
                    ..PngOptions::default()
                },
            )
            .map_err(generator_error)
    }
}
