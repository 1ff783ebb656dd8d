//! Starting the API for a test: a real server on a free port, a fresh database per test
//! (a SQLite file in a temp dir, or a new database in the test PostgreSQL), the demo seed.

use std::sync::Once;

use actix_web::dev::ServerHandle;
use diesel::RunQueryDsl;
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde_json::{Value, json};
use tempfile::TempDir;
use virtual_shelf::config::Settings;
use virtual_shelf::db::{self, Backend as DbBackend, DbConnection, DbPool};
use virtual_shelf::startup::Application;

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file of its own.
    Sqlite,
    /// A database of its own in the PostgreSQL named by `SHELF_TEST_POSTGRES_URL`.
    Postgres,
}

/// The password of every seeded demo account.
pub const DEMO_PASSWORD: &str = "demo-password";
/// The JWT secret test apps sign with.
pub const TEST_JWT_SECRET: &str = "test-secret-test-secret-test-secret-0123";

/// Runs each named `async fn(Backend)` once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::helpers::Backend::Sqlite).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name($crate::helpers::Backend::Postgres).await;
                }
            }
        )*
    };
}

/// A running API and what a test needs to talk to it.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub address: String,
    /// HTTP client (no proxy, loopback only).
    pub client: reqwest::Client,
    /// The app's own pool, for checks that look at the database directly.
    pub pool: DbPool,
    database_url: String,
    /// Data directory (SQLite file, media), deleted when the app is dropped.
    _data_dir: TempDir,
    handle: ServerHandle,
    server: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let handle = self.handle.clone();
        drop(handle.stop(false));
    }
}

/// The admin URL of the test PostgreSQL; its absence fails the test, never skips it.
pub fn postgres_admin_url() -> String {
    std::env::var("SHELF_TEST_POSTGRES_URL").expect(
        "SHELF_TEST_POSTGRES_URL is not set: run the tests with scripts/test, which starts PostgreSQL",
    )
}

/// A new, empty database for one test, returned as its URL.
pub async fn fresh_database(backend: Backend, dir: &TempDir) -> String {
    match backend {
        Backend::Sqlite => format!("sqlite://{}", dir.path().join("test.db").display()),
        Backend::Postgres => {
            let admin = postgres_admin_url();
            let name = format!("test_{}", uuid::Uuid::new_v4().simple());
            let create = format!("CREATE DATABASE {name}");
            let admin_for_task = admin.clone();
            tokio::task::spawn_blocking(move || {
                let mut conn = db::establish(&DbBackend::Postgres(admin_for_task))
                    .expect("connect to the test PostgreSQL");
                diesel::sql_query(create)
                    .execute(&mut conn)
                    .expect("create test database");
            })
            .await
            .expect("create database task");
            let (base, _) = admin.rsplit_once('/').expect("URL with a database name");
            format!("{base}/{name}")
        }
    }
}

pub fn init_logs() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let filter = std::env::var("TEST_LOG").unwrap_or_else(|_| "error".into());
        virtual_shelf::telemetry::init(&filter, virtual_shelf::config::LogFormat::Pretty);
    });
}

/// Settings for a test app on `database_url`, with extra TOML lines appended.
pub fn test_settings(database_url: &str, data_dir: &TempDir, extra: &str) -> Settings {
    // Small pools keep many parallel tests within PostgreSQL's connection limit.
    let pool = if extra.contains("db_pool_size") {
        ""
    } else {
        "db_pool_size = 4\n"
    };
    // Every test client registers from 127.0.0.1, some a hundred times.
    let registrations = if extra.contains("registrations_per_address_per_hour") {
        ""
    } else {
        "registrations_per_address_per_hour = 100000\n"
    };
    let toml = format!(
        "bind = \"127.0.0.1:0\"\n\
         data_dir = \"{}\"\n\
         database_url = \"{database_url}\"\n\
         jwt_secret = \"{TEST_JWT_SECRET}\"\n\
         {pool}{registrations}{extra}\n",
        data_dir.path().display()
    );
    Settings::from_toml(&toml).expect("valid test settings")
}

/// Starts the API with the demo seed on a fresh database.
pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, "").await
}

/// Starts the API with extra settings (TOML lines) on a fresh database.
pub async fn spawn_app_with(backend: Backend, extra: &str) -> TestApp {
    init_logs();
    let data_dir = tempfile::tempdir().expect("temp dir");
    let database_url = fresh_database(backend, &data_dir).await;
    start(database_url, data_dir, extra).await
}

