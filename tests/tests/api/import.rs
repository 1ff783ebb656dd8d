//! Catalogue import: CSV and JSON, upsert by SKU, all or nothing, dry runs, big files,
//! body limits, and reservations left alone.

use diesel::RunQueryDsl;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, expect_json, expect_problem, spawn_app, spawn_app_with};
use crate::on_both_backends;

on_both_backends!(
    messy_csv_imports_exactly,
    bad_rows_are_all_reported_and_nothing_changes,
    dry_run_writes_nothing,
    ten_thousand_rows_import,
    oversized_and_mistyped_bodies_are_refused,
    import_never_touches_reservations,
);

async fn import(
    app: &TestApp,
    shop: &str,
    token: &str,
    content_type: &str,
    body: impl Into<reqwest::Body>,
    query: &str,
) -> reqwest::Response {
    app.authed(
        Method::POST,
        &format!("/v1/retailers/{shop}/products/import{query}"),
        token,
    )
    .header("content-type", content_type)
    .body(body)
    .send()
    .await
    .expect("import")
}

async fn product(app: &TestApp, shop: &str, token: &str, sku: &str) -> Value {
    let response = app
        .authed(
            Method::GET,
            &format!("/v1/retailers/{shop}/products/{sku}"),
            token,
        )
        .send()
        .await
        .expect("get");
    expect_json(response, StatusCode::OK).await
}

async fn all_products(app: &TestApp, shop: &str, token: &str) -> Vec<Value> {
    let response = app
        .authed(
            Method::GET,
            &format!("/v1/retailers/{shop}/products?limit=200"),
            token,
        )
        .send()
        .await
        .expect("list");
    expect_json(response, StatusCode::OK).await["items"]
        .as_array()
        .expect("items")
        .clone()
}

