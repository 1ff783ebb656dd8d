//! Shelves through the JSON API on both backends: made, read, changed and deleted by the
//! retailer's admin with their products in the chosen order and a ready embed snippet;
//! invalid input refused field by field with nothing written; other retailers' shelves
//! and products out of reach; operators read only.

use diesel::prelude::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_fields, expect_json, expect_problem, spawn_app};
use crate::on_both_backends;
use virtual_shelf::db::schema::{shelf_products, shelves};
use virtual_shelf::domain::accounts::Role;

on_both_backends!(
    a_shelf_is_made_changed_and_deleted,
    invalid_shelves_change_nothing,
    shelves_are_the_retailers_and_operators_only_read,
);

/// Creates a product priced `price_minor` in the retailer's catalogue; its JSON.
pub async fn product(app: &TestApp, rid: &str, token: &str, sku: &str, price_minor: i64) -> Value {
    let response = app
        .authed(Method::POST, &format!("/v1/retailers/{rid}/products"), token)
        .json(&json!({"sku": sku, "name": format!("Product {sku}"), "price": {"amount_minor": price_minor}}))
        .send()
        .await
        .expect("create product");
    expect_json(response, StatusCode::CREATED).await
}

/// A request on the retailer's shelves (`suffix` after `/shelves`) as `token`.
fn shelves(
    app: &TestApp,
    method: Method,
    rid: &str,
    suffix: &str,
    token: &str,
) -> reqwest::RequestBuilder {
    app.authed(
        method,
        &format!("/v1/retailers/{rid}/shelves{suffix}"),
        token,
    )
}

/// `POST …/shelves` of `body`, answered 201; the shelf.
pub async fn create_shelf(app: &TestApp, rid: &str, token: &str, body: Value) -> Value {
    let response = shelves(app, Method::POST, rid, "", token)
        .json(&body)
        .send()
        .await
        .expect("create shelf");
    expect_json(response, StatusCode::CREATED).await
}

async fn list(app: &TestApp, rid: &str, token: &str) -> Vec<Value> {
    let response = shelves(app, Method::GET, rid, "", token)
        .send()
        .await
        .expect("list");
    expect_json(response, StatusCode::OK).await["items"]
        .as_array()
        .expect("items")
        .clone()
}

fn skus(shelf: &Value) -> Vec<&str> {
    shelf["products"]
        .as_array()
        .expect("products")
        .iter()
        .map(|p| p["sku"].as_str().expect("sku"))
        .collect()
}

