//! Layered configuration: built-in defaults < optional TOML file < `SHELF_*` environment
//! variables. Secrets are wrapped so that `Debug` output never shows them.

use std::net::SocketAddr;
use std::path::PathBuf;

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

/// The JWT secret used when none is configured. Refused in production.
pub const DEVELOPMENT_JWT_SECRET: &str =
    "virtual-shelf-development-secret-do-not-use-in-production";

/// Shortest JWT secret accepted in production, in bytes.
const MIN_PRODUCTION_SECRET_LEN: usize = 32;

/// Where the service runs; production forbids development conveniences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    /// Local work: demo seed, default JWT secret allowed.
    #[default]
    Development,
    /// Real traffic: explicit secrets and public URL required, no seed.
    Production,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines for a terminal.
    #[default]
    Pretty,
    /// One JSON object per line for log collectors.
    Json,
}

/// Raw settings as read from defaults, file and environment, before validation.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct RawSettings {
    bind: String,
    data_dir: PathBuf,
    database_url: Option<String>,
    public_base_url: Option<String>,
    env: Environment,
    jwt_secret: Option<String>,
    jwt_secret_file: Option<PathBuf>,
    jwt_kid: String,
    jwt_previous_secret: Option<String>,
    jwt_previous_kid: Option<String>,
    access_token_ttl_secs: u64,
    refresh_token_ttl_secs: u64,
    db_pool_size: u32,
    log: String,
    log_format: LogFormat,
    max_json_bytes: usize,
    max_import_bytes: usize,
    max_image_bytes: usize,
    login_attempts_per_account_per_minute: u32,
    login_attempts_per_address_per_minute: u32,
    password_hash_concurrency: Option<std::num::NonZeroUsize>,
    seed_demo: bool,
    scan_flush_interval_ms: u64,
    scan_cache_ttl_ms: u64,
    payment_provider: Option<PaymentProviderKind>,
    payment_timeout_ms: u64,
    payment_webhook_secret: Option<String>,
    reservation_ttl_secs: u64,
    reservation_sweep_interval_ms: u64,
    blob_url: Option<String>,
    trusted_proxies: String,
    registrations_per_address_per_hour: u32,
    scan_stale_max_secs: u64,
    scan_retention_days: u32,
    shutdown_grace_secs: u64,
    idempotency_lease_secs: u64,
    db_acquire_timeout_ms: u64,
    db_outage_acquire_timeout_ms: u64,
    smtp_url: Option<String>,
    notify_from: String,
    notify_webhook_url: Option<String>,
    notify_webhook_secret: Option<String>,
    notify_poll_interval_ms: u64,
    notify_retry_base_ms: u64,
}

/// Which payment provider checkout uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentProviderKind {
    /// The built-in test provider (no money moves); the development default, and in
    /// production only when named explicitly.
    Test,
}

impl Default for RawSettings {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:8080".into(),
            data_dir: PathBuf::from("./data"),
            database_url: None,
            public_base_url: None,
            env: Environment::Development,
            jwt_secret: None,
            jwt_secret_file: None,
            jwt_kid: "primary".into(),
            jwt_previous_secret: None,
            jwt_previous_kid: None,
            access_token_ttl_secs: 15 * 60,
            refresh_token_ttl_secs: 30 * 24 * 3600,
            db_pool_size: 16,
            log: "info".into(),
            log_format: LogFormat::Pretty,
            max_json_bytes: 256 * 1024,
            max_import_bytes: 16 * 1024 * 1024,
            max_image_bytes: 10 * 1024 * 1024,
            login_attempts_per_account_per_minute: 10,
            login_attempts_per_address_per_minute: 600,
            password_hash_concurrency: None,
            seed_demo: true,
            scan_flush_interval_ms: 1000,
            scan_cache_ttl_ms: 1000,
            payment_provider: None,
            payment_timeout_ms: 10_000,
            payment_webhook_secret: None,
            reservation_ttl_secs: 15 * 60,
            reservation_sweep_interval_ms: 30_000,
            blob_url: None,
            trusted_proxies: String::new(),
            registrations_per_address_per_hour: 20,
            scan_stale_max_secs: 300,
            scan_retention_days: 90,
            shutdown_grace_secs: 30,
            idempotency_lease_secs: 120,
            db_acquire_timeout_ms: 10_000,
            db_outage_acquire_timeout_ms: 1_000,
            smtp_url: None,
            notify_from: "Virtual Shelf <no-reply@localhost>".into(),
            notify_webhook_url: None,
            notify_webhook_secret: None,
            notify_poll_interval_ms: 2_000,
            notify_retry_base_ms: 5_000,
        }
    }
}

