//! The versions of a poster's design the database keeps: every revision leaves its
//! slots (and their codes, which keep resolving) behind.

use std::collections::HashMap;

use diesel::dsl::count_star;
use diesel::prelude::*;

use super::get_poster;
use crate::db::DbConnection;
use crate::db::schema::{poster_slots, posters};
use crate::domain::DomainError;

/// One version of a design.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// 1 for the first design, one more for each revision.
    pub version: i32,
    /// Products on it.
    pub products: i64,
}

/// The versions of the poster's design, newest first.
pub fn list(
    conn: &mut DbConnection,
    retailer_id: &str,
    poster_id: &str,
) -> Result<Vec<Version>, DomainError> {
    get_poster(conn, retailer_id, poster_id)?;
    let rows: Vec<(i32, i64)> = poster_slots::table
        .filter(poster_slots::poster_id.eq(poster_id))
        .filter(poster_slots::placement_id.is_null())
        .group_by(poster_slots::version)
        .select((poster_slots::version, count_star()))
        .order(poster_slots::version.desc())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(version, products)| Version { version, products })
        .collect())
}

/// How many products the current version of each of the retailer's posters has, by
/// poster id, in one query.
pub fn current_products(
    conn: &mut DbConnection,
    retailer_id: &str,
) -> Result<HashMap<String, i64>, DomainError> {
    let rows: Vec<(String, i64)> = poster_slots::table
        .inner_join(
            posters::table.on(posters::id
                .eq(poster_slots::poster_id)
                .and(posters::version.eq(poster_slots::version))),
        )
        .filter(posters::retailer_id.eq(retailer_id))
        .filter(poster_slots::placement_id.is_null())
        .group_by(poster_slots::poster_id)
        .select((poster_slots::poster_id, count_star()))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}
