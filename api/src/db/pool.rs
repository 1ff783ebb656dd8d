//! r2d2 pool whose connections are established explicitly for the configured backend.

use std::time::Duration;

use diesel::r2d2::{self, ManageConnection};

use super::connection::{Backend, DbConnection, DbError, establish};

/// Shared pool of connections to the configured database.
pub type DbPool = r2d2::Pool<ExplicitBackendManager>;

/// A connection borrowed from the pool.
pub type PooledDbConnection = r2d2::PooledConnection<ExplicitBackendManager>;

/// Hands r2d2 connections of exactly the configured backend.
#[derive(Debug)]
pub struct ExplicitBackendManager {
    backend: Backend,
}

impl ManageConnection for ExplicitBackendManager {
    type Connection = DbConnection;
    type Error = DbError;

    fn connect(&self) -> Result<DbConnection, DbError> {
        establish(&self.backend)
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), DbError> {
        use diesel::connection::SimpleConnection;
        conn.batch_execute("SELECT 1").map_err(DbError::from)
    }

    fn has_broken(&self, _conn: &mut DbConnection) -> bool {
        false
    }
}

/// Builds a pool of `size` connections; fails fast when the database is unreachable.
pub fn build_pool(backend: Backend, size: u32) -> Result<DbPool, DbError> {
    if matches!(backend, Backend::Sqlite(_)) {
        // One connection switches the file to WAL before the pool opens its connections
        // in parallel; otherwise they race for that switch and some fail with "database
        // is locked" (r2d2 retries, but logs each failure).
        drop(establish(&backend)?);
    }
    r2d2::Pool::builder()
        .max_size(size)
        .connection_timeout(Duration::from_secs(10))
        .build(ExplicitBackendManager { backend })
        .map_err(DbError::from)
}