/// A signing key for access tokens, named by its `kid`.
#[derive(Debug, Clone)]
pub struct JwtKey {
    /// Key id written to the token header so keys can rotate.
    pub kid: String,
    /// HMAC secret.
    pub secret: SecretString,
}

/// Validated settings the application runs with.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Address the HTTP server listens on (port 0 picks a free port).
    pub bind: String,
    /// Directory for the SQLite file and stored images.
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…`.
    pub database_url: SecretString,
    /// Origin used in QR payloads and absolute URLs; `None` means derived from the bound address.
    pub public_base_url: Option<String>,
    /// Development or production.
    pub env: Environment,
    /// Key that signs new access tokens.
    pub jwt_signing_key: JwtKey,
    /// Retired key still accepted for verification during a rotation.
    pub jwt_previous_key: Option<JwtKey>,
    /// Access token lifetime.
    pub access_token_ttl_secs: u64,
    /// Refresh token lifetime.
    pub refresh_token_ttl_secs: u64,
    /// Database connections per process.
    pub db_pool_size: u32,
    /// `tracing` filter directive, e.g. `info,virtual_shelf=debug`.
    pub log: String,
    /// Pretty or JSON log lines.
    pub log_format: LogFormat,
    /// Largest JSON request body.
    pub max_json_bytes: usize,
    /// Largest catalogue import body.
    pub max_import_bytes: usize,
    /// Largest image upload.
    pub max_image_bytes: usize,
    /// Login attempts allowed per email per minute.
    pub login_attempts_per_account_per_minute: u32,
    /// Login attempts allowed per client address per minute.
    pub login_attempts_per_address_per_minute: u32,
    /// Passwords hashed at once; `None` means one fewer than the cores (at least one).
    pub password_hash_concurrency: Option<std::num::NonZeroUsize>,
    /// Seed the demo retailer into an empty database (never in production).
    pub seed_demo: bool,
    /// How often queued scan events are written; a crash loses at most this much.
    pub scan_flush_interval: std::time::Duration,
    /// How long a resolved code is served from memory before it is read again.
    pub scan_cache_ttl: std::time::Duration,
    /// The payment provider.
    pub payment_provider: PaymentProviderKind,
    /// Longest wait for the payment provider.
    pub payment_timeout: std::time::Duration,
    /// Key of the HMAC that signs provider events; without it the event endpoint is off.
    pub payment_webhook_secret: Option<SecretString>,
    /// How long a pending order holds its stock and slot.
    pub reservation_ttl: std::time::Duration,
    /// How often overdue reservations are looked for.
    pub reservation_sweep_interval: std::time::Duration,
    /// Where uploaded photos are stored.
    pub blob_location: BlobLocation,
    /// Peers whose `Forwarded` / `X-Forwarded-For` headers name the client.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Accounts one client address may register per hour.
    pub registrations_per_address_per_hour: u32,
    /// How long a cached scan answer may still be served while the database is down.
    pub scan_stale_max: std::time::Duration,
    /// How many days raw scan events are kept (reports read rollups, not events).
    pub scan_retention_days: u32,
    /// How long in-flight requests get to finish after SIGTERM.
    pub shutdown_grace: std::time::Duration,
    /// How long an unanswered checkout claim blocks retries of its idempotency key.
    pub idempotency_lease: std::time::Duration,
    /// Longest wait for a pooled connection while the database answers.
    pub db_acquire_timeout: std::time::Duration,
    /// Longest wait for a pooled connection while the database is known to be down, so
    /// requests fail fast instead of queueing behind the outage.
    pub db_outage_acquire_timeout: std::time::Duration,
    /// How customers and staff are told: SMTP, the webhook, the outbox worker's pace.
    pub notify: NotifySettings,
}

/// The notifier's channels and pace (`SHELF_SMTP_URL`, `SHELF_NOTIFY_*`).
#[derive(Debug, Clone)]
pub struct NotifySettings {
    /// `smtp://host:port` (plain, for a local relay), `smtp://…?tls=required` (STARTTLS)
    /// or `smtps://user:pass@host` (TLS); `None` turns email off (deliveries are skipped).
    pub smtp_url: Option<SecretString>,
    /// The `From` of every email, e.g. `Corner Market <orders@shop.example>`.
    pub from: String,
    /// The webhook for SMS or messenger gateways; `None` turns it off.
    pub webhook: Option<WebhookTarget>,
    /// How often the worker looks for due messages.
    pub poll_interval: std::time::Duration,
    /// The wait after a first failed attempt, doubled per attempt after it.
    pub retry_base: std::time::Duration,
}

