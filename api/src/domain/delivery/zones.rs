//! Delivery zones: a name and the postal codes (or prefixes) a retailer delivers to.

use diesel::prelude::*;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::db::schema::{delivery_zone_postal_codes as zone_codes, delivery_zones, retailers};
use crate::db::{DbConnection, write_transaction};
use crate::domain::{DomainError, FieldError, ids};

/// A zone as stored.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = delivery_zones)]
pub struct Zone {
    /// Opaque id.
    pub id: String,
    /// Owning retailer.
    pub retailer_id: String,
    /// Display name.
    pub name: String,
    /// Creation time (UTC).
    pub created_at: chrono::NaiveDateTime,
}

/// A zone as submitted.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ZoneInput {
    /// Display name, 1 to 120 characters once trimmed.
    #[schema(min_length = 1, max_length = 120, pattern = "\\S")]
    pub name: String,
    /// Postal codes or prefixes served, e.g. `["04", "0310"]`; the longest matching prefix
    /// wins.
    #[schema(schema_with = postal_prefixes)]
    pub postal_codes: Vec<String>,
}

/// The schema of [`ZoneInput::postal_codes`]: what `validate` accepts.
fn postal_prefixes() -> utoipa::openapi::schema::Array {
    use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
    ArrayBuilder::new()
        .items(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some("^[ -]*([A-Za-z0-9][ -]*){1,12}$")),
        )
        .min_items(Some(1))
        .description(Some(
            "Postal codes or prefixes served, e.g. `[\"04\", \"0310\"]`: 1 to 12 ASCII \
letters and digits each, spaces and hyphens ignored. The longest matching prefix wins.",
        ))
        .build()
}

/// Postal codes compared without spaces and hyphens, upper case.
pub fn normalize_postal_code(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_uppercase()
}

impl ZoneInput {
    fn validate(&self) -> Result<Vec<String>, DomainError> {
        let mut errors = Vec::new();
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 120 {
            errors.push(FieldError::new("name", "must be 1 to 120 characters"));
        }
        let mut prefixes: Vec<String> = self
            .postal_codes
            .iter()
            .map(|c| normalize_postal_code(c))
            .collect();
        prefixes.sort();
        prefixes.dedup();
        if prefixes.is_empty()
            || prefixes.iter().any(|p| {
                p.is_empty() || p.len() > 12 || !p.chars().all(|c| c.is_ascii_alphanumeric())
            })
        {
            errors.push(FieldError::new(
                "postal_codes",
                "must list 1 or more postal codes or prefixes of letters and digits",
            ));
        }
        if errors.is_empty() {
            Ok(prefixes)
        } else {
            Err(DomainError::Invalid(errors))
        }
    }
}

/// A zone with its postal prefixes.
#[derive(Debug, Clone)]
pub struct ZoneDetails {
    /// The zone.
    pub zone: Zone,
    /// Normalized prefixes.
    pub postal_codes: Vec<String>,
}

/// How the error of a prefix another zone serves begins.
pub const TAKEN: &str = "already served by another zone";

/// Refuses prefixes another zone of the retailer already serves: with the same prefix in
/// two zones, which one delivers would depend on the order they were stored in. (A longer
/// prefix inside another zone's shorter one is a finer zone and is allowed.)
fn refuse_taken(
    conn: &mut DbConnection,
    retailer_id: &str,
    prefixes: &[String],
    except: Option<&str>,
) -> Result<(), DomainError> {
    // Zone changes of one retailer queue on the retailer's row, so two at once on
    // PostgreSQL cannot both take a prefix. (SQLite's write transactions already run one
    // at a time.)
    diesel::update(retailers::table.find(retailer_id))
        .set(retailers::id.eq(retailers::id))
        .execute(conn)?;
    let mut query = zone_codes::table
        .inner_join(delivery_zones::table)
        .filter(delivery_zones::retailer_id.eq(retailer_id))
        .filter(zone_codes::prefix.eq_any(prefixes))
        .order(zone_codes::prefix.asc())
        .select((zone_codes::prefix, delivery_zones::name))
        .into_boxed();
    if let Some(zone_id) = except {
        query = query.filter(delivery_zones::id.ne(zone_id.to_owned()));
    }
    let taken: Vec<(String, String)> = query.load(conn)?;
    if taken.is_empty() {
        return Ok(());
    }
    let list = taken
        .iter()
        .map(|(prefix, zone)| format!("{prefix} ({zone})"))
        .collect::<Vec<_>>()
        .join(", ");
    Err(DomainError::invalid(
        "postal_codes",
        format!("{TAKEN}: {list}"),
    ))
}

