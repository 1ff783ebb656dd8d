//! Share codes: every product's short public code, stable across edits, on its JSON.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, expect_json, spawn_app};

/// Creates a product through the JSON API and returns its JSON.
async fn create_product(app: &TestApp, shop: &str, token: &str, body: Value) -> Value {
    let response = app
        .authed(
            Method::POST,
            &format!("/v1/retailers/{shop}/products"),
            token,
        )
        .json(&body)
        .send()
        .await
        .expect("create product");
    expect_json(response, StatusCode::CREATED).await
}

/// Patches a product through the JSON API and returns its JSON.
async fn patch_product(app: &TestApp, shop: &str, token: &str, sku: &str, body: Value) -> Value {
    let response = app
        .authed(
            Method::PATCH,
            &format!("/v1/retailers/{shop}/products/{sku}"),
            token,
        )
        .json(&body)
        .send()
        .await
        .expect("patch product");
    expect_json(response, StatusCode::OK).await
}

fn is_share_code(code: &str) -> bool {
    code.len() == 8
        && code
            .bytes()
            .all(|b| b"0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(&b))
}

#[tokio::test]
async fn products_get_a_share_code_that_edits_keep() {
    let app = spawn_app(Backend::Sqlite).await;
    let (shop, token) = app.retailer_with_admin("Share Mart").await;
    let created = create_product(
        &app,
        &shop,
        &token,
        json!({
            "sku": "TEA-1", "name": "보리차", "description": "Barley tea",
            "price": {"amount_minor": 2500, "currency": "KRW"}, "stock_on_hand": 5
        }),
    )
    .await;
    let code = created["share_code"]
        .as_str()
        .expect("share_code")
        .to_owned();
    assert!(is_share_code(&code), "{code}");
    assert_eq!(created["share_url"], format!("{}/p/{code}", app.address));

    let other = create_product(
        &app,
        &shop,
        &token,
        json!({
            "sku": "TEA-2", "name": "Green tea", "price": {"amount_minor": 3000}
        }),
    )
    .await;
    assert_ne!(other["share_code"], created["share_code"]);

    let edited = patch_product(
        &app,
        &shop,
        &token,
        "TEA-1",
        json!({
            "price": {"amount_minor": 1900}, "name": "보리차 1L"
        }),
    )
    .await;
    assert_eq!(edited["share_code"], code.as_str());
    assert_eq!(edited["share_url"], created["share_url"]);
}
