//! The secret in a retailer's catalogue feed URLs: one per retailer, created when an admin
//! asks for feed URLs and replaced when they regenerate it, which retires the old URLs.
//! Requests are matched by the secret's SHA-256, so the database index compares hashes
//! and a guess learns nothing from timing.

use diesel::prelude::*;

use crate::db::schema::catalogue_feeds;
use crate::db::{DbConnection, write_transaction};
use crate::domain::accounts::opaque_tokens;
use crate::domain::{DomainError, ids};

/// A retailer's current feed secret.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = catalogue_feeds)]
pub struct FeedSecret {
    /// The retailer whose catalogue the feeds carry.
    pub retailer_id: String,
    /// The secret path segment. Kept readable because the admin copies the URLs again
    /// whenever a platform asks for them; it reveals only the active catalogue.
    pub token: String,
    /// SHA-256 of `token`, what requests are looked up by.
    pub token_hash: String,
    /// When this secret was made (UTC).
    pub created_at: chrono::NaiveDateTime,
}

/// The retailer's feed secret; `NotFound` until an admin has asked for feed URLs.
pub fn get(conn: &mut DbConnection, retailer_id: &str) -> Result<FeedSecret, DomainError> {
    catalogue_feeds::table
        .find(retailer_id)
        .select(FeedSecret::as_select())
        .first(conn)
        .optional()?
        .ok_or(DomainError::NotFound("feed"))
}

/// A new secret for the retailer, replacing the one it had: the old URLs answer 404 from
/// now on.
pub fn regenerate(conn: &mut DbConnection, retailer_id: &str) -> Result<FeedSecret, DomainError> {
    let token = opaque_tokens::generate();
    let secret = FeedSecret {
        retailer_id: retailer_id.to_owned(),
        token_hash: opaque_tokens::hash(&token),
        token,
        created_at: ids::now(),
    };
    write_transaction::<_, DomainError, _>(conn, |conn| {
        diesel::delete(catalogue_feeds::table.find(retailer_id)).execute(conn)?;
        Ok(diesel::insert_into(catalogue_feeds::table)
            .values(&secret)
            .execute(conn)?)
    })?;
    Ok(secret)
}

/// The retailer whose current secret is `token`; `NotFound` for anything else (a retired
/// secret, a guess, garbage).
pub fn retailer_of(conn: &mut DbConnection, token: &str) -> Result<String, DomainError> {
    if !opaque_tokens::is_well_formed(token) {
        return Err(DomainError::NotFound("feed"));
    }
    catalogue_feeds::table
        .filter(catalogue_feeds::token_hash.eq(opaque_tokens::hash(token)))
        .select(catalogue_feeds::retailer_id)
        .first(conn)
        .optional()?
        .ok_or(DomainError::NotFound("feed"))
}
