//! Blobs as files in one directory: the SQLite default (`<data dir>/media`), and any
//! `file://` directory, such as a mount every node shares.

use std::path::{Path, PathBuf};

use super::{BlobStore, StorageError, is_plain_key, refused_key};

/// Blobs as files in one directory.
#[derive(Debug, Clone)]
pub struct FsBlobStore {
    root: PathBuf,
}

impl FsBlobStore {
    /// A store rooted at `root`, created if missing.
    pub fn new(root: impl AsRef<Path>) -> std::io::Result<Self> {
        std::fs::create_dir_all(root.as_ref())?;
        Ok(Self {
            root: root.as_ref().to_path_buf(),
        })
    }
}

impl BlobStore for FsBlobStore {
    fn put(&self, key: &str, bytes: &[u8]) -> Result<(), StorageError> {
        if !is_plain_key(key) {
            return Err(refused_key(key));
        }
        let path = self.root.join(key);
        // Write then rename, so a reader never sees half a file; the partial file's name
        // is unique because nodes sharing a mounted directory may write the same key at
        // once, and starts with a dot so that no key names it.
        let partial = self
            .root
            .join(format!(".{key}.{}.partial", uuid::Uuid::new_v4().simple()));
        let written =
            std::fs::write(&partial, bytes).and_then(|()| std::fs::rename(&partial, &path));
        written.map_err(|e| {
            // Best effort: the write failed already, and a leftover is only wasted space.
            let _ = std::fs::remove_file(&partial);
            StorageError::Failed(anyhow::Error::new(e).context(path.display().to_string()))
        })
    }

    fn get(&self, key: &str) -> Result<Option<Vec<u8>>, StorageError> {
        if !is_plain_key(key) {
            return Ok(None);
        }
        let path = self.root.join(key);
        match std::fs::read(&path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(StorageError::Failed(
                anyhow::Error::new(e).context(path.display().to_string()),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_and_refuses_traversal() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = FsBlobStore::new(dir.path()).expect("store");
        store.put("abc.jpg", b"data").expect("put");
        assert_eq!(
            store.get("abc.jpg").expect("get").as_deref(),
            Some(&b"data"[..])
        );
        assert_eq!(store.get("missing.jpg").expect("get"), None);
        assert_eq!(store.get("../etc/passwd").expect("get"), None);
        assert!(matches!(
            store.put("../x", b"no"),
            Err(StorageError::Failed(_))
        ));
    }
}
