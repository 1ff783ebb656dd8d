//! Connections: the backend enum, explicit establishment, SQLite pragmas and write
//! transactions that take SQLite's write lock up front.

use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sqlite::SqliteConnection;

/// How long a SQLite connection waits for another writer before giving up.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(QueryableByName)]
struct JournalMode {
    #[diesel(sql_type = diesel::sql_types::Text)]
    journal_mode: String,
}

/// One connection type for both backends; queries written against it run on either.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    /// Production backend.
    Postgresql(PgConnection),
    /// Embedded default backend.
    Sqlite(SqliteConnection),
}

/// Failures of the database layer.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The URL names no supported backend.
    #[error("unsupported database URL {0:?}: use sqlite://PATH or postgres://…")]
    UnsupportedUrl(String),
    /// The database could not be reached or opened.
    #[error("cannot connect to the database: {0}")]
    Connect(#[from] ConnectionError),
    /// A query failed.
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
    /// No pooled connection became free in time.
    #[error("database pool: {0}")]
    Pool(#[from] diesel::r2d2::PoolError),
    /// Applying migrations failed.
    #[error("migrations failed: {0}")]
    Migration(String),
    /// Preparing the database location failed.
    #[error("database setup: {0}")]
    Io(#[from] std::io::Error),
}

impl DbError {
    /// True when the database could not be reached or could not run the work just now,
    /// so the same request may succeed later; false for what a retry cannot fix (a bad
    /// query, a broken constraint, a value that does not decode, a setup fault).
    pub fn is_unavailable(&self) -> bool {
        match self {
            Self::Connect(_) | Self::Pool(_) => true,
            Self::Query(error) => is_unavailable(error),
            Self::UnsupportedUrl(_) | Self::Migration(_) | Self::Io(_) => false,
        }
    }
}

/// True when a text value could not be stored: PostgreSQL refuses the NUL character
/// (U+0000) in text, which no field of this service has a use for.
pub fn is_unstorable_text(error: &diesel::result::Error) -> bool {
    matches!(
        error,
        diesel::result::Error::DatabaseError(_, info)
            if info.message().starts_with("invalid byte sequence for encoding")
    )
}

/// Messages of failures a retry may get past: SQLite's busy and locked errors (the busy
/// timeout ran out), PostgreSQL's deadlock victim, and the errors of a connection the
/// server dropped (a restart, a stop, a failover). diesel reports them with no kind of
/// their own, only the message.
const TRANSIENT_FAILURES: [&str; 7] = [
    "database is locked",
    "database table is locked",
    "deadlock detected",
    "terminating connection",
    "server closed the connection",
    "the database system is",
    "no connection to the server",
];

/// True when a query failed because of the database's state rather than the query: the
/// connection was lost or dropped by the server (a failed send on PostgreSQL is one), a lock was not granted in
/// time, a serializable transaction lost a conflict, or the server is a read-only
/// standby (after a failover).
pub fn is_unavailable(error: &diesel::result::Error) -> bool {
    use diesel::result::{DatabaseErrorKind as Kind, Error};
    match error {
        Error::DatabaseError(
            Kind::ClosedConnection
            | Kind::UnableToSendCommand
            | Kind::SerializationFailure
            | Kind::ReadOnlyTransaction,
            _,
        ) => true,
        Error::DatabaseError(_, info) => TRANSIENT_FAILURES
            .iter()
            .any(|message| info.message().starts_with(message)),
        _ => false,
    }
}

/// Which database a URL points at, with the part the driver needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    /// A PostgreSQL connection string (`postgres://` or `postgresql://`).
    Postgres(String),
    /// A SQLite file path (from `sqlite://PATH`).
    Sqlite(String),
}

impl Backend {
    /// Parses the URL scheme; anything else is an error rather than a surprise SQLite file.
    pub fn from_url(url: &str) -> Result<Self, DbError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Self::Postgres(url.to_owned()));
        }
        match url.strip_prefix("sqlite://") {
            Some(path) if !path.is_empty() => Ok(Self::Sqlite(path.to_owned())),
            _ => {
                let scheme = url.split_once("://").map_or("(none)", |(scheme, _)| scheme);
                Err(DbError::UnsupportedUrl(format!("scheme {scheme}")))
            }
        }
    }
}

/// Opens one connection to the backend the URL names, configured for this service.
pub fn establish(backend: &Backend) -> Result<DbConnection, DbError> {
    match backend {
        Backend::Postgres(url) => Ok(DbConnection::Postgresql(PgConnection::establish(url)?)),
        Backend::Sqlite(path) => {
            if let Some(dir) = std::path::Path::new(path).parent()
                && !dir.as_os_str().is_empty()
            {
                std::fs::create_dir_all(dir)?;
            }
            let mut conn = SqliteConnection::establish(path)?;
            // temp_store: statement journals (every multi-row insert keeps one) and sort
            // spills stay in memory instead of temporary files written with pwrite.
            conn.batch_execute(&format!(
                "PRAGMA busy_timeout = {}; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; \
                 PRAGMA temp_store = MEMORY;",
                SQLITE_BUSY_TIMEOUT.as_millis()
            ))?;
            // WAL is a property of the file: switch once. Asking again while another
            // connection writes can fail with SQLITE_BUSY, which the busy timeout doesn't cover.
            let mode: JournalMode =
                diesel::sql_query("PRAGMA journal_mode").get_result(&mut conn)?;
            if !mode.journal_mode.eq_ignore_ascii_case("wal") {
                conn.batch_execute("PRAGMA journal_mode = WAL")?;
            }
            Ok(DbConnection::Sqlite(conn))
        }
    }
}

