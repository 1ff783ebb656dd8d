//! Virtual Shelf: the API behind scan-to-order posters on subway-station walls.
//!
//! `main.rs` only calls [`cli::run`]; tests start the service through
//! [`startup::Application`] on port 0.

pub mod cli;
pub mod config;
pub mod db;
pub mod domain;
pub mod http;
pub mod seed;
pub mod startup;
pub mod storage;
pub mod sweeper;
pub mod telemetry;
pub mod web;