async fn a_shelf_is_made_changed_and_deleted(backend: crate::helpers::Backend) {
    let app = spawn_app(backend).await;
    let (rid, admin) = app.retailer_with_admin("Shelf Mart").await;
    let apple = product(&app, &rid, &admin, "APPLE", 3900).await;
    product(&app, &rid, &admin, "BREAD", 2500).await;
    product(&app, &rid, &admin, "CHEESE", 12000).await;

    let name = r#"Mina's "Kitchen" & <friends>"#;
    let shelf = create_shelf(
        &app,
        &rid,
        &admin,
        json!({"name": name, "skus": ["BREAD", "APPLE"]}),
    )
    .await;
    let id = shelf["id"].as_str().expect("id").to_owned();
    assert_eq!(shelf["name"], name);
    assert_eq!(skus(&shelf), ["BREAD", "APPLE"], "in the order chosen");
    let first = &shelf["products"][1];
    assert_eq!(
        first["price"],
        json!({"amount_minor": 3900, "currency": "KRW"})
    );
    assert_eq!(first["share_url"], apple["share_url"]);
    assert_eq!(first["name"], "Product APPLE");
    assert_eq!(first["active"], true);
    assert!(
        first["id"].as_str().is_some_and(|p| !p.is_empty()),
        "{first}"
    );
    let embed_url = format!("{}/embed/shelves/{id}", app.address);
    assert_eq!(shelf["embed_url"], embed_url);
    let snippet = shelf["embed_snippet"].as_str().expect("snippet");
    assert!(
        snippet.starts_with(&format!(r#"<iframe src="{embed_url}" "#)),
        "{snippet}"
    );
    assert!(
        snippet.contains(r#"title="Mina&apos;s &quot;Kitchen&quot; &amp; &lt;friends&gt;""#),
        "the name is escaped in the attribute: {snippet}"
    );
    assert!(snippet.ends_with("></iframe>"), "{snippet}");

    let read = expect_json(
        shelves(&app, Method::GET, &rid, &format!("/{id}"), &admin)
            .send()
            .await
            .expect("get"),
        StatusCode::OK,
    )
    .await;
    assert_eq!(read, shelf);
    assert_eq!(list(&app, &rid, &admin).await, std::slice::from_ref(&shelf));

    let response = shelves(&app, Method::PUT, &rid, &format!("/{id}"), &admin)
        .json(&json!({"name": "  For Jun  ", "skus": ["CHEESE", "APPLE", "BREAD"]}))
        .send()
        .await
        .expect("put");
    let changed = expect_json(response, StatusCode::OK).await;
    assert_eq!(changed["name"], "For Jun", "trimmed");
    assert_eq!(skus(&changed), ["CHEESE", "APPLE", "BREAD"]);
    assert_eq!(changed["embed_url"], embed_url, "the embed URL stays");

    // A deleted product drops out; an inactive one stays, marked, for the admin to see.
    let response = app
        .authed(
            Method::DELETE,
            &format!("/v1/retailers/{rid}/products/APPLE"),
            &admin,
        )
        .send()
        .await
        .expect("delete product");
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = app
        .authed(
            Method::PATCH,
            &format!("/v1/retailers/{rid}/products/BREAD"),
            &admin,
        )
        .json(&json!({"active": false}))
        .send()
        .await
        .expect("deactivate");
    expect_json(response, StatusCode::OK).await;
    let read = expect_json(
        shelves(&app, Method::GET, &rid, &format!("/{id}"), &admin)
            .send()
            .await
            .expect("get"),
        StatusCode::OK,
    )
    .await;
    assert_eq!(skus(&read), ["CHEESE", "BREAD"]);
    assert_eq!(read["products"][1]["active"], false);

    let response = shelves(&app, Method::DELETE, &rid, &format!("/{id}"), &admin)
        .send()
        .await
        .expect("delete");
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    for method in [Method::GET, Method::DELETE] {
        let response = shelves(&app, method, &rid, &format!("/{id}"), &admin)
            .send()
            .await
            .expect("after delete");
        expect_problem(response, StatusCode::NOT_FOUND, "not_found").await;
    }
    let response = shelves(&app, Method::PUT, &rid, &format!("/{id}"), &admin)
        .json(&json!({"name": "Back", "skus": ["CHEESE"]}))
        .send()
        .await
        .expect("put after delete");
    expect_problem(response, StatusCode::NOT_FOUND, "not_found").await;
    let shelf_id = id.clone();
    let stored = app
        .with_db(move |conn| {
            let name: String = shelves::table
                .find(&shelf_id)
                .select(shelves::name)
                .first(conn)
                .expect("the row stays");
            let products: Vec<String> = shelf_products::table
                .filter(shelf_products::shelf_id.eq(&shelf_id))
                .select(shelf_products::product_id)
                .load(conn)
                .expect("products");
            (name, products.len())
        })
        .await;
    assert_eq!(
        stored,
        ("For Jun".to_owned(), 3),
        "a deleted shelf's name and products stay as they were"
    );
    assert!(list(&app, &rid, &admin).await.is_empty());
}

async fn invalid_shelves_change_nothing(backend: crate::helpers::Backend) {
    let app = spawn_app(backend).await;
    let (rid, admin) = app.retailer_with_admin("Shelf Mart").await;
    let (other_rid, other_admin) = app.retailer_with_admin("Other Mart").await;
    for i in 0..25 {
        product(&app, &rid, &admin, &format!("P{i:02}"), 1000 + i).await;
    }
    product(&app, &other_rid, &other_admin, "FOREIGN", 500).await;
    let twenty_five: Vec<String> = (0..25).map(|i| format!("P{i:02}")).collect();

    let cases = [
        (json!({"name": "", "skus": ["P00"]}), vec!["name"]),
        (
            json!({"name": "x".repeat(81), "skus": ["P00"]}),
            vec!["name"],
        ),
        (
            json!({"name": "Bad\u{7}name", "skus": ["P00"]}),
            vec!["name"],
        ),
        (json!({"name": "Empty", "skus": []}), vec!["skus"]),
        (
            json!({"name": "Too many", "skus": twenty_five}),
            vec!["skus"],
        ),
        (
            json!({"name": "Unknown", "skus": ["P00", "NOPE"]}),
            vec!["skus"],
        ),
        (
            json!({"name": "Foreign", "skus": ["FOREIGN"]}),
            vec!["skus"],
        ),
        (
            json!({"name": "Twice", "skus": ["P01", "P01"]}),
            vec!["skus"],
        ),
        (json!({"name": " ", "skus": ["NOPE"]}), vec!["name", "skus"]),
    ];
    for (body, fields) in &cases {
        let response = shelves(&app, Method::POST, &rid, "", &admin)
            .json(body)
            .send()
            .await
            .expect("post");
        let problem = expect_problem(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(error_fields(&problem), *fields, "{body}");
    }
    for body in [
        json!({"name": "No skus"}),
        json!({"name": "X", "skus": ["P00"], "extra": 1}),
    ] {
        let response = shelves(&app, Method::POST, &rid, "", &admin)
            .json(&body)
            .send()
            .await
            .expect("post");
        expect_problem(response, StatusCode::BAD_REQUEST, "bad_request").await;
    }
    assert!(
        list(&app, &rid, &admin).await.is_empty(),
        "nothing was made"
    );

    // The limits themselves are fine.
    let max: Vec<String> = (0..24).map(|i| format!("P{i:02}")).collect();
    let shelf = create_shelf(
        &app,
        &rid,
        &admin,
        json!({"name": "y".repeat(80), "skus": max}),
    )
    .await;
    assert_eq!(skus(&shelf).len(), 24);

    let id = shelf["id"].as_str().expect("id");
    for (body, _) in &cases {
        let response = shelves(&app, Method::PUT, &rid, &format!("/{id}"), &admin)
            .json(body)
            .send()
            .await
            .expect("put");
        expect_problem(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
    }
    assert_eq!(
        list(&app, &rid, &admin).await,
        std::slice::from_ref(&shelf),
        "unchanged"
    );
}

async fn shelves_are_the_retailers_and_operators_only_read(backend: crate::helpers::Backend) {
    let app = spawn_app(backend).await;
    let (rid, admin) = app.retailer_with_admin("Shelf Mart").await;
    let (other_rid, other_admin) = app.retailer_with_admin("Other Mart").await;
    product(&app, &rid, &admin, "MINE", 1000).await;
    product(&app, &other_rid, &other_admin, "THEIRS", 1000).await;
    let shelf = create_shelf(
        &app,
        &rid,
        &admin,
        json!({"name": "Mine", "skus": ["MINE"]}),
    )
    .await;
    let id = shelf["id"].as_str().expect("id");

    // Another retailer's admin: my shelf is not in their retailer, and mine is not theirs.
    let item = format!("/{id}");
    let attempts = [
        (Method::GET, other_rid.as_str(), item.as_str()),
        (Method::PUT, &other_rid, &item),
        (Method::DELETE, &other_rid, &item),
        (Method::GET, &rid, &item),
        (Method::PUT, &rid, &item),
        (Method::DELETE, &rid, &item),
        (Method::GET, &rid, ""),
        (Method::POST, &rid, ""),
    ];
    for (method, path_rid, suffix) in attempts {
        let response = shelves(&app, method, path_rid, suffix, &other_admin)
            .json(&json!({"name": "Taken", "skus": ["THEIRS"]}))
            .send()
            .await
            .expect("foreign");
        expect_problem(response, StatusCode::NOT_FOUND, "not_found").await;
    }

    let operator = app.staff(&rid, Role::Operator).await;
    assert_eq!(
        list(&app, &rid, &operator).await,
        std::slice::from_ref(&shelf)
    );
    let response = shelves(&app, Method::GET, &rid, &format!("/{id}"), &operator)
        .send()
        .await
        .expect("operator get");
    assert_eq!(expect_json(response, StatusCode::OK).await, shelf);
    for (method, suffix) in [
        (Method::POST, String::new()),
        (Method::PUT, format!("/{id}")),
        (Method::DELETE, format!("/{id}")),
    ] {
        let response = shelves(&app, method, &rid, &suffix, &operator)
            .json(&json!({"name": "Operator's", "skus": ["MINE"]}))
            .send()
            .await
            .expect("operator write");
        expect_problem(response, StatusCode::FORBIDDEN, "forbidden").await;
    }
    let response = shelves(&app, Method::GET, &rid, "", "not-a-token")
        .send()
        .await
        .expect("anonymous");
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        list(&app, &rid, &admin).await,
        std::slice::from_ref(&shelf),
        "unchanged"
    );

    // The platform admin acts on any retailer.
    let root = app.platform_admin().await;
    let made = create_shelf(
        &app,
        &rid,
        &root,
        json!({"name": "By the platform", "skus": ["MINE"]}),
    )
    .await;
    assert_eq!(skus(&made), ["MINE"]);
}
