//! Embedded migrations, one set per backend with the same folder names, applied at start.

use diesel::connection::SimpleConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use super::connection::{DbConnection, DbError};

/// Migrations for SQLite.
pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");
/// The same migrations in PostgreSQL's dialect.
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");

/// Advisory lock key held while migrating, so API processes starting together take turns.
const MIGRATION_LOCK_KEY: i64 = 0x5348_454c_465f_4d49; // "SHELF_MI"

/// Applies every pending migration; returns how many ran.
pub fn run_pending(conn: &mut DbConnection) -> Result<usize, DbError> {
    match conn {
        DbConnection::Sqlite(inner) => inner
            .run_pending_migrations(SQLITE_MIGRATIONS)
            .map(|applied| applied.len())
            .map_err(|e| DbError::Migration(e.to_string())),
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
