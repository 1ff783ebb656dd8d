//! Domain logic in plain functions over a database connection; callable from tests
//! without HTTP. Each module owns one area of the business.

pub mod accounts;
pub mod analytics;
pub mod cart;
pub mod catalog;
pub mod checkout;
pub mod delivery;
mod error;
pub mod ids;
pub mod money;
pub mod notifications;
pub mod orders;
pub mod payments;
pub mod posters;
pub mod retailers;
pub mod scans;
pub mod search;

pub use error::{DomainError, FieldError, OrWhenMissing};

/// A pooled connection, for the few domain operations that take connections
/// themselves because they call the payment provider in between.
pub(crate) fn connection(
    pool: &crate::db::DbPool,
) -> Result<crate::db::PooledDbConnection, DomainError> {
    Ok(pool.get()?)
}
