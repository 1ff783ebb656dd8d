//! What every handler can reach: the pool, token policy, throttle, blob store, limits.

use std::sync::Arc;

use actix_web::web;

use super::error::ApiError;
use super::scans::ScanService;
use super::urls::PublicUrls;
use crate::db::{DbConnection, DbPool};
use crate::domain::DomainError;
use crate::domain::accounts::sessions::SessionPolicy;
use crate::domain::accounts::throttle::Throttles;
use crate::domain::checkout::CheckoutPolicy;
use crate::domain::payments::PaymentProvider;
use crate::storage::BlobStore;

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
    /// Login and registration limits, counted in the database.
    pub throttle: Arc<Throttles>,
    /// Peers whose forwarding headers name the client (`app::client_address`).
    pub trusted_proxies: Arc<[ipnet::IpNet]>,
    /// Uploaded photos.
    pub blobs: Arc<dyn BlobStore>,
    /// Absolute URLs (QR payloads, image URLs).
    pub urls: PublicUrls,
    /// Request body limits.
    pub limits: BodyLimits,
    /// Resolves scanned codes and records the scans.
    pub scans: ScanService,
    /// Authorizes, captures, voids and refunds payments.
    pub payments: Arc<dyn PaymentProvider>,
    /// Checkout's timings: reservation length, idempotency claim lease.
    pub checkout: CheckoutPolicy,
    /// Request and checkout metrics of this process.
    pub metrics: Arc<super::metrics::Metrics>,
    /// Key that signs payment provider events; `None` turns their endpoint off.
    pub payment_webhook_secret: Option<Arc<secrecy::SecretString>>,
    /// Signs the CSRF tokens of the mobile pages' forms.
    pub csrf: Arc<crate::app::pages::csrf::CsrfKey>,
    /// Threads for CPU-heavy work (password hashing, rendering), so that none of it holds
    /// a pooled connection or runs without bound.
    pub cpu: super::cpu::CpuPools,
}

impl AppState {
    /// Runs `work` with a pooled connection on the blocking thread pool, never on an
    /// async worker.
    pub async fn db<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, DomainError> + Send + 'static,
        T: Send + 'static,
    {
        with_connection(&self.pool, work).await
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
}

/// Runs `work` with a connection of `pool` on the blocking thread pool, never on an async
/// worker.
pub async fn with_connection<T, F>(pool: &DbPool, work: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection) -> Result<T, DomainError> + Send + 'static,
    T: Send + 'static,
{
    let pool = pool.clone();
    web::block(move || {
        let mut conn = pool.get()?;
        work(&mut conn)
    })
    .await
    .map_err(|e| DomainError::internal(anyhow::anyhow!("blocking task failed: {e}")))?
    .map_err(ApiError::from)
}