async fn start(database_url: String, data_dir: TempDir, extra: &str) -> TestApp {
    let settings = test_settings(&database_url, &data_dir, extra);
    let app = Application::build(settings)
        .await
        .expect("application builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let pool = app.pool();
    let handle = app.handle();
    let server = Some(tokio::spawn(app.run_until_stopped()));
    TestApp {
        address,
        client: reqwest::Client::builder()
            .no_proxy()
            .build()
            .expect("http client"),
        pool,
        database_url,
        _data_dir: data_dir,
        handle,
        server,
    }
}

impl TestApp {
    /// Runs `work` with one of the app's pooled connections, off the async workers; for
    /// checks and setups that go to the database directly.
    pub async fn with_db<T, F>(&self, work: F) -> T
    where
        F: FnOnce(&mut DbConnection) -> T + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || work(&mut pool.get().expect("connection")))
            .await
            .expect("database task")
    }

    /// Another API process on this app's database, as when several nodes share one.
    pub async fn sibling(&self, extra: &str) -> TestApp {
        let data_dir = tempfile::tempdir().expect("temp dir");
        start(self.database_url.clone(), data_dir, extra).await
    }

    /// Stops the server gracefully (in-flight requests finish, queued scan events are
    /// written) and waits until it has. The pool stays usable for checks.
    pub async fn stop(&mut self) {
        self.handle.stop(true).await;
        if let Some(server) = self.server.take() {
            server
                .await
                .expect("server task")
                .expect("server stopped cleanly");
        }
    }

    /// A request to `path` on this app.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.client
            .request(method, format!("{}{path}", self.address))
    }

    /// A request carrying `token` as bearer.
    pub fn authed(&self, method: Method, path: &str, token: &str) -> RequestBuilder {
        self.request(method, path).bearer_auth(token)
    }

    /// Logs in and returns the whole token pair.
    pub async fn login_pair(&self, email: &str, password: &str) -> Value {
        let response = self
            .request(Method::POST, "/v1/auth/login")
            .json(&json!({"email": email, "password": password}))
            .send()
            .await
            .expect("login request");
        expect_json(response, StatusCode::OK).await
    }

    /// Logs in and returns the access token.
    pub async fn login(&self, email: &str, password: &str) -> String {
        let pair = self.login_pair(email, password).await;
        pair["access_token"]
            .as_str()
            .expect("access token")
            .to_owned()
    }

    /// `GET /v1/me` with `token`, which must answer 200.
    pub async fn me(&self, token: &str) -> Value {
        let response = self
            .authed(Method::GET, "/v1/me", token)
            .send()
            .await
            .expect("me");
        expect_json(response, StatusCode::OK).await
    }

    /// Posts a CSV catalogue import to `shop` and returns the answer as it came.
    pub async fn import_csv(
        &self,
        shop: &str,
        token: &str,
        csv: impl Into<reqwest::Body>,
    ) -> Response {
        self.authed(
            Method::POST,
            &format!("/v1/retailers/{shop}/products/import"),
            token,
        )
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .expect("import")
    }

    /// The seeded demo retailer's id and its admin's token.
    pub async fn demo_retailer(&self) -> (String, String) {
        let token = self.login("retailer@demo.test", DEMO_PASSWORD).await;
        let me = self.me(&token).await;
        let retailer_id = me["retailer_id"].as_str().expect("retailer id").to_owned();
        (retailer_id, token)
    }

    /// Access token of the seeded platform admin.
    pub async fn platform_admin(&self) -> String {
        self.login("admin@demo.test", DEMO_PASSWORD).await
    }

    /// Creates a retailer (KRW, Asia/Seoul) and a retailer admin for it; returns
    /// (retailer id, admin token).
    pub async fn retailer_with_admin(&self, name: &str) -> (String, String) {
        let root = self.platform_admin().await;
        let response = self
            .authed(Method::POST, "/v1/retailers", &root)
            .json(&json!({"name": name, "currency": "KRW", "time_zone": "Asia/Seoul", "locale": "ko-KR"}))
            .send()
            .await
            .expect("create retailer");
        let retailer = expect_json(response, StatusCode::CREATED).await;
        let retailer_id = retailer["id"].as_str().expect("id").to_owned();
        let token = self
            .staff(
                &retailer_id,
                virtual_shelf::domain::accounts::Role::RetailerAdmin,
            )
            .await;
        (retailer_id, token)
    }

    /// Creates a staff member (retailer admin or operator) of a retailer; returns its
    /// access token.
    pub async fn staff(
        &self,
        retailer_id: &str,
        role: virtual_shelf::domain::accounts::Role,
    ) -> String {
        let email = format!(
            "{}-{}@shop.test",
            role.as_str(),
            uuid::Uuid::new_v4().simple()
        );
        let rid = retailer_id.to_owned();
        let email_for_task = email.clone();
        self.with_db(move |conn| {
            virtual_shelf::domain::accounts::users::create(
                conn,
                &virtual_shelf::domain::accounts::users::NewUser {
                    email: &email_for_task,
                    password: DEMO_PASSWORD,
                    name: "Shop Staff",
                    role,
                    retailer_id: Some(&rid),
                },
            )
            .expect("create staff member");
        })
        .await;
        self.login(&email, DEMO_PASSWORD).await
    }
}

/// Asserts the status and returns the JSON body.
pub async fn expect_json(response: Response, status: StatusCode) -> Value {
    let actual = response.status();
    let body = response.text().await.expect("body");
    assert_eq!(actual, status, "unexpected status; body: {body}");
    serde_json::from_str(&body).unwrap_or_else(|_| panic!("not JSON: {body}"))
}

/// Asserts a problem+json answer with this status and code; returns the problem.
pub async fn expect_problem(response: Response, status: StatusCode, code: &str) -> Value {
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let problem = expect_json(response, status).await;
    assert_eq!(content_type, "application/problem+json", "{problem}");
    assert_eq!(problem["code"], code, "{problem}");
    assert_eq!(problem["status"], status.as_u16());
    problem
}

/// The `field` of each error of a validation problem, in order.
pub fn error_fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["field"].as_str().expect("field").to_owned())
        .collect()
}
