//! The retailer's console over plain HTTP (SQLite: the pages do not depend on the
//! backend, and the domain calls they make are tested on both): sign-in and its
//! refusals, CSRF, the staff cookie's flags, the security headers of every page, what
//! each role sees, another retailer's ids, the shared login budget, the language switch,
//! the dashboard's figures of scripted scans with its charts and CSV, and the catalogue's
//! search and paging. The browser walk is in `console_browser.rs`.

use std::collections::HashMap;

use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Backend, DEMO_PASSWORD, TestApp, expect_json, spawn_app, spawn_app_with};
use virtual_shelf::domain::accounts::Role;
use virtual_shelf::domain::accounts::users::{self, NewUser};

/// A browser without redirects or script, in one language: keeps cookies with their
/// attributes, shows statuses.
pub struct Console<'a> {
    app: &'a TestApp,
    client: reqwest::Client,
    language: &'static str,
    /// Cookie name → (value, the whole `Set-Cookie` line that set it).
    pub cookies: HashMap<String, (String, String)>,
}

impl<'a> Console<'a> {
    /// A new browser asking for pages in `language`.
    pub fn new(app: &'a TestApp, language: &'static str) -> Self {
        Self {
            app,
            client: reqwest::Client::builder()
                .no_proxy()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            language,
            cookies: HashMap::new(),
        }
    }

    async fn send(&mut self, method: Method, path: &str, body: Body<'_>) -> Response {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.app.address))
            .header("accept-language", self.language);
        if !self.cookies.is_empty() {
            let jar: Vec<String> = self
                .cookies
                .iter()
                .map(|(name, (value, _))| format!("{name}={value}"))
                .collect();
            request = request.header(COOKIE, jar.join("; "));
        }
        request = match body {
            Body::Empty => request,
            Body::Form(form) => request.form(form),
            Body::Multipart(form) => request.multipart(form),
        };
        let response = request.send().await.expect("request");
        for set in response.headers().get_all(SET_COOKIE) {
            let line = set.to_str().expect("ascii").to_owned();
            let pair = line.split(';').next().unwrap_or_default();
            let (name, value) = pair.split_once('=').expect("name=value");
            if value.is_empty() {
                self.cookies.remove(name);
            } else {
                self.cookies
                    .insert(name.to_owned(), (value.to_owned(), line.clone()));
            }
        }
        response
    }

    /// `GET path`.
    pub async fn get(&mut self, path: &str) -> Response {
        self.send(Method::GET, path, Body::Empty).await
    }

    /// Posts a form to `path`.
    pub async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Response {
        self.send(Method::POST, path, Body::Form(form)).await
    }

    /// Posts a `multipart/form-data` form (a file upload) to `path`.
    pub async fn post_multipart(&mut self, path: &str, form: reqwest::multipart::Form) -> Response {
        self.send(Method::POST, path, Body::Multipart(form)).await
    }

    /// Signs in through the form (the login page first, for its CSRF token); the answer.
    pub async fn sign_in(&mut self, email: &str, password: &str) -> Response {
        let form = page(self.get("/console/login").await, StatusCode::OK).await;
        let csrf = csrf_of(&form);
        self.post(
            "/console/login",
            &[("csrf", &csrf), ("email", email), ("password", password)],
        )
        .await
    }
}

/// What a request of the [`Console`] carries.
enum Body<'f> {
    Empty,
    Form(&'f [(&'f str, &'f str)]),
    Multipart(reqwest::multipart::Form),
}

/// The hidden CSRF token of the first form on a page.
pub fn csrf_of(html: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = html
        .find(marker)
        .unwrap_or_else(|| panic!("no csrf in {html}"))
        + marker.len();
    html[start..].split('"').next().expect("value").to_owned()
}

pub fn location(response: &Response) -> &str {
    response.headers()[LOCATION].to_str().expect("location")
}

