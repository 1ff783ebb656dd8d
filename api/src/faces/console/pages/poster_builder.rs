//! The poster builder's view model: the draft kept in the form, the catalogue search's
//! results, the preview pages and the preflight's findings beside the products they
//! concern, the field errors of a refused save.

use askama::Template;
use shelf_generator::{Issue, Kind};

use super::Nav;
use super::posters::{Area, sizes};
use crate::app::pages::render::FieldErrors;
use crate::app::pages::staff::StaffFrame;
use crate::domain::FieldError;
use crate::domain::accounts::Principal;
use crate::domain::money;
use crate::domain::retailers::Retailer;
use crate::faces::console::i18n::posters::PostersStrings;

/// The builder's draft as the form carries it.
#[derive(Debug, Clone, Default)]
pub struct DraftFields {
    /// Headline as typed.
    pub title: String,
    /// Page size value.
    pub page_size: String,
    /// Layout as typed.
    pub layout: String,
    /// Scan distance in metres, as typed.
    pub scan_distance: String,
}

/// A product of the draft, with what the preflight found about it.
pub struct DraftRow {
    index: usize,
    sku: String,
    name: String,
    price: String,
    findings: Vec<&'static str>,
    error: Option<&'static str>,
}

/// A product the builder's search found.
pub struct FoundRow {
    sku: String,
    name: String,
    price: String,
    on_poster: bool,
}

/// What the builder shows of the draft's products: (SKU, name and price if it still
/// exists).
pub type DraftProduct = (String, Option<(String, i64)>);

/// What the preflight said about the draft, if it could run.
pub enum Checked {
    /// No products yet: nothing to check.
    Nothing,
    /// The design's fields are wrong (shown next to them).
    Invalid(Vec<FieldError>),
    /// The preflight's findings and the preview pages' URLs.
    Found {
        /// Every finding.
        issues: Vec<Issue>,
        /// The preview images, one per page.
        previews: Vec<String>,
    },
}

/// The poster builder.
#[derive(Template)]
#[template(path = "console_poster_builder.html")]
pub struct BuilderPage {
    frame: StaffFrame,
    nav: Nav,
    area: Area,
    action: String,
    editing: Option<String>,
    draft: DraftFields,
    sizes: Vec<(String, String)>,
    rows: Vec<DraftRow>,
    search: String,
    found: Option<Vec<FoundRow>>,
    previews: Vec<(usize, String)>,
    general: Vec<&'static str>,
    /// The preflight ran and found nothing.
    clean: bool,
    checked: bool,
    errors: FieldErrors,
    not_saved: bool,
}

fn finding(p: &'static PostersStrings, kind: Kind) -> &'static str {
    match kind {
        Kind::CodeTooSmall => p.code_too_small,
        Kind::LowResolution => p.low_resolution,
        Kind::TextShortened => p.text_shortened,
        Kind::NotAlphanumeric => p.not_alphanumeric,
        Kind::MissingGlyphs => p.missing_glyphs,
        Kind::Invalid => p.invalid,
    }
}

/// The product a finding's field (`slots[3].image`) concerns.
fn slot_of(field: &str) -> Option<usize> {
    field
        .strip_prefix("slots[")?
        .split_once(']')?
        .0
        .parse()
        .ok()
}

/// The domain's field errors in the page's words.
fn worded(p: &'static PostersStrings, errors: &[FieldError]) -> FieldErrors {
    FieldErrors::worded(errors, |error| match error.field.as_str() {
        "title" => p.err_title,
        "page_size" => p.err_page_size,
        "layout" => p.err_layout,
        "scan_distance_m" => p.err_scan_distance,
        "slots" => p.err_slots,
        field if slot_of(field).is_some() => p.err_sku,
        _ => p.invalid,
    })
}

/// Everything the builder page is made of.
pub struct Builder {
    /// Where the form posts.
    pub action: String,
    /// The title of the poster being revised; `None` for a new one.
    pub editing: Option<String>,
    /// The design fields.
    pub draft: DraftFields,
    /// The draft's products.
    pub products: Vec<DraftProduct>,
    /// The search term.
    pub search: String,
    /// The search's results, when one ran: (SKU, name, price).
    pub found: Option<Vec<(String, String, i64)>>,
    /// What the preflight said.
    pub checked: Checked,
    /// Whether a save was refused (the errors are then the save's).
    pub not_saved: bool,
}

impl BuilderPage {
    /// The builder of `builder`.
    pub fn new(frame: StaffFrame, user: &Principal, retailer: &Retailer, builder: Builder) -> Self {
        let (area, nav) = Area::new(&frame, user, retailer);
        let p = area.p;
        let locale = frame.language().locale();
        let price = |minor: i64| money::format(minor, &retailer.currency, locale);
        let (issues, previews, errors, checked) = match builder.checked {
            Checked::Nothing => (Vec::new(), Vec::new(), FieldErrors::default(), false),
            Checked::Invalid(errors) => (Vec::new(), Vec::new(), worded(p, &errors), false),
            Checked::Found { issues, previews } => (issues, previews, FieldErrors::default(), true),
        };
        let mut general = Vec::new();
        let mut by_slot: Vec<Vec<&'static str>> = vec![Vec::new(); builder.products.len()];
        for issue in &issues {
            let word = finding(p, issue.kind);
            match slot_of(&issue.field).and_then(|slot| by_slot.get_mut(slot)) {
                Some(found) if !found.contains(&word) => found.push(word),
                Some(_) => {}
                None if !general.contains(&word) => general.push(word),
                None => {}
            }
        }
        let clean = issues.is_empty();
        let rows = builder
            .products
            .iter()
            .zip(by_slot)
            .enumerate()
            .map(|(index, ((sku, product), findings))| DraftRow {
                index,
                sku: sku.clone(),
                name: product
                    .as_ref()
                    .map(|(name, _)| name.clone())
                    .unwrap_or_default(),
                price: product
                    .as_ref()
                    .map(|(_, minor)| price(*minor))
                    .unwrap_or_default(),
                findings,
                error: errors
                    .get(&format!("slots[{index}].sku"))
                    .or(product.is_none().then_some(p.err_sku)),
            })
            .collect();
        let found = builder.found.map(|found| {
            found
                .into_iter()
                .map(|(sku, name, minor)| FoundRow {
                    on_poster: builder.products.iter().any(|(on, _)| *on == sku),
                    sku,
                    name,
                    price: price(minor),
                })
                .collect()
        });
        Self {
            action: builder.action,
            editing: builder.editing,
            sizes: sizes(p, &builder.draft.page_size),
            draft: builder.draft,
            rows,
            search: builder.search,
            found,
            previews: previews
                .into_iter()
                .enumerate()
                .map(|(i, url)| (i + 1, url))
                .collect(),
            general,
            clean,
            checked,
            errors,
            not_saved: builder.not_saved,
            frame,
            nav,
            area,
        }
    }
}
