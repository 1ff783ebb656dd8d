//! Blobs in the `blobs` table of the database every node shares: the PostgreSQL default,
//! so that a cluster needs nothing besides its database. Works on SQLite as well.

use diesel::prelude::*;

use super::{BlobStore, StorageError, is_plain_key, refused_key};
use crate::db::schema::blobs;
use crate::db::{DbError, DbPool};

/// Blobs as rows of the `blobs` table.
#[derive(Debug, Clone)]
pub struct DatabaseBlobStore {
    pool: DbPool,
}

impl DatabaseBlobStore {
    /// A store on `pool`'s database.
    pub fn new(pool: DbPool) -> Self {
        Self { pool }
    }
}

/// A database that cannot be reached or cannot run the statement now is the store being
/// unavailable; anything else (a broken schema, say) is a fault of ours.
fn storage_error(error: impl Into<DbError>) -> StorageError {
    let error = error.into();
    if error.is_unavailable() {
        StorageError::Unavailable(error.into())
    } else {
        StorageError::Failed(error.into())
    }
}

impl BlobStore for DatabaseBlobStore {
    fn put(&self, key: &str, bytes: &[u8]) -> Result<(), StorageError> {
        if !is_plain_key(key) {
            return Err(refused_key(key));
        }
        let mut conn = self.pool.get().map_err(storage_error)?;
        // Keys name their content: a row already there holds these very bytes, written
        // by an earlier upload or by another node at the same moment.
        let created_at = chrono::Utc::now().naive_utc();
        crate::on_backend!(&mut *conn, |inner| diesel::insert_into(blobs::table)
            .values((
                blobs::blob_key.eq(key),
                blobs::bytes.eq(bytes),
                blobs::created_at.eq(created_at),
            ))
            .on_conflict(blobs::blob_key)
            .do_nothing()
            .execute(inner))
        .map_err(storage_error)?;
        Ok(())
    }

    fn get(&self, key: &str) -> Result<Option<Vec<u8>>, StorageError> {
        if !is_plain_key(key) {
            return Ok(None);
        }
        let mut conn = self.pool.get().map_err(storage_error)?;
        blobs::table
            .find(key)
            .select(blobs::bytes)
            .first::<Vec<u8>>(&mut conn)
            .optional()
            .map_err(storage_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{Backend, build_pool, migrate};

    fn sqlite_store(dir: &tempfile::TempDir) -> DatabaseBlobStore {
        let backend = Backend::Sqlite(dir.path().join("blobs.db").display().to_string());
        let pool = build_pool(backend, 2, Default::default()).expect("pool");
        migrate::run_pending(&mut pool.get().expect("connection")).expect("migrations");
        DatabaseBlobStore::new(pool)
    }

    #[test]
    fn stores_once_per_key_and_refuses_odd_keys() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = sqlite_store(&dir);
        store.put("abc.jpg", b"data").expect("put");
        store
            .put("abc.jpg", b"data")
            .expect("a second put of the same key");
        assert_eq!(
            store.get("abc.jpg").expect("get").as_deref(),
            Some(&b"data"[..])
        );
        assert_eq!(store.get("missing.jpg").expect("get"), None);
        assert_eq!(store.get("../abc.jpg").expect("get"), None);
        assert!(matches!(
            store.put("a/b", b"no"),
            Err(StorageError::Failed(_))
        ));
    }

    #[test]
    fn a_database_that_cannot_answer_now_is_unavailable() {
        use diesel::result::{DatabaseErrorKind, Error};
        let locked = Error::DatabaseError(
            DatabaseErrorKind::Unknown,
            Box::new("database is locked".to_owned()),
        );
        assert!(matches!(
            storage_error(locked),
            StorageError::Unavailable(_)
        ));
        let broken = Error::DatabaseError(
            DatabaseErrorKind::Unknown,
            Box::new("no such table: blobs".to_owned()),
        );
        assert!(matches!(storage_error(broken), StorageError::Failed(_)));
    }
}