/// Where webhook messages go and the key that signs them.
#[derive(Debug, Clone)]
pub struct WebhookTarget {
    /// `http(s)://…` the messages are POSTed to.
    pub url: String,
    /// The signing key: `SHELF_NOTIFY_WEBHOOK_SECRET` is `whsec_` and its base64.
    pub key: secrecy::SecretSlice<u8>,
}

/// Where uploaded photos live (`SHELF_BLOB_URL`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlobLocation {
    /// In the database every node shares (`database`; the PostgreSQL default).
    Database,
    /// Files in a directory (`file:///path`; the SQLite default, `<data dir>/media`).
    Directory(PathBuf),
    /// An S3 bucket (`s3://bucket/prefix`), endpoint and credentials from `AWS_*`.
    S3 {
        /// Bucket name.
        bucket: String,
        /// Key prefix, without leading or trailing slash; may be empty.
        prefix: String,
    },
}

/// A configuration that cannot be used, with the reason.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The sources could not be read or parsed.
    #[error("configuration could not be read: {0}")]
    Read(#[from] Box<figment::Error>),
    /// A value is present but unusable.
    #[error("configuration is invalid: {0}")]
    Invalid(String),
}

impl Settings {
    /// Reads defaults, then the file named by `SHELF_CONFIG` (or `shelf.toml` if present),
    /// then `SHELF_*` environment variables.
    pub fn load() -> Result<Self, ConfigError> {
        let file = std::env::var("SHELF_CONFIG").unwrap_or_else(|_| "shelf.toml".into());
        let figment = Figment::from(Serialized::defaults(RawSettings::default()))
            .merge(Toml::file(file))
            .merge(Env::prefixed("SHELF_").ignore(&["config"]));
        Self::from_figment(figment)
    }

    /// Settings from defaults overlaid with the given TOML text; used by tests and tools
    /// that configure the service without touching the process environment.
    pub fn from_toml(toml: &str) -> Result<Self, ConfigError> {
        Self::from_figment(
            Figment::from(Serialized::defaults(RawSettings::default())).merge(Toml::string(toml)),
        )
    }

    fn from_figment(figment: Figment) -> Result<Self, ConfigError> {
        let raw: RawSettings = figment.extract().map_err(Box::new)?;
        raw.validate()
    }

    /// The public origin, using the actually bound address when none is configured.
    pub fn public_base_url_for(&self, bound: SocketAddr) -> String {
        self.public_base_url
            .clone()
            .unwrap_or_else(|| format!("http://{bound}"))
    }
}

