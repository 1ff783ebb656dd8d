//! What every handler can reach: the pool, token policy, throttle, blob store, limits.

use std::collections::HashMap;
use std::sync::Arc;

use actix_web::web;

use super::batch_loader::BatchLoader;
use super::error::ApiError;
use super::refreshing_cache::{Entry, Lookup, RefreshingCache};
use super::views::ScanJson;
use crate::db::{DbConnection, DbPool};
use crate::domain::DomainError;
use crate::domain::accounts::sessions::SessionPolicy;
use crate::domain::accounts::throttle::LoginThrottle;
use crate::domain::checkout::CheckoutPolicy;
use crate::domain::payments::PaymentProvider;
use crate::domain::scans::recorder::ScanRecorder;
use crate::domain::scans::{self, ResolvedScan};
use crate::storage::BlobStore;

/// A resolved code and its JSON answer, as kept in the scan cache.
#[derive(Debug)]
pub struct CachedScan {
    /// What the code resolved to.
    pub scan: ResolvedScan,
    /// The scan JSON, serialized when the entry was filled.
    pub json: web::Bytes,
}

/// A scan cache entry, shared by every request that answers from it.
pub type ScanEntry = Arc<Entry<CachedScan>>;

/// Body size limits per kind of request.
#[derive(Debug, Clone, Copy)]
pub struct BodyLimits {
    /// JSON bodies.
    pub json: usize,
    /// Catalogue imports.
    pub import: usize,
    /// Image uploads.
    pub image: usize,
}

/// Shared application state, cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    /// Database connections.
    pub pool: DbPool,
    /// Token signing and lifetimes.
    pub sessions: Arc<SessionPolicy>,
    /// Login attempt limits.
    pub throttle: Arc<LoginThrottle>,
    /// Uploaded photos.
    pub blobs: Arc<dyn BlobStore>,
    /// Origin for absolute URLs (QR payloads, image URLs).
    pub public_base_url: Arc<str>,
    /// Request body limits.
    pub limits: BodyLimits,
    /// Batches scan events off the request path.
    pub scan_recorder: Arc<ScanRecorder>,
    /// Recently resolved codes, refreshed in the background after the scan cache TTL.
    pub scan_cache: Arc<RefreshingCache<CachedScan>>,
    /// Loads the codes that missed the scan cache, many per query.
    pub scan_loads: Arc<BatchLoader<ScanEntry>>,
    /// Authorizes, captures, voids and refunds payments.
    pub payments: Arc<dyn PaymentProvider>,
    /// Checkout's reservation length.
    pub checkout: CheckoutPolicy,
    /// Request and checkout metrics of this process.
    pub metrics: Arc<super::metrics::Metrics>,
    /// Key that signs payment provider events; `None` turns their endpoint off.
    pub payment_webhook_secret: Option<Arc<secrecy::SecretString>>,
    /// Signs the CSRF tokens of the mobile pages' forms.
    pub csrf: Arc<crate::web::csrf::CsrfKey>,
}

impl AppState {
    /// Runs `work` with a pooled connection on the blocking thread pool, never on an
    /// async worker.
    pub async fn db<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, DomainError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        web::block(move || {
            let mut conn = pool
                .get()
                .map_err(|e| DomainError::internal(anyhow::Error::from(e)))?;
            work(&mut conn)
        })
        .await
        .map_err(|e| DomainError::internal(anyhow::anyhow!("blocking task failed: {e}")))?
        .map_err(ApiError::from)
    }

    /// Runs `work` on the blocking thread pool with the pool and the payment provider:
    /// for domain operations that take connections themselves, between provider calls,
    /// so no connection is held while the provider answers.
    pub async fn with_payments<T, F>(&self, work: F) -> Result<T, DomainError>
    where
        F: FnOnce(&DbPool, &dyn PaymentProvider) -> Result<T, DomainError> + Send + 'static,
        T: Send + 'static,
    {
        let (pool, provider) = (self.pool.clone(), self.payments.clone());
        web::block(move || work(&pool, provider.as_ref()))
            .await
            .map_err(|e| DomainError::internal(anyhow::anyhow!("blocking task failed: {e}")))?
    }

    /// Resolves a code, from memory when it was resolved within the cache TTL. The hot
    /// path of the system: most scans are of the same few hundred codes, so the JSON
    /// answer is serialized once per cache fill, not once per scan.
    pub async fn resolve_scan(&self, code: &str) -> Result<ScanEntry, ApiError> {
        let code =
            crate::domain::posters::codes::normalize(code).ok_or(DomainError::NotFound("code"))?;
        match self.scan_cache.lookup(&code) {
            Lookup::Serve(entry) => Ok(entry),
            Lookup::ServeAndRefresh(entry) => {
                if self.scan_cache.queue_refresh(code) {
                    let state = self.clone();
                    actix_web::rt::spawn(async move { state.refresh_scans().await });
                }
                Ok(entry)
            }
            Lookup::Miss => {
                let state = self.clone();
                self.scan_loads
                    .load(code, move |codes| {
                        let state = state.clone();
                        async move { state.load_scans(codes).await }
                    })
                    .await
                    .map_err(DomainError::internal)?
                    .ok_or_else(|| DomainError::NotFound("code").into())
            }
        }
    }

    /// Resolves codes in one query and caches their answers; unknown codes are left out.
    async fn load_scans(&self, codes: Vec<String>) -> Result<HashMap<String, ScanEntry>, ApiError> {
        let scans = self
            .db(move |conn| scans::resolve_many(conn, &codes))
            .await?;
        scans
            .into_iter()
            .map(|scan| {
                let code = scan.code.clone();
                let entry = self
                    .scan_cache
                    .insert(code.clone(), self.scan_answer(scan)?);
                Ok((code, entry))
            })
            .collect()
    }

    /// Reloads the batch of codes due for a refresh in one query, once it has gathered.
    /// Codes that fail to reload are forgotten, so their next scan loads them afresh.
    async fn refresh_scans(&self) {
        actix_web::rt::time::sleep(self.scan_cache.refresh_gathering()).await;
        let codes = self.scan_cache.take_due();
        if let Err(error) = self.load_scans(codes.clone()).await {
            tracing::warn!(
                ?error,
                codes = codes.len(),
                "refreshing cached scans failed"
            );
            for code in &codes {
                self.scan_cache.forget(code);
            }
        }
    }

    /// A resolved code with its JSON answer serialized, as the cache keeps it.
    fn scan_answer(&self, scan: ResolvedScan) -> Result<CachedScan, ApiError> {
        let json = serde_json::to_vec(&ScanJson::new(self, &scan, crate::domain::ids::now()))
            .map_err(DomainError::internal)?;
        Ok(CachedScan {
            scan,
            json: json.into(),
        })
    }

    /// The public URL of a code (`{origin}/s/{CODE}`).
    pub fn scan_url(&self, code: &str) -> String {
        format!("{}/s/{code}", self.public_base_url)
    }

    /// The QR payload of a code: the whole URL in upper case, so the QR encodes it in
    /// alphanumeric mode (bigger modules, scannable from farther).
    pub fn qr_payload(&self, code: &str) -> String {
        format!("{}/S/{code}", self.public_base_url).to_ascii_uppercase()
    }

    /// Absolute URL of a stored product photo.
    pub fn image_url(&self, key: &str) -> String {
        format!("{}/media/{key}", self.public_base_url)
    }
}
