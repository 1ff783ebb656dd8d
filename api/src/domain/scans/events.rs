//! Scan events: one row per resolution, for attribution. A row holds only the code, the
//! time and the device class: codes are immutable, so the code already names the poster,
//! placement and product, and narrow rows keep the writer ahead of the busiest wall.

use diesel::prelude::*;

use super::ResolvedScan;
use crate::db::schema::{scan_codes, scan_events};
use crate::db::{Backend, DbConnection, write_transaction};
use crate::domain::{DomainError, ids};

/// Rows per multi-row insert on SQLite (3 parameters a row, far below its limit).
const SQLITE_INSERT_CHUNK: usize = 500;

/// The most events worth writing in one transaction. A commit on SQLite copies every page
/// it touched into the WAL, and a batch of scans touches the index pages of every hot
/// code, so fewer, larger commits cost far less per event (measured: 20,000 a commit
/// sustains 1.8 times the scan rate of 2,000). PostgreSQL logs rows, not pages: there a
/// COPY of 1,000 is as cheap per event as one of 20,000 and keeps the database's own
/// process, which this service cannot deprioritize, from holding a core for long
/// (docs/performance.md).
pub fn batch_size(backend: &Backend) -> usize {
    match backend {
        Backend::Sqlite(_) => 20_000,
        Backend::Postgres(_) => 1_000,
    }
}

/// A scan to record, as the request that resolved it queues it: no id (the database
/// numbers rows) and nothing that allocates beyond the code.
#[derive(Debug, Clone, PartialEq, Insertable)]
// COPY sends a value for every column; it has no DEFAULT placeholder.
#[diesel(table_name = scan_events, treat_none_as_default_value = false)]
pub struct NewScanEvent {
    /// The code scanned.
    pub code: String,
    /// Device class, see [`super::user_agent::classify`].
    pub user_agent_class: &'static str,
    /// When it was resolved (UTC).
    pub scanned_at: chrono::NaiveDateTime,
}

impl NewScanEvent {
    /// The event for a resolution that happened now.
    pub fn of(scan: &ResolvedScan, user_agent_class: &'static str) -> Self {
        Self {
            code: scan.code.clone(),
            user_agent_class,
            scanned_at: ids::now(),
        }
    }
}

/// One stored scan.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = scan_events)]
pub struct ScanEvent {
    /// Row number, in the order events were written. Internal: never shown to clients.
    pub id: i64,
    /// The code scanned.
    pub code: String,
    /// Device class, see [`super::user_agent::classify`].
    pub user_agent_class: String,
    /// When it was resolved (UTC).
    pub scanned_at: chrono::NaiveDateTime,
}

/// Stores a batch of events in one transaction: PostgreSQL takes them as one binary
/// `COPY` (no SQL text to parse, no per-row parameters), SQLite as multi-row inserts.
pub fn insert_batch(conn: &mut DbConnection, events: &[NewScanEvent]) -> Result<(), DomainError> {
    write_transaction(conn, |conn| {
        match conn {
            DbConnection::Postgresql(pg) => {
                diesel::copy_from(scan_events::table)
                    .from_insertable(events)
                    .execute(pg)?;
            }
            DbConnection::Sqlite(sqlite) => {
                for chunk in events.chunks(SQLITE_INSERT_CHUNK) {
                    diesel::insert_into(scan_events::table)
                        .values(chunk)
                        .execute(sqlite)?;
                }
            }
        }
        Ok(())
    })
}

/// Events of a poster, oldest first (attribution reports and tests).
pub fn of_poster(conn: &mut DbConnection, poster_id: &str) -> Result<Vec<ScanEvent>, DomainError> {
    Ok(scan_events::table
        .inner_join(scan_codes::table)
        .filter(scan_codes::poster_id.eq(poster_id))
        .order((scan_events::scanned_at.asc(), scan_events::id.asc()))
        .select(ScanEvent::as_select())
        .load(conn)?)
}
