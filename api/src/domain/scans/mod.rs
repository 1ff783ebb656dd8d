//! Scan resolution: from a printed code to the product beside it, and the scan events that
//! attribute sales to posters and walls.

pub mod events;
pub mod recorder;
pub mod resolve;
pub mod user_agent;

pub use resolve::{ResolvedScan, resolve, resolve_many};
