//! Scan resolution, the hottest path of the system, shared by the JSON API
//! (`GET /v1/scans/{code}`) and the commuter's product page (`GET /s/{code}`).
//!
//! Most scans are of the same few hundred codes, so a resolved code is answered from
//! memory within the cache TTL, with its JSON serialized once per cache fill rather than
//! once per scan; hot entries refresh in the background, and codes that miss load in
//! batches (see `crate::cache`). Every resolution queues a scan event for attribution.
//!
//! While the database is down, codes resolved before the outage keep scanning: their
//! entries are served past the TTL, up to the stale limit, and their events wait in the
//! recorder's queue.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};

use super::client_address::ClientAddress;
use super::error::ApiError;
use super::state::with_connection;
use super::urls::PublicUrls;
use super::views::ScanJson;
use crate::cache::batch_loader::{BatchFailed, BatchLoader};
use crate::cache::refreshing::{Entry, Lookup, RefreshingCache};
use crate::db::DbPool;
use crate::domain::DomainError;
use crate::domain::analytics::{Source, Visit};
use crate::domain::scans::recorder::ScanRecorder;
use crate::domain::scans::{self, ResolvedScan};

/// A resolved code and its JSON answer, as kept in the scan cache.
#[derive(Debug)]
pub struct CachedScan {
    /// What the code resolved to.
    pub scan: ResolvedScan,
    /// Its analytics source, shared by every visit queued from this entry.
    pub source: Arc<Source>,
    /// The scan JSON, serialized when the entry was filled.
    pub json: web::Bytes,
}

impl CachedScan {
    /// The scan JSON as an answer. Never cached downstream: price and stock change.
    pub fn json_response(&self) -> HttpResponse {
        HttpResponse::Ok()
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .content_type("application/json")
            .body(self.json.clone())
    }
}

/// A scan cache entry, shared by every request that answers from it.
pub type ScanEntry = Arc<Entry<CachedScan>>;

/// Resolves codes through the cache and records every resolution. Cheap to clone.
#[derive(Debug, Clone)]
pub struct ScanService {
    pool: DbPool,
    urls: PublicUrls,
    recorder: Arc<ScanRecorder>,
    cache: Arc<RefreshingCache<CachedScan>>,
    loads: Arc<BatchLoader<ScanEntry>>,
}

impl ScanService {
    /// A service answering from `cache` and loading misses from `pool` in batches of at
    /// most `max_batch` codes; resolutions are queued on `recorder`.
    pub fn new(
        pool: DbPool,
        urls: PublicUrls,
        recorder: Arc<ScanRecorder>,
        cache: RefreshingCache<CachedScan>,
        max_batch: usize,
    ) -> Self {
        Self {
            pool,
            urls,
            recorder,
            cache: Arc::new(cache),
            loads: Arc::new(BatchLoader::new(max_batch)),
        }
    }

    /// Resolves `code` for `req` and queues its scan event. An unknown or malformed code
    /// is [`DomainError::NotFound`].
    pub async fn resolve_and_record(
        &self,
        req: &HttpRequest,
        code: &str,
    ) -> Result<ScanEntry, ApiError> {
        self.resolve_and_record_visit(req, code, false).await
    }

    /// As [`Self::resolve_and_record`], for a visit that renders the product page
    /// (`page_view`) or not, from the entry's source.
    pub async fn resolve_and_record_visit(
        &self,
        req: &HttpRequest,
        code: &str,
        page_view: bool,
    ) -> Result<ScanEntry, ApiError> {
        let cached = self.resolve(code).await?;
        self.record_visit(req, cached.source.clone(), page_view);
        Ok(cached)
    }

    /// Queues a visit of `req` from `source` (a code's, or a product page's through
    /// another channel: [`Source::of_product_page`]). The event carries the client's
    /// address and the user agent as they are: classifying and hashing are the writer's
    /// work.
    pub fn record_visit(&self, req: &HttpRequest, source: Arc<Source>, page_view: bool) {
        let user_agent = req
            .headers()
            .get(header::USER_AGENT)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let client =
            ClientAddress::of(req).map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |address| address.0);
        self.recorder.record(Visit {
            source,
            at: crate::domain::ids::now(),
            page_view,
            client,
            user_agent,
        });
    }

    /// Resolves a code, from memory when it was resolved within the cache TTL, or within
    /// the stale limit when the database cannot be reached.
    async fn resolve(&self, code: &str) -> Result<ScanEntry, ApiError> {
        let code =
            crate::domain::posters::codes::normalize(code).ok_or(DomainError::NotFound("code"))?;
        match self.cache.lookup(&code) {
            Lookup::Serve(entry) => Ok(entry),
            Lookup::ServeAndRefresh(entry) => {
                if self.cache.queue_refresh(code) {
                    let service = self.clone();
                    actix_web::rt::spawn(async move { service.refresh().await });
                }
                Ok(entry)
            }
            // Known down: answer at once rather than wait for the pool to say so again.
            Lookup::Expired(stale) if self.pool.is_down() => Ok(stale),
            Lookup::Expired(stale) => match self.load_one(code).await {
                Err(ApiError::Domain(DomainError::Unavailable(error))) => {
                    tracing::debug!(%error, "serving a stale scan answer");
                    Ok(stale)
                }
                loaded => loaded,
            },
            Lookup::Miss => self.load_one(code).await,
        }
    }

    /// Loads one code on the request path, in the next batch.
    async fn load_one(&self, code: String) -> Result<ScanEntry, ApiError> {
        let service = self.clone();
        let loaded = self
            .loads
            .load(code, move |codes| {
                let service = service.clone();
                async move { service.load(codes).await }
            })
            .await;
        match loaded {
            Ok(Some(entry)) => Ok(entry),
            Ok(None) => Err(DomainError::NotFound("code").into()),
            Err(failed @ BatchFailed::Unavailable) => {
                Err(DomainError::Unavailable(failed.into()).into())
            }
            Err(failed @ BatchFailed::Failed) => Err(DomainError::internal(failed).into()),
        }
    }

    /// Resolves codes in one query and caches their answers; unknown codes are left out.
    async fn load(&self, codes: Vec<String>) -> Result<HashMap<String, ScanEntry>, ApiError> {
        let scans =
            with_connection(&self.pool, move |conn| scans::resolve_many(conn, &codes)).await?;
        scans
            .into_iter()
            .map(|scan| {
                let code = scan.code.clone();
                let entry = self.cache.insert(code.clone(), self.answer(scan)?);
                Ok((code, entry))
            })
            .collect()
    }

    /// Reloads the batch of codes due for a refresh in one query, once it has gathered.
    /// Codes that fail to reload keep their entries (served stale while the database is
    /// down), and their next scan asks for a refresh again.
    async fn refresh(&self) {
        actix_web::rt::time::sleep(self.cache.refresh_gathering()).await;
        let codes = self.cache.take_due();
        if let Err(error) = self.load(codes.clone()).await {
            tracing::warn!(
                ?error,
                codes = codes.len(),
                "refreshing cached scans failed"
            );
            for code in &codes {
                self.cache.refresh_failed(code);
            }
        }
    }

    /// A resolved code with its JSON answer serialized, as the cache keeps it.
    fn answer(&self, scan: ResolvedScan) -> Result<CachedScan, ApiError> {
        let json = serde_json::to_vec(&ScanJson::new(&self.urls, &scan, crate::domain::ids::now()))
            .map_err(DomainError::internal)?;
        Ok(CachedScan {
            source: Arc::new(Source::of_scan(&scan)?),
            scan,
            json: json.into(),
        })
    }
}
