//! Building and running the service: pool, migrations, seed, HTTP server.

use std::net::TcpListener;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Instant;

use actix_web::dev::{Server, ServerHandle, Service};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::{App, HttpMessage, HttpServer, web};
use anyhow::Context;
use tracing_actix_web::{RequestId, TracingLogger};
use utoipa_actix_web::AppExt;

use crate::app::cpu::CpuPools;
use crate::app::metrics::Metrics;
use crate::app::scans::ScanService;
use crate::app::state::{AppState, BodyLimits};
use crate::app::urls::PublicUrls;
use crate::cache::refreshing::RefreshingCache;
use crate::config::{Environment, PaymentProviderKind, Settings};
use crate::db::{self, Backend, DbPool};
use crate::domain::accounts::access_tokens::AccessTokens;
use crate::domain::accounts::referrals;
use crate::domain::accounts::sessions::SessionPolicy;
use crate::domain::accounts::throttle::Throttles;
use crate::domain::checkout::CheckoutPolicy;
use crate::domain::payments::PaymentProvider;
use crate::domain::payments::test_provider::TestPaymentProvider;
use crate::domain::scans::recorder::ScanRecorder;
use crate::telemetry::RequestSpan;
use crate::{notifier, seed, storage, sweeper};

/// A built service, bound to its port, ready to run.
pub struct Application {
    server: Server,
    port: u16,
    public_base_url: String,
    pool: DbPool,
    scan_recorder: Arc<ScanRecorder>,
    sweeper: tokio::task::JoinHandle<()>,
    notifier: notifier::Running,
}

/// Opens the pool for the configured backend and applies pending migrations.
pub async fn open_database(settings: &Settings) -> anyhow::Result<DbPool> {
    open_pool(Backend::from_url(settings.database_url())?, settings).await
}

/// How long requests wait for a pooled connection, as configured.
fn acquire_timeouts(settings: &Settings) -> db::AcquireTimeouts {
    db::AcquireTimeouts {
        normal: settings.db_acquire_timeout,
        outage: settings.db_outage_acquire_timeout,
    }
}

/// Opens the pool `settings` describe to `backend` and applies pending migrations.
async fn open_pool(backend: Backend, settings: &Settings) -> anyhow::Result<DbPool> {
    let size = settings.db_pool_size;
    let timeouts = acquire_timeouts(settings);
    tokio::task::spawn_blocking(move || -> anyhow::Result<DbPool> {
        let pool = db::build_pool(backend, size, timeouts).context("opening the database")?;
        let mut conn = pool.get().context("connecting to the database")?;
        let applied = db::migrate::run_pending(&mut conn)?;
        if applied > 0 {
            tracing::info!(applied, "database migrations applied");
        }
        let given = referrals::give_missing_codes(&mut conn)?;
        if given > 0 {
            tracing::info!(given, "referral codes given to earlier customers");
        }
        Ok(pool)
    })
    .await?
}

/// Connections of the test payment provider's own pool.
const TEST_PROVIDER_CONNECTIONS: u32 = 2;

/// The configured payment provider. The test provider keeps its state in the database,
/// through a pool of its own: it stands in for an outside service, and a provider call
/// made while a request holds one of the service's connections (a capture on dispatch, a
/// void on cancel) must never wait for another connection of that same pool.
async fn payment_provider(
    settings: &Settings,
    backend: Backend,
) -> anyhow::Result<Arc<dyn PaymentProvider>> {
    match settings.payment_provider {
        PaymentProviderKind::Test => {
            if settings.env == Environment::Production {
                tracing::warn!("payments use the TEST provider: no money moves");
            }
            let timeouts = acquire_timeouts(settings);
            let pool = tokio::task::spawn_blocking(move || {
                db::build_pool(backend, TEST_PROVIDER_CONNECTIONS, timeouts)
            })
            .await?
            .context("opening the test payment provider's connections")?;
            Ok(Arc::new(TestPaymentProvider::new(
                pool,
                settings.payment_timeout,
            )))
        }
    }
}

