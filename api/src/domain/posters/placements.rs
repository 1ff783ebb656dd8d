//! Placements: where and when a poster hangs. Each placement gets its own codes, so a sale
//! is attributed to the wall that made it.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::ToSchema;

use super::{Poster, SlotView, get_poster, slots};
use crate::db::schema::{placements, poster_slots, products, scan_codes};
use crate::db::{DbConnection, write_transaction};
use crate::domain::catalog::Product;
use crate::domain::checkout::input::check_text;
use crate::domain::{DomainError, FieldError, ids};

/// A placement as stored.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = placements)]
pub struct Placement {
    /// Opaque id.
    pub id: String,
    /// The poster hung here.
    pub poster_id: String,
    /// Station or site, e.g. "Gangnam Station, exit 11".
    pub name: String,
    /// Site (station) name.
    pub site: Option<String>,
    /// Spot within the site, e.g. "platform 2, wall B".
    pub spot: Option<String>,
    /// City.
    pub city: Option<String>,
    /// WGS 84 latitude.
    pub latitude: Option<f64>,
    /// WGS 84 longitude.
    pub longitude: Option<f64>,
    /// Campaign start (UTC).
    pub starts_at: chrono::NaiveDateTime,
    /// Campaign end (UTC).
    pub ends_at: chrono::NaiveDateTime,
    /// Creation time (UTC).
    pub created_at: chrono::NaiveDateTime,
    /// What the campaign here costs, in the retailer's currency (minor units), for the
    /// cost per order of analytics reports.
    pub cost_minor: Option<i64>,
}

impl Placement {
    /// True while the campaign runs at `now` (start inclusive, end exclusive).
    pub fn runs_at(&self, now: chrono::NaiveDateTime) -> bool {
        self.starts_at <= now && now < self.ends_at
    }
}

/// A placement as submitted.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlacementInput {
    /// Display name, 1 to 200 characters once trimmed, no control characters (it is
    /// printed).
    #[schema(
        min_length = 1,
        pattern = r"^[^\S\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F]([^\x00-\x1F\x7F-\x9F]{0,198}[^\s\x00-\x1F\x7F-\x9F])?[^\S\x00-\x1F\x7F-\x9F]*$"
    )]
    pub name: String,
    /// Site (station), at most 200 characters, no control characters; blank means none.
    #[schema(
        pattern = r"^[^\S\x00-\x1F\x7F-\x9F]*([^\s\x00-\x1F\x7F-\x9F]([^\x00-\x1F\x7F-\x9F]{0,198}[^\s\x00-\x1F\x7F-\x9F])?)?[^\S\x00-\x1F\x7F-\x9F]*$"
    )]
    pub site: Option<String>,
    /// Spot within the site, at most 200 characters, no control characters; blank means
    /// none.
    #[schema(
        pattern = r"^[^\S\x00-\x1F\x7F-\x9F]*([^\s\x00-\x1F\x7F-\x9F]([^\x00-\x1F\x7F-\x9F]{0,198}[^\s\x00-\x1F\x7F-\x9F])?)?[^\S\x00-\x1F\x7F-\x9F]*$"
    )]
    pub spot: Option<String>,
    /// City, at most 200 characters, no control characters; blank means none.
    #[schema(
        pattern = r"^[^\S\x00-\x1F\x7F-\x9F]*([^\s\x00-\x1F\x7F-\x9F]([^\x00-\x1F\x7F-\x9F]{0,198}[^\s\x00-\x1F\x7F-\x9F])?)?[^\S\x00-\x1F\x7F-\x9F]*$"
    )]
    pub city: Option<String>,
    /// WGS 84 latitude; given together with `longitude`, or neither (422 otherwise).
    #[schema(minimum = -90.0, maximum = 90.0)]
    pub latitude: Option<f64>,
    /// WGS 84 longitude; given together with `latitude`, or neither (422 otherwise).
    #[schema(minimum = -180.0, maximum = 180.0)]
    pub longitude: Option<f64>,
    /// Campaign start, RFC 3339.
    pub starts_at: DateTime<Utc>,
    /// Campaign end, RFC 3339, after the start (422 otherwise).
    pub ends_at: DateTime<Utc>,
    /// What the campaign costs, minor units of the retailer's currency; not negative
    /// (422 otherwise).
    #[schema(minimum = 0)]
    pub cost_minor: Option<i64>,
}

/// A placement with its slots.
#[derive(Debug, Clone)]
pub struct PlacementDetails {
    /// The placement.
    pub placement: Placement,
    /// Its slots, with its own codes, for the poster's current version.
    pub slots: Vec<SlotView>,
}

fn optional_text(
    field: &str,
    value: &Option<String>,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let value = value.as_deref().map(str::trim).filter(|v| !v.is_empty())?;
    check_text(errors, field, value, false, 200);
    Some(value.to_owned())
}

