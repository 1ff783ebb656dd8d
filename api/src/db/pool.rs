//! r2d2 pool whose connections are established explicitly for the configured backend, and
//! which knows when the database is down.
//!
//! While the database answers, a request waits up to the acquire timeout for a free
//! connection (the pool may just be busy). Once connecting has failed, the database is
//! known to be down: requests then wait only the short outage timeout and fail fast with
//! an unavailable error (503) instead of queueing ten seconds each behind the outage
//! (only those already waiting when the outage began wait out their full timeout).
//! r2d2 keeps reconnecting in the background; the first connection that succeeds, from
//! there or from a request, ends the outage, so every node recovers by itself.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use diesel::r2d2::{self, ManageConnection};

use super::connection::{Backend, DbConnection, DbError, establish};

/// A connection borrowed from the pool.
pub type PooledDbConnection = r2d2::PooledConnection<ExplicitBackendManager>;

/// How long a request waits for a connection: normally, and while the database is down.
#[derive(Debug, Clone, Copy)]
pub struct AcquireTimeouts {
    /// While the database answers (the pool may be busy).
    pub normal: Duration,
    /// While the database is known to be down.
    pub outage: Duration,
}

impl Default for AcquireTimeouts {
    fn default() -> Self {
        Self {
            normal: Duration::from_secs(10),
            outage: Duration::from_secs(1),
        }
    }
}

/// Whether connecting last failed, shared by the pool and its connection manager.
#[derive(Debug, Default)]
struct Reachability {
    down: AtomicBool,
}

impl Reachability {
    fn connected(&self) {
        if self.down.swap(false, Ordering::AcqRel) {
            tracing::info!("the database answers again");
        }
    }

    fn failed(&self, error: &DbError) {
        if !self.down.swap(true, Ordering::AcqRel) {
            tracing::error!(%error, "the database is unreachable; failing fast until it answers");
        }
    }

    fn is_down(&self) -> bool {
        self.down.load(Ordering::Acquire)
    }
}

/// Hands r2d2 connections of exactly the configured backend.
#[derive(Debug)]
pub struct ExplicitBackendManager {
    backend: Backend,
    reachability: Arc<Reachability>,
}

impl ManageConnection for ExplicitBackendManager {
    type Connection = DbConnection;
    type Error = DbError;

    fn connect(&self) -> Result<DbConnection, DbError> {
        match establish(&self.backend) {
            Ok(conn) => {
                self.reachability.connected();
                Ok(conn)
            }
            Err(error) => {
                if error.is_unavailable() {
                    self.reachability.failed(&error);
                }
                Err(error)
            }
        }
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), DbError> {
        use diesel::connection::SimpleConnection;
        conn.batch_execute("SELECT 1").map_err(DbError::from)
    }

    fn has_broken(&self, _conn: &mut DbConnection) -> bool {
        false
    }
}

/// Shared pool of connections to the configured database. Cheap to clone.
#[derive(Debug, Clone)]
pub struct DbPool {
    inner: r2d2::Pool<ExplicitBackendManager>,
    reachability: Arc<Reachability>,
    timeouts: AcquireTimeouts,
}

impl DbPool {
    /// A connection, waiting at most the acquire timeout, or only the outage timeout
    /// while the database is known to be down. One wait, not a loop of shorter ones:
    /// r2d2 hands connections to waiters in the order they queued, and a waiter that
    /// gave up and asked again would go to the back of a long queue (a login flood)
    /// every time.
    pub fn get(&self) -> Result<PooledDbConnection, DbError> {
        let timeout = if self.is_down() {
            self.timeouts.outage
        } else {
            self.timeouts.normal
        };
        self.inner.get_timeout(timeout).map_err(DbError::Pool)
    }

    /// True while connecting to the database fails.
    pub fn is_down(&self) -> bool {
        self.reachability.is_down()
    }
}

/// Builds a pool of `size` connections with the given acquire timeouts; fails fast when
/// the database is unreachable.
pub fn build_pool(
    backend: Backend,
    size: u32,
    timeouts: AcquireTimeouts,
) -> Result<DbPool, DbError> {
    if matches!(backend, Backend::Sqlite(_)) {
        // One connection switches the file to WAL before the pool opens its connections
        // in parallel; otherwise they race for that switch and some fail with "database
        // is locked" (r2d2 retries, but logs each failure).
        drop(establish(&backend)?);
    }
    let reachability = Arc::new(Reachability::default());
    let inner = r2d2::Pool::builder()
        .max_size(size)
        .connection_timeout(timeouts.normal)
        .build(ExplicitBackendManager {
            backend,
            reachability: reachability.clone(),
        })
        .map_err(DbError::from)?;
    Ok(DbPool {
        inner,
        reachability,
        timeouts,
    })
}
