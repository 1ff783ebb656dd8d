//! The published contract: the OpenAPI document generated from the code, the operations
//! it lists being the ones the server serves, 405 for a documented path asked with a
//! method it does not have, and the interactive reference.

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::helpers::{Backend, expect_json, expect_problem, spawn_app};

/// A value for a path parameter: well-formed enough to reach the handler.
fn sample(parameter: &str) -> &'static str {
    match parameter {
        "code" => "ZZZZZZZZ",
        "sku" => "NO-SUCH-SKU",
        "date" => "2030-01-01",
        "provider" => "test",
        "key" => "no-such-key",
        _ => "00000000-0000-4000-8000-000000000000",
    }
}

fn concrete(path: &str) -> String {
    path.split('/')
        .map(|segment| match segment.strip_prefix('{') {
            Some(name) => sample(name.trim_end_matches('}')).to_owned(),
            None => segment.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether the documented `pattern` matches the concrete `url`.
fn matches(pattern: &str, url: &str) -> bool {
    let (pattern, url): (Vec<&str>, Vec<&str>) =
        (pattern.split('/').collect(), url.split('/').collect());
    pattern.len() == url.len()
        && pattern
            .iter()
            .zip(&url)
            .all(|(p, u)| p.starts_with('{') || p == u)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_documented_operation_is_served_and_other_methods_are_405() {
    let app = spawn_app(Backend::Sqlite).await;
    let document = expect_json(
        app.request(Method::GET, "/openapi.json")
            .send()
            .await
            .expect("document"),
        StatusCode::OK,
    )
    .await;
    assert!(
        document["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3."))
    );
    let paths = document["paths"].as_object().expect("paths");
    assert!(paths.len() > 40, "{} paths", paths.len());
    let all = ["GET", "PUT", "POST", "DELETE", "PATCH"];
    let mut served = 0;
    for path in paths.keys() {
        let url = concrete(path);
        // Other documented paths can match the same URL (`/products/import` is also a
        // `/products/{sku}`): a method is served if any of them has it.
        let documented: Vec<&str> = all
            .iter()
            .copied()
            .filter(|method| {
                paths.iter().any(|(other, item)| {
                    matches(other, &url) && item.get(method.to_ascii_lowercase()).is_some()
                })
            })
            .collect();
        assert!(!documented.is_empty(), "{path} has no operation");
        for method in all {
            let response = app
                .request(Method::from_bytes(method.as_bytes()).expect("method"), &url)
                .send()
                .await
                .expect("request");
            if documented.contains(&method) {
                served += 1;
                let status = response.status();
                assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
                // A 404 here must come from the handler (no such retailer, product, …),
                // not from the fallback for paths no route serves.
                if status == StatusCode::NOT_FOUND {
                    let body = response.text().await.expect("body");
                    assert!(
                        !body.contains("no such resource"),
                        "{method} {path}: {body}"
                    );
                }
            } else {
                let allow = response
                    .headers()
                    .get("allow")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned);
                let problem = expect_problem(
                    response,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "method_not_allowed",
                )
                .await;
                assert_eq!(
                    allow.as_deref(),
                    Some(documented.join(", ").as_str()),
                    "{method} {path}: {problem}"
                );
            }
        }
    }
    assert!(served > 50, "{served} documented operations served");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trace_on_a_probe_is_405_and_unknown_paths_404() {
    let app = spawn_app(Backend::Sqlite).await;
    let response = app
        .request(Method::TRACE, "/healthz")
        .send()
        .await
        .expect("trace");
    assert_eq!(
        response
            .headers()
            .get("allow")
            .and_then(|v| v.to_str().ok()),
        Some("GET")
    );
    expect_problem(
        response,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    )
    .await;
    let response = app
        .request(Method::DELETE, "/v1/no-such-thing")
        .send()
        .await
        .expect("delete");
    expect_problem(response, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_document_is_cacheable_and_the_reference_reads_it() {
    let app = spawn_app(Backend::Sqlite).await;
    let first = app
        .request(Method::GET, "/openapi.json")
        .send()
        .await
        .expect("document");
    let etag = first.headers().get("etag").cloned().expect("etag");
    let document: Value = first.json().await.expect("json");
    assert_eq!(
        document["components"]["securitySchemes"]["bearerAuth"]["scheme"],
        "bearer"
    );
    let again = app
        .request(Method::GET, "/openapi.json")
        .header("if-none-match", etag)
        .send()
        .await
        .expect("again");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    let page = app
        .request(Method::GET, "/docs/")
        .send()
        .await
        .expect("reference");
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.expect("html").contains("swagger"));
    let initializer = app
        .request(Method::GET, "/docs/swagger-initializer.js")
        .send()
        .await
        .expect("initializer")
        .text()
        .await
        .expect("js");
    assert!(initializer.contains("/openapi.json"), "{initializer}");
}

/// PostgreSQL cannot store the NUL character in text: such input is refused as a
/// documented 422, not a 500 (SQLite stores it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_with_a_nul_character_is_refused_on_postgres() {
    let app = spawn_app(Backend::Postgres).await;
    let response = app
        .request(Method::POST, "/v1/auth/login")
        .json(&serde_json::json!({"email": "a\u{0}b@example.com", "password": "x"}))
        .send()
        .await
        .expect("login");
    expect_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_text").await;
    let response = app
        .request(Method::POST, "/v1/auth/register")
        .json(&serde_json::json!({"email": "nul@example.com", "password": "long enough", "name": "a\u{0}b"}))
        .send()
        .await
        .expect("register");
    expect_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_text").await;
}
