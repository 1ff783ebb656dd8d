//! The versions of a poster's design the database keeps: every revision leaves its
//! slots (and their codes, which keep resolving) behind.

use diesel::dsl::count_star;
use diesel::prelude::*;

use super::get_poster;
use crate::db::DbConnection;
use crate::db::schema::poster_slots;
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
