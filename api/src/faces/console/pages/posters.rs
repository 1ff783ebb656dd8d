//! View models of the posters: the list, a poster's page (its products, versions, print
//! files and placements) and the retire question; and what the area's pages share with
//! the builder (`poster_builder`) and the placement form (`placements`): the area's
//! frame, local times, the page sizes offered.

use askama::Template;
use chrono::{NaiveDateTime, TimeZone};
use chrono_tz::Tz;

use super::Nav;
use crate::app::pages::staff::StaffFrame;
use crate::domain::accounts::{Principal, Role};
use crate::domain::money;
use crate::domain::posters::placements::Placement;
use crate::domain::posters::versions::Version;
use crate::domain::posters::{Poster, PosterDetails};
use crate::domain::retailers::Retailer;
use crate::faces::console::i18n::posters::{self, PostersStrings};

/// What every poster page shows besides the staff frame and the header's links.
pub struct Area {
    pub(super) p: &'static PostersStrings,
    pub(super) retailer: String,
    /// `/console/r/{rid}/posters`, the base of the area's links.
    pub(super) base: String,
    pub(super) read_only: bool,
}

impl Area {
    /// The area's part of a page, and the header's links.
    pub(super) fn new(frame: &StaffFrame, user: &Principal, retailer: &Retailer) -> (Self, Nav) {
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
pub(super) fn local(at: NaiveDateTime, tz: Tz) -> chrono::DateTime<Tz> {
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

/// The page sizes offered, as (value, label), each standing or lying.
pub(super) fn sizes(p: &PostersStrings, current: &str) -> Vec<(String, String)> {
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
