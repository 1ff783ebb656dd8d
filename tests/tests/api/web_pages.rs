//! The mobile pages' plumbing over plain HTTP: cookie flags, CSRF refusals, the sign-in
//! detour and its `next`, sign-out, HTML error pages, and JSON clients left alone.

use std::collections::HashMap;

use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde_json::json;

use crate::helpers::{Backend, DEMO_PASSWORD, TestApp, spawn_app};
use crate::on_both_backends;
use crate::posters::{create_poster, stocked_shop};

on_both_backends!(
    forms_need_the_device_token,
    sessions_and_the_sign_in_detour,
    a_double_tap_on_pay_places_one_order,
);

/// A browser without redirects or script: keeps cookies, shows statuses.
struct Browser<'a> {
    app: &'a TestApp,
    client: reqwest::Client,
    cookies: HashMap<String, String>,
}

impl<'a> Browser<'a> {
    fn new(app: &'a TestApp) -> Self {
        Self {
            app,
            client: reqwest::Client::builder()
                .no_proxy()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            cookies: HashMap::new(),
        }
    }

    fn build(&self, method: Method, path: &str, form: Option<&[(&str, &str)]>) -> RequestBuilder {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.app.address))
            .header("accept-language", "en");
        if !self.cookies.is_empty() {
            let jar: Vec<String> = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            request = request.header(COOKIE, jar.join("; "));
        }
        if let Some(form) = form {
            request = request.form(form);
        }
        request
    }

    async fn send(
        &mut self,
        method: Method,
        path: &str,
        form: Option<&[(&str, &str)]>,
    ) -> Response {
        let response = self
            .build(method, path, form)
            .send()
            .await
            .expect("request");
        for set in response.headers().get_all(SET_COOKIE) {
            let (pair, _) = set
                .to_str()
                .expect("ascii")
                .split_once(';')
                .unwrap_or(("", ""));
            let (name, value) = pair.split_once('=').expect("name=value");
            if value.is_empty() {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        response
    }

    async fn get(&mut self, path: &str) -> Response {
        self.send(Method::GET, path, None).await
    }

    async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Response {
        self.send(Method::POST, path, Some(form)).await
    }
}

/// The value of the first input named `name` on a page.
fn value_of(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} in {html}"))
        + marker.len();
    html[start..].split('"').next().expect("value").to_owned()
}

/// The hidden CSRF token of the first form on a page.
fn csrf_of(html: &str) -> String {
    value_of(html, "csrf")
}

fn location(response: &Response) -> &str {
    response.headers()[LOCATION].to_str().expect("location")
}

/// The body of a page answer, which must have `status` and the pages' security headers.
async fn html_page(response: Response, status: StatusCode) -> String {
    assert_eq!(response.status(), status);
    let headers = response.headers();
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    let policy = headers["content-security-policy"].to_str().expect("ascii");
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert!(policy.contains("default-src 'none'"), "{policy}");
    assert!(policy.contains("style-src 'sha256-"), "{policy}");
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(
        headers["referrer-policy"],
        "strict-origin-when-cross-origin"
    );
    response.text().await.expect("body")
}

