//! The HTTP surface: routes, extractors, and the mapping from errors to responses.

pub mod auth;
pub mod batch_loader;
mod body;
pub mod checkout_flow;
pub mod csv_export;
pub mod error;
pub mod formats;
pub mod metrics;
mod operator_views;
mod pick_list_pdf;
pub mod refreshing_cache;
mod routes;
pub mod shopping_views;
pub mod state;
mod views;

pub use routes::configure;
