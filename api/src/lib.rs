//! Virtual Shelf: the API behind scan-to-order posters on subway-station walls.
//!
//! `main.rs` only calls [`cli::run`]; tests start the service through
//! [`startup::Application`] on port 0.

pub mod app;
pub mod cache;
pub mod cli;
pub mod config;
pub mod db;
pub mod documents;
pub mod domain;
pub mod faces;
pub mod notifier;
pub mod seed;
pub mod startup;
pub mod storage;
pub mod sweeper;
pub mod telemetry;