/// Only product pages run a script, and only the share script by its full URL: the
/// shop's other pages and the console's run none, so markup injected into them cannot
/// load another file of this origin (the API docs' bundle) as one.
#[tokio::test]
async fn only_product_pages_run_a_script() {
    let app = spawn_app(Backend::Sqlite).await;
    let (shop, token) = stocked_shop(&app).await;
    let poster = create_poster(&app, &shop, &token, &["P1"]).await;
    let code = poster["slots"][0]["code"].as_str().expect("code");

    let mut browser = Browser::new(&app);
    let product = browser.get(&format!("/s/{code}")).await;
    let policy = product.headers()["content-security-policy"]
        .to_str()
        .expect("ascii")
        .to_owned();
    let html = html_page(product, StatusCode::OK).await;
    assert!(html.contains(r#"<script src="/assets/share.js""#), "{html}");
    assert!(
        policy.contains(&format!("; script-src {}/assets/share.js;", app.address)),
        "{policy}"
    );
    assert_eq!(policy.matches("script-src").count(), 1, "{policy}");
    for path in ["/cart", "/console/login"] {
        let response = browser.get(path).await;
        let policy = response.headers()["content-security-policy"]
            .to_str()
            .expect("ascii")
            .to_owned();
        html_page(response, StatusCode::OK).await;
        assert!(!policy.contains("script-src"), "{path}: {policy}");
    }
}

async fn forms_need_the_device_token(backend: Backend) {
    let app = spawn_app(backend).await;
    let (shop, token) = stocked_shop(&app).await;
    let poster = create_poster(&app, &shop, &token, &["P1"]).await;
    let code = poster["slots"][0]["code"]
        .as_str()
        .expect("code")
        .to_owned();

    // An app asking for JSON gets no cookie.
    let json = app
        .request(Method::GET, &format!("/s/{code}"))
        .header("accept", "application/json")
        .send()
        .await
        .expect("scan");
    assert!(json.headers().get(SET_COOKIE).is_none());

    let mut browser = Browser::new(&app);
    let page = browser.get(&format!("/s/{code}")).await;
    let device = page.headers()[SET_COOKIE]
        .to_str()
        .expect("cookie")
        .to_owned();
    assert!(device.starts_with("shelf_device="), "{device}");
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=2592000"] {
        assert!(device.contains(flag), "{device} lacks {flag}");
    }
    assert!(!device.contains("Secure"), "plain-http origin: {device}");
    let csrf = csrf_of(&html_page(page, StatusCode::OK).await);

    let refused = [("code", code.as_str()), ("quantity", "1")];
    let forged = [
        ("csrf", "Zm9yZ2Vk"),
        ("code", code.as_str()),
        ("quantity", "1"),
    ];
    for form in [&refused[..], &forged[..]] {
        let response = browser.post("/cart/items", form).await;
        let page = html_page(response, StatusCode::FORBIDDEN).await;
        assert!(page.contains("This page has expired"), "{page}");
    }
    let mut stranger = Browser::new(&app);
    let response = stranger
        .post(
            "/cart/items",
            &[("csrf", &csrf), ("code", &code), ("quantity", "1")],
        )
        .await;
    assert_eq!(
        response.status(),
        StatusCode::FORBIDDEN,
        "the token is bound to its device"
    );

    let added = browser
        .post(
            "/cart/items",
            &[("csrf", &csrf), ("code", &code), ("quantity", "3")],
        )
        .await;
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&added), "/cart");
    let cart = html_page(browser.get("/cart").await, StatusCode::OK).await;
    assert!(cart.contains("상품 1"), "{cart}");
    assert!(cart.contains("₩3,000"), "{cart}");

    let too_many = browser
        .post(
            "/cart/items",
            &[("csrf", &csrf), ("code", &code), ("quantity", "500")],
        )
        .await;
    let page = html_page(too_many, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(page.contains("id=\"error\""), "{page}");

    // Lines whose product changed are flagged, not dropped, and block checkout.
    for (change, flag) in [
        (
            json!({"stock_on_hand": 2}),
            "data-flag=\"insufficient_stock\"",
        ),
        (json!({"active": false}), "data-flag=\"unavailable\""),
    ] {
        let patched = app
            .authed(
                Method::PATCH,
                &format!("/v1/retailers/{shop}/products/P1"),
                &token,
            )
            .json(&change)
            .send()
            .await
            .expect("patch");
        assert_eq!(patched.status(), StatusCode::OK);
        let cart = html_page(browser.get("/cart").await, StatusCode::OK).await;
        assert!(cart.contains(flag), "{flag}: {cart}");
        assert!(!cart.contains("id=\"checkout\""), "{cart}");
    }
}