impl RawSettings {
    fn validate(self) -> Result<Settings, ConfigError> {
        let production = self.env == Environment::Production;
        let database_url = self.database_url.clone().unwrap_or_else(|| {
            format!(
                "sqlite://{}",
                self.data_dir.join("virtual-shelf.db").display()
            )
        });
        let public_base_url = match self.public_base_url.as_deref() {
            Some(url) => Some(validate_origin(url)?),
            None if production => {
                return Err(ConfigError::Invalid(
                    "SHELF_PUBLIC_BASE_URL is required in production".into(),
                ));
            }
            None => None,
        };
        let secret = match (&self.jwt_secret, &self.jwt_secret_file) {
            (Some(_), Some(_)) => {
                return Err(ConfigError::Invalid(
                    "set SHELF_JWT_SECRET or SHELF_JWT_SECRET_FILE, not both".into(),
                ));
            }
            (Some(secret), None) => Some(secret.clone()),
            (None, Some(path)) => Some(
                std::fs::read_to_string(path)
                    .map_err(|e| {
                        ConfigError::Invalid(format!(
                            "SHELF_JWT_SECRET_FILE {} unreadable: {e}",
                            path.display()
                        ))
                    })?
                    .trim()
                    .to_owned(),
            ),
            (None, None) => None,
        };
        let secret = match secret {
            Some(s) if production && (s == DEVELOPMENT_JWT_SECRET) => {
                return Err(ConfigError::Invalid(
                    "the development JWT secret cannot be used in production".into(),
                ));
            }
            Some(s) if production && s.len() < MIN_PRODUCTION_SECRET_LEN => {
                return Err(ConfigError::Invalid(format!(
                    "the JWT secret must be at least {MIN_PRODUCTION_SECRET_LEN} bytes in production"
                )));
            }
            Some(s) if s.is_empty() => {
                return Err(ConfigError::Invalid("the JWT secret is empty".into()));
            }
            Some(s) => s,
            None if production => {
                return Err(ConfigError::Invalid(
                    "SHELF_JWT_SECRET (or SHELF_JWT_SECRET_FILE) is required in production".into(),
                ));
            }
            None => DEVELOPMENT_JWT_SECRET.to_owned(),
        };
        let jwt_previous_key = match (self.jwt_previous_kid, self.jwt_previous_secret) {
            (Some(kid), Some(secret)) if kid != self.jwt_kid => Some(JwtKey {
                kid,
                secret: secret.into(),
            }),
            (None, None) => None,
            _ => {
                return Err(ConfigError::Invalid(
                    "SHELF_JWT_PREVIOUS_KID and SHELF_JWT_PREVIOUS_SECRET go together, \
                     with a kid other than SHELF_JWT_KID"
                        .into(),
                ));
            }
        };
        if self.db_pool_size == 0 {
            return Err(ConfigError::Invalid(
                "SHELF_DB_POOL_SIZE must be at least 1".into(),
            ));
        }
        if self.login_attempts_per_account_per_minute == 0
            || self.login_attempts_per_address_per_minute == 0
        {
            return Err(ConfigError::Invalid(
                "login rate limits must be at least 1".into(),
            ));
        }
        // Production never falls back to the test provider: it must be chosen by name
        // (a staging deployment), and startup then warns that no money moves.
        let payment_provider = match (self.payment_provider, production) {
            (None, true) => {
                return Err(ConfigError::Invalid(
                    "SHELF_PAYMENT_PROVIDER is required in production".into(),
                ));
            }
            (Some(kind), _) => kind,
            (None, false) => PaymentProviderKind::Test,
        };
        if self.reservation_ttl_secs == 0 || self.reservation_sweep_interval_ms == 0 {
            return Err(ConfigError::Invalid(
                "SHELF_RESERVATION_TTL_SECS and SHELF_RESERVATION_SWEEP_INTERVAL_MS must be positive"
                    .into(),
            ));
        }
        let blob_location = match self.blob_url.as_deref().filter(|url| !url.is_empty()) {
            Some(url) => parse_blob_url(url)?,
            None if database_url.starts_with("postgres") => BlobLocation::Database,
            None => BlobLocation::Directory(self.data_dir.join("media")),
        };
        let trusted_proxies = parse_trusted_proxies(&self.trusted_proxies)?;
        if self.registrations_per_address_per_hour == 0 {
            return Err(ConfigError::Invalid(
                "SHELF_REGISTRATIONS_PER_ADDRESS_PER_HOUR must be at least 1".into(),
            ));
        }
        if self.idempotency_lease_secs == 0
            || self.db_acquire_timeout_ms == 0
            || self.db_outage_acquire_timeout_ms == 0
        {
            return Err(ConfigError::Invalid(
                "SHELF_IDEMPOTENCY_LEASE_SECS, SHELF_DB_ACQUIRE_TIMEOUT_MS and \
                 SHELF_DB_OUTAGE_ACQUIRE_TIMEOUT_MS must be positive"
                    .into(),
            ));
        }
        Ok(Settings {
            bind: self.bind,
            data_dir: self.data_dir,
            database_url: database_url.into(),
            public_base_url,
            env: self.env,
            jwt_signing_key: JwtKey {
                kid: self.jwt_kid,
                secret: secret.into(),
            },
            jwt_previous_key,
            access_token_ttl_secs: self.access_token_ttl_secs,
            refresh_token_ttl_secs: self.refresh_token_ttl_secs,
            db_pool_size: self.db_pool_size,
            log: self.log,
            log_format: self.log_format,
            max_json_bytes: self.max_json_bytes,
            max_import_bytes: self.max_import_bytes,
            max_image_bytes: self.max_image_bytes,
            login_attempts_per_account_per_minute: self.login_attempts_per_account_per_minute,
            login_attempts_per_address_per_minute: self.login_attempts_per_address_per_minute,
            password_hash_concurrency: self.password_hash_concurrency,
            seed_demo: self.seed_demo && !production,
            scan_flush_interval: std::time::Duration::from_millis(
                self.scan_flush_interval_ms.max(10),
            ),
            scan_cache_ttl: std::time::Duration::from_millis(self.scan_cache_ttl_ms),
            payment_provider,
            payment_timeout: std::time::Duration::from_millis(self.payment_timeout_ms),
            payment_webhook_secret: self
                .payment_webhook_secret
                .filter(|secret| !secret.is_empty())
                .map(SecretString::from),
            reservation_ttl: std::time::Duration::from_secs(self.reservation_ttl_secs),
            reservation_sweep_interval: std::time::Duration::from_millis(
                self.reservation_sweep_interval_ms,
            ),
            blob_location,
            trusted_proxies,
            registrations_per_address_per_hour: self.registrations_per_address_per_hour,
            scan_stale_max: std::time::Duration::from_secs(self.scan_stale_max_secs),
            scan_retention_days: self.scan_retention_days,
            shutdown_grace: std::time::Duration::from_secs(self.shutdown_grace_secs),
            idempotency_lease: std::time::Duration::from_secs(self.idempotency_lease_secs),
            db_acquire_timeout: std::time::Duration::from_millis(self.db_acquire_timeout_ms),
            db_outage_acquire_timeout: std::time::Duration::from_millis(
                self.db_outage_acquire_timeout_ms,
            ),
            notify: NotifySettings {
                smtp_url: parse_smtp_url(self.smtp_url)?,
                from: self.notify_from,
                webhook: parse_webhook(self.notify_webhook_url, self.notify_webhook_secret)?,
                poll_interval: std::time::Duration::from_millis(
                    self.notify_poll_interval_ms.max(10),
                ),
                retry_base: std::time::Duration::from_millis(self.notify_retry_base_ms.max(1)),
            },
        })
    }
}

