//! View models of the posters and their placements: the list, a poster's page (its
//! products, versions, print files and placements), the retire confirmation, the builder
//! (a draft kept in the form, its preview pages and preflight findings) and the
//! placement form.

use askama::Template;
use chrono::{NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use shelf_generator::{Issue, Kind};

use super::Nav;
use crate::app::pages::render::FieldErrors;
use crate::app::pages::staff::StaffFrame;
use crate::domain::FieldError;
use crate::domain::accounts::{Principal, Role};
use crate::domain::money;
use crate::domain::posters::placements::Placement;
use crate::domain::posters::versions::Version;
use crate::domain::posters::{Poster, PosterDetails};
use crate::domain::retailers::Retailer;
use crate::faces::console::i18n::posters::{self, PostersStrings};

/// What every poster page shows besides the staff frame and the header's links.
pub struct Area {
    p: &'static PostersStrings,
    retailer: String,
    /// `/console/r/{rid}/posters`, the base of the area's links.
    base: String,
    read_only: bool,
}

impl Area {
    fn new(frame: &StaffFrame, user: &Principal, retailer: &Retailer) -> (Self, Nav) {
        let area = Self {
            p: posters::strings(frame.language()),
            retailer: retailer.name.clone(),
            base: format!("/console/r/{}/posters", retailer.id),
            read_only: user.role == Role::Operator,
        };
        (area, Nav::new(user, retailer, "posters"))
    }
}

/// A poster's row in the list.
pub struct PosterRow {
    id: String,
    title: String,
    version: i32,
    products: i64,
    retired: bool,
}

/// The retailer's posters.
#[derive(Template)]
#[template(path = "console_posters.html")]
pub struct PostersPage {
    frame: StaffFrame,
    nav: Nav,
    area: Area,
    rows: Vec<PosterRow>,
}

impl PostersPage {
    /// The list of `posters`, each with the products of its current version.
    pub fn new(
        frame: StaffFrame,
        user: &Principal,
        retailer: &Retailer,
        posters: Vec<(Poster, i64)>,
    ) -> Self {
        let (area, nav) = Area::new(&frame, user, retailer);
        let rows = posters
            .into_iter()
            .map(|(poster, products)| PosterRow {
                id: poster.id,
                title: poster.title,
                version: poster.version,
                products,
                retired: poster.retired_at.is_some(),
            })
            .collect();
        Self {
            frame,
            nav,
            area,
            rows,
        }
    }
}

/// A stored UTC time at the retailer, as its forms and tables show it.
fn local(at: NaiveDateTime, tz: Tz) -> chrono::DateTime<Tz> {
    tz.from_utc_datetime(&at)
}

/// A placement's row on its poster's page.
pub struct PlacementRow {
    id: String,
    name: String,
    site: String,
    window: String,
    cost: String,
    status: &'static str,
    status_class: &'static str,
}

impl PlacementRow {
    fn new(
        p: &'static PostersStrings,
        placement: &Placement,
        retailer: &Retailer,
        tz: Tz,
        locale: &str,
        now: NaiveDateTime,
    ) -> Self {
        let (status, status_class) = if now < placement.starts_at {
            (p.scheduled, "scheduled")
        } else if placement.runs_at(now) {
            (p.running, "running")
        } else {
            (p.ended, "ended")
        };
        let site = [&placement.site, &placement.spot, &placement.city]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" · ");
        Self {
            id: placement.id.clone(),
            name: placement.name.clone(),
            site,
            window: format!(
                "{} – {}",
                local(placement.starts_at, tz).format("%Y-%m-%d %H:%M"),
                local(placement.ends_at, tz).format("%Y-%m-%d %H:%M")
            ),
            cost: placement
                .cost_minor
                .map(|cost| money::format(cost, &retailer.currency, locale))
                .unwrap_or_default(),
            status,
            status_class,
        }
    }
}

/// A product of a poster's current version.
pub struct SlotRow {
    position: i32,
    sku: String,
    name: String,
    price: String,
}

/// One poster.
#[derive(Template)]
#[template(path = "console_poster.html")]
pub struct PosterPage {
    frame: StaffFrame,
    nav: Nav,
    area: Area,
    id: String,
    title: String,
    version: i32,
    retired: bool,
    design: String,
    slots: Vec<SlotRow>,
    versions: Vec<Version>,
    placements: Vec<PlacementRow>,
}

impl PosterPage {
    /// The poster's page at `now`.
    pub fn new(
        frame: StaffFrame,
        user: &Principal,
        retailer: &Retailer,
        details: PosterDetails,
        versions: Vec<Version>,
        placements: &[Placement],
        now: NaiveDateTime,
    ) -> Result<Self, crate::domain::DomainError> {
        let (area, nav) = Area::new(&frame, user, retailer);
        let locale = frame.language().locale();
        let tz = retailer.tz()?;
        let poster = details.poster;
        Ok(Self {
            id: poster.id,
            title: poster.title,
            version: poster.version,
            retired: poster.retired_at.is_some(),
            design: format!(
                "{} · {} · {} m",
                size_label(area.p, &poster.page_size),
                poster.layout,
                f64::from(poster.scan_distance_mm) / 1000.0
            ),
            slots: details
                .slots
                .into_iter()
                .map(|slot| SlotRow {
                    position: slot.position + 1,
                    price: money::format(slot.printed_price_minor, &retailer.currency, locale),
                    sku: slot.sku,
                    name: slot.name,
                })
                .collect(),
            versions,
            placements: placements
                .iter()
                .map(|placement| PlacementRow::new(area.p, placement, retailer, tz, locale, now))
                .collect(),
            frame,
            nav,
            area,
        })
    }
}

