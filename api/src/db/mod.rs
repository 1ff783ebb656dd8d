//! The database layer: one diesel code base over SQLite (embedded default) and PostgreSQL
//! (production). The backend comes from the URL scheme, chosen explicitly, never guessed.

mod connection;
pub mod migrate;
mod pool;
#[allow(missing_docs)]
pub mod schema;

pub use connection::{
    Backend, DbConnection, DbError, establish, is_unavailable, is_unstorable_text, read_snapshot,
    write_transaction,
};

/// Diesel's backend type for [`DbConnection`], for boxed queries.
pub type SqlBackend = connection::MultiBackend;
pub use pool::{AcquireTimeouts, DbPool, PooledDbConnection, build_pool};