/// Asserts the headers every console answer carries, whatever it is.
fn assert_security_headers(response: &Response) {
    let headers = response.headers();
    let policy = headers["content-security-policy"].to_str().expect("ascii");
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert!(policy.contains("default-src 'none'"), "{policy}");
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(
        headers["referrer-policy"],
        "strict-origin-when-cross-origin"
    );
}

/// The body of a console page, which must have `status` and the security headers.
pub async fn page(response: Response, status: StatusCode) -> String {
    assert_eq!(response.status(), status, "{}", response.url());
    assert_security_headers(&response);
    assert_eq!(
        response.headers()["content-type"],
        "text/html; charset=utf-8"
    );
    response.text().await.expect("body")
}

/// A user with `role` (of `retailer` for staff) and the demo password; its email.
pub async fn user(app: &TestApp, role: Role, retailer: Option<&str>) -> String {
    let email = format!(
        "{}-{}@console.test",
        role.as_str(),
        uuid::Uuid::new_v4().simple()
    );
    let (for_task, retailer) = (email.clone(), retailer.map(str::to_owned));
    app.with_db(move |conn| {
        users::create(
            conn,
            &NewUser {
                email: &for_task,
                password: DEMO_PASSWORD,
                name: "Console User",
                role,
                retailer_id: retailer.as_deref(),
            },
        )
        .expect("create user");
    })
    .await;
    email
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_refusals_cookie_and_sign_out() {
    let app = spawn_app(Backend::Sqlite).await;
    let (shop, _) = app.retailer_with_admin("Console Mart").await;
    let admin = user(&app, Role::RetailerAdmin, Some(&shop)).await;
    let customer = user(&app, Role::Customer, None).await;
    let mut browser = Console::new(&app, "en");

    // A console page without a staff session is a detour through sign-in.
    let dashboard = format!("/console/r/{shop}/");
    let detour = browser.get(&dashboard).await;
    assert_eq!(detour.status(), StatusCode::SEE_OTHER);
    assert_security_headers(&detour);
    let login = location(&detour).to_owned();
    assert_eq!(
        login,
        format!("/console/login?next=%2Fconsole%2Fr%2F{shop}%2F")
    );
    let form = page(browser.get(&login).await, StatusCode::OK).await;
    assert!(form.contains("name=\"email\"") && form.contains("name=\"password\""));
    assert!(form.contains("lang=\"en\""));

    // No CSRF token: refused before the password is even looked at.
    let forged = browser
        .post(
            "/console/login",
            &[("email", admin.as_str()), ("password", DEMO_PASSWORD)],
        )
        .await;
    page(forged, StatusCode::FORBIDDEN).await;

    let csrf = csrf_of(&form);
    let wrong = browser
        .post(
            "/console/login",
            &[
                ("csrf", &csrf),
                ("email", &admin),
                ("password", "not-the-password"),
            ],
        )
        .await;
    let wrong = page(wrong, StatusCode::UNAUTHORIZED).await;
    assert!(wrong.contains("Wrong email or password."), "{wrong}");
    assert!(wrong.contains(&format!("value=\"{admin}\"")));

    // A shopper's account, with the right password, is told what the console is for, in
    // the page's language.
    let refused = browser.sign_in(&customer, DEMO_PASSWORD).await;
    let refused = page(refused, StatusCode::FORBIDDEN).await;
    assert!(
        refused.contains("The console is for retailer and platform staff"),
        "{refused}"
    );
    let mut korean = Console::new(&app, "ko-KR,ko;q=0.9");
    let refused = page(
        korean.sign_in(&customer, DEMO_PASSWORD).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert!(refused.contains("쇼핑 고객 계정입니다"), "{refused}");
    assert!(!browser.cookies.contains_key("shelf_staff"));

    // The admin: a staff cookie of its own (never the shopper's), back to `next`.
    let form = page(browser.get(&login).await, StatusCode::OK).await;
    let signed_in = browser
        .post(
            "/console/login",
            &[
                ("csrf", &csrf_of(&form)),
                ("email", &admin),
                ("password", DEMO_PASSWORD),
                ("next", &dashboard),
            ],
        )
        .await;
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&signed_in), dashboard);
    let (_, line) = browser.cookies["shelf_staff"].clone();
    let flags: Vec<&str> = line.split(';').map(str::trim).collect();
    assert!(flags.contains(&"HttpOnly"), "{line}");
    assert!(flags.contains(&"SameSite=Lax"), "{line}");
    assert!(flags.contains(&"Path=/"), "{line}");
    assert!(
        flags.iter().any(|flag| flag.starts_with("Max-Age=")),
        "{line}"
    );
    // The test server's public base URL is http.
    assert!(!flags.contains(&"Secure"), "{line}");
    assert!(!browser.cookies.contains_key("shelf_session"));
    let home = page(browser.get(&dashboard).await, StatusCode::OK).await;
    assert!(home.contains("Console Mart"), "{home}");
    assert!(!home.contains("id=\"read-only\""));

    // `next` leads only into the console.
    let form = page(browser.get("/console/login").await, StatusCode::OK).await;
    let elsewhere = browser
        .post(
            "/console/login",
            &[
                ("csrf", &csrf_of(&form)),
                ("email", &admin),
                ("password", DEMO_PASSWORD),
                ("next", "https://evil.example/console/"),
            ],
        )
        .await;
    assert_eq!(location(&elsewhere), "/console/");
    let start = browser.get("/console/").await;
    assert_eq!(location(&start), dashboard);

    // Sign-out is a CSRF-checked POST; the session is dead on the server too.
    let forged = browser.post("/console/logout", &[]).await;
    page(forged, StatusCode::FORBIDDEN).await;
    assert!(browser.cookies.contains_key("shelf_staff"));
    let no_get = browser.get("/console/logout").await;
    assert_ne!(no_get.status(), StatusCode::SEE_OTHER);
    assert!(browser.cookies.contains_key("shelf_staff"));
    let (token, _) = browser.cookies["shelf_staff"].clone();
    let out = browser
        .post("/console/logout", &[("csrf", &csrf_of(&home))])
        .await;
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&out), "/console/login");
    assert!(!browser.cookies.contains_key("shelf_staff"));
    browser
        .cookies
        .insert("shelf_staff".into(), (token.clone(), String::new()));
    let dead = browser.get(&dashboard).await;
    assert_eq!(dead.status(), StatusCode::SEE_OTHER);

    // A shopper's session cookie opens nothing here, even for a staff member's token.
    let mut shopper = Console::new(&app, "en");
    shopper
        .cookies
        .insert("shelf_session".into(), (token, String::new()));
    assert_eq!(
        shopper.get(&dashboard).await.status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn roles_retailers_and_languages() {
    let app = spawn_app(Backend::Sqlite).await;
    let (shop, _) = app.retailer_with_admin("Console Mart").await;
    let (other, _) = app.retailer_with_admin("Other Mart").await;
    let admin = user(&app, Role::RetailerAdmin, Some(&shop)).await;
    let operator = user(&app, Role::Operator, Some(&shop)).await;
    let pages = |rid: &str| {
        [
            format!("/console/r/{rid}/"),
            format!("/console/r/{rid}/?period=today"),
            format!("/console/r/{rid}/?period=30d"),
            format!("/console/r/{rid}/products"),
            format!("/console/r/{rid}/products?q=x"),
        ]
    };

    // Nobody signed in: every page is a detour through sign-in, never an error.
    let mut anonymous = Console::new(&app, "en");
    for path in pages(&shop).iter().chain(&[
        format!("/console/r/{shop}/charts/daily.svg"),
        format!("/console/r/{shop}/analytics.csv"),
        "/console/retailers".to_owned(),
        "/console/".to_owned(),
        "/console".to_owned(),
    ]) {
        let detour = anonymous.get(path).await;
        assert_eq!(detour.status(), StatusCode::SEE_OTHER, "{path}");
        assert_security_headers(&detour);
        assert!(
            location(&detour).starts_with("/console/login?next="),
            "{path}"
        );
    }

    // An operator reads every page, told that changes are for admins.
    let mut browser = Console::new(&app, "en");
    assert_eq!(
        browser.sign_in(&operator, DEMO_PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    for path in pages(&shop) {
        let html = page(browser.get(&path).await, StatusCode::OK).await;
        assert!(html.contains("id=\"read-only\""), "{path}");
    }
    // Another retailer's ids are not found, for operators and admins alike, and so is a
    // malformed id.
    for path in pages(&other).iter().chain(&pages("not-an-id")) {
        let html = page(browser.get(path).await, StatusCode::NOT_FOUND).await;
        // In the console's layout, with a way back into it.
        assert!(html.contains("lang=\"en\""), "{path}");
        assert!(
            html.contains("href=\"/console/\">Back to the console"),
            "{html}"
        );
        assert!(html.contains("id=\"signout\""), "{html}");
    }
    assert_eq!(
        location(&browser.get("/console/retailers").await),
        format!("/console/r/{shop}/")
    );
    let mut browser = Console::new(&app, "en");
    assert_eq!(
        browser.sign_in(&admin, DEMO_PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    for path in pages(&shop) {
        let html = page(browser.get(&path).await, StatusCode::OK).await;
        assert!(!html.contains("id=\"read-only\""), "{path}");
    }
    page(browser.get(&pages(&other)[0]).await, StatusCode::NOT_FOUND).await;
    page(
        browser
            .get(&format!("/console/r/{other}/charts/daily.svg"))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    page(
        browser
            .get(&format!("/console/r/{other}/analytics.csv"))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;

    // A platform admin starts at the retailer list and opens any retailer.
    let mut root = Console::new(&app, "en");
    assert_eq!(
        root.sign_in("admin@demo.test", DEMO_PASSWORD)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(location(&root.get("/console/").await), "/console/retailers");
    let list = page(root.get("/console/retailers").await, StatusCode::OK).await;
    for rid in [&shop, &other] {
        assert!(
            list.contains(&format!("href=\"/console/r/{rid}/\"")),
            "{list}"
        );
        for path in pages(rid) {
            let html = page(root.get(&path).await, StatusCode::OK).await;
            assert!(html.contains("id=\"nav-retailers\""), "{path}");
        }
    }

    // The language follows the browser until switched by hand; the choice is a
    // CSRF-checked form and sticks in a cookie.
    let mut korean = Console::new(&app, "ko-KR,ko;q=0.9,en;q=0.5");
    let form = page(korean.get("/console/login").await, StatusCode::OK).await;
    assert!(
        form.contains("lang=\"ko\"") && form.contains("콘솔 로그인"),
        "{form}"
    );
    let forged = korean
        .post(
            "/console/lang",
            &[("lang", "en"), ("next", "/console/login")],
        )
        .await;
    page(forged, StatusCode::FORBIDDEN).await;
    let switched = korean
        .post(
            "/console/lang",
            &[
                ("csrf", &csrf_of(&form)),
                ("lang", "en"),
                ("next", "/console/login"),
            ],
        )
        .await;
    assert_eq!(switched.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&switched), "/console/login");
    let (value, line) = korean.cookies["shelf_lang"].clone();
    assert_eq!(value, "en");
    assert!(
        line.contains("HttpOnly") && line.contains("SameSite=Lax"),
        "{line}"
    );
    let form = page(korean.get("/console/login").await, StatusCode::OK).await;
    assert!(form.contains("lang=\"en\"") && form.contains("Sign in to the console"));
    let bad = korean
        .post(
            "/console/lang",
            &[("csrf", &csrf_of(&form)), ("lang", "fr")],
        )
        .await;
    page(bad, StatusCode::BAD_REQUEST).await;
}

/// Scans of a placement's codes, as phones make them.
async fn scan(app: &TestApp, code: &str, address: &str) {
    let response = app
        .request(Method::GET, &format!("/v1/scans/{code}"))
        .header("x-forwarded-for", address)
        .header("user-agent", "Mozilla/5.0 (iPhone)")
        .header("accept", "application/json")
        .send()
        .await
        .expect("scan");
    assert_eq!(response.status(), StatusCode::OK);
}

/// A placement of `poster` running now.
pub async fn placement(app: &TestApp, shop: &str, token: &str, poster: &str, name: &str) -> Value {
    let now = chrono::Utc::now();
    let response = app
        .authed(
            Method::POST,
            &format!("/v1/retailers/{shop}/posters/{poster}/placements"),
            token,
        )
        .json(&json!({"name": name, "starts_at": (now - chrono::Duration::days(3)).to_rfc3339(),
                      "ends_at": (now + chrono::Duration::days(30)).to_rfc3339(), "cost_minor": 50_000}))
        .send()
        .await
        .expect("placement");
    expect_json(response, StatusCode::CREATED).await
}

/// A shop of `count` products (`SKU-001`…), a poster of the first two, two placements,
/// three scans by two phones on the first and one by a third on the second: (shop, admin
/// token).
pub async fn scanned_shop(app: &TestApp, count: usize) -> (String, String) {
    let (shop, token) = app.retailer_with_admin("Console Mart").await;
    let mut csv = String::from("sku,name,description,price_minor,stock_on_hand\n");
    for i in 1..=count {
        csv.push_str(&format!(
            "SKU-{i:03},상품 {i} Product,Item {i},{},{}\n",
            1000 + i,
            5 + i
        ));
    }
    expect_json(app.import_csv(&shop, &token, csv).await, StatusCode::OK).await;
    let poster = crate::posters::create_poster(app, &shop, &token, &["SKU-001", "SKU-002"]).await;
    let poster = poster["id"].as_str().expect("poster id");
    let gangnam = placement(app, &shop, &token, poster, "Gangnam exit 11").await;
    let seoul = placement(app, &shop, &token, poster, "Seoul Station").await;
    let code = |placement: &Value| {
        placement["slots"][0]["code"]
            .as_str()
            .expect("code")
            .to_owned()
    };
    for (placement, address) in [
        (&gangnam, "10.1.0.1"),
        (&gangnam, "10.1.0.2"),
        (&gangnam, "10.1.0.1"),
        (&seoul, "10.1.0.3"),
    ] {
        scan(app, &code(placement), address).await;
    }
    (shop, token)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_counts_scans_and_the_catalogue_pages() {
    let app = spawn_app_with(
        Backend::Sqlite,
        "scan_flush_interval_ms = 50\ntrusted_proxies = \"127.0.0.1\"",
    )
    .await;
    let (shop, _) = scanned_shop(&app, 55).await;
    let admin = user(&app, Role::RetailerAdmin, Some(&shop)).await;
    let mut browser = Console::new(&app, "en");
    assert_eq!(
        browser.sign_in(&admin, DEMO_PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );

    // The recorder writes scans in batches: wait for them.
    let today = format!("/console/r/{shop}/?period=today");
    let mut html = String::new();
    for _ in 0..200 {
        html = page(browser.get(&today).await, StatusCode::OK).await;
        if html.contains("id=\"total-scans\">4<") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(html.contains("id=\"total-scans\">4<"), "{html}");
    assert!(html.contains("id=\"total-unique\">3<"), "{html}");
    assert!(html.contains("id=\"total-orders\">0<"), "{html}");
    assert!(
        html.contains("id=\"period-today\" aria-current=\"true\""),
        "{html}"
    );
    // The walls, best first and marked (no orders yet: by scans).
    let gangnam = html.find("Gangnam exit 11").expect("a row for Gangnam");
    let seoul = html.find("Seoul Station").expect("a row for Seoul Station");
    assert!(gangnam < seoul);
    assert!(
        html.contains("Gangnam exit 11<span class=\"mark best\">Best</span>"),
        "{html}"
    );
    assert!(
        html.contains("Seoul Station<span class=\"mark worst\">Worst</span>"),
        "{html}"
    );
    for chart in ["daily", "placements", "heatmap"] {
        assert!(
            html.contains(&format!("src=\"charts/{chart}.svg?period=today\"")),
            "{chart}"
        );
    }
    // The default period is seven days, and the scans are in it.
    let week = page(
        browser.get(&format!("/console/r/{shop}/")).await,
        StatusCode::OK,
    )
    .await;
    assert!(week.contains("id=\"period-7d\" aria-current=\"true\""));
    assert!(week.contains("id=\"total-scans\">4<"));

    // The charts are SVG, worded in the page's language.
    for chart in ["daily", "placements", "heatmap"] {
        let response = browser
            .get(&format!("/console/r/{shop}/charts/{chart}.svg?period=7d"))
            .await;
        assert_eq!(response.status(), StatusCode::OK, "{chart}");
        assert_security_headers(&response);
        assert_eq!(response.headers()["content-type"], "image/svg+xml");
        let svg = response.text().await.expect("svg");
        assert!(svg.contains("<svg"), "{chart}: {svg:.200}");
    }
    page(
        browser
            .get(&format!("/console/r/{shop}/charts/pie.svg"))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let csv = browser
        .get(&format!("/console/r/{shop}/analytics.csv?period=30d"))
        .await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(
        csv.headers()["content-disposition"]
            .to_str()
            .expect("ascii")
            .ends_with("-placement.csv\"")
    );
    let csv = csv.text().await.expect("csv");
    assert!(csv.contains("Gangnam exit 11,3,2,"), "{csv}");

    // The catalogue: fifty a page by SKU, then the rest; search by name or SKU.
    let first = page(
        browser.get(&format!("/console/r/{shop}/products")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(first.matches("<td>SKU-").count(), 50);
    assert!(first.contains("<td>SKU-050</td>") && !first.contains("<td>SKU-051</td>"));
    let next = first
        .split("id=\"next-page\"")
        .next()
        .and_then(|before| before.rsplit("href=\"").next())
        .expect("a next link")
        .split('"')
        .next()
        .expect("href")
        .replace("&amp;", "&");
    let second = page(
        browser.get(&format!("/console/r/{shop}/{next}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(second.matches("<td>SKU-").count(), 5);
    assert!(second.contains("id=\"first-page\"") && !second.contains("id=\"next-page\""));
    let found = page(
        browser
            .get(&format!("/console/r/{shop}/products?q=sku-012"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(found.matches("<td>SKU-").count(), 1);
    assert!(
        found.contains("상품 12 Product") && found.contains("₩1,012"),
        "{found}"
    );
    let by_name = page(
        browser
            .get(&format!(
                "/console/r/{shop}/products?q=%EC%83%81%ED%92%88%2053"
            ))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(by_name.matches("<td>SKU-").count(), 1, "{by_name}");
    let none = page(
        browser
            .get(&format!("/console/r/{shop}/products?q=nothing"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(none.contains("id=\"no-products\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_form_shares_the_login_budget() {
    let app = spawn_app_with(Backend::Sqlite, "login_attempts_per_account_per_minute = 3").await;
    let (shop, _) = app.retailer_with_admin("Console Mart").await;
    let admin = user(&app, Role::RetailerAdmin, Some(&shop)).await;
    let mut browser = Console::new(&app, "en");
    for _ in 0..3 {
        let wrong = browser.sign_in(&admin, "not-the-password").await;
        page(wrong, StatusCode::UNAUTHORIZED).await;
    }
    // The budget is spent: the form says so, for the right password too, and the JSON
    // login of the same account is held back as well.
    let held = page(
        browser.sign_in(&admin, DEMO_PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS,
    )
    .await;
    assert!(held.contains("Too many attempts."), "{held}");
    assert!(!browser.cookies.contains_key("shelf_staff"));
    let api = app
        .request(Method::POST, "/v1/auth/login")
        .json(&json!({"email": admin, "password": DEMO_PASSWORD}))
        .send()
        .await
        .expect("login");
    crate::helpers::expect_problem(api, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
}