/// The question before a poster is retired.
#[derive(Template)]
#[template(path = "console_poster_retire.html")]
pub struct RetirePage {
    frame: StaffFrame,
    nav: Nav,
    area: Area,
    id: String,
    title: String,
}

impl RetirePage {
    /// The confirmation for `poster`.
    pub fn new(frame: StaffFrame, user: &Principal, retailer: &Retailer, poster: Poster) -> Self {
        let (area, nav) = Area::new(&frame, user, retailer);
        Self {
            frame,
            nav,
            area,
            id: poster.id,
            title: poster.title,
        }
    }
}

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

/// The page sizes offered, as (value, label), each standing or lying.
fn sizes(p: &PostersStrings, current: &str) -> Vec<(String, String)> {
    const A_SIZES: [(&str, u32, u32); 5] = [
        ("A0", 841, 1189),
        ("A1", 594, 841),
        ("A2", 420, 594),
        ("A3", 297, 420),
        ("A4", 210, 297),
    ];
    let mut sizes = Vec::new();
    for (name, short, long) in A_SIZES {
        sizes.push((name.to_owned(), format!("{name} {}", p.portrait)));
        sizes.push((
            format!("{long}x{short}mm"),
            format!("{name} {}", p.landscape),
        ));
    }
    if !sizes.iter().any(|(value, _)| value == current) && !current.is_empty() {
        sizes.push((current.to_owned(), current.to_owned()));
    }
    sizes
}

/// A page size as the builder names it (`A1 landscape`), or as stored when it is custom.
fn size_label(p: &PostersStrings, page_size: &str) -> String {
    sizes(p, page_size)
        .into_iter()
        .find(|(value, _)| value == page_size)
        .map_or_else(|| page_size.to_owned(), |(_, label)| label)
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

/// The placement form's fields as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct PlacementFields {
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Site (station).
    #[serde(default)]
    pub site: String,
    /// Spot within the site.
    #[serde(default)]
    pub spot: String,
    /// City.
    #[serde(default)]
    pub city: String,
    /// Latitude as typed.
    #[serde(default)]
    pub latitude: String,
    /// Longitude as typed.
    #[serde(default)]
    pub longitude: String,
    /// Local start, `YYYY-MM-DDTHH:MM`.
    #[serde(default)]
    pub starts_at: String,
    /// Local end, `YYYY-MM-DDTHH:MM`.
    #[serde(default)]
    pub ends_at: String,
    /// Cost as typed, in the retailer's currency.
    #[serde(default)]
    pub cost: String,
}

impl PlacementFields {
    /// The fields of a stored placement, times local to `tz`, the cost in `currency`.
    pub fn of(placement: &Placement, tz: Tz, currency: &str) -> Self {
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        let number = |value: Option<f64>| value.map(|v| v.to_string()).unwrap_or_default();
        Self {
            name: placement.name.clone(),
            site: text(&placement.site),
            spot: text(&placement.spot),
            city: text(&placement.city),
            latitude: number(placement.latitude),
            longitude: number(placement.longitude),
            starts_at: local(placement.starts_at, tz)
                .format("%Y-%m-%dT%H:%M")
                .to_string(),
            ends_at: local(placement.ends_at, tz)
                .format("%Y-%m-%dT%H:%M")
                .to_string(),
            cost: placement
                .cost_minor
                .map(|cost| money::plain_amount(cost, currency))
                .unwrap_or_default(),
        }
    }
}

/// The placement form (new or edit).
#[derive(Template)]
#[template(path = "console_placement_form.html")]
pub struct PlacementPage {
    frame: StaffFrame,
    nav: Nav,
    area: Area,
    poster_id: String,
    poster_title: String,
    editing: bool,
    action: String,
    fields: PlacementFields,
    /// The campaign window's inputs: (field, label, value).
    window: [(&'static str, &'static str, String); 2],
    time_zone: String,
    cost_label: String,
    errors: FieldErrors,
}

impl PlacementPage {
    /// The form for `poster` with `fields`, and the errors of a refused save.
    pub fn new(
        frame: StaffFrame,
        user: &Principal,
        retailer: &Retailer,
        poster: &Poster,
        placement_id: Option<&str>,
        fields: PlacementFields,
        errors: &[FieldError],
    ) -> Self {
        let (area, nav) = Area::new(&frame, user, retailer);
        let p = area.p;
        let action = match placement_id {
            Some(id) => format!("{}/{}/placements/{id}/edit", area.base, poster.id),
            None => format!("{}/{}/placements/new", area.base, poster.id),
        };
        Self {
            errors: FieldErrors::worded(errors, |error| match error.field.as_str() {
                "name" => p.err_name,
                "site" | "spot" | "city" => p.err_text,
                "latitude" | "longitude" => p.err_coordinate,
                "starts_at" if error.message == DATE_UNREADABLE => p.err_date,
                "ends_at" if error.message == DATE_UNREADABLE => p.err_date,
                "starts_at" | "ends_at" => p.err_window,
                "cost_minor" => p.err_cost,
                _ => p.invalid,
            }),
            poster_id: poster.id.clone(),
            poster_title: poster.title.clone(),
            editing: placement_id.is_some(),
            action,
            window: [
                ("starts_at", p.starts_at, fields.starts_at.clone()),
                ("ends_at", p.ends_at, fields.ends_at.clone()),
            ],
            fields,
            time_zone: retailer.time_zone.clone(),
            cost_label: format!("{} ({})", p.cost, retailer.currency),
            frame,
            nav,
            area,
        }
    }
}

/// The message of a date and time the form could not read (the console's own check,
/// before the domain's).
pub const DATE_UNREADABLE: &str = "not a date and time";