fn insert_prefixes(
    conn: &mut DbConnection,
    zone_id: &str,
    prefixes: &[String],
) -> Result<(), DomainError> {
    for prefix in prefixes {
        diesel::insert_into(zone_codes::table)
            .values((
                zone_codes::zone_id.eq(zone_id),
                zone_codes::prefix.eq(prefix),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Creates a zone; prefixes another zone of the retailer serves are refused (422).
pub fn create(
    conn: &mut DbConnection,
    retailer_id: &str,
    input: &ZoneInput,
) -> Result<ZoneDetails, DomainError> {
    let postal_codes = input.validate()?;
    let zone = Zone {
        id: ids::new_id(),
        retailer_id: retailer_id.to_owned(),
        name: input.name.trim().to_owned(),
        created_at: ids::now(),
    };
    write_transaction(conn, |conn| {
        refuse_taken(conn, retailer_id, &postal_codes, None)?;
        diesel::insert_into(delivery_zones::table)
            .values(&zone)
            .execute(conn)?;
        insert_prefixes(conn, &zone.id, &postal_codes)
    })?;
    Ok(ZoneDetails { zone, postal_codes })
}

/// Renames a zone and replaces its prefixes, by the rules of [`create`]. Addresses follow
/// at once; slots already booked stay booked.
pub fn update(
    conn: &mut DbConnection,
    retailer_id: &str,
    zone_id: &str,
    input: &ZoneInput,
) -> Result<ZoneDetails, DomainError> {
    let postal_codes = input.validate()?;
    write_transaction(conn, |conn| {
        let mut zone = get(conn, retailer_id, zone_id)?;
        refuse_taken(conn, retailer_id, &postal_codes, Some(zone_id))?;
        zone.name = input.name.trim().to_owned();
        diesel::update(delivery_zones::table.find(zone_id))
            .set(delivery_zones::name.eq(&zone.name))
            .execute(conn)?;
        diesel::delete(zone_codes::table.filter(zone_codes::zone_id.eq(zone_id))).execute(conn)?;
        insert_prefixes(conn, zone_id, &postal_codes)?;
        Ok(ZoneDetails { zone, postal_codes })
    })
}

/// The retailer's zone with this id.
pub fn get(conn: &mut DbConnection, retailer_id: &str, zone_id: &str) -> Result<Zone, DomainError> {
    delivery_zones::table
        .find(zone_id)
        .filter(delivery_zones::retailer_id.eq(retailer_id))
        .select(Zone::as_select())
        .first(conn)
        .optional()?
        .ok_or(DomainError::NotFound("zone"))
}

/// The retailer's zone with this id and its prefixes.
pub fn details(
    conn: &mut DbConnection,
    retailer_id: &str,
    zone_id: &str,
) -> Result<ZoneDetails, DomainError> {
    let zone = get(conn, retailer_id, zone_id)?;
    let postal_codes = prefixes(conn, &zone.id)?;
    Ok(ZoneDetails { zone, postal_codes })
}

fn prefixes(conn: &mut DbConnection, zone_id: &str) -> Result<Vec<String>, DomainError> {
    Ok(zone_codes::table
        .filter(zone_codes::zone_id.eq(zone_id))
        .order(zone_codes::prefix.asc())
        .select(zone_codes::prefix)
        .load(conn)?)
}

/// Every zone of a retailer with its prefixes.
pub fn list(conn: &mut DbConnection, retailer_id: &str) -> Result<Vec<ZoneDetails>, DomainError> {
    let zones: Vec<Zone> = delivery_zones::table
        .filter(delivery_zones::retailer_id.eq(retailer_id))
        .order(delivery_zones::created_at.asc())
        .select(Zone::as_select())
        .load(conn)?;
    zones
        .into_iter()
        .map(|zone| {
            let postal_codes = prefixes(conn, &zone.id)?;
            Ok(ZoneDetails { zone, postal_codes })
        })
        .collect()
}

/// True when `zone_id` is the retailer's zone serving `postal_code`.
pub fn serves(
    conn: &mut DbConnection,
    retailer_id: &str,
    postal_code: &str,
    zone_id: &str,
) -> Result<bool, DomainError> {
    Ok(serving(conn, retailer_id, postal_code)?.is_some_and(|zone| zone.id == zone_id))
}

/// The zone serving `postal_code`: the one with the longest matching prefix.
pub fn serving(
    conn: &mut DbConnection,
    retailer_id: &str,
    postal_code: &str,
) -> Result<Option<Zone>, DomainError> {
    let code = normalize_postal_code(postal_code);
    let candidates: Vec<(String, Zone)> = zone_codes::table
        .inner_join(delivery_zones::table)
        .filter(delivery_zones::retailer_id.eq(retailer_id))
        .select((zone_codes::prefix, Zone::as_select()))
        .load(conn)?;
    Ok(candidates
        .into_iter()
        .filter(|(prefix, _)| code.starts_with(prefix.as_str()))
        .max_by_key(|(prefix, _)| prefix.len())
        .map(|(_, zone)| zone))
}
