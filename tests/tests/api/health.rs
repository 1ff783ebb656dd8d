//! Probes, metrics, unknown routes, and the demo seed.

use reqwest::{Method, StatusCode};

use crate::helpers::{Backend, expect_json, expect_problem, spawn_app};
use crate::on_both_backends;

on_both_backends!(
    probes_answer,
    unknown_routes_are_problems,
    demo_seed_is_there,
    metrics_count_requests_by_route
);

async fn probes_answer(backend: Backend) {
    let app = spawn_app(backend).await;
    let health = app
        .request(Method::GET, "/healthz")
        .send()
        .await
        .expect("healthz");
    assert_eq!(health.status(), StatusCode::OK);
    let ready = app
        .request(Method::GET, "/readyz")
        .send()
        .await
        .expect("readyz");
    assert!(ready.headers().contains_key("x-request-id"));
    let body = expect_json(ready, StatusCode::OK).await;
    assert_eq!(body["database"], "ok");
}

async fn unknown_routes_are_problems(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app
        .request(Method::GET, "/v1/nothing-here")
        .send()
        .await
        .expect("request");
    expect_problem(response, StatusCode::NOT_FOUND, "not_found").await;
}

async fn demo_seed_is_there(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = app
        .login("retailer@demo.test", crate::helpers::DEMO_PASSWORD)
        .await;
    let me = app.me(&token).await;
    assert_eq!(me["role"], "retailer_admin");
    let retailer_id = me["retailer_id"].as_str().expect("retailer id");
    let retailer = expect_json(
        app.authed(Method::GET, &format!("/v1/retailers/{retailer_id}"), &token)
            .send()
            .await
            .expect("retailer"),
        StatusCode::OK,
    )
    .await;
    assert_eq!(retailer["currency"], "KRW");
    assert_eq!(retailer["time_zone"], "Asia/Seoul");
    let products = expect_json(
        app.authed(
            Method::GET,
            &format!("/v1/retailers/{retailer_id}/products"),
            &token,
        )
        .send()
        .await
        .expect("products"),
        StatusCode::OK,
    )
    .await;
    assert_eq!(products["items"].as_array().expect("items").len(), 12);
    for email in [
        "admin@demo.test",
        "operator@demo.test",
        "customer@demo.test",
    ] {
        app.login(email, crate::helpers::DEMO_PASSWORD).await;
    }
}

async fn metrics_count_requests_by_route(backend: Backend) {
    let app = spawn_app(backend).await;
    for code in ["ZZZZZZZZ", "YYYYYYYY", "XXXXXXXX"] {
        let scan = app
            .request(Method::GET, &format!("/s/{code}"))
            .header("accept", "application/json")
            .send()
            .await
            .expect("scan");
        assert_eq!(scan.status(), StatusCode::NOT_FOUND);
    }
    let stray = app
        .request(Method::GET, "/no/such/route")
        .send()
        .await
        .expect("stray request");
    assert_eq!(stray.status(), StatusCode::NOT_FOUND);
    let metrics = app
        .request(Method::GET, "/metrics")
        .send()
        .await
        .expect("metrics");
    assert_eq!(metrics.status(), StatusCode::OK);
    assert!(
        metrics.headers()["content-type"]
            .to_str()
            .is_ok_and(|t| t.starts_with("text/plain; version=0.0.4"))
    );
    let text = metrics.text().await.expect("text");
    assert!(
        text.contains(
            r#"shelf_http_requests_total{method="GET",route="/s/{code}",status="404"} 3"#
        ),
        "{text}"
    );
    assert!(
        text.contains(
            r#"shelf_http_requests_total{method="GET",route="unmatched",status="404"} 1"#
        ),
        "{text}"
    );
    assert!(!text.contains("ZZZZZZZZ"), "codes never become labels");
    assert!(text.contains("shelf_http_request_duration_seconds_bucket"));
}
