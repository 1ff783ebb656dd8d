//! Cart, checkout, payments and orders through the JSON API: no oversell under 100
//! concurrent checkouts, one order per idempotency key, failed payments and expired
//! reservations give stock and slot back, cancelling, and the price promise.

use futures_util::{StreamExt, stream};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use virtual_shelf::domain::checkout::{CheckoutInput, pending};

use crate::delivery::{seoul_weekday_in, slots_for, zone_with_template};
use crate::helpers::{Backend, TestApp, expect_json, expect_problem, spawn_app_with};
use crate::on_both_backends;

on_both_backends!(
    a_hundred_customers_race_for_ten_units,
    one_idempotency_key_sent_twenty_times_places_one_order,
    failed_payments_release_stock_and_slot,
    expired_reservations_are_swept,
    cancelling_releases_and_voids,
    the_price_promise_charges_the_lower_printed_price,
    cart_lines_are_set_flagged_and_kept_to_one_shop,
    provider_events_apply_once,
    a_lapsed_claim_is_taken_over_once,
);

/// A shop delivering to postal codes `99…` in one slot two days ahead.
pub struct Shop {
    pub id: String,
    pub token: String,
    pub slot_id: String,
}

pub async fn shop(app: &TestApp, capacity: i32, products_csv: &str) -> Shop {
    let (weekday, date) = seoul_weekday_in(2);
    let (id, token, _) = zone_with_template(
        app,
        json!({"weekday": weekday, "start": "18:00", "end": "20:00", "capacity": capacity,
               "fee": {"amount_minor": 3000}, "prior_notice_minutes": 60}),
    )
    .await;
    let imported = app
        .import_csv(
            &id,
            &token,
            format!("sku,name,description,price_minor,stock_on_hand\n{products_csv}"),
        )
        .await;
    expect_json(imported, StatusCode::OK).await;
    let slots = slots_for(app, &id, &format!("postal_code=99123&from={date}&days=1")).await;
    let slot_id = slots[0]["id"].as_str().expect("slot id").to_owned();
    Shop { id, token, slot_id }
}

/// Registers a customer; returns the access token.
pub async fn customer(app: &TestApp, name: &str) -> String {
    let email = format!("{name}-{}@customer.test", uuid::Uuid::new_v4().simple());
    let response = app
        .request(Method::POST, "/v1/auth/register")
        .json(&json!({"email": email, "password": "a long enough password", "name": name}))
        .send()
        .await
        .expect("register");
    expect_json(response, StatusCode::CREATED).await["access_token"]
        .as_str()
        .expect("token")
        .to_owned()
}

pub async fn set_item(app: &TestApp, token: &str, body: Value) -> reqwest::Response {
    app.authed(Method::POST, "/v1/cart/items", token)
        .json(&body)
        .send()
        .await
        .expect("cart item")
}

/// Sets the cart line of `sku` in `shop` to `quantity`; returns the cart.
pub async fn fill(app: &TestApp, token: &str, shop: &Shop, sku: &str, quantity: i32) -> Value {
    let body = json!({"retailer_id": shop.id, "sku": sku, "quantity": quantity});
    expect_json(set_item(app, token, body).await, StatusCode::OK).await
}

/// The customer's cart.
pub async fn cart_of(app: &TestApp, token: &str) -> Value {
    let response = app
        .authed(Method::GET, "/v1/cart", token)
        .send()
        .await
        .expect("cart");
    expect_json(response, StatusCode::OK).await
}

/// Checks the cart out in `shop`'s slot, expecting an order.
pub async fn place(app: &TestApp, token: &str, shop: &Shop, key: &str, payment: &str) -> Value {
    let body = checkout_body(&shop.slot_id, payment);
    expect_json(checkout(app, token, key, &body).await, StatusCode::CREATED).await
}

