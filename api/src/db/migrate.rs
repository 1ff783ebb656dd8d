//! Embedded migrations, one set per backend with the same folder names, applied at start.

use diesel::connection::SimpleConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use super::connection::{DbConnection, DbError, write_transaction};

/// Migrations for SQLite.
pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");
/// The same migrations in PostgreSQL's dialect.
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");

/// Advisory lock key held while migrating, so API processes starting together take turns.
const MIGRATION_LOCK_KEY: i64 = 0x5348_454c_465f_4d49; // "SHELF_MI"
/// Advisory lock key held while seeding.
const SETUP_LOCK_KEY: i64 = 0x5348_454c_465f_5345; // "SHELF_SE"

/// Serializes one-time setup (seeding) across processes within the caller's transaction:
/// a transaction-scoped advisory lock on PostgreSQL; on SQLite the immediate transaction
/// already holds the write lock.
pub fn lock_for_setup(conn: &mut DbConnection) -> Result<(), DbError> {
    if let DbConnection::Postgresql(inner) = conn {
        inner.batch_execute(&format!("SELECT pg_advisory_xact_lock({SETUP_LOCK_KEY})"))?;
    }
    Ok(())
}

/// Applies every pending migration; returns how many ran.
pub fn run_pending(conn: &mut DbConnection) -> Result<usize, DbError> {
    match conn {
        DbConnection::Sqlite(_) => {
            // The write lock, held for the whole run, makes processes starting together
            // take turns like PostgreSQL's advisory lock does.
            write_transaction(conn, |conn| {
                let DbConnection::Sqlite(inner) = conn else {
                    unreachable!("matched SQLite above")
                };
                Ok(inner
                    .run_pending_migrations(SQLITE_MIGRATIONS)
                    .map(|applied| applied.len())
                    .map_err(|e| DbError::Migration(e.to_string())))
            })
            .map_err(DbError::Query)?
        }
        DbConnection::Postgresql(inner) => {
            inner.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})"))?;
            let outcome = inner
                .run_pending_migrations(POSTGRES_MIGRATIONS)
                .map(|applied| applied.len())
                .map_err(|e| DbError::Migration(e.to_string()));
            inner.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})"))?;
            outcome
        }
    }
}