/// Accepts `scheme://host[:port]` with an optional trailing slash, nothing more.
fn validate_origin(url: &str) -> Result<String, ConfigError> {
    let invalid = || {
        ConfigError::Invalid(format!(
            "SHELF_PUBLIC_BASE_URL must be an origin like https://shop.example, got {url:?}"
        ))
    };
    let trimmed = url.trim_end_matches('/');
    let (scheme, rest) = trimmed.split_once("://").ok_or_else(invalid)?;
    let host_ok = !rest.is_empty() && !rest.contains(['/', '?', '#', '@', ' ']) && rest.is_ascii();
    if !matches!(scheme, "http" | "https") || !host_ok {
        return Err(invalid());
    }
    Ok(trimmed.to_owned())
}

/// Parses `database`, `file:///absolute/dir` or `s3://bucket[/prefix]`.
fn parse_blob_url(url: &str) -> Result<BlobLocation, ConfigError> {
    let invalid = |why: &str| {
        ConfigError::Invalid(format!(
            "SHELF_BLOB_URL {url:?}: {why}; use database, file:///DIR or s3://BUCKET/PREFIX"
        ))
    };
    if url == "database" {
        return Ok(BlobLocation::Database);
    }
    if let Some(path) = url.strip_prefix("file://") {
        if !path.starts_with('/') {
            return Err(invalid("the directory must be an absolute path"));
        }
        return Ok(BlobLocation::Directory(PathBuf::from(path)));
    }
    if let Some(rest) = url.strip_prefix("s3://") {
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err(invalid("the bucket is missing"));
        }
        return Ok(BlobLocation::S3 {
            bucket: bucket.to_owned(),
            prefix: prefix.trim_matches('/').to_owned(),
        });
    }
    Err(invalid("unknown scheme"))
}

