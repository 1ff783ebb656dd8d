//! Opaque refresh tokens, stored only as SHA-256 hashes and rotated on every use. Each
//! login starts a family; presenting a token that was already rotated means it leaked, so
//! the whole family is revoked.

use diesel::prelude::*;

use super::opaque_tokens::{self, hash};
use crate::db::schema::refresh_tokens;
use crate::db::{DbConnection, write_transaction};
use crate::domain::{DomainError, ids};

/// A token row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = refresh_tokens)]
struct RefreshToken {
    id: String,
    user_id: String,
    family_id: String,
    token_hash: String,
    expires_at: chrono::NaiveDateTime,
    created_at: chrono::NaiveDateTime,
    used_at: Option<chrono::NaiveDateTime>,
    revoked_at: Option<chrono::NaiveDateTime>,
}

fn rejected() -> DomainError {
    DomainError::Unauthenticated {
        code: "invalid_refresh_token",
        message: "the refresh token is unknown, expired, revoked or already used",
    }
}

/// Stores a new token for `user_id` in `family_id` (a new family when `None`) and returns
/// its plain text, which is shown to the client once and never stored.
pub fn issue(
    conn: &mut DbConnection,
    user_id: &str,
    family_id: Option<&str>,
    ttl_secs: u64,
) -> Result<String, DomainError> {
    let plain = opaque_tokens::generate();
    let now = ids::now();
    let ttl = chrono::Duration::seconds(i64::try_from(ttl_secs).unwrap_or(i64::MAX / 1000));
    let row = RefreshToken {
        id: ids::new_id(),
        user_id: user_id.to_owned(),
        family_id: family_id.map_or_else(ids::new_id, str::to_owned),
        token_hash: hash(&plain),
        expires_at: now + ttl,
        created_at: now,
        used_at: None,
        revoked_at: None,
    };
    diesel::insert_into(refresh_tokens::table)
        .values(&row)
        .execute(conn)?;
    Ok(plain)
}

/// Spends `token` and issues its successor in the same family; returns the user id and the
/// new token. A token presented twice revokes its family, and the second caller is refused.
pub fn rotate(
    conn: &mut DbConnection,
    token: &str,
    ttl_secs: u64,
) -> Result<(String, String), DomainError> {
    let token_hash = hash(token);
    // The inner result is the answer; the outer one is the transaction's. A reused token
    // must commit its family's revocation and still be refused, so refusal is `Ok(Err)`.
    write_transaction(conn, |conn| {
        let Some(row) = refresh_tokens::table
            .filter(refresh_tokens::token_hash.eq(&token_hash))
            .select(RefreshToken::as_select())
            .first(conn)
            .optional()?
        else {
            return Ok(Err(rejected()));
        };
        let now = ids::now();
        // The conditional update is the arbiter: of two concurrent uses, one wins.
        let spent = diesel::update(
            refresh_tokens::table
                .filter(refresh_tokens::id.eq(&row.id))
                .filter(refresh_tokens::used_at.is_null())
                .filter(refresh_tokens::revoked_at.is_null())
                .filter(refresh_tokens::expires_at.gt(now)),
        )
        .set(refresh_tokens::used_at.eq(now))
        .execute(conn)?;
        if spent == 1 {
            let next = issue(conn, &row.user_id, Some(&row.family_id), ttl_secs)?;
            return Ok(Ok((row.user_id, next)));
        }
        if row.used_at.is_some() || row.revoked_at.is_none() && row.expires_at > now {
            tracing::warn!(family = %row.family_id, "refresh token reused; revoking its family");
            revoke_family(conn, &row.family_id)?;
        }
        Ok::<_, DomainError>(Err(rejected()))
    })?
}

/// Revokes the family `token` belongs to (logout). Unknown tokens change nothing.
pub fn revoke(conn: &mut DbConnection, token: &str) -> Result<(), DomainError> {
    let token_hash = hash(token);
    write_transaction(conn, |conn| {
        let family: Option<String> = refresh_tokens::table
            .filter(refresh_tokens::token_hash.eq(&token_hash))
            .select(refresh_tokens::family_id)
            .first(conn)
            .optional()?;
        match family {
            Some(family) => revoke_family(conn, &family),
            None => Err(rejected()),
        }
    })
}

/// Revokes every refresh token of `user_id`, in every family.
pub fn revoke_all(conn: &mut DbConnection, user_id: &str) -> Result<(), DomainError> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::user_id.eq(user_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(ids::now()))
    .execute(conn)?;
    Ok(())
}

fn revoke_family(conn: &mut DbConnection, family_id: &str) -> Result<(), DomainError> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::family_id.eq(family_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(ids::now()))
    .execute(conn)?;
    Ok(())
}