pub fn checkout_body(slot_id: &str, token: &str) -> Value {
    json!({
        "delivery_slot_id": slot_id,
        "address": {"name": "홍길동, \"Gil-dong\"", "phone": "010-1234-5678", "line1": "세종대로 110",
                    "line2": "3층", "postal_code": "99123", "city": "서울"},
        "payment": {"token": token}
    })
}

pub async fn checkout(app: &TestApp, token: &str, key: &str, body: &Value) -> reqwest::Response {
    app.authed(Method::POST, "/v1/checkout", token)
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .expect("checkout")
}

pub async fn product(app: &TestApp, shop: &Shop, sku: &str) -> Value {
    let response = app
        .authed(
            Method::GET,
            &format!("/v1/retailers/{}/products/{sku}", shop.id),
            &shop.token,
        )
        .send()
        .await
        .expect("product");
    expect_json(response, StatusCode::OK).await
}

pub async fn slot_remaining(app: &TestApp, shop: &Shop) -> i64 {
    let (_, date) = seoul_weekday_in(2);
    let slots = slots_for(
        app,
        &shop.id,
        &format!("postal_code=99123&from={date}&days=1&include_unavailable=true"),
    )
    .await;
    slots[0]["remaining"].as_i64().expect("remaining")
}

pub async fn order(app: &TestApp, token: &str, id: &str) -> Value {
    let response = app
        .authed(Method::GET, &format!("/v1/orders/{id}"), token)
        .send()
        .await
        .expect("order");
    expect_json(response, StatusCode::OK).await
}

/// (status, body, replayed) of every response, in completion order.
pub async fn all_at_once(requests: Vec<reqwest::RequestBuilder>) -> Vec<(StatusCode, Value, bool)> {
    let count = requests.len();
    stream::iter(requests)
        .map(|request| async move {
            let response = request.send().await.expect("request");
            let status = response.status();
            let replayed = response.headers().contains_key("idempotent-replayed");
            (
                status,
                response.json::<Value>().await.unwrap_or_default(),
                replayed,
            )
        })
        .buffer_unordered(count)
        .collect()
        .await
}

async fn a_hundred_customers_race_for_ten_units(backend: Backend) {
    let app = spawn_app_with(backend, "db_pool_size = 24").await;
    let sibling = app.sibling("db_pool_size = 24").await;
    let nodes = [&app, &sibling];
    let shop = shop(&app, 200, "MILK,우유 1L,Fresh milk,2500,10\n").await;
    let tokens: Vec<String> = stream::iter(0..100)
        .map(|i| {
            let app = &app;
            async move { customer(app, &format!("rider{i}")).await }
        })
        .buffer_unordered(8)
        .collect()
        .await;
    for token in &tokens {
        let added = set_item(
            &app,
            token,
            json!({"retailer_id": shop.id, "sku": "MILK", "quantity": 1}),
        )
        .await;
        expect_json(added, StatusCode::OK).await;
    }

    let body = checkout_body(&shop.slot_id, "tok_approve");
    let requests = tokens
        .iter()
        .enumerate()
        .map(|(i, token)| {
            nodes[i % 2]
                .authed(Method::POST, "/v1/checkout", token)
                .header("idempotency-key", format!("race-{i}"))
                .json(&body)
        })
        .collect();
    let answers = all_at_once(requests).await;
    let placed: Vec<&Value> = answers
        .iter()
        .filter(|(status, _, _)| *status == StatusCode::CREATED)
        .map(|(_, body, _)| body)
        .collect();
    let refused = answers
        .iter()
        .filter(|(status, body, _)| {
            *status == StatusCode::CONFLICT && body["code"] == "out_of_stock"
        })
        .count();
    assert_eq!(placed.len(), 10, "{answers:?}");
    assert_eq!(refused, 90, "every other checkout is refused for stock");
    assert!(placed.iter().all(|order| order["status"] == "confirmed"));
    assert!(
        placed
            .iter()
            .all(|order| order["total"]["amount_minor"] == 5500)
    );

    let milk = product(&app, &shop, "MILK").await;
    assert_eq!(milk["available"], 0);
    assert_eq!(milk["reserved"], 10);
    assert_eq!(milk["stock_on_hand"], 10);
    assert_eq!(slot_remaining(&app, &shop).await, 190);
}

