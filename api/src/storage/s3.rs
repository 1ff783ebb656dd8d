//! Blobs in an S3 bucket (or any S3-compatible server) through the `object_store` crate.
//! Endpoint, region and credentials come from the standard `AWS_*` variables
//! (`AWS_ENDPOINT_URL`, `AWS_ALLOW_HTTP`, `AWS_ACCESS_KEY_ID`, …), read once when the
//! store opens.
//!
//! `object_store` is async and [`BlobStore`] is not (see the [module above](super) for
//! why). The store owns a small runtime of its own: each call spawns its future there and
//! waits for the answer on a channel. The calling thread only waits on a channel, which
//! is fine on the blocking threads stores are called from, and no runtime is ever entered
//! from inside another (which `block_on` in a runtime context would do, and panic).

use std::future::Future;
use std::time::Duration;

use object_store::aws::{AmazonS3, AmazonS3Builder, AmazonS3ConfigKey};
use object_store::path::Path;
use object_store::{BackoffConfig, ClientConfigKey, ObjectStoreExt, RetryConfig};

use super::{BlobStore, StorageError, is_plain_key, refused_key};

/// Threads of the store's runtime: requests are I/O, two keep one slow answer from
/// holding up the rest.
const RUNTIME_THREADS: usize = 2;

/// Blobs as objects under a key prefix in one bucket.
#[derive(Debug)]
pub struct S3BlobStore {
    store: AmazonS3,
    prefix: String,
    /// Always `Some` until dropped: `Drop` takes it to shut it down without blocking.
    runtime: Option<tokio::runtime::Runtime>,
}

impl S3BlobStore {
    /// A store on `bucket` under `prefix` (may be empty), configured from `AWS_*`.
    pub fn from_env(bucket: &str, prefix: &str) -> anyhow::Result<Self> {
        Self::new(AmazonS3Builder::from_env().with_bucket_name(bucket), prefix)
    }

    /// A store from a configured builder. A store that cannot be reached must answer
    /// "unavailable" within seconds, not after object_store's default three minutes of
    /// retries, so connect timeout and retries are bounded here.
    fn new(builder: AmazonS3Builder, prefix: &str) -> anyhow::Result<Self> {
        let store = builder
            .with_config(
                AmazonS3ConfigKey::Client(ClientConfigKey::ConnectTimeout),
                "2s",
            )
            .with_config(AmazonS3ConfigKey::Client(ClientConfigKey::Timeout), "30s")
            .with_retry(RetryConfig {
                backoff: BackoffConfig {
                    init_backoff: Duration::from_millis(100),
                    max_backoff: Duration::from_secs(1),
                    base: 2.0,
                },
                max_retries: 2,
                retry_timeout: Duration::from_secs(5),
            })
            .build()?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(RUNTIME_THREADS)
            .thread_name("s3-blobs")
            .enable_all()
            .build()?;
        Ok(Self {
            store,
            prefix: prefix.trim_matches('/').to_owned(),
            runtime: Some(runtime),
        })
    }

    fn path_of(&self, key: &str) -> Path {
        if self.prefix.is_empty() {
            Path::from(key)
        } else {
            Path::from(format!("{}/{key}", self.prefix))
        }
    }

    /// Runs `work` on the store's runtime and waits for its result.
    fn call<T: Send + 'static>(
        &self,
        work: impl Future<Output = Result<T, object_store::Error>> + Send + 'static,
    ) -> Result<T, StorageError> {
        let runtime = self
            .runtime
            .as_ref()
            .ok_or_else(|| StorageError::Failed(anyhow::anyhow!("the S3 store is closed")))?;
        let (answer, answered) = std::sync::mpsc::sync_channel(1);
        runtime.spawn(async move {
            // The caller waits until it gets this; it cannot have gone away.
            let _ = answer.send(work.await);
        });
        answered
            .recv()
            .map_err(|_| StorageError::Failed(anyhow::anyhow!("the S3 request task died")))?
            .map_err(storage_error)
    }
}

/// `Generic` is what object_store reports when the server could not be reached or kept
/// failing (connection refused, timeouts, 5xx) once the retries are spent: the bucket is
/// unavailable. Refused credentials, a missing permission or an invalid path are
/// configuration faults that waiting will not fix.
fn storage_error(error: object_store::Error) -> StorageError {
    match error {
        object_store::Error::Generic { .. } => StorageError::Unavailable(error.into()),
        other => StorageError::Failed(other.into()),
    }
}

impl BlobStore for S3BlobStore {
    fn put(&self, key: &str, bytes: &[u8]) -> Result<(), StorageError> {
        if !is_plain_key(key) {
            return Err(refused_key(key));
        }
        let (store, path, payload) = (self.store.clone(), self.path_of(key), bytes.to_vec());
        self.call(async move { store.put(&path, payload.into()).await })?;
        Ok(())
    }

    fn get(&self, key: &str) -> Result<Option<Vec<u8>>, StorageError> {
        if !is_plain_key(key) {
            return Ok(None);
        }
        let (store, path) = (self.store.clone(), self.path_of(key));
        self.call(async move {
            match store.get(&path).await {
                Ok(found) => Ok(Some(found.bytes().await?.to_vec())),
                Err(object_store::Error::NotFound { .. }) => Ok(None),
                Err(other) => Err(other),
            }
        })
    }
}

impl Drop for S3BlobStore {
    fn drop(&mut self) {
        // Dropping a runtime blocks until its tasks end, which panics when the last
        // reference goes away on an async worker (an app dropped in a test, say).
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A store whose endpoint is a loopback port nothing listens on.
    fn unreachable_store() -> S3BlobStore {
        let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let endpoint = format!("http://{}", closed.local_addr().expect("address"));
        drop(closed);
        let builder = AmazonS3Builder::new()
            .with_endpoint(endpoint)
            .with_allow_http(true)
            .with_region("us-east-1")
            .with_access_key_id("test")
            .with_secret_access_key("test")
            .with_bucket_name("photos");
        S3BlobStore::new(builder, "/shelf/media/").expect("store")
    }

    #[test]
    fn keys_go_under_the_prefix() {
        let store = unreachable_store();
        assert_eq!(store.path_of("abc.jpg").as_ref(), "shelf/media/abc.jpg");
    }

    #[test]
    fn an_unreachable_bucket_is_unavailable_and_odd_keys_are_refused() {
        let store = unreachable_store();
        assert!(matches!(
            store.put("abc.jpg", b"data"),
            Err(StorageError::Unavailable(_))
        ));
        assert!(matches!(
            store.get("abc.jpg"),
            Err(StorageError::Unavailable(_))
        ));
        assert_eq!(store.get("../abc.jpg").expect("no request"), None);
        assert!(matches!(
            store.put("a/b", b"no"),
            Err(StorageError::Failed(_))
        ));
    }

    #[tokio::test]
    async fn dropping_on_an_async_worker_does_not_panic() {
        drop(unreachable_store());
    }
}