impl Application {
    /// Opens the database, migrates, binds the listener and seeds (development only).
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let backend = Backend::from_url(settings.database_url())?;
        let pool = open_pool(backend.clone(), &settings).await?;
        let listener = TcpListener::bind(&settings.bind)
            .with_context(|| format!("binding {}", settings.bind))?;
        let address = listener.local_addr()?;
        let public_base_url = settings.public_base_url_for(address);
        let scan_recorder = Arc::new(ScanRecorder::start(
            pool.clone(),
            &backend,
            settings.scan_flush_interval,
        )?);
        let urls = PublicUrls::new(public_base_url.as_str());
        let blobs = storage::open(&settings.blob_location, &pool)?;
        // After binding: the demo print's QR codes carry the public base URL.
        if settings.seed_demo {
            let pool = pool.clone();
            let files = seed::SeedFiles {
                blobs: blobs.clone(),
                urls: urls.clone(),
                data_dir: settings.data_dir.clone(),
            };
            tokio::task::spawn_blocking(move || seed::seed_if_empty(&pool, &files)).await??;
        }
        let metrics = Arc::new(Metrics::new().context("metrics registry")?);
        let state = AppState {
            pool: pool.clone(),
            sessions: Arc::new(SessionPolicy {
                access_tokens: AccessTokens::new(
                    &settings.jwt_signing_key,
                    settings.jwt_previous_key.as_ref(),
                    settings.access_token_ttl_secs,
                ),
                refresh_ttl_secs: settings.refresh_token_ttl_secs,
            }),
            throttle: Arc::new(Throttles::new(
                NonZeroU32::new(settings.login_attempts_per_account_per_minute)
                    .context("login limit per account")?,
                NonZeroU32::new(settings.login_attempts_per_address_per_minute)
                    .context("login limit per address")?,
                NonZeroU32::new(settings.registrations_per_address_per_hour)
                    .context("registration limit per address")?,
            )),
            trusted_proxies: settings.trusted_proxies.clone().into(),
            blobs,
            urls: urls.clone(),
            limits: BodyLimits {
                json: settings.max_json_bytes,
                import: settings.max_import_bytes,
                image: settings.max_image_bytes,
            },
            scans: ScanService::new(
                pool.clone(),
                urls,
                scan_recorder.clone(),
                RefreshingCache::new(settings.scan_cache_ttl, settings.scan_stale_max, 100_000),
                500,
            ),
            payments: payment_provider(&settings, backend.clone()).await?,
            csrf: Arc::new(crate::app::pages::csrf::CsrfKey::derive(
                &settings.jwt_signing_key.secret,
            )),
            checkout: CheckoutPolicy {
                reservation: settings.reservation_ttl,
                idempotency_lease: settings.idempotency_lease,
            },
            payment_webhook_secret: settings.payment_webhook_secret.clone().map(Arc::new),
            metrics: metrics.clone(),
            cpu: CpuPools::start(settings.password_hash_concurrency)
                .context("starting the CPU pools")?,
        };
        let payments = state.payments.clone();
        let data = web::Data::new(state);
        let json_limit = settings.max_json_bytes;
        let document = web::Data::new(crate::faces::document());
        let server = HttpServer::new(move || {
            let metrics = metrics.clone();
            App::new()
                .wrap_fn(move |req, srv| {
                    let request_id = req.extensions().get::<RequestId>().copied();
                    let started = Instant::now();
                    let method = req.method().clone();
                    let metrics = metrics.clone();
                    let response = srv.call(req);
                    async move {
                        let mut response = response.await?;
                        // Asked after routing, actix answers from the matched resource
                        // instead of matching the path against every pattern again.
                        let route = response.request().match_pattern();
                        metrics.observe_request(
                            method.as_str(),
                            route.as_deref().unwrap_or("unmatched"),
                            response.status().as_u16(),
                            started.elapsed(),
                        );
                        if let Some(id) =
                            request_id.and_then(|id| HeaderValue::from_str(&id.to_string()).ok())
                        {
                            response
                                .headers_mut()
                                .insert(HeaderName::from_static("x-request-id"), id);
                        }
                        Ok(response)
                    }
                })
                .wrap(TracingLogger::<RequestSpan>::new())
                .app_data(data.clone())
                .app_data(document.clone())
                .into_utoipa_app()
                .configure(|cfg| crate::faces::configure(cfg, json_limit))
                .into_app()
        })
        .shutdown_timeout(settings.shutdown_grace.as_secs())
        .listen(listener)?
        .run();
        tracing::info!(%address, %public_base_url, "listening");
        let sweeper = sweeper::spawn(
            pool.clone(),
            payments,
            settings.reservation_sweep_interval,
            settings.scan_retention_days,
        );
        let notifier = notifier::spawn(pool.clone(), &settings.notify, &public_base_url)?;
        Ok(Self {
            server,
            port: address.port(),
            public_base_url,
            pool,
            scan_recorder,
            sweeper,
            notifier,
        })
    }

    /// The bound port (useful with port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The origin used in absolute URLs.
    pub fn public_base_url(&self) -> &str {
        &self.public_base_url
    }

    /// The pool, for tests that inspect the database directly.
    pub fn pool(&self) -> DbPool {
        self.pool.clone()
    }

    /// A handle to stop the server gracefully.
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Serves until a shutdown signal (SIGINT/SIGTERM) or [`ServerHandle::stop`]; in-flight
    /// requests finish first, then the notifier's batch in hand, then queued scan events
    /// are written.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let served = self.server.await;
        self.sweeper.abort();
        self.notifier.stop().await;
        let recorder = self.scan_recorder;
        tokio::task::spawn_blocking(move || recorder.shutdown()).await?;
        tracing::info!("stopped");
        served
    }
}
