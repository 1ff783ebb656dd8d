//! The application core every face is built on: the shared state, the one error type and
//! its HTTP mapping, the extractors (the authenticated user, the retailer scope), the JSON
//! shapes of domain objects, flows several faces run (checkout behind an idempotency
//! key, scan resolution) and the machinery of server-rendered pages. Faces
//! (`crate::faces`) import this module and never each other.

pub mod analytics_output;
pub mod auth;
pub mod body;
pub mod catalogue;
pub mod checkout_flow;
pub mod client_address;
pub mod cpu;
pub mod credentials;
pub mod error;
pub mod feeds;
pub mod formats;
pub mod json;
pub mod metrics;
pub mod pages;
pub mod pick_list_files;
pub mod poster_files;
pub mod retailer_scope;
pub mod scans;
pub mod state;
pub mod urls;
pub mod views;
