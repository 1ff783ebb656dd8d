//! Scan events: one row per resolution, for attribution. A row holds only the code, the
//! time and the device class: codes are immutable, so the code already names the poster,
//! placement and product, and narrow rows keep the writer ahead of the busiest wall.

use diesel::prelude::*;

use super::ResolvedScan;
use crate::db::schema::{scan_codes, scan_events};
use crate::db::{DbConnection, write_transaction};
use crate::domain::{DomainError, ids};

/// Rows per multi-row insert.
const INSERT_CHUNK: usize = 500;

/// One recorded scan.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = scan_events)]
pub struct ScanEvent {
    /// Opaque id.
    pub id: String,
    /// The code scanned.
    pub code: String,
    /// Device class, see [`super::user_agent::classify`].
    pub user_agent_class: String,
    /// When it was resolved (UTC).
    pub scanned_at: chrono::NaiveDateTime,
}

impl ScanEvent {
    /// The event for a resolution that happened now.
    pub fn of(scan: &ResolvedScan, user_agent_class: &str) -> Self {
        Self {
            id: ids::new_time_ordered_id(),
            code: scan.code.clone(),
            user_agent_class: user_agent_class.to_owned(),
            scanned_at: ids::now(),
        }
    }
}

/// Stores a batch of events in one transaction.
pub fn insert_batch(conn: &mut DbConnection, events: &[ScanEvent]) -> Result<(), DomainError> {
    write_transaction(conn, |conn| {
        for chunk in events.chunks(INSERT_CHUNK) {
            crate::on_backend!(conn, |inner| diesel::insert_into(scan_events::table)
                .values(chunk)
                .execute(inner))?;
        }
        Ok(())
    })
}

/// Events of a poster, oldest first (attribution reports and tests).
pub fn of_poster(conn: &mut DbConnection, poster_id: &str) -> Result<Vec<ScanEvent>, DomainError> {
    Ok(scan_events::table
        .inner_join(scan_codes::table)
        .filter(scan_codes::poster_id.eq(poster_id))
        .order(scan_events::scanned_at.asc())
        .select(ScanEvent::as_select())
        .load(conn)?)
}