/// Accepts an `smtp://` or `smtps://` URL; empty means email is off.
fn parse_smtp_url(url: Option<String>) -> Result<Option<SecretString>, ConfigError> {
    match url.filter(|url| !url.is_empty()) {
        None => Ok(None),
        Some(url) if url.starts_with("smtp://") || url.starts_with("smtps://") => {
            Ok(Some(url.into()))
        }
        // The URL may hold a password: name only its scheme.
        Some(url) => Err(ConfigError::Invalid(format!(
            "SHELF_SMTP_URL must start with smtp:// or smtps://, got {}://…",
            url.split_once("://")
                .map_or("(no scheme)", |(scheme, _)| scheme)
        ))),
    }
}

/// The webhook target: a URL with its `whsec_` secret, or neither.
fn parse_webhook(
    url: Option<String>,
    secret: Option<String>,
) -> Result<Option<WebhookTarget>, ConfigError> {
    use base64::Engine;
    let url = url.filter(|url| !url.is_empty());
    let secret = secret.filter(|secret| !secret.is_empty());
    let (url, secret) = match (url, secret) {
        (None, None) => return Ok(None),
        (Some(url), Some(secret)) => (url, secret),
        _ => {
            return Err(ConfigError::Invalid(
                "SHELF_NOTIFY_WEBHOOK_URL and SHELF_NOTIFY_WEBHOOK_SECRET go together".into(),
            ));
        }
    };
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(ConfigError::Invalid(
            "SHELF_NOTIFY_WEBHOOK_URL must be an http:// or https:// URL".into(),
        ));
    }
    let key = secret
        .strip_prefix("whsec_")
        .and_then(|encoded| {
            base64::engine::general_purpose::STANDARD
                .decode(encoded)
                .ok()
        })
        .filter(|key| key.len() >= 24)
        .ok_or_else(|| {
            ConfigError::Invalid(
                "SHELF_NOTIFY_WEBHOOK_SECRET must be whsec_ followed by the base64 of at least                  24 random bytes"
                    .into(),
            )
        })?;
    Ok(Some(WebhookTarget {
        url,
        key: key.into(),
    }))
}

/// Parses addresses and CIDR blocks separated by commas or spaces; a bare address is a
/// block of one.
fn parse_trusted_proxies(list: &str) -> Result<Vec<ipnet::IpNet>, ConfigError> {
    list.split([',', ' '])
        .filter(|item| !item.is_empty())
        .map(|item| {
            item.parse::<ipnet::IpNet>()
                .or_else(|_| item.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|_| {
                    ConfigError::Invalid(format!(
                        "SHELF_TRUSTED_PROXIES: {item:?} is neither an address nor a CIDR block"
                    ))
                })
        })
        .collect()
}