impl PlacementInput {
    fn validate(&self, poster_id: &str) -> Result<Placement, DomainError> {
        let mut errors = Vec::new();
        let name = self.name.trim();
        check_text(&mut errors, "name", name, true, 200);
        let site = optional_text("site", &self.site, &mut errors);
        let spot = optional_text("spot", &self.spot, &mut errors);
        let city = optional_text("city", &self.city, &mut errors);
        if self.latitude.is_some() != self.longitude.is_some() {
            errors.push(FieldError::new(
                "longitude",
                "latitude and longitude go together",
            ));
        }
        if self
            .latitude
            .is_some_and(|lat| !(-90.0..=90.0).contains(&lat))
        {
            errors.push(FieldError::new("latitude", "must be between -90 and 90"));
        }
        if self
            .longitude
            .is_some_and(|lng| !(-180.0..=180.0).contains(&lng))
        {
            errors.push(FieldError::new("longitude", "must be between -180 and 180"));
        }
        if self.ends_at <= self.starts_at {
            errors.push(FieldError::new("ends_at", "must be after starts_at"));
        }
        if self.cost_minor.is_some_and(|cost| cost < 0) {
            errors.push(FieldError::new("cost_minor", "must not be negative"));
        }
        if !errors.is_empty() {
            return Err(DomainError::Invalid(errors));
        }
        Ok(Placement {
            id: ids::new_id(),
            poster_id: poster_id.to_owned(),
            name: name.to_owned(),
            site,
            spot,
            city,
            latitude: self.latitude,
            longitude: self.longitude,
            starts_at: self.starts_at.naive_utc(),
            ends_at: self.ends_at.naive_utc(),
            created_at: ids::now(),
            cost_minor: self.cost_minor,
        })
    }
}

impl PlacementInput {
    /// Checks the fields as [`create`] and [`update`] do, storing nothing: for a form that
    /// shows every error at once, including those found beside its own.
    pub fn check(&self) -> Result<(), DomainError> {
        self.validate("").map(drop)
    }
}

/// The products of the poster's current design, in slot order.
fn design_products(conn: &mut DbConnection, poster: &Poster) -> Result<Vec<Product>, DomainError> {
    Ok(poster_slots::table
        .filter(poster_slots::poster_id.eq(&poster.id))
        .filter(poster_slots::version.eq(poster.version))
        .filter(poster_slots::placement_id.is_null())
        .inner_join(scan_codes::table.inner_join(products::table))
        .order(poster_slots::position.asc())
        .select(Product::as_select())
        .load(conn)?)
}

/// Hangs the poster somewhere: a placement with a new code for every slot.
pub fn create(
    conn: &mut DbConnection,
    retailer_id: &str,
    poster_id: &str,
    input: &PlacementInput,
) -> Result<PlacementDetails, DomainError> {
    let placement = input.validate(poster_id)?;
    write_transaction(conn, |conn| {
        let poster = get_poster(conn, retailer_id, poster_id)?;
        if poster.retired_at.is_some() {
            return Err(DomainError::Conflict {
                code: "poster_retired",
                message: "a retired poster cannot be placed".into(),
            });
        }
        diesel::insert_into(placements::table)
            .values(&placement)
            .execute(conn)?;
        let products = design_products(conn, &poster)?;
        let slots = slots::assign(conn, &poster, Some(&placement.id), &products, Vec::new())?;
        Ok(PlacementDetails { placement, slots })
    })
}

/// Changes where, when and at what cost the poster hangs; its codes stay, so prints already
/// on the wall keep counting for it. Refused like [`create`] on a bad field.
pub fn update(
    conn: &mut DbConnection,
    retailer_id: &str,
    poster_id: &str,
    placement_id: &str,
    input: &PlacementInput,
) -> Result<PlacementDetails, DomainError> {
    let changed = input.validate(poster_id)?;
    write_transaction(conn, |conn| {
        let (_, current) = get(conn, retailer_id, poster_id, placement_id)?;
        let placement = Placement {
            id: current.placement.id,
            created_at: current.placement.created_at,
            ..changed
        };
        diesel::update(placements::table.find(&placement.id))
            .set((
                placements::name.eq(&placement.name),
                placements::site.eq(&placement.site),
                placements::spot.eq(&placement.spot),
                placements::city.eq(&placement.city),
                placements::latitude.eq(placement.latitude),
                placements::longitude.eq(placement.longitude),
                placements::starts_at.eq(placement.starts_at),
                placements::ends_at.eq(placement.ends_at),
                placements::cost_minor.eq(placement.cost_minor),
            ))
            .execute(conn)?;
        Ok(PlacementDetails {
            placement,
            slots: current.slots,
        })
    })
}

/// Ids of a poster's placements.
pub(super) fn ids_of(conn: &mut DbConnection, poster_id: &str) -> Result<Vec<String>, DomainError> {
    Ok(placements::table
        .filter(placements::poster_id.eq(poster_id))
        .select(placements::id)
        .load(conn)?)
}

/// One placement with its current slots.
pub fn get(
    conn: &mut DbConnection,
    retailer_id: &str,
    poster_id: &str,
    placement_id: &str,
) -> Result<(Poster, PlacementDetails), DomainError> {
    let poster = get_poster(conn, retailer_id, poster_id)?;
    let placement = placements::table
        .find(placement_id)
        .filter(placements::poster_id.eq(poster_id))
        .select(Placement::as_select())
        .first(conn)
        .optional()?
        .ok_or(DomainError::NotFound("placement"))?;
    let slots = slots::of_version(conn, &poster, Some(&placement.id))?;
    Ok((poster, PlacementDetails { placement, slots }))
}

/// A poster's placements, by campaign start.
pub fn list(
    conn: &mut DbConnection,
    retailer_id: &str,
    poster_id: &str,
) -> Result<Vec<Placement>, DomainError> {
    get_poster(conn, retailer_id, poster_id)?;
    Ok(placements::table
        .filter(placements::poster_id.eq(poster_id))
        .order(placements::starts_at.asc())
        .select(Placement::as_select())
        .load(conn)?)
}