async fn sessions_and_the_sign_in_detour(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut browser = Browser::new(&app);

    let detour = browser.get("/checkout").await;
    assert_eq!(detour.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&detour), "/signin?next=%2Fcheckout");
    let form = html_page(
        browser.get("/signin?next=%2Fcheckout").await,
        StatusCode::OK,
    )
    .await;
    let csrf = csrf_of(&form);

    let wrong = browser
        .post(
            "/signin",
            &[
                ("csrf", &csrf),
                ("email", "customer@demo.test"),
                ("password", "nope-nope"),
                ("next", "/checkout"),
            ],
        )
        .await;
    let page = html_page(wrong, StatusCode::UNAUTHORIZED).await;
    assert!(page.contains("Wrong email or password"), "{page}");
    assert!(!browser.cookies.contains_key("shelf_session"));

    // A foreign `next` is never followed.
    let signed_in = browser
        .post(
            "/signin",
            &[
                ("csrf", &csrf),
                ("email", "customer@demo.test"),
                ("password", DEMO_PASSWORD),
                ("next", "//evil.example/"),
            ],
        )
        .await;
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&signed_in), "/cart");
    let session = browser
        .cookies
        .get("shelf_session")
        .expect("session cookie")
        .clone();

    let orders = html_page(browser.get("/orders").await, StatusCode::OK).await;
    assert!(orders.contains("No orders yet"), "{orders}");
    let unknown = browser
        .get(&format!("/orders/{}", uuid::Uuid::new_v4()))
        .await;
    html_page(unknown, StatusCode::NOT_FOUND).await;

    let signed_out = browser.post("/signout", &[("csrf", &csrf)]).await;
    assert_eq!(signed_out.status(), StatusCode::SEE_OTHER);
    assert!(!browser.cookies.contains_key("shelf_session"));
    // The old cookie is dead on the server too.
    browser.cookies.insert("shelf_session".into(), session);
    let again = browser.get("/orders").await;
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&again), "/signin?next=%2Forders");

    let register = html_page(browser.get("/register").await, StatusCode::OK).await;
    let csrf = csrf_of(&register);
    let taken = browser
        .post(
            "/register",
            &[
                ("csrf", &csrf),
                ("email", "customer@demo.test"),
                ("password", "long-enough"),
                ("name", "Kim"),
            ],
        )
        .await;
    let page = html_page(taken, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(page.contains("already exists"), "{page}");
    let short = browser
        .post(
            "/register",
            &[
                ("csrf", &csrf),
                ("email", "new@phone.test"),
                ("password", "short"),
                ("name", "Kim"),
            ],
        )
        .await;
    let page = html_page(short, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(page.contains("Use at least 8 characters"), "{page}");
    assert!(
        page.contains("value=\"new@phone.test\""),
        "typed values are kept: {page}"
    );
}

async fn a_double_tap_on_pay_places_one_order(backend: Backend) {
    let app = spawn_app(backend).await;
    let (shop, token) = app.demo_retailer().await;
    let poster = create_poster(&app, &shop, &token, &["DEMO-MILK-1L"]).await;
    let code = poster["slots"][0]["code"]
        .as_str()
        .expect("code")
        .to_owned();
    let mut browser = Browser::new(&app);
    let csrf = csrf_of(&html_page(browser.get(&format!("/s/{code}")).await, StatusCode::OK).await);
    browser
        .post(
            "/cart/items",
            &[("csrf", &csrf), ("code", &code), ("quantity", "1")],
        )
        .await;
    let signed_in = browser
        .post(
            "/signin",
            &[
                ("csrf", &csrf),
                ("email", "customer@demo.test"),
                ("password", DEMO_PASSWORD),
                ("next", "/checkout"),
            ],
        )
        .await;
    assert_eq!(location(&signed_in), "/checkout");
    let address = [
        ("csrf", csrf.as_str()),
        ("name", "Kim"),
        ("phone", "010-1234-5678"),
        ("line1", "Sejong-daero 110"),
        ("line2", ""),
        ("postal_code", "04524"),
        ("city", "Seoul"),
    ];
    let outside = [
        &address[..5],
        &[("postal_code", "99999"), ("city", "Seoul")][..],
    ]
    .concat();
    let refused = html_page(
        browser.post("/checkout/address", &outside).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(
        refused.contains("deliver to this postal code yet"),
        "{refused}"
    );
    let step = html_page(
        browser.post("/checkout/address", &address).await,
        StatusCode::OK,
    )
    .await;
    let key = value_of(&step, "idempotency_key");
    let slot = value_of(&step, "slot");
    let order = [
        &address[..],
        &[
            ("slot", slot.as_str()),
            ("payment_token", "tok_approve"),
            ("idempotency_key", key.as_str()),
        ][..],
    ]
    .concat();
    let (first, second) = tokio::join!(
        browser
            .build(Method::POST, "/checkout", Some(&order))
            .send(),
        browser
            .build(Method::POST, "/checkout", Some(&order))
            .send(),
    );
    let (first, second) = (first.expect("first tap"), second.expect("second tap"));
    assert_eq!(first.status(), StatusCode::SEE_OTHER);
    assert_eq!(second.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&first),
        location(&second),
        "both taps show the same order"
    );
    assert!(location(&first).ends_with("?placed=1"));
    let orders = html_page(browser.get("/orders").await, StatusCode::OK).await;
    assert_eq!(orders.matches("href=\"/orders/").count(), 1, "{orders}");
}