impl Settings {
    /// The database URL, for code that has to open a connection.
    pub fn database_url(&self) -> &str {
        self.database_url.expose_secret()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn production_refuses_missing_or_default_secret() {
        let base = "env = \"production\"\npublic_base_url = \"https://shop.example\"\n";
        assert!(Settings::from_toml(base).is_err());
        let default = format!("{base}jwt_secret = \"{DEVELOPMENT_JWT_SECRET}\"\n");
        assert!(Settings::from_toml(&default).is_err());
        let short = format!("{base}jwt_secret = \"short\"\n");
        assert!(Settings::from_toml(&short).is_err());
        let no_provider = format!("{base}jwt_secret = \"{}\"\n", "x".repeat(40));
        assert!(Settings::from_toml(&no_provider).is_err());
        let good = format!("{no_provider}payment_provider = \"test\"\n");
        let settings = Settings::from_toml(&good).expect("valid production settings");
        assert!(!settings.seed_demo);
    }

    #[test]
    fn secrets_never_print() {
        let settings = Settings::from_toml("jwt_secret = \"hunter2-hunter2\"\n").expect("valid");
        let printed = format!("{settings:?}");
        assert!(!printed.contains("hunter2"));
        assert!(
            !printed.contains("virtual-shelf.db"),
            "database URL may hold a password"
        );
    }

    #[test]
    fn public_base_url_must_be_an_origin() {
        assert!(Settings::from_toml("public_base_url = \"https://shop.example/path\"").is_err());
        assert!(Settings::from_toml("public_base_url = \"ftp://shop.example\"").is_err());
        let ok = Settings::from_toml("public_base_url = \"https://shop.example:8443/\"")
            .expect("origin with port");
        assert_eq!(
            ok.public_base_url.as_deref(),
            Some("https://shop.example:8443")
        );
    }

    #[test]
    fn blobs_follow_the_database_unless_named() {
        let sqlite = Settings::from_toml("data_dir = \"/tmp/shelf\"").expect("valid");
        assert_eq!(
            sqlite.blob_location,
            BlobLocation::Directory(PathBuf::from("/tmp/shelf/media"))
        );
        let postgres =
            Settings::from_toml("database_url = \"postgres://db/shelf\"").expect("valid");
        assert_eq!(postgres.blob_location, BlobLocation::Database);
        let s3 = Settings::from_toml("blob_url = \"s3://photos/shelf/media/\"").expect("valid");
        assert_eq!(
            s3.blob_location,
            BlobLocation::S3 {
                bucket: "photos".into(),
                prefix: "shelf/media".into()
            }
        );
        assert!(Settings::from_toml("blob_url = \"file://relative\"").is_err());
        assert!(Settings::from_toml("blob_url = \"ftp://x\"").is_err());
    }

    #[test]
    fn trusted_proxies_take_addresses_and_blocks() {
        let settings =
            Settings::from_toml("trusted_proxies = \"127.0.0.1, 10.0.0.0/8 ::1\"").expect("valid");
        assert_eq!(settings.trusted_proxies.len(), 3);
        assert!(
            settings.trusted_proxies[1]
                .contains(&"10.1.2.3".parse::<std::net::IpAddr>().expect("ip"))
        );
        assert!(Settings::from_toml("trusted_proxies = \"10.0.0.0/33\"").is_err());
        assert!(Settings::from_toml("trusted_proxies = \"proxy.local\"").is_err());
    }

    #[test]
    fn notification_channels_are_checked() {
        let off = Settings::from_toml("").expect("valid");
        assert!(off.notify.smtp_url.is_none() && off.notify.webhook.is_none());
        assert!(Settings::from_toml("smtp_url = \"http://mail\"").is_err());
        let smtp =
            Settings::from_toml("smtp_url = \"smtps://u:hunter2@mail.example\"").expect("valid");
        assert!(!format!("{smtp:?}").contains("hunter2"));
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        assert!(Settings::from_toml(&format!("notify_webhook_secret = \"{secret}\"")).is_err());
        let url = "notify_webhook_url = \"https://sms.example/hook\"";
        assert!(Settings::from_toml(url).is_err());
        assert!(
            Settings::from_toml(&format!("{url}\nnotify_webhook_secret = \"MfKQ9r8G\"")).is_err()
        );
        let webhook = Settings::from_toml(&format!("{url}\nnotify_webhook_secret = \"{secret}\""))
            .expect("valid");
        assert!(webhook.notify.webhook.is_some());
    }

    #[test]
    fn database_url_defaults_into_data_dir() {
        let settings = Settings::from_toml("data_dir = \"/tmp/shelf\"").expect("valid");
        assert_eq!(
            settings.database_url(),
            "sqlite:///tmp/shelf/virtual-shelf.db"
        );
    }
}
