//! The commuter pages' view models: one askama template each (in `../templates`), holding
//! display strings only; the routes in `../routes` fill them from domain results.

pub mod account;
pub mod cart;
pub mod checkout;
pub mod orders;
pub mod product;
