//! Throttles counted in the database: several API processes on one database share every
//! budget, and a client address comes from the forwarding headers only when the peer is a
//! trusted proxy.

use futures_util::{StreamExt, stream};
use reqwest::header::{COOKIE, SET_COOKIE};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{Backend, TestApp, expect_problem, spawn_app_with};
use crate::on_both_backends;

on_both_backends!(
    nodes_share_one_accounts_login_budget,
    registrations_from_one_address_are_limited_on_every_face,
    forwarded_clients_get_their_own_budget_only_behind_trusted_proxies,
);

/// A login with a wrong password for `email`, optionally as forwarded for `client`.
async fn wrong_login(app: &TestApp, email: &str, forwarded_for: Option<&str>) -> StatusCode {
    let mut request = app
        .request(Method::POST, "/v1/auth/login")
        .json(&json!({"email": email, "password": "not the password"}));
    if let Some(chain) = forwarded_for {
        request = request.header("x-forwarded-for", chain);
    }
    let response = request.send().await.expect("login");
    let status = response.status();
    if status == StatusCode::TOO_MANY_REQUESTS {
        let wait: u64 = response.headers()["retry-after"]
            .to_str()
            .expect("ascii")
            .parse()
            .expect("seconds");
        assert!((1..=60).contains(&wait), "Retry-After {wait}");
        expect_problem(response, status, "rate_limited").await;
    }
    status
}

async fn register(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    app.request(Method::POST, "/v1/auth/register")
        .json(&json!({"email": email, "password": password, "name": "Ji-woo Park"}))
        .send()
        .await
        .expect("register")
}

/// Registers through the commuter's form (its device cookie and CSRF token first);
/// returns the answer's status.
async fn register_by_form(app: &TestApp, email: &str) -> StatusCode {
    let client = reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let url = format!("{}/register", app.address);
    let form = client.get(&url).send().await.expect("register form");
    assert_eq!(form.status(), StatusCode::OK);
    let cookies: Vec<String> = form
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|set| set.to_str().ok()?.split(';').next().map(str::to_owned))
        .collect();
    let html = form.text().await.expect("form page");
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker).expect("csrf field") + marker.len();
    let csrf = html[start..].split('"').next().expect("csrf value");
    client
        .post(&url)
        .header(COOKIE, cookies.join("; "))
        .form(&[
            ("csrf", csrf),
            ("email", email),
            ("password", "long-enough-pw"),
            ("name", "Ji-woo Park"),
        ])
        .send()
        .await
        .expect("register by form")
        .status()
}

async fn nodes_share_one_accounts_login_budget(backend: Backend) {
    let limit = "login_attempts_per_account_per_minute = 5";
    let first = spawn_app_with(backend, limit).await;
    let (second, third) = (first.sibling(limit).await, first.sibling(limit).await);
    let nodes = [&first, &second, &third];
    // 15 guesses at once, spread over three processes, the email spelled variously.
    let statuses: Vec<StatusCode> = stream::iter(0..15)
        .map(|i| {
            let node = nodes[i % 3];
            let email = if i % 2 == 0 {
                "customer@demo.test"
            } else {
                " Customer@Demo.TEST"
            };
            async move { wrong_login(node, email, None).await }
        })
        .buffer_unordered(15)
        .collect()
        .await;
    let past = statuses
        .iter()
        .filter(|&&s| s == StatusCode::UNAUTHORIZED)
        .count();
    let limited = statuses
        .iter()
        .filter(|&&s| s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!((past, limited), (5, 10), "{statuses:?}");
    // The account stays closed on every node, for the right password too.
    let right = first
        .request(Method::POST, "/v1/auth/login")
        .json(&json!({"email": "customer@demo.test", "password": crate::helpers::DEMO_PASSWORD}))
        .send()
        .await
        .expect("login");
    expect_problem(right, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    // Other accounts from the same address are not held back.
    third
        .login("operator@demo.test", crate::helpers::DEMO_PASSWORD)
        .await;
}

async fn registrations_from_one_address_are_limited_on_every_face(backend: Backend) {
    let limit = "registrations_per_address_per_hour = 3";
    let first = spawn_app_with(backend, limit).await;
    let second = first.sibling(limit).await;
    // A refused form does not count.
    let short = register(&first, "short@phone.test", "short").await;
    expect_problem(short, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(
        register(&first, "one@phone.test", "long-enough-pw")
            .await
            .status(),
        StatusCode::CREATED
    );
    assert_eq!(
        register_by_form(&second, "two@phone.test").await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        register(&second, "three@phone.test", "long-enough-pw")
            .await
            .status(),
        StatusCode::CREATED
    );
    let limited = register(&first, "four@phone.test", "long-enough-pw").await;
    assert!(limited.headers().contains_key("retry-after"));
    expect_problem(limited, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    assert_eq!(
        register_by_form(&first, "five@phone.test").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Nothing was created past the limit.
    let missing = second
        .request(Method::POST, "/v1/auth/login")
        .json(&json!({"email": "four@phone.test", "password": "long-enough-pw"}))
        .send()
        .await
        .expect("login");
    expect_problem(missing, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    // Logging in is a budget of its own.
    first.login("three@phone.test", "long-enough-pw").await;
}

async fn forwarded_clients_get_their_own_budget_only_behind_trusted_proxies(backend: Backend) {
    let limit = "login_attempts_per_address_per_minute = 2";
    let behind_proxy = spawn_app_with(
        backend,
        &format!("{limit}\ntrusted_proxies = \"127.0.0.1\""),
    )
    .await;
    let (a, b) = (Some("203.0.113.1"), Some("203.0.113.2"));
    let mut emails = (0..).map(|i| format!("nobody{i}@phone.test"));
    let mut next = || emails.next().expect("endless");
    for _ in 0..2 {
        assert_eq!(
            wrong_login(&behind_proxy, &next(), a).await,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        wrong_login(&behind_proxy, &next(), a).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Another client behind the proxy, and the proxy itself, have budgets of their own.
    assert_eq!(
        wrong_login(&behind_proxy, &next(), b).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        wrong_login(&behind_proxy, &next(), None).await,
        StatusCode::UNAUTHORIZED
    );
    // A client naming someone else leftmost is still the address the proxy saw.
    assert_eq!(
        wrong_login(&behind_proxy, &next(), Some("198.51.100.9, 203.0.113.1")).await,
        StatusCode::TOO_MANY_REQUESTS
    );

    // Without trusted proxies the header is the client's own word: ignored.
    let direct = spawn_app_with(backend, limit).await;
    assert_eq!(
        wrong_login(&direct, &next(), a).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        wrong_login(&direct, &next(), b).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        wrong_login(&direct, &next(), Some("203.0.113.3")).await,
        StatusCode::TOO_MANY_REQUESTS
    );
}
