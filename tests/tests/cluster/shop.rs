//! Requests the cluster tests make through the balancer or to one node: sign-ins, a
//! delivery slot, an import, a checkout.

use chrono::{Datelike, Duration, Utc};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

/// The password of the seeded demo accounts.
pub const DEMO_PASSWORD: &str = "demo-password";

/// Asserts the status and returns the JSON body.
pub async fn expect_json(response: reqwest::Response, status: StatusCode) -> Value {
    let actual = response.status();
    let body = response.text().await.expect("body");
    assert_eq!(actual, status, "unexpected status; body: {body}");
    serde_json::from_str(&body).unwrap_or_else(|_| panic!("not JSON: {body}"))
}

/// Signs in; returns the access token.
pub async fn login(client: &Client, base: &str, email: &str, password: &str) -> String {
    let response = client
        .post(format!("{base}/v1/auth/login"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .expect("login");
    expect_json(response, StatusCode::OK).await["access_token"]
        .as_str()
        .expect("access token")
        .to_owned()
}

/// The seeded demo retailer's id and its admin's token.
pub async fn demo_retailer(client: &Client, base: &str) -> (String, String) {
    let token = login(client, base, "retailer@demo.test", DEMO_PASSWORD).await;
    let me = client
        .get(format!("{base}/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("me");
    let me = expect_json(me, StatusCode::OK).await;
    (
        me["retailer_id"].as_str().expect("retailer").to_owned(),
        token,
    )
}

/// Registers a new customer; returns the access token.
pub async fn register(client: &Client, base: &str, name: &str) -> String {
    let email = format!("{name}-{}@customer.test", uuid::Uuid::new_v4().simple());
    let response = client
        .post(format!("{base}/v1/auth/register"))
        .json(&json!({"email": email, "password": "a long enough password", "name": name}))
        .send()
        .await
        .expect("register");
    expect_json(response, StatusCode::CREATED).await["access_token"]
        .as_str()
        .expect("token")
        .to_owned()
}

/// Imports a CSV catalogue (header included) into the retailer.
pub async fn import(client: &Client, base: &str, retailer: &str, token: &str, csv: String) {
    let response = client
        .post(format!("{base}/v1/retailers/{retailer}/products/import"))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .expect("import");
    expect_json(response, StatusCode::OK).await;
}

/// A zone for postal codes `99…` with one evening template two days ahead of
/// `capacity` places; returns that day's slot id.
pub async fn delivery_slot(
    client: &Client,
    base: &str,
    retailer: &str,
    token: &str,
    capacity: i32,
) -> String {
    let date = (Utc::now() + Duration::hours(9) + Duration::days(2)).date_naive();
    let weekday = date.weekday().number_from_monday();
    let zones = format!("{base}/v1/retailers/{retailer}/delivery/zones");
    let zone = client
        .post(&zones)
        .bearer_auth(token)
        .json(&json!({"name": "Cluster zone", "postal_codes": ["99"]}))
        .send()
        .await
        .expect("zone");
    let zone = expect_json(zone, StatusCode::CREATED).await;
    let zone_id = zone["id"].as_str().expect("zone id");
    let template = client
        .post(format!("{zones}/{zone_id}/templates"))
        .bearer_auth(token)
        .json(
            &json!({"weekday": weekday, "start": "18:00", "end": "20:00",
                      "capacity": capacity, "fee": {"amount_minor": 3000},
                      "prior_notice_minutes": 60}),
        )
        .send()
        .await
        .expect("template");
    expect_json(template, StatusCode::CREATED).await;
    let listed = client
        .get(format!(
            "{base}/v1/delivery/slots?retailer_id={retailer}&postal_code=99123&from={date}&days=1"
        ))
        .send()
        .await
        .expect("slots");
    expect_json(listed, StatusCode::OK).await["slots"][0]["id"]
        .as_str()
        .expect("slot id")
        .to_owned()
}

/// Sets the customer's cart line of `sku` to `quantity`.
pub async fn fill_cart(
    client: &Client,
    base: &str,
    token: &str,
    retailer: &str,
    sku: &str,
    quantity: u32,
) {
    let response = client
        .post(format!("{base}/v1/cart/items"))
        .bearer_auth(token)
        .json(&json!({"retailer_id": retailer, "sku": sku, "quantity": quantity}))
        .send()
        .await
        .expect("cart item");
    expect_json(response, StatusCode::OK).await;
}

/// The checkout request body for `slot`, paid with `tok_approve`.
pub fn checkout_body(slot: &str) -> Value {
    json!({
        "delivery_slot_id": slot,
        "address": {"name": "홍길동", "phone": "010-1234-5678", "line1": "세종대로 110",
                    "line2": "3층", "postal_code": "99123", "city": "서울"},
        "payment": {"token": "tok_approve"}
    })
}

/// A poster of the retailer's `skus`; returns the created poster (its `slots` carry
/// the codes).
pub async fn poster(
    client: &Client,
    base: &str,
    retailer: &str,
    token: &str,
    skus: &[&str],
) -> Value {
    let slots: Vec<Value> = skus.iter().map(|sku| json!({"sku": sku})).collect();
    let response = client
        .post(format!("{base}/v1/retailers/{retailer}/posters"))
        .bearer_auth(token)
        .json(&json!({"title": "Cluster poster", "scan_distance_m": 1.0, "slots": slots}))
        .send()
        .await
        .expect("poster");
    expect_json(response, StatusCode::CREATED).await
}
