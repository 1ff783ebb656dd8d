//! Idempotency keys for checkout, stored in the database so they hold across API
//! processes. A key is scoped to its user and kept 24 hours; the first request claims
//! it, its answer is stored, and a repeat gets the stored answer. A request that died
//! before answering holds the key only for a lease, after which a retry may run.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::idempotency_keys as keys;
use crate::db::{DbConnection, write_transaction};
use crate::domain::DomainError;

/// How long a key is remembered.
pub const KEY_LIFETIME: Duration = Duration::hours(24);
/// Longest key accepted.
pub const MAX_KEY_LENGTH: usize = 255;

/// What to do with a request carrying a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// First use (or the earlier claim lapsed): run it, then [`complete`].
    Proceed,
    /// Answered before: send this again.
    Replay {
        /// HTTP status.
        status: u16,
        /// Response body.
        body: String,
    },
    /// The first request with this key is still running.
    InProgress,
    /// The key was used for a different request.
    Mismatch,
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = keys)]
struct StoredKey {
    request_hash: String,
    response_status: Option<i32>,
    response_body: Option<String>,
    locked_until: NaiveDateTime,
    created_at: NaiveDateTime,
}

/// Checks a key's format: printable ASCII, 1 to [`MAX_KEY_LENGTH`] characters.
pub fn check_key(key: &str) -> Result<(), DomainError> {
    if key.is_empty() || key.len() > MAX_KEY_LENGTH || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(DomainError::invalid(
            "Idempotency-Key",
            format!("must be 1 to {MAX_KEY_LENGTH} printable ASCII characters"),
        ));
    }
    Ok(())
}

/// Claims `key` for a request whose parsed body hashes to `request_hash`. An unanswered
/// claim blocks repeats for `lease`, which must be longer than any checkout takes.
pub fn claim(
    conn: &mut DbConnection,
    user_id: &str,
    key: &str,
    request_hash: &str,
    now: NaiveDateTime,
    lease: std::time::Duration,
) -> Result<Claim, DomainError> {
    check_key(key)?;
    let locked_until = now + Duration::from_std(lease).map_err(DomainError::internal)?;
    write_transaction(conn, |conn| {
        let inserted = crate::on_backend!(conn, |inner| diesel::insert_into(keys::table)
            .values((
                keys::user_id.eq(user_id),
                keys::idempotency_key.eq(key),
                keys::request_hash.eq(request_hash),
                keys::locked_until.eq(locked_until),
                keys::created_at.eq(now),
            ))
            .on_conflict_do_nothing()
            .execute(inner))?;
        if inserted == 1 {
            return Ok(Claim::Proceed);
        }
        let stored: StoredKey = keys::table
            .find((user_id, key))
            .select(StoredKey::as_select())
            .first(conn)?;
        let lapsed_key = stored.created_at + KEY_LIFETIME <= now;
        let lapsed_claim = stored.response_status.is_none() && stored.locked_until <= now;
        if lapsed_key || (lapsed_claim && stored.request_hash == request_hash) {
            // Conditional on what was read: of two retries taking over the same lapsed
            // key at once (PostgreSQL re-checks the row after the first commits), one
            // proceeds and the other sees the claim in progress.
            let taken = diesel::update(
                keys::table
                    .find((user_id, key))
                    .filter(keys::created_at.eq(stored.created_at))
                    .filter(keys::locked_until.eq(stored.locked_until)),
            )
            .set((
                keys::request_hash.eq(request_hash),
                keys::response_status.eq(None::<i32>),
                keys::response_body.eq(None::<String>),
                keys::locked_until.eq(locked_until),
                keys::created_at.eq(now),
            ))
            .execute(conn)?;
            return Ok(if taken == 1 {
                Claim::Proceed
            } else {
                Claim::InProgress
            });
        }
        if stored.request_hash != request_hash {
            return Ok(Claim::Mismatch);
        }
        Ok(match (stored.response_status, stored.response_body) {
            (Some(status), Some(body)) => Claim::Replay {
                status: u16::try_from(status).map_err(DomainError::internal)?,
                body,
            },
            _ => Claim::InProgress,
        })
    })
}

/// Stores the answer of a claimed key.
pub fn complete(
    conn: &mut DbConnection,
    user_id: &str,
    key: &str,
    status: u16,
    body: &str,
) -> Result<(), DomainError> {
    diesel::update(keys::table.find((user_id, key)))
        .set((
            keys::response_status.eq(i32::from(status)),
            keys::response_body.eq(body),
        ))
        .execute(conn)?;
    Ok(())
}

/// Frees a claimed key without an answer (the request failed on our side), so a retry
/// runs again.
pub fn release(conn: &mut DbConnection, user_id: &str, key: &str) -> Result<(), DomainError> {
    diesel::delete(keys::table.find((user_id, key))).execute(conn)?;
    Ok(())
}

/// Forgets keys older than [`KEY_LIFETIME`]; returns how many.
pub fn purge_expired(conn: &mut DbConnection, now: NaiveDateTime) -> Result<usize, DomainError> {
    Ok(
        diesel::delete(keys::table.filter(keys::created_at.lt(now - KEY_LIFETIME)))
            .execute(conn)?,
    )
}