async fn messy_csv_imports_exactly(backend: Backend) {
    let app = spawn_app(backend).await;
    let (shop, token) = app.retailer_with_admin("CSV Mart").await;
    let csv = "\u{feff}description,sku,name,price_minor,stock_on_hand,gtin,active\r\n\
        \"Crème fraîche, 34 %\r\nfrom Normandy\",CREME,Crème fraîche,3450,12,,true\r\n\
        \"\"\"Best\"\" ramyeon\",RAMEN,신라면 5개입,4980,120,8801043014830,TRUE\r\n\
        ,MJOLK,Mellanmjölk 1.5 %,1290,0,,0\r\n";
    let report = expect_json(
        import(&app, &shop, &token, "text/csv; charset=utf-8", csv, "").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        report,
        json!({"rows": 3, "created": 3, "updated": 0, "unchanged": 0, "dry_run": false})
    );
    let creme = product(&app, &shop, &token, "CREME").await;
    assert_eq!(creme["name"], "Crème fraîche");
    assert_eq!(creme["description"], "Crème fraîche, 34 %\r\nfrom Normandy");
    assert_eq!(creme["stock_on_hand"], 12);
    let ramen = product(&app, &shop, &token, "RAMEN").await;
    assert_eq!(ramen["name"], "신라면 5개입");
    assert_eq!(ramen["description"], "\"Best\" ramyeon");
    assert_eq!(ramen["gtin"], "8801043014830");
    let mjolk = product(&app, &shop, &token, "MJOLK").await;
    assert_eq!(mjolk["active"], false);
    assert_eq!(mjolk["price"]["amount_minor"], 1290);

    // Upsert: a second file with fewer columns updates what it names and keeps the rest.
    let again = "sku,price_minor\nCREME,3300\nRAMEN,4980\nNEW-1,100\n";
    let missing_name = import(&app, &shop, &token, "text/csv", again, "").await;
    let problem = expect_problem(
        missing_name,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(
        problem["errors"],
        json!([{"row": 4, "field": "name", "message": "is required for a new product"}])
    );
    let again = "sku,price_minor\nCREME,3300\nRAMEN,4980\n";
    let report = expect_json(
        import(&app, &shop, &token, "text/csv", again, "").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        report,
        json!({"rows": 2, "created": 0, "updated": 1, "unchanged": 1, "dry_run": false})
    );
    let creme = product(&app, &shop, &token, "CREME").await;
    assert_eq!(creme["price"]["amount_minor"], 3300);
    assert_eq!(creme["stock_on_hand"], 12);
    assert_eq!(creme["name"], "Crème fraîche");

    let json_rows = json!([
        {"sku": "CREME", "name": "Crème fraîche 34 %", "price": {"amount_minor": 3300, "currency": "KRW"}},
        {"sku": "OAT", "name": "Havredryck", "price": {"amount_minor": 2500}, "stock_on_hand": 9}
    ]);
    let report = expect_json(
        import(
            &app,
            &shop,
            &token,
            "application/json",
            json_rows.to_string(),
            "",
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        report,
        json!({"rows": 2, "created": 1, "updated": 1, "unchanged": 0, "dry_run": false})
    );
    assert_eq!(
        product(&app, &shop, &token, "OAT").await["stock_on_hand"],
        9
    );
}

async fn bad_rows_are_all_reported_and_nothing_changes(backend: Backend) {
    let app = spawn_app(backend).await;
    let (shop, token) = app.retailer_with_admin("Strict Mart").await;
    let good = "sku,name,price_minor,stock_on_hand\nKEEP,Keep me,1000,5\n";
    expect_json(
        import(&app, &shop, &token, "text/csv", good, "").await,
        StatusCode::OK,
    )
    .await;
    let before = all_products(&app, &shop, &token).await;

    let csv = "sku,name,price_minor,stock_on_hand,gtin,active\n\
        KEEP,Changed,2000,6,,true\n\
        OK-2,Fine,100,1,,true\n\
        BAD-PRICE,Price,12.50,1,,true\n\
        BAD-GTIN,Gtin,100,1,4006381333932,true\n\
        ,No sku,100,1,,true\n\
        NEG,Negative,-1,-1,,yes\n\
        OK-2,Again,100,1,,true\n\
        SHORT,row\n";
    let response = import(&app, &shop, &token, "text/csv", csv, "").await;
    let problem = expect_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let located: Vec<(u64, String)> = problem["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            (
                e["row"].as_u64().expect("row"),
                e["field"].as_str().expect("field").to_owned(),
            )
        })
        .collect();
    assert_eq!(
        located,
        [
            (4, "price_minor".to_owned()),
            (5, "gtin".to_owned()),
            (6, "sku".to_owned()),
            (7, "price_minor".to_owned()),
            (7, "stock_on_hand".to_owned()),
            (8, "sku".to_owned()),
            (9, "row".to_owned()),
        ]
    );
    assert_eq!(
        all_products(&app, &shop, &token).await,
        before,
        "all or nothing"
    );

    let not_csv = import(&app, &shop, &token, "text/csv", "sku,naem\nA,B\n", "").await;
    let problem = expect_problem(
        not_csv,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"][0]["field"], "naem");
    let empty = import(
        &app,
        &shop,
        &token,
        "text/csv",
        "sku,name,price_minor\n",
        "",
    )
    .await;
    expect_problem(empty, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let latin1 = import(
        &app,
        &shop,
        &token,
        "text/csv",
        &b"sku,name,price_minor\nX,Sm\xf6r,100\n"[..],
        "",
    )
    .await;
    let problem = expect_problem(
        latin1,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"][0]["row"], 2);
    let bad_json = import(&app, &shop, &token, "application/json", "{\"sku\":1}", "").await;
    expect_problem(
        bad_json,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(all_products(&app, &shop, &token).await, before);
}

async fn dry_run_writes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let (shop, token) = app.retailer_with_admin("Dry Mart").await;
    let csv = "sku,name,price_minor\nA,Apple,100\nB,Banana,200\n";
    let report = expect_json(
        import(&app, &shop, &token, "text/csv", csv, "?dry_run=true").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        report,
        json!({"rows": 2, "created": 2, "updated": 0, "unchanged": 0, "dry_run": true})
    );
    assert!(all_products(&app, &shop, &token).await.is_empty());
    let bad = import(
        &app,
        &shop,
        &token,
        "text/csv",
        "sku,name,price_minor\nA,Apple,x\n",
        "?dry_run=true",
    )
    .await;
    expect_problem(bad, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
}

async fn ten_thousand_rows_import(backend: Backend) {
    let app = spawn_app(backend).await;
    let (shop, token) = app.retailer_with_admin("Big Mart").await;
    let mut csv = String::from("sku,name,description,price_minor,stock_on_hand,gtin,active\n");
    for i in 0..10_000 {
        csv.push_str(&format!(
            "SKU-{i:05},\"상품 {i}, Größe M\",Row {i},{},{},,true\n",
            1000 + i,
            i % 50
        ));
    }
    let report = expect_json(
        import(&app, &shop, &token, "text/csv", csv.clone(), "").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(report["created"], 10_000);
    let last = product(&app, &shop, &token, "SKU-09999").await;
    assert_eq!(last["name"], "상품 9999, Größe M");
    assert_eq!(last["price"]["amount_minor"], 10_999);
    let report = expect_json(
        import(&app, &shop, &token, "text/csv", csv, "").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(report["unchanged"], 10_000);
}

async fn oversized_and_mistyped_bodies_are_refused(backend: Backend) {
    let app = spawn_app_with(backend, "max_import_bytes = 1024\nmax_json_bytes = 2048").await;
    let (shop, token) = app.retailer_with_admin("Small Mart").await;
    let mut csv = String::from("sku,name,price_minor\n");
    for i in 0..100 {
        csv.push_str(&format!("S{i},Name {i},100\n"));
    }
    let response = import(&app, &shop, &token, "text/csv", csv, "").await;
    expect_problem(response, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
    let response = import(&app, &shop, &token, "application/xml", "<products/>", "").await;
    expect_problem(
        response,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;
    let huge_name = "x".repeat(4096);
    let response = app
        .authed(
            Method::POST,
            &format!("/v1/retailers/{shop}/products"),
            &token,
        )
        .json(&json!({"sku": "A", "name": huge_name, "price": {"amount_minor": 1}}))
        .send()
        .await
        .expect("create");
    expect_problem(response, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
    assert!(all_products(&app, &shop, &token).await.is_empty());
}

async fn import_never_touches_reservations(backend: Backend) {
    let app = spawn_app(backend).await;
    let (shop, token) = app.retailer_with_admin("Reserved Mart").await;
    let csv = "sku,name,price_minor,stock_on_hand\nEGGS,Eggs,7480,60\n";
    expect_json(
        import(&app, &shop, &token, "text/csv", csv, "").await,
        StatusCode::OK,
    )
    .await;
    let pool = app.pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().expect("connection");
        diesel::sql_query("UPDATE products SET reserved = 7 WHERE sku = 'EGGS'")
            .execute(&mut conn)
            .expect("reserve");
    })
    .await
    .expect("task");
    let csv = "sku,stock_on_hand\nEGGS,100\n";
    expect_json(
        import(&app, &shop, &token, "text/csv", csv, "").await,
        StatusCode::OK,
    )
    .await;
    let eggs = product(&app, &shop, &token, "EGGS").await;
    assert_eq!(
        (
            eggs["stock_on_hand"].as_i64(),
            eggs["reserved"].as_i64(),
            eggs["available"].as_i64()
        ),
        (Some(100), Some(7), Some(93))
    );
}