/// Evaluates one diesel expression against the concrete connection inside a
/// [`DbConnection`]. For the few statements the multi-backend cannot express (multi-row
/// inserts, dialect-specific upserts): the query is still written once, and both
/// backends compile it.
#[macro_export]
macro_rules! on_backend {
    ($conn:expr, |$inner:ident| $body:expr) => {
        match $conn {
            $crate::db::DbConnection::Postgresql($inner) => $body,
            $crate::db::DbConnection::Sqlite($inner) => $body,
        }
    };
}

/// Runs `work` in a transaction meant to write. On SQLite it begins with `BEGIN IMMEDIATE`
/// so the write lock is taken up front: a deferred transaction that upgrades from read to
/// write would fail with `SQLITE_BUSY` instead of waiting its turn. Inside an open
/// transaction it nests as a savepoint.
pub fn write_transaction<T, E, F>(conn: &mut DbConnection, work: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    type Manager = <DbConnection as Connection>::TransactionManager;
    let depth = Manager::transaction_manager_status_mut(conn).transaction_depth()?;
    if depth.is_some() {
        return conn.transaction(work);
    }
    match conn {
        DbConnection::Sqlite(inner) => {
            AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")?;
        }
        DbConnection::Postgresql(inner) => AnsiTransactionManager::begin_transaction(inner)?,
    }
    match work(conn) {
        Ok(value) => {
            Manager::commit_transaction(conn)?;
            Ok(value)
        }
        Err(error) => match Manager::rollback_transaction(conn) {
            Ok(()) | Err(diesel::result::Error::BrokenTransactionManager) => Err(error),
            Err(rollback_error) => Err(rollback_error.into()),
        },
    }
}

/// Runs `work`'s reads in one snapshot of the database, so figures read by several
/// queries agree with each other while writers commit between them: PostgreSQL's
/// `REPEATABLE READ` (read only); on SQLite a deferred transaction, whose first read fixes
/// the snapshot in WAL mode. Inside a transaction already, `work` runs in that one.
pub fn read_snapshot<T, E, F>(conn: &mut DbConnection, work: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    type Manager = <DbConnection as Connection>::TransactionManager;
    if Manager::transaction_manager_status_mut(conn)
        .transaction_depth()?
        .is_some()
    {
        return work(conn);
    }
    match conn {
        DbConnection::Sqlite(inner) => {
            AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN DEFERRED")?;
        }
        DbConnection::Postgresql(inner) => AnsiTransactionManager::begin_transaction_sql(
            inner,
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        )?,
    }
    let outcome = work(conn);
    match Manager::commit_transaction(conn) {
        Ok(()) | Err(diesel::result::Error::BrokenTransactionManager) => outcome,
        Err(error) => outcome.and(Err(error.into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backend_comes_from_the_scheme() {
        assert_eq!(
            Backend::from_url("sqlite://./data/x.db").ok(),
            Some(Backend::Sqlite("./data/x.db".into()))
        );
        assert!(matches!(
            Backend::from_url("postgres://u@h/db"),
            Ok(Backend::Postgres(_))
        ));
        assert!(Backend::from_url("mysql://h/db").is_err());
        assert!(Backend::from_url("./data/x.db").is_err());
        assert!(Backend::from_url("sqlite://").is_err());
    }

    #[test]
    fn a_busy_database_is_unavailable_and_a_bad_statement_is_not() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("busy.db");
        let path = path.to_str().expect("utf-8 path");
        let mut holder = establish(&Backend::Sqlite(path.to_owned())).expect("open");
        holder
            .batch_execute("CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1);")
            .expect("schema");
        let mut waiter = DbConnection::Sqlite(SqliteConnection::establish(path).expect("open"));
        waiter
            .batch_execute("PRAGMA busy_timeout = 0")
            .expect("pragma");

        let busy = write_transaction(&mut holder, |_| {
            write_transaction(&mut waiter, |_| Ok::<_, diesel::result::Error>(()))
        })
        .expect_err("the write lock is held");
        assert!(is_unavailable(&busy), "{busy:?}");
        assert!(DbError::Query(busy).is_unavailable());

        let duplicate = holder
            .batch_execute("INSERT INTO t VALUES (1)")
            .expect_err("duplicate key");
        assert!(!is_unavailable(&duplicate), "{duplicate:?}");
        let typo = holder
            .batch_execute("SELECT nope FROM t")
            .expect_err("no such column");
        assert!(!is_unavailable(&typo), "{typo:?}");
        assert!(!is_unavailable(&diesel::result::Error::NotFound));
    }
}
