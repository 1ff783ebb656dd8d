//! Scan events: one row per resolution, kept `SHELF_SCAN_RETENTION_DAYS` (reports read the
//! rollups written beside them, `crate::domain::analytics`). A row holds only the code, the
//! time and the device class: codes are immutable, so the code already names the poster,
//! placement and product, and narrow rows keep the writer ahead of the busiest wall.

use diesel::prelude::*;

use super::user_agent;
use crate::db::schema::{scan_codes, scan_events};
use crate::db::{Backend, DbConnection, write_transaction};
use crate::domain::DomainError;
use crate::domain::analytics::Visit;
use crate::domain::analytics::rollup::{self, Rollups};

/// Rows per multi-row insert on SQLite (3 parameters a row, far below its limit).
const SQLITE_INSERT_CHUNK: usize = 500;

/// The most events worth writing in one transaction. A commit on SQLite copies every page
/// it touched into the WAL, and a batch of scans touches the index pages of every hot
/// code, so fewer, larger commits cost far less per event (measured: 20,000 a commit
/// sustains 1.8 times the scan rate of 2,000). PostgreSQL logs rows, not pages: there a
/// COPY of 1,000 is as cheap per event as one of 20,000, but every flush also upserts the
/// analytics rows its events touch (a few hundred, whatever the batch's size), so 5,000
/// a flush keeps that work a fifth of what 1,000 costs while the database's own process,
/// which this service cannot deprioritize, still never holds a core for long
/// (docs/performance.md).
pub fn batch_size(backend: &Backend) -> usize {
    match backend {
        Backend::Sqlite(_) => 20_000,
        Backend::Postgres(_) => 5_000,
    }
}

/// How many writers store scan events at once. SQLite takes one writer at a time, so a
/// second would only wait for the lock. On PostgreSQL a writer spends most of a flush
/// waiting for the server's process to take its COPY and upserts: one writer capped the
/// scan rate at about 36,000 a second (docs/performance.md), and a second overlaps its
/// waits with the first's. Both lock what they share in one order (salts, then marks,
/// source rows and scope rows, each sorted by key), so they do not deadlock.
pub fn writer_count(backend: &Backend) -> usize {
    match backend {
        Backend::Sqlite(_) => 1,
        Backend::Postgres(_) => 2,
    }
}

/// A scan row as written: the code, the device class and the time.
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
    /// The row of a scan visit (its source is a code).
    pub fn of(visit: &Visit) -> Self {
        Self {
            code: visit.source.source_id.clone(),
            user_agent_class: user_agent::classify(visit.user_agent.as_deref()),
            scanned_at: visit.at,
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

/// Stores a batch of visits in one transaction: the scan events of those that are scans (PostgreSQL takes
/// them as one binary `COPY`, with no SQL text to parse or per-row parameters, SQLite as
/// multi-row inserts) and their analytics rollups. What the rollups wrote is remembered
/// in `rollups` once the transaction commits.
pub fn record_batch(
    conn: &mut DbConnection,
    rollups: &mut Rollups,
    visits: &[Visit],
) -> Result<(), DomainError> {
    let events: Vec<NewScanEvent> = visits
        .iter()
        .filter(|visit| visit.is_scan())
        .map(NewScanEvent::of)
        .collect();
    let events = events.as_slice();
    let staged = write_transaction(conn, |conn| {
        match conn {
            _ if events.is_empty() => {}
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
        rollup::apply(conn, rollups, visits)
    })?;
    rollups.commit(staged);
    Ok(())
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

/// Rows deleted per statement when old events are purged, so no delete holds the write
/// lock (SQLite) or a long transaction (PostgreSQL) while scans are being written.
const PURGE_CHUNK: i64 = 10_000;

/// Deletes at most `max_chunks` chunks of events scanned before `cutoff`; returns how
/// many were deleted. Reports read the rollups, which the events were applied to when
/// written, so nothing reads old events.
pub fn purge_before(
    conn: &mut DbConnection,
    cutoff: chrono::NaiveDateTime,
    max_chunks: usize,
) -> Result<usize, DomainError> {
    let mut deleted = 0;
    for _ in 0..max_chunks {
        let ids: Vec<i64> = scan_events::table
            .filter(scan_events::scanned_at.lt(cutoff))
            .select(scan_events::id)
            .limit(PURGE_CHUNK)
            .load(conn)?;
        let chunk = diesel::delete(scan_events::table.filter(scan_events::id.eq_any(&ids)))
            .execute(conn)?;
        deleted += chunk;
        if i64::try_from(chunk).unwrap_or(i64::MAX) < PURGE_CHUNK {
            break;
        }
    }
    Ok(deleted)
}
