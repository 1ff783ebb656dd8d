//! Cluster tests: several API processes of the real binary on one PostgreSQL, behind the
//! real HAProxy, with nodes and the database killed under load. A separate test target so
//! that they run apart from the main suite; within it they run one at a time
//! ([`harness::serial`]). The node binary must be built first (`scripts/test` does).

mod harness;
mod shop;

mod checkout_crash;
mod database_outage;
mod graceful_stop;
mod shared_media;
mod sqlite_import;
mod throttles;
