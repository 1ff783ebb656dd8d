//! Posters: a designed wall of products, revised in versions and hung in placements.
//! Every slot of every version and placement carries a scan code; codes are immutable
//! records of what was printed (product and price), so old prints keep resolving.

pub mod codes;
pub mod placements;
pub mod printing;
mod slots;
pub mod versions;

use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::schema::posters;
use crate::db::{DbConnection, write_transaction};
use crate::domain::catalog::Product;
use crate::domain::catalog::products;
use crate::domain::{DomainError, FieldError, ids};

pub use slots::SlotView;

/// Most products on one poster design.
pub const MAX_SLOTS: usize = 240;
/// Page sizes the generator knows by name; custom sizes are `WIDTHxHEIGHTmm`.
const NAMED_PAGE_SIZES: &[&str] = &["A0", "A1", "A2", "A3", "A4"];

/// A poster as stored.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = posters)]
pub struct Poster {
    /// Opaque id.
    pub id: String,
    /// Owning retailer.
    pub retailer_id: String,
    /// Headline printed on the poster.
    pub title: String,
    /// `A0`–`A4` or `WIDTHxHEIGHTmm`.
    pub page_size: String,
    /// `auto` or `ROWSxCOLUMNS`.
    pub layout: String,
    /// Distance from which commuters scan, in millimetres.
    pub scan_distance_mm: i32,
    /// Current version; each revision adds one.
    pub version: i32,
    /// Set when retired: codes still resolve, campaigns are over.
    pub retired_at: Option<chrono::NaiveDateTime>,
    /// Creation time (UTC).
    pub created_at: chrono::NaiveDateTime,
    /// Last change (UTC).
    pub updated_at: chrono::NaiveDateTime,
}

impl Poster {
    /// True while a campaign of this poster runs at `now`: the poster is not retired and,
    /// for a placement, `now` is within the placement's dates. The one rule behind every
    /// `campaign_active` answer.
    pub fn campaign_active(
        &self,
        placement: Option<&placements::Placement>,
        now: chrono::NaiveDateTime,
    ) -> bool {
        self.retired_at.is_none() && placement.is_none_or(|p| p.runs_at(now))
    }
}

/// One slot as the client lists it.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = PosterSlotInput)]
pub struct SlotInput {
    /// The product shown in this slot: the SKU of one of the retailer's products (one
    /// that does not exist is refused with 422).
    pub sku: String,
}

/// A poster design as submitted (create and revise).
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PosterInput {
    /// Headline, 1 to 120 characters once trimmed.
    #[schema(min_length = 1, max_length = 120, pattern = "\\S")]
    pub title: String,
    /// `A0`–`A4` or `WIDTHxHEIGHTmm`, each side 50 to 5000 mm.
    #[serde(default = "default_page_size")]
    #[schema(
        default = "A1",
        pattern = "^(A[0-4]|\\+?0*(5[0-9]|[6-9][0-9]|[1-9][0-9]{2}|[1-4][0-9]{3}|5000)\
            x\\+?0*(5[0-9]|[6-9][0-9]|[1-9][0-9]{2}|[1-4][0-9]{3}|5000)mm)$"
    )]
    pub page_size: String,
    /// `auto` or `ROWSxCOLUMNS`, each 1 to 30.
    #[serde(default = "default_layout")]
    #[schema(
        default = "auto",
        pattern = "^(auto|\\+?0*([1-9]|[12][0-9]|30)x\\+?0*([1-9]|[12][0-9]|30))$"
    )]
    pub layout: String,
    /// Intended scan distance in metres.
    #[schema(minimum = 0.2, maximum = 10.0)]
    pub scan_distance_m: f64,
    /// Products in reading order.
    #[schema(min_items = 1, max_items = 240)]
    pub slots: Vec<SlotInput>,
}

/// The page size of a design that names none.
pub(crate) fn default_page_size() -> String {
    "A1".into()
}

/// The layout of a design that names none.
pub(crate) fn default_layout() -> String {
    "auto".into()
}

