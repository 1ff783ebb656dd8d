//! Products through the API: create, read, update, list, search, delete, and validation.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, expect_json, expect_problem, spawn_app};
use crate::on_both_backends;

on_both_backends!(
    product_lifecycle,
    listing_pages_and_searches,
    invalid_products_are_refused_and_change_nothing,
);

async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let request = app.authed(method, path, token);
    let request = match body {
        Some(body) => request.json(&body),
        None => request,
    };
    request.send().await.expect("request")
}

async fn product_lifecycle(backend: Backend) {
    let app = spawn_app(backend).await;
    let (shop, token) = app.retailer_with_admin("Lifecycle Mart").await;
    let base = format!("/v1/retailers/{shop}/products");
    let created = expect_json(
        send(&app, Method::POST, &base, &token, Some(json!({
            "sku": "KIMCHI-500", "gtin": "8801043014830", "name": "포기김치 500g",
            "description": "Napa cabbage kimchi", "price": {"amount_minor": 6900, "currency": "KRW"},
            "stock_on_hand": 40
        }))).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        created["price"],
        json!({"amount_minor": 6900, "currency": "KRW"})
    );
    assert_eq!(created["available"], 40);
    assert_eq!(created["reserved"], 0);
    assert_eq!(created["active"], true);
    assert_eq!(created["image_url"], Value::Null);

    let duplicate = send(
        &app,
        Method::POST,
        &base,
        &token,
        Some(json!({
            "sku": "KIMCHI-500", "name": "Again", "price": {"amount_minor": 1}
        })),
    )
    .await;
    expect_problem(duplicate, StatusCode::CONFLICT, "sku_taken").await;

    let path = format!("{base}/KIMCHI-500");
    let updated = expect_json(
        send(
            &app,
            Method::PATCH,
            &path,
            &token,
            Some(json!({
                "price": {"amount_minor": 5900}, "active": false, "gtin": null
            })),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(updated["price"]["amount_minor"], 5900);
    assert_eq!(updated["active"], false);
    assert_eq!(updated["gtin"], Value::Null);
    assert_eq!(
        updated["name"], "포기김치 500g",
        "absent fields keep their value"
    );

    let fetched = expect_json(
        send(&app, Method::GET, &path, &token, None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(fetched, updated);

    let deleted = send(&app, Method::DELETE, &path, &token, None).await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    expect_problem(
        send(&app, Method::GET, &path, &token, None).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    expect_problem(
        send(&app, Method::DELETE, &path, &token, None).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let list = expect_json(
        send(&app, Method::GET, &base, &token, None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(list["items"], json!([]));

    // The SKU can be used again after deletion.
    let revived = send(
        &app,
        Method::POST,
        &base,
        &token,
        Some(json!({
            "sku": "KIMCHI-500", "name": "백김치", "price": {"amount_minor": 4900}
        })),
    )
    .await;
    let revived = expect_json(revived, StatusCode::CREATED).await;
    assert_eq!(revived["name"], "백김치");
}

async fn listing_pages_and_searches(backend: Backend) {
    let app = spawn_app(backend).await;
    let (shop, token) = app.retailer_with_admin("Paging Mart").await;
    let base = format!("/v1/retailers/{shop}/products");
    let rows: Vec<Value> = (0..25)
        .map(|i| json!({"sku": format!("SKU-{i:03}"), "name": if i % 5 == 0 { format!("Oat Milk {i}") } else { format!("Rice {i}") }, "price": {"amount_minor": 1000 + i}}))
        .collect();
    let imported = app
        .authed(Method::POST, &format!("{base}/import"), &token)
        .json(&rows)
        .send()
        .await
        .expect("import");
    expect_json(imported, StatusCode::OK).await;

    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let query = match &after {
            Some(sku) => format!("{base}?limit=10&after={sku}"),
            None => format!("{base}?limit=10"),
        };
        let page = expect_json(
            send(&app, Method::GET, &query, &token, None).await,
            StatusCode::OK,
        )
        .await;
        let items = page["items"].as_array().expect("items");
        assert!(items.len() <= 10);
        seen.extend(
            items
                .iter()
                .map(|p| p["sku"].as_str().expect("sku").to_owned()),
        );
        match page["next_after"].as_str() {
            Some(next) => after = Some(next.to_owned()),
            None => break,
        }
    }
    let expected: Vec<String> = (0..25).map(|i| format!("SKU-{i:03}")).collect();
    assert_eq!(seen, expected);

    let found = expect_json(
        send(
            &app,
            Method::GET,
            &format!("{base}?q=oat%20MILK"),
            &token,
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let names: Vec<&str> = found["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|p| p["name"].as_str().expect("name"))
        .collect();
    assert_eq!(
        names,
        [
            "Oat Milk 0",
            "Oat Milk 5",
            "Oat Milk 10",
            "Oat Milk 15",
            "Oat Milk 20"
        ]
    );
    let by_sku = expect_json(
        send(&app, Method::GET, &format!("{base}?q=sku-02"), &token, None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(by_sku["items"].as_array().expect("items").len(), 5);
    let literal = expect_json(
        send(&app, Method::GET, &format!("{base}?q=%25"), &token, None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(literal["items"], json!([]), "% is matched literally");

    let too_big = send(
        &app,
        Method::GET,
        &format!("{base}?limit=1000"),
        &token,
        None,
    )
    .await;
    expect_problem(
        too_big,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let nonsense = send(
        &app,
        Method::GET,
        &format!("{base}?limit=lots"),
        &token,
        None,
    )
    .await;
    expect_problem(nonsense, StatusCode::BAD_REQUEST, "bad_request").await;
}

async fn invalid_products_are_refused_and_change_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let (shop, token) = app.retailer_with_admin("Strict Mart").await;
    let base = format!("/v1/retailers/{shop}/products");
    let bad = send(&app, Method::POST, &base, &token, Some(json!({
        "sku": "has space", "gtin": "8801043014831", "name": "", "price": {"amount_minor": -5}, "stock_on_hand": -1
    }))).await;
    let problem = expect_problem(bad, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let fields = crate::helpers::error_fields(&problem);
    assert_eq!(fields, ["sku", "name", "gtin", "price", "stock_on_hand"]);

    let wrong_currency = send(
        &app,
        Method::POST,
        &base,
        &token,
        Some(json!({
            "sku": "A", "name": "A", "price": {"amount_minor": 5, "currency": "EUR"}
        })),
    )
    .await;
    expect_problem(
        wrong_currency,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let missing_price = send(
        &app,
        Method::POST,
        &base,
        &token,
        Some(json!({"sku": "A", "name": "A"})),
    )
    .await;
    expect_problem(
        missing_price,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let unknown_field = send(
        &app,
        Method::POST,
        &base,
        &token,
        Some(json!({"sku": "A", "name": "A", "prize": 1})),
    )
    .await;
    expect_problem(unknown_field, StatusCode::BAD_REQUEST, "bad_request").await;
    let malformed = app
        .authed(Method::POST, &base, &token)
        .header("content-type", "application/json")
        .body("{\"sku\":")
        .send()
        .await
        .expect("request");
    let problem = expect_problem(malformed, StatusCode::BAD_REQUEST, "bad_request").await;
    assert!(!problem.to_string().contains("serde"), "{problem}");
    let patch_missing = send(
        &app,
        Method::PATCH,
        &format!("{base}/NOPE"),
        &token,
        Some(json!({"name": "x"})),
    )
    .await;
    expect_problem(patch_missing, StatusCode::NOT_FOUND, "not_found").await;
    let rename = send(
        &app,
        Method::PATCH,
        &format!("{base}/NOPE"),
        &token,
        Some(json!({"sku": "OTHER"})),
    )
    .await;
    expect_problem(
        rename,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;

    let list = expect_json(
        send(&app, Method::GET, &base, &token, None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(list["items"], json!([]), "nothing was created");
}