async fn one_idempotency_key_sent_twenty_times_places_one_order(backend: Backend) {
    let app = spawn_app_with(backend, "db_pool_size = 24").await;
    let sibling = app.sibling("db_pool_size = 24").await;
    let nodes = [&app, &sibling];
    let shop = shop(&app, 20, "MILK,Milk,Fresh milk,2500,10\n").await;
    let token = customer(&app, "repeat").await;
    fill(&app, &token, &shop, "MILK", 2).await;
    let body = checkout_body(&shop.slot_id, "tok_approve");
    let requests = (0..20)
        .map(|i| {
            nodes[i % 2]
                .authed(Method::POST, "/v1/checkout", &token)
                .header("idempotency-key", "tap-tap-tap")
                .json(&body)
        })
        .collect();
    let answers = all_at_once(requests).await;
    let mut order_ids: Vec<&str> = answers
        .iter()
        .filter(|(status, _, _)| *status == StatusCode::CREATED)
        .map(|(_, body, _)| body["id"].as_str().expect("id"))
        .collect();
    order_ids.dedup();
    assert_eq!(order_ids.len(), 1, "{answers:?}");
    assert!(
        answers
            .iter()
            .all(|(status, body, _)| *status == StatusCode::CREATED
                || (*status == StatusCode::CONFLICT && body["code"] == "idempotency_key_in_use"))
    );

    let replay = checkout(&app, &token, "tap-tap-tap", &body).await;
    assert_eq!(replay.headers()["idempotent-replayed"], "true");
    let replayed = expect_json(replay, StatusCode::CREATED).await;
    assert_eq!(replayed["id"], order_ids[0]);

    let orders = expect_json(
        app.authed(Method::GET, "/v1/orders", &token)
            .send()
            .await
            .expect("orders"),
        StatusCode::OK,
    )
    .await;
    assert_eq!(orders["orders"].as_array().expect("orders").len(), 1);
    let authorizations = count_payments(&app, order_ids[0], "authorization", "succeeded").await;
    assert_eq!(authorizations, 1);
    assert_eq!(product(&app, &shop, "MILK").await["reserved"], 2);

    let mut other_body = body.clone();
    other_body["address"]["line2"] = json!("4층");
    expect_problem(
        checkout(&app, &token, "tap-tap-tap", &other_body).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency_key_reused",
    )
    .await;
    let missing = app
        .authed(Method::POST, "/v1/checkout", &token)
        .json(&body)
        .send()
        .await
        .expect("checkout");
    expect_problem(missing, StatusCode::BAD_REQUEST, "bad_request").await;
}

pub async fn count_payments(app: &TestApp, order_id: &str, kind: &str, outcome: &str) -> i64 {
    use diesel::prelude::*;
    use virtual_shelf::db::schema::payments;
    let (order_id, kind, outcome) = (order_id.to_owned(), kind.to_owned(), outcome.to_owned());
    app.with_db(move |conn| {
        payments::table
            .filter(payments::order_id.eq(order_id))
            .filter(payments::kind.eq(kind))
            .filter(payments::outcome.eq(outcome))
            .count()
            .get_result::<i64>(conn)
            .expect("count")
    })
    .await
}