/// A poster with the slots of its current version.
#[derive(Debug, Clone)]
pub struct PosterDetails {
    /// The poster.
    pub poster: Poster,
    /// Design slots (no placement) of the current version.
    pub slots: Vec<SlotView>,
}

fn is_page_size(value: &str) -> bool {
    NAMED_PAGE_SIZES.contains(&value)
        || value
            .strip_suffix("mm")
            .and_then(|dims| dims.split_once('x'))
            .is_some_and(|(w, h)| {
                [w, h]
                    .iter()
                    .all(|d| d.parse::<u32>().is_ok_and(|mm| (50..=5000).contains(&mm)))
            })
}

fn is_layout(value: &str) -> bool {
    value == "auto"
        || value.split_once('x').is_some_and(|(r, c)| {
            [r, c]
                .iter()
                .all(|n| n.parse::<u32>().is_ok_and(|n| (1..=30).contains(&n)))
        })
}

impl PosterInput {
    fn validate(&self) -> Result<i32, DomainError> {
        let mut errors = Vec::new();
        let title = self.title.trim();
        if title.is_empty() || title.chars().count() > 120 {
            errors.push(FieldError::new("title", "must be 1 to 120 characters"));
        }
        if !is_page_size(&self.page_size) {
            errors.push(FieldError::new(
                "page_size",
                "must be A0, A1, A2, A3, A4 or WIDTHxHEIGHTmm (50 to 5000 mm)",
            ));
        }
        if !is_layout(&self.layout) {
            errors.push(FieldError::new(
                "layout",
                "must be auto or ROWSxCOLUMNS, e.g. 4x6",
            ));
        }
        let distance_ok =
            self.scan_distance_m.is_finite() && (0.2..=10.0).contains(&self.scan_distance_m);
        if !distance_ok {
            errors.push(FieldError::new(
                "scan_distance_m",
                "must be between 0.2 and 10 metres",
            ));
        }
        if self.slots.is_empty() || self.slots.len() > MAX_SLOTS {
            errors.push(FieldError::new(
                "slots",
                format!("must list 1 to {MAX_SLOTS} products"),
            ));
        }
        if errors.is_empty() {
            Ok((self.scan_distance_m * 1000.0).round() as i32)
        } else {
            Err(DomainError::Invalid(errors))
        }
    }
}

/// The live products of `slots`, in order; unknown SKUs are field errors.
fn products_for(
    conn: &mut DbConnection,
    retailer_id: &str,
    slots: &[SlotInput],
) -> Result<Vec<Product>, DomainError> {
    let mut found = Vec::with_capacity(slots.len());
    let mut errors = Vec::new();
    for (index, slot) in slots.iter().enumerate() {
        match products::get(conn, retailer_id, slot.sku.trim()) {
            Ok(product) => found.push(product),
            Err(DomainError::NotFound(_)) => errors.push(FieldError::new(
                format!("slots[{index}].sku"),
                format!("no product with SKU {:?}", slot.sku),
            )),
            Err(other) => return Err(other),
        }
    }
    if errors.is_empty() {
        Ok(found)
    } else {
        Err(DomainError::Invalid(errors))
    }
}

/// Creates a poster (version 1) with a new code for every slot.
pub fn create(
    conn: &mut DbConnection,
    retailer_id: &str,
    input: &PosterInput,
) -> Result<PosterDetails, DomainError> {
    let scan_distance_mm = input.validate()?;
    write_transaction(conn, |conn| {
        let products = products_for(conn, retailer_id, &input.slots)?;
        let now = ids::now();
        let poster = Poster {
            id: ids::new_id(),
            retailer_id: retailer_id.to_owned(),
            title: input.title.trim().to_owned(),
            page_size: input.page_size.clone(),
            layout: input.layout.clone(),
            scan_distance_mm,
            version: 1,
            retired_at: None,
            created_at: now,
            updated_at: now,
        };
        diesel::insert_into(posters::table)
            .values(&poster)
            .execute(conn)?;
        let slots = slots::assign(conn, &poster, None, &products, Vec::new())?;
        Ok(PosterDetails { poster, slots })
    })
}

