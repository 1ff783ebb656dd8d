//! Accounts and tokens: registration, login, refresh rotation, and every way a token or a
//! caller can be wrong.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use futures_util::{StreamExt, stream};
use jsonwebtoken::{EncodingKey, Header};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{
    Backend, DEMO_PASSWORD, TEST_JWT_SECRET, TestApp, expect_json, expect_problem, spawn_app,
    spawn_app_with,
};
use crate::on_both_backends;

on_both_backends!(
    register_then_me,
    login_does_not_reveal_accounts,
    bad_tokens_are_rejected,
    roles_and_tenants_are_enforced,
    refresh_rotates_and_reuse_revokes_family,
    logout_ends_the_session,
    login_is_rate_limited_per_account,
    a_hundred_customers_register_and_log_in,
);

async fn register(app: &TestApp, email: &str) -> reqwest::Response {
    app.request(Method::POST, "/v1/auth/register")
        .json(&json!({"email": email, "password": "long-enough-pw", "name": "Min-jun Kim"}))
        .send()
        .await
        .expect("register")
}

async fn register_then_me(backend: Backend) {
    let app = spawn_app(backend).await;
    let pair = expect_json(
        register(&app, "Minjun@Example.com").await,
        StatusCode::CREATED,
    )
    .await;
    assert!(pair["expires_in"].as_u64().expect("expires_in") > 0);
    let token = pair["access_token"].as_str().expect("token");
    let me = app.me(token).await;
    assert_eq!(me["email"], "minjun@example.com");
    assert_eq!(me["role"], "customer");
    assert_eq!(me["retailer_id"], Value::Null);
    let again = register(&app, "minjun@example.com").await;
    expect_problem(again, StatusCode::CONFLICT, "email_taken").await;
    let weak = app
        .request(Method::POST, "/v1/auth/register")
        .json(&json!({"email": "not-an-email", "password": "short", "name": ""}))
        .send()
        .await
        .expect("register");
    let problem = expect_problem(weak, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let fields = crate::helpers::error_fields(&problem);
    assert_eq!(fields, ["email", "password", "name"]);
}

async fn login_does_not_reveal_accounts(backend: Backend) {
    let app = spawn_app(backend).await;
    let attempt = |email: &'static str| {
        app.request(Method::POST, "/v1/auth/login")
            .json(&json!({"email": email, "password": "wrong-password"}))
            .send()
    };
    let known = expect_problem(
        attempt("customer@demo.test").await.expect("login"),
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    let unknown = expect_problem(
        attempt("nobody@demo.test").await.expect("login"),
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    assert_eq!(known, unknown);
}

fn claims(aud: &str, exp_offset: i64, role: &str) -> Value {
    let now = chrono::Utc::now().timestamp();
    json!({
        "sub": "someone", "role": role, "iat": now, "exp": now + exp_offset,
        "iss": "virtual-shelf", "aud": aud,
    })
}

fn sign(claims: &Value, secret: &str) -> String {
    let mut header = Header::new(jsonwebtoken::Algorithm::HS256);
    header.kid = Some("primary".into());
    jsonwebtoken::encode(
        &header,
        claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .expect("sign")
}

async fn bad_tokens_are_rejected(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin_claims = claims("virtual-shelf-api", 600, "platform_admin");
    let good = sign(&admin_claims, TEST_JWT_SECRET);
    let unsigned = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT","kid":"primary"}"#),
        URL_SAFE_NO_PAD.encode(admin_claims.to_string()),
    );
    let mut tampered_parts: Vec<String> = good.split('.').map(str::to_owned).collect();
    tampered_parts[1] = URL_SAFE_NO_PAD.encode(
        claims("virtual-shelf-api", 600, "platform_admin")
            .to_string()
            .replace("someone", "someone-else"),
    );
    let cases = [
        (
            "forged signature",
            sign(&admin_claims, "another-secret-another-secret-0000"),
        ),
        ("alg none", unsigned),
        (
            "expired",
            sign(
                &claims("virtual-shelf-api", -3600, "platform_admin"),
                TEST_JWT_SECRET,
            ),
        ),
        (
            "wrong audience",
            sign(
                &claims("another-api", 600, "platform_admin"),
                TEST_JWT_SECRET,
            ),
        ),
        ("tampered payload", tampered_parts.join(".")),
        ("garbage", "not-a-jwt".to_owned()),
    ];
    for (case, token) in cases {
        let response = app
            .authed(Method::GET, "/v1/retailers", &token)
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{case}");
        expect_problem(response, StatusCode::UNAUTHORIZED, "invalid_token").await;
    }
    let missing = app
        .request(Method::GET, "/v1/me")
        .send()
        .await
        .expect("request");
    expect_problem(missing, StatusCode::UNAUTHORIZED, "missing_token").await;
    // The control: the same claims, correctly signed, pass.
    let ok = app
        .authed(Method::GET, "/v1/retailers", &good)
        .send()
        .await
        .expect("request");
    assert_eq!(ok.status(), StatusCode::OK);
}

async fn roles_and_tenants_are_enforced(backend: Backend) {
    let app = spawn_app(backend).await;
    let (shop_a, admin_a) = app.retailer_with_admin("Shop A").await;
    let (shop_b, admin_b) = app.retailer_with_admin("Shop B").await;
    let create = json!({"sku": "B-1", "name": "Bread", "price": {"amount_minor": 3000}});
    let created = app
        .authed(
            Method::POST,
            &format!("/v1/retailers/{shop_b}/products"),
            &admin_b,
        )
        .json(&create)
        .send()
        .await
        .expect("create");
    expect_json(created, StatusCode::CREATED).await;

    for (method, path) in [
        (Method::GET, format!("/v1/retailers/{shop_b}")),
        (Method::GET, format!("/v1/retailers/{shop_b}/products")),
        (Method::GET, format!("/v1/retailers/{shop_b}/products/B-1")),
        (
            Method::PATCH,
            format!("/v1/retailers/{shop_b}/products/B-1"),
        ),
        (
            Method::DELETE,
            format!("/v1/retailers/{shop_b}/products/B-1"),
        ),
    ] {
        let response = app
            .authed(method.clone(), &path, &admin_a)
            .json(&json!({"name": "Hijacked"}))
            .send()
            .await
            .expect("request");
        expect_problem(response, StatusCode::NOT_FOUND, "not_found").await;
    }
    let still = expect_json(
        app.authed(
            Method::GET,
            &format!("/v1/retailers/{shop_b}/products/B-1"),
            &admin_b,
        )
        .send()
        .await
        .expect("get"),
        StatusCode::OK,
    )
    .await;
    assert_eq!(still["name"], "Bread");

    let customer = app.login("customer@demo.test", DEMO_PASSWORD).await;
    let response = app
        .authed(Method::POST, "/v1/retailers", &customer)
        .json(&json!({"name": "Mine", "currency": "KRW", "time_zone": "Asia/Seoul", "locale": "ko-KR"}))
        .send()
        .await
        .expect("request");
    expect_problem(response, StatusCode::FORBIDDEN, "forbidden").await;
    let response = app
        .authed(Method::POST, "/v1/retailers", &admin_a)
        .json(&json!({"name": "Mine", "currency": "KRW", "time_zone": "Asia/Seoul", "locale": "ko-KR"}))
        .send()
        .await
        .expect("request");
    expect_problem(response, StatusCode::FORBIDDEN, "forbidden").await;
    let response = app
        .authed(
            Method::GET,
            &format!("/v1/retailers/{shop_a}/products"),
            &customer,
        )
        .send()
        .await
        .expect("request");
    expect_problem(response, StatusCode::FORBIDDEN, "forbidden").await;
    let operator = app.login("operator@demo.test", DEMO_PASSWORD).await;
    let response = app
        .authed(
            Method::POST,
            &format!("/v1/retailers/{shop_a}/products"),
            &operator,
        )
        .json(&create)
        .send()
        .await
        .expect("request");
    expect_problem(response, StatusCode::NOT_FOUND, "not_found").await;
}

async fn refresh(app: &TestApp, token: &str) -> reqwest::Response {
    app.request(Method::POST, "/v1/auth/refresh")
        .json(&json!({"refresh_token": token}))
        .send()
        .await
        .expect("refresh")
}

async fn refresh_rotates_and_reuse_revokes_family(backend: Backend) {
    let app = spawn_app(backend).await;
    let first = app.login_pair("customer@demo.test", DEMO_PASSWORD).await;
    let r1 = first["refresh_token"].as_str().expect("refresh token");
    let second = expect_json(refresh(&app, r1).await, StatusCode::OK).await;
    let r2 = second["refresh_token"].as_str().expect("refresh token");
    assert_ne!(r1, r2);
    let me = app
        .authed(
            Method::GET,
            "/v1/me",
            second["access_token"].as_str().expect("token"),
        )
        .send()
        .await
        .expect("me");
    assert_eq!(me.status(), StatusCode::OK);
    // r1 was already used: presenting it again means it leaked.
    expect_problem(
        refresh(&app, r1).await,
        StatusCode::UNAUTHORIZED,
        "invalid_refresh_token",
    )
    .await;
    // ... so the whole family is gone, including the legitimate r2.
    expect_problem(
        refresh(&app, r2).await,
        StatusCode::UNAUTHORIZED,
        "invalid_refresh_token",
    )
    .await;
    // Another session of the same user is untouched.
    let other = app.login_pair("customer@demo.test", DEMO_PASSWORD).await;
    let other_refresh = other["refresh_token"].as_str().expect("refresh token");
    expect_json(refresh(&app, other_refresh).await, StatusCode::OK).await;
    expect_problem(
        refresh(&app, "made-up").await,
        StatusCode::UNAUTHORIZED,
        "invalid_refresh_token",
    )
    .await;
}

async fn logout_ends_the_session(backend: Backend) {
    let app = spawn_app(backend).await;
    let pair = app.login_pair("customer@demo.test", DEMO_PASSWORD).await;
    let token = pair["refresh_token"].as_str().expect("refresh token");
    let response = app
        .request(Method::POST, "/v1/auth/logout")
        .json(&json!({"refresh_token": token}))
        .send()
        .await
        .expect("logout");
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    expect_problem(
        refresh(&app, token).await,
        StatusCode::UNAUTHORIZED,
        "invalid_refresh_token",
    )
    .await;
}

async fn login_is_rate_limited_per_account(backend: Backend) {
    let app = spawn_app_with(backend, "login_attempts_per_account_per_minute = 3").await;
    for _ in 0..3 {
        let response = app
            .request(Method::POST, "/v1/auth/login")
            .json(&json!({"email": "customer@demo.test", "password": "guess"}))
            .send()
            .await
            .expect("login");
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    let limited = app
        .request(Method::POST, "/v1/auth/login")
        .json(&json!({"email": "Customer@Demo.test", "password": DEMO_PASSWORD}))
        .send()
        .await
        .expect("login");
    assert!(limited.headers().contains_key("retry-after"));
    expect_problem(limited, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    // Other accounts from the same address still log in.
    app.login("operator@demo.test", DEMO_PASSWORD).await;
}

async fn a_hundred_customers_register_and_log_in(backend: Backend) {
    let app = spawn_app(backend).await;
    // 16 at a time, like a busy platform at rush hour, all from one address.
    let tokens: Vec<String> = stream::iter(0..100)
        .map(|i| {
            let app = &app;
            async move {
                let email = format!("commuter{i}@example.com");
                expect_json(register(app, &email).await, StatusCode::CREATED).await;
                app.login(&email, "long-enough-pw").await
            }
        })
        .buffer_unordered(16)
        .collect()
        .await;
    assert_eq!(tokens.len(), 100);
}
