//! Browser sessions of the mobile pages: an opaque token in a cookie, stored only as its
//! SHA-256 hash, valid until it expires or the customer signs out. Unlike refresh tokens
//! they do not rotate: the cookie is HttpOnly and never leaves the browser through script.

use diesel::prelude::*;

use super::opaque_tokens::{self, hash};
use super::{Principal, Role};
use crate::db::DbConnection;
use crate::db::schema::{users, web_sessions};
use crate::domain::{DomainError, ids};

/// Starts a session for `user_id` lasting `ttl_secs`; returns the plain token, which only
/// the browser keeps.
pub fn create(
    conn: &mut DbConnection,
    user_id: &str,
    ttl_secs: u64,
) -> Result<String, DomainError> {
    let plain = opaque_tokens::generate();
    let now = ids::now();
    let ttl = chrono::Duration::seconds(i64::try_from(ttl_secs).unwrap_or(i64::MAX / 1000));
    diesel::insert_into(web_sessions::table)
        .values((
            web_sessions::token_hash.eq(hash(&plain)),
            web_sessions::user_id.eq(user_id),
            web_sessions::expires_at.eq(now + ttl),
            web_sessions::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(plain)
}

/// The signed-in user of a live session (not expired, not revoked, its account not
/// deactivated); `None` for anything else, including tokens that were never ours.
pub fn lookup(conn: &mut DbConnection, token: &str) -> Result<Option<Principal>, DomainError> {
    if !opaque_tokens::is_well_formed(token) {
        return Ok(None);
    }
    let found: Option<(String, String, Option<String>)> = web_sessions::table
        .inner_join(users::table)
        .filter(web_sessions::token_hash.eq(hash(token)))
        .filter(web_sessions::revoked_at.is_null())
        .filter(web_sessions::expires_at.gt(ids::now()))
        .filter(users::deactivated_at.is_null())
        .select((users::id, users::role, users::retailer_id))
        .first(conn)
        .optional()?;
    found
        .map(|(user_id, role, retailer_id)| {
            let role = Role::parse(&role)
                .ok_or_else(|| DomainError::internal(anyhow::anyhow!("unknown role {role:?}")))?;
            Ok(Principal {
                user_id,
                role,
                retailer_id,
            })
        })
        .transpose()
}

/// Ends the session of `token` (sign-out). Unknown or already ended sessions change
/// nothing, so signing out twice is harmless.
pub fn revoke(conn: &mut DbConnection, token: &str) -> Result<(), DomainError> {
    diesel::update(
        web_sessions::table
            .filter(web_sessions::token_hash.eq(hash(token)))
            .filter(web_sessions::revoked_at.is_null()),
    )
    .set(web_sessions::revoked_at.eq(ids::now()))
    .execute(conn)?;
    Ok(())
}

/// Ends every live session of `user_id`.
pub fn revoke_all(conn: &mut DbConnection, user_id: &str) -> Result<(), DomainError> {
    diesel::update(
        web_sessions::table
            .filter(web_sessions::user_id.eq(user_id))
            .filter(web_sessions::revoked_at.is_null()),
    )
    .set(web_sessions::revoked_at.eq(ids::now()))
    .execute(conn)?;
    Ok(())
}