/// A new version of the design. Slots whose product stays keep their codes, in the
/// design and in every placement; other slots get new codes. Old codes keep resolving.
pub fn revise(
    conn: &mut DbConnection,
    retailer_id: &str,
    poster_id: &str,
    input: &PosterInput,
) -> Result<PosterDetails, DomainError> {
    let scan_distance_mm = input.validate()?;
    write_transaction(conn, |conn| {
        let current = get_poster(conn, retailer_id, poster_id)?;
        if current.retired_at.is_some() {
            return Err(DomainError::Conflict {
                code: "poster_retired",
                message: "a retired poster cannot be revised".into(),
            });
        }
        let products = products_for(conn, retailer_id, &input.slots)?;
        let poster = Poster {
            title: input.title.trim().to_owned(),
            page_size: input.page_size.clone(),
            layout: input.layout.clone(),
            scan_distance_mm,
            version: current.version + 1,
            updated_at: ids::now(),
            ..current.clone()
        };
        diesel::update(posters::table.find(&poster.id))
            .set((
                posters::title.eq(&poster.title),
                posters::page_size.eq(&poster.page_size),
                posters::layout.eq(&poster.layout),
                posters::scan_distance_mm.eq(poster.scan_distance_mm),
                posters::version.eq(poster.version),
                posters::updated_at.eq(poster.updated_at),
            ))
            .execute(conn)?;
        let previous = slots::codes_by_product(conn, &current, None)?;
        let slots = slots::assign(conn, &poster, None, &products, previous)?;
        for placement in placements::ids_of(conn, &poster.id)? {
            let previous = slots::codes_by_product(conn, &current, Some(&placement))?;
            slots::assign(conn, &poster, Some(&placement), &products, previous)?;
        }
        Ok(PosterDetails { poster, slots })
    })
}

/// Retires a poster: its codes still resolve, with `campaign_active: false`.
pub fn retire(
    conn: &mut DbConnection,
    retailer_id: &str,
    poster_id: &str,
) -> Result<PosterDetails, DomainError> {
    let now = ids::now();
    write_transaction(conn, |conn| {
        get_poster(conn, retailer_id, poster_id)?;
        diesel::update(
            posters::table
                .find(poster_id)
                .filter(posters::retired_at.is_null()),
        )
        .set((posters::retired_at.eq(now), posters::updated_at.eq(now)))
        .execute(conn)?;
        get(conn, retailer_id, poster_id)
    })
}

/// The poster row, if it belongs to the retailer.
pub fn get_poster(
    conn: &mut DbConnection,
    retailer_id: &str,
    poster_id: &str,
) -> Result<Poster, DomainError> {
    posters::table
        .find(poster_id)
        .filter(posters::retailer_id.eq(retailer_id))
        .select(Poster::as_select())
        .first(conn)
        .optional()?
        .ok_or(DomainError::NotFound("poster"))
}

/// A poster with its current design slots.
pub fn get(
    conn: &mut DbConnection,
    retailer_id: &str,
    poster_id: &str,
) -> Result<PosterDetails, DomainError> {
    let poster = get_poster(conn, retailer_id, poster_id)?;
    let slots = slots::of_version(conn, &poster, None)?;
    Ok(PosterDetails { poster, slots })
}

/// A retailer's posters, newest first.
pub fn list(conn: &mut DbConnection, retailer_id: &str) -> Result<Vec<Poster>, DomainError> {
    Ok(posters::table
        .filter(posters::retailer_id.eq(retailer_id))
        .order(posters::created_at.desc())
        .select(Poster::as_select())
        .load(conn)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_sizes_and_layouts() {
        assert!(is_page_size("A1"));
        assert!(is_page_size("841x1189mm"));
        assert!(!is_page_size("A7"));
        assert!(!is_page_size("10x1189mm"));
        assert!(is_layout("auto"));
        assert!(is_layout("4x6"));
        assert!(!is_layout("0x6"));
        assert!(!is_layout("four"));
    }
}
