//! Domain logic in plain functions over a database connection; callable from tests
//! without HTTP. Each module owns one area of the business.

pub mod accounts;
pub mod cart;
pub mod catalog;
pub mod checkout;
pub mod delivery;
mod error;
pub mod ids;
pub mod money;
pub mod orders;
pub mod payments;
pub mod posters;
pub mod retailers;
pub mod scans;

pub use error::{DomainError, FieldError};