async fn failed_payments_release_stock_and_slot(backend: Backend) {
    let app = spawn_app_with(backend, "payment_timeout_ms = 200").await;
    let shop = shop(&app, 5, "MILK,Milk,Fresh milk,2500,10\n").await;
    let token = customer(&app, "unlucky").await;
    fill(&app, &token, &shop, "MILK", 3).await;
    for (payment_token, status, code, key) in [
        (
            "tok_decline",
            StatusCode::PAYMENT_REQUIRED,
            "payment_declined",
            "k-decline",
        ),
        (
            "tok_error",
            StatusCode::SERVICE_UNAVAILABLE,
            "payment_unavailable",
            "k-error",
        ),
        (
            "tok_timeout",
            StatusCode::SERVICE_UNAVAILABLE,
            "payment_unavailable",
            "k-timeout",
        ),
    ] {
        let body = checkout_body(&shop.slot_id, payment_token);
        let problem = expect_problem(checkout(&app, &token, key, &body).await, status, code).await;
        let order_id = problem["order_id"].as_str().expect("order id").to_owned();
        let failed = order(&app, &token, &order_id).await;
        assert_eq!(failed["status"], "payment_failed");
        assert!(
            failed["status_reason"]
                .as_str()
                .is_some_and(|r| !r.is_empty())
        );
        let milk = product(&app, &shop, "MILK").await;
        assert_eq!(
            (milk["reserved"].as_i64(), milk["available"].as_i64()),
            (Some(0), Some(10))
        );
        assert_eq!(
            slot_remaining(&app, &shop).await,
            5,
            "{payment_token} gave the place back"
        );

        let replay = checkout(&app, &token, key, &body).await;
        assert_eq!(replay.headers()["idempotent-replayed"], "true");
        let replayed = expect_problem(replay, status, code).await;
        assert_eq!(replayed["order_id"], order_id.as_str());
    }
    let cart = cart_of(&app, &token).await;
    assert_eq!(
        cart["items"][0]["quantity"], 3,
        "the cart survives a failed payment"
    );

    let paid = checkout(
        &app,
        &token,
        "k-approve",
        &checkout_body(&shop.slot_id, "tok_approve"),
    )
    .await;
    let paid = expect_json(paid, StatusCode::CREATED).await;
    assert_eq!(paid["status"], "confirmed");
    let history: Vec<&str> = paid["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|change| change["to"].as_str().expect("to"))
        .collect();
    assert_eq!(history, ["pending_payment", "confirmed"]);
    let cart = cart_of(&app, &token).await;
    assert_eq!(cart["items"], json!([]), "ordered lines leave the cart");
}

async fn expired_reservations_are_swept(backend: Backend) {
    let sweeping = "reservation_sweep_interval_ms = 100";
    let app = spawn_app_with(backend, sweeping).await;
    // Two processes sweep the same database; the order still expires and releases once.
    let _sibling = app.sibling(sweeping).await;
    let shop = shop(&app, 5, "MILK,Milk,Fresh milk,2500,10\n").await;
    let token = customer(&app, "walked-away").await;
    fill(&app, &token, &shop, "MILK", 4).await;
    let me = app.me(&token).await;
    let customer_id = me["id"].as_str().expect("id").to_owned();
    // A process that died after reserving: the order stays pending with nobody to pay.
    let input: CheckoutInput =
        serde_json::from_value(checkout_body(&shop.slot_id, "tok_approve")).expect("input");
    let pending = app
        .with_db(move |conn| {
            pending::create(
                conn,
                &customer_id,
                &input,
                virtual_shelf::domain::ids::now(),
                chrono::Duration::hours(1),
            )
            .expect("pending order")
        })
        .await;
    assert_eq!(product(&app, &shop, "MILK").await["reserved"], 4);
    assert_eq!(slot_remaining(&app, &shop).await, 4);
    // Its hour runs out: the deadline moves into the past instead of the test waiting.
    let order_id = pending.id.clone();
    app.with_db(move |conn| {
        use diesel::prelude::*;
        use virtual_shelf::db::schema::orders;
        diesel::update(orders::table.find(order_id))
            .set(
                orders::reserved_until
                    .eq(virtual_shelf::domain::ids::now() - chrono::Duration::seconds(1)),
            )
            .execute(conn)
            .expect("reservation ran out")
    })
    .await;

    let mut status = String::new();
    for _ in 0..100 {
        status = order(&app, &token, &pending.id).await["status"]
            .as_str()
            .expect("status")
            .to_owned();
        if status != "pending_payment" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(status, "expired");
    assert_eq!(product(&app, &shop, "MILK").await["reserved"], 0);
    assert_eq!(slot_remaining(&app, &shop).await, 5);
}

async fn cancelling_releases_and_voids(backend: Backend) {
    let app = spawn_app_with(backend, "").await;
    let shop = shop(&app, 5, "MILK,Milk,Fresh milk,2500,10\n").await;
    let token = customer(&app, "changed-mind").await;
    fill(&app, &token, &shop, "MILK", 2).await;
    let placed = place(&app, &token, &shop, "k1", "tok_approve").await;
    let id = placed["id"].as_str().expect("id");
    assert_eq!(product(&app, &shop, "MILK").await["reserved"], 2);

    let stranger = customer(&app, "stranger").await;
    for (method, path) in [
        (Method::GET, format!("/v1/orders/{id}")),
        (Method::POST, format!("/v1/orders/{id}/cancel")),
    ] {
        let response = app
            .authed(method, &path, &stranger)
            .send()
            .await
            .expect("stranger");
        expect_problem(response, StatusCode::NOT_FOUND, "not_found").await;
    }
    let admin = app
        .authed(Method::GET, "/v1/orders", &shop.token)
        .send()
        .await
        .expect("admin");
    expect_problem(admin, StatusCode::FORBIDDEN, "forbidden").await;

    let cancel = || {
        app.authed(Method::POST, &format!("/v1/orders/{id}/cancel"), &token)
            .send()
    };
    let cancelled = expect_json(cancel().await.expect("cancel"), StatusCode::OK).await;
    assert_eq!(cancelled["status"], "cancelled");
    assert_eq!(product(&app, &shop, "MILK").await["reserved"], 0);
    assert_eq!(slot_remaining(&app, &shop).await, 5);
    assert_eq!(count_payments(&app, id, "void", "succeeded").await, 1);
    expect_problem(
        cancel().await.expect("cancel again"),
        StatusCode::CONFLICT,
        "order_not_cancellable",
    )
    .await;
    assert_eq!(
        product(&app, &shop, "MILK").await["reserved"],
        0,
        "released once"
    );
}

async fn the_price_promise_charges_the_lower_printed_price(backend: Backend) {
    let app = spawn_app_with(backend, "scan_cache_ttl_ms = 0").await;
    let shop = shop(
        &app,
        5,
        "JAM,Jam,Strawberry,3000,10\nTEA,Tea,Green,1000,10\n",
    )
    .await;
    let poster = expect_json(
        app.authed(
            Method::POST,
            &format!("/v1/retailers/{}/posters", shop.id),
            &shop.token,
        )
        .json(&json!({"title": "Breakfast", "scan_distance_m": 1.0,
                          "slots": [{"sku": "JAM"}, {"sku": "TEA"}]}))
        .send()
        .await
        .expect("poster"),
        StatusCode::CREATED,
    )
    .await;
    let jam_code = poster["slots"][0]["code"]
        .as_str()
        .expect("code")
        .to_owned();
    let tea_code = poster["slots"][1]["code"]
        .as_str()
        .expect("code")
        .to_owned();
    // After printing, jam gets dearer and tea cheaper.
    let reprice = app
        .import_csv(
            &shop.id,
            &shop.token,
            "sku,name,description,price_minor,stock_on_hand\nJAM,Jam,Strawberry,3500,10\nTEA,Tea,Green,800,10\n",
        )
        .await;
    expect_json(reprice, StatusCode::OK).await;

    let token = customer(&app, "bargain").await;
    expect_json(
        set_item(
            &app,
            &token,
            json!({"code": jam_code.to_lowercase(), "quantity": 2}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let cart = expect_json(
        set_item(&app, &token, json!({"code": tea_code, "quantity": 1})).await,
        StatusCode::OK,
    )
    .await;
    let jam = &cart["items"][0];
    assert_eq!(jam["unit_price"]["amount_minor"], 3000, "{cart}");
    assert_eq!(jam["catalog_price"]["amount_minor"], 3500);
    assert_eq!(jam["price_promise_applied"], true);
    assert_eq!(jam["scan_code"], jam_code.as_str());
    let tea = &cart["items"][1];
    assert_eq!(
        tea["unit_price"]["amount_minor"], 800,
        "the current price when lower"
    );
    assert_eq!(tea["price_promise_applied"], false);

    let placed = place(&app, &token, &shop, "promise", "tok_approve").await;
    assert_eq!(placed["items_total"]["amount_minor"], 2 * 3000 + 800);
    assert_eq!(placed["delivery_fee"]["amount_minor"], 3000);
    assert_eq!(placed["total"]["amount_minor"], 2 * 3000 + 800 + 3000);
    assert_eq!(placed["items"][0]["scan_code"], jam_code.as_str());

    // The same product added by SKU, outside any campaign, costs the catalogue price.
    let by_sku = fill(&app, &token, &shop, "JAM", 1).await;
    assert_eq!(by_sku["items"][0]["unit_price"]["amount_minor"], 3500);

    // When the poster retires, the campaign ends and so does the promise.
    let poster_id = poster["id"].as_str().expect("poster id");
    let retired = app
        .authed(
            Method::POST,
            &format!("/v1/retailers/{}/posters/{poster_id}/retire", shop.id),
            &shop.token,
        )
        .send()
        .await
        .expect("retire");
    assert!(retired.status().is_success(), "{}", retired.status());
    let cart = expect_json(
        set_item(&app, &token, json!({"code": jam_code, "quantity": 1})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(cart["items"][0]["unit_price"]["amount_minor"], 3500);
}

async fn cart_lines_are_set_flagged_and_kept_to_one_shop(backend: Backend) {
    let app = spawn_app_with(backend, "").await;
    let shop = shop(
        &app,
        5,
        "MILK,Milk,Fresh milk,2500,10\nEGGS,Eggs,Ten eggs,4000,3\n",
    )
    .await;
    let token = customer(&app, "basket").await;
    let body = json!({"retailer_id": shop.id, "sku": "MILK", "quantity": 2});
    expect_json(set_item(&app, &token, body.clone()).await, StatusCode::OK).await;
    let cart = expect_json(set_item(&app, &token, body).await, StatusCode::OK).await;
    assert_eq!(cart["items"].as_array().expect("items").len(), 1);
    assert_eq!(cart["items"][0]["quantity"], 2, "a retry sets, never adds");
    assert_eq!(cart["items_total"]["amount_minor"], 5000);

    for (bad, status, code) in [
        (
            json!({"retailer_id": shop.id, "sku": "MILK", "quantity": 0}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        ),
        (
            json!({"retailer_id": shop.id, "sku": "EGGS", "quantity": 4}),
            StatusCode::CONFLICT,
            "insufficient_stock",
        ),
        (
            json!({"retailer_id": shop.id, "sku": "NOPE", "quantity": 1}),
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            json!({"code": "ZZZZZZZZ", "quantity": 1}),
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            json!({"quantity": 1}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        ),
    ] {
        expect_problem(set_item(&app, &token, bad).await, status, code).await;
    }
    let (demo_id, _) = app.demo_retailer().await;
    let demo_sku = {
        let products = expect_json(
            app.request(Method::GET, &format!("/v1/retailers/{demo_id}/products"))
                .bearer_auth(&app.platform_admin().await)
                .send()
                .await
                .expect("demo products"),
            StatusCode::OK,
        )
        .await;
        products["items"][0]["sku"]
            .as_str()
            .expect("sku")
            .to_owned()
    };
    expect_problem(
        set_item(
            &app,
            &token,
            json!({"retailer_id": demo_id, "sku": demo_sku, "quantity": 1}),
        )
        .await,
        StatusCode::CONFLICT,
        "cart_retailer_mismatch",
    )
    .await;

    let eggs = fill(&app, &token, &shop, "EGGS", 1).await;
    let eggs_line = eggs["items"][1]["id"].as_str().expect("line id").to_owned();
    let patched = app
        .authed(
            Method::PATCH,
            &format!("/v1/cart/items/{eggs_line}"),
            &token,
        )
        .json(&json!({"quantity": 3}))
        .send()
        .await
        .expect("patch");
    assert_eq!(
        expect_json(patched, StatusCode::OK).await["items"][1]["quantity"],
        3
    );

    // Deactivated after it was added: flagged, kept, and checkout refuses the cart.
    let deactivate = app
        .import_csv(
            &shop.id,
            &shop.token,
            "sku,name,description,price_minor,stock_on_hand,active\nEGGS,Eggs,Ten eggs,4000,3,false\n",
        )
        .await;
    expect_json(deactivate, StatusCode::OK).await;
    let cart = cart_of(&app, &token).await;
    assert_eq!(cart["items"][1]["problem"], "unavailable");
    assert_eq!(cart["ready_for_checkout"], false);
    expect_problem(
        checkout(
            &app,
            &token,
            "not-ready",
            &checkout_body(&shop.slot_id, "tok_approve"),
        )
        .await,
        StatusCode::CONFLICT,
        "product_unavailable",
    )
    .await;
    let removed = app
        .authed(
            Method::DELETE,
            &format!("/v1/cart/items/{eggs_line}"),
            &token,
        )
        .send()
        .await
        .expect("delete");
    assert_eq!(
        expect_json(removed, StatusCode::OK).await["items"]
            .as_array()
            .expect("items")
            .len(),
        1
    );

    let mut outside = checkout_body(&shop.slot_id, "tok_approve");
    outside["address"]["postal_code"] = json!("04524");
    let problem = expect_problem(
        checkout(&app, &token, "outside", &outside).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"][0]["field"], "address.postal_code");
    assert_eq!(
        product(&app, &shop, "MILK").await["reserved"],
        0,
        "nothing held"
    );

    let admin_cart = app
        .authed(Method::GET, "/v1/cart", &shop.token)
        .send()
        .await
        .expect("cart");
    expect_problem(admin_cart, StatusCode::FORBIDDEN, "forbidden").await;
    let anonymous = app
        .request(Method::GET, "/v1/cart")
        .send()
        .await
        .expect("cart");
    expect_problem(anonymous, StatusCode::UNAUTHORIZED, "missing_token").await;
}

fn sign(secret: &str, body: &str) -> String {
    use base64::Engine;
    use hmac::Mac;
    let tag = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes())
        .expect("hmac key")
        .chain_update(body.as_bytes())
        .finalize()
        .into_bytes();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(tag)
}

async fn provider_events_apply_once(backend: Backend) {
    let secret = "whsec-test-secret";
    let app = spawn_app_with(backend, &format!("payment_webhook_secret = \"{secret}\"")).await;
    let shop = shop(&app, 5, "MILK,Milk,Fresh milk,2500,10\n").await;
    let token = customer(&app, "refunded").await;
    fill(&app, &token, &shop, "MILK", 1).await;
    let placed = place(&app, &token, &shop, "k1", "tok_approve").await;
    let order_id = placed["id"].as_str().expect("id");
    let event = json!({"id": "evt_1", "type": "refund.succeeded", "order_id": order_id,
                       "reference": "test_auth_x", "amount_minor": 2500})
    .to_string();
    let send = |body: String, signature: String, provider: &'static str| {
        app.request(Method::POST, &format!("/v1/payments/{provider}/events"))
            .header("content-type", "application/json")
            .header("webhook-signature", signature)
            .body(body)
            .send()
    };
    for expected in ["recorded", "duplicate", "duplicate"] {
        let answer = send(event.clone(), sign(secret, &event), "test")
            .await
            .expect("event");
        assert_eq!(
            expect_json(answer, StatusCode::OK).await["status"],
            expected
        );
    }
    assert_eq!(provider_events(&app, order_id).await, 1);
    assert_eq!(
        count_payments(&app, order_id, "refund", "succeeded").await,
        0,
        "the ledger keeps our own operations only"
    );

    let forged = send(event.clone(), sign("not-the-secret", &event), "test")
        .await
        .expect("forged");
    expect_problem(forged, StatusCode::UNAUTHORIZED, "invalid_signature").await;
    let unknown = send(event.clone(), sign(secret, &event), "acme")
        .await
        .expect("unknown");
    expect_problem(unknown, StatusCode::NOT_FOUND, "not_found").await;
    let other = json!({"id": "evt_2", "type": "refund.succeeded", "order_id": "no-such-order",
                       "reference": "r", "amount_minor": 1})
    .to_string();
    let missing = send(other.clone(), sign(secret, &other), "test")
        .await
        .expect("missing order");
    expect_problem(missing, StatusCode::NOT_FOUND, "not_found").await;
    assert_eq!(provider_events(&app, order_id).await, 1);
}

async fn provider_events(app: &TestApp, order_id: &str) -> i64 {
    use diesel::prelude::*;
    use virtual_shelf::db::schema::payment_events;
    let order_id = order_id.to_owned();
    app.with_db(move |conn| {
        payment_events::table
            .filter(payment_events::order_id.eq(order_id))
            .count()
            .get_result::<i64>(conn)
            .expect("count")
    })
    .await
}

async fn a_lapsed_claim_is_taken_over_once(backend: Backend) {
    use std::sync::{Arc, Barrier};
    use virtual_shelf::domain::checkout::idempotency::{self, Claim};
    const RETRIES: usize = 8;
    let app = spawn_app_with(backend, "db_pool_size = 12").await;
    let token = customer(&app, "crashed").await;
    let me = app.me(&token).await;
    let user_id = me["id"].as_str().expect("id").to_owned();
    let start = virtual_shelf::domain::ids::now();
    let lease = std::time::Duration::from_secs(120);
    let later =
        start + chrono::Duration::from_std(lease).expect("lease") + chrono::Duration::seconds(1);
    for round in 0..5 {
        let key = format!("k-crash-{round}");
        let claim = |at, barrier: Option<Arc<Barrier>>| {
            let (pool, user_id, key) = (app.pool.clone(), user_id.clone(), key.clone());
            std::thread::spawn(move || {
                let mut conn = pool.get().expect("connection");
                if let Some(barrier) = barrier {
                    barrier.wait();
                }
                idempotency::claim(&mut conn, &user_id, &key, "hash", at, lease).expect("claim")
            })
        };
        // A request claims the key and dies without answering; its lease holds retries off.
        assert_eq!(claim(start, None).join().expect("thread"), Claim::Proceed);
        assert_eq!(
            claim(start, None).join().expect("thread"),
            Claim::InProgress
        );
        // After the lease, retries at the same instant: exactly one takes the key over.
        let barrier = Arc::new(Barrier::new(RETRIES));
        let claims: Vec<Claim> = (0..RETRIES)
            .map(|_| claim(later, Some(barrier.clone())))
            .collect::<Vec<_>>()
            .into_iter()
            .map(|thread| thread.join().expect("thread"))
            .collect();
        let proceeding = claims.iter().filter(|c| **c == Claim::Proceed).count();
        assert_eq!(proceeding, 1, "round {round}: {claims:?}");
        assert!(
            claims
                .iter()
                .all(|c| matches!(c, Claim::Proceed | Claim::InProgress))
        );
    }
}
