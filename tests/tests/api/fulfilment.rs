//! The delivery state machine through the API: every valid path recorded, every invalid
//! move refused with the allowed ones named, short picks capturing exactly what was
//! picked, failed captures, rescheduling, returns, two operators at once, and who may.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use virtual_shelf::domain::accounts::Role;

use crate::checkout::{
    Shop, all_at_once, count_payments, customer, fill, order, place, product, shop,
};
use crate::delivery::{seoul_weekday_in, slots_for};
use crate::helpers::{Backend, TestApp, expect_json, expect_problem, spawn_app};
use crate::on_both_backends;

on_both_backends!(
    the_delivery_path_is_recorded_and_wrong_moves_are_refused,
    failed_deliveries_are_rescheduled_or_returned,
    a_short_pick_captures_exactly_what_was_picked,
    stock_edited_below_the_picked_units_is_a_conflict,
    a_failed_capture_keeps_the_order_in_picking,
    two_operators_moving_one_order_apply_once,
    only_the_retailers_staff_move_its_orders,
);

pub const PRODUCTS: &str = "MILK,우유,Fresh milk,2500,10\nEGGS,\"Eggs, ten\",Free range,4000,5\n";

/// A confirmed order of 3 MILK and 2 EGGS paid with `payment_token`; returns (customer
/// token, order).
pub async fn confirmed_order(app: &TestApp, shop: &Shop, payment_token: &str) -> (String, Value) {
    let token = customer(app, "buyer").await;
    fill(app, &token, shop, "MILK", 3).await;
    fill(app, &token, shop, "EGGS", 2).await;
    let key = uuid::Uuid::new_v4().to_string();
    let placed = place(app, &token, shop, &key, payment_token).await;
    (token, placed)
}

pub async fn move_to(
    app: &TestApp,
    shop: &Shop,
    token: &str,
    order_id: &str,
    body: Value,
) -> reqwest::Response {
    app.authed(
        Method::POST,
        &format!("/v1/retailers/{}/orders/{order_id}/transitions", shop.id),
        token,
    )
    .json(&body)
    .send()
    .await
    .expect("transition")
}

fn statuses(order: &Value) -> Vec<String> {
    order["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|change| change["to"].as_str().expect("to").to_owned())
        .collect()
}

async fn the_delivery_path_is_recorded_and_wrong_moves_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let shop = shop(&app, 5, PRODUCTS).await;
    let operator = app.staff(&shop.id, Role::Operator).await;
    let (buyer, placed) = confirmed_order(&app, &shop, "tok_approve").await;
    let id = placed["id"].as_str().expect("id");

    let path = [
        ("confirmed", "picking", "started"),
        ("picking", "out_for_delivery", "van 3"),
        ("out_for_delivery", "delivered", "left with the concierge"),
    ];
    for (from, to, note) in path {
        for wrong in [
            "pending_payment",
            "payment_failed",
            "expired",
            "cancelled",
            "confirmed",
            "picking",
            "out_for_delivery",
            "delivered",
            "delivery_failed",
            "returned",
        ] {
            let allowed: &[&str] = match from {
                "confirmed" => &["picking"],
                "picking" => &["out_for_delivery"],
                _ => &["delivered", "delivery_failed"],
            };
            if allowed.contains(&wrong) {
                continue;
            }
            let refused = move_to(&app, &shop, &operator, id, json!({"to": wrong})).await;
            let problem = expect_problem(refused, StatusCode::CONFLICT, "invalid_transition").await;
            assert_eq!(
                problem["allowed_transitions"],
                json!(allowed),
                "{from} → {wrong}"
            );
        }
        let moved = move_to(&app, &shop, &operator, id, json!({"to": to, "note": note})).await;
        let moved = expect_json(moved, StatusCode::OK).await;
        assert_eq!(moved["status"], to);
        let last = moved["history"]
            .as_array()
            .expect("history")
            .last()
            .cloned()
            .expect("change");
        assert_eq!(
            (
                last["from"].as_str(),
                last["by"].as_str(),
                last["note"].as_str()
            ),
            (Some(from), Some("staff"), Some(note))
        );
    }
    for after in ["returned", "delivery_failed", "confirmed"] {
        let refused = move_to(&app, &shop, &operator, id, json!({"to": after})).await;
        let problem = expect_problem(refused, StatusCode::CONFLICT, "invalid_transition").await;
        assert_eq!(problem["allowed_transitions"], json!([]));
    }
    let seen_by_customer = order(&app, &buyer, id).await;
    assert_eq!(
        statuses(&seen_by_customer),
        [
            "pending_payment",
            "confirmed",
            "picking",
            "out_for_delivery",
            "delivered"
        ]
    );
    assert_eq!(count_payments(&app, id, "capture", "succeeded").await, 1);
    let milk = product(&app, &shop, "MILK").await;
    assert_eq!(
        (milk["stock_on_hand"].as_i64(), milk["reserved"].as_i64()),
        (Some(7), Some(0))
    );
}

/// A second slot of `shop`'s zone, 20:00–22:00 on the day of its first: where a failed
/// delivery is rescheduled to.
pub async fn later_slot(app: &TestApp, shop: &Shop) -> String {
    let (weekday, date) = seoul_weekday_in(2);
    let zones = expect_json(
        app.authed(
            Method::GET,
            &format!("/v1/retailers/{}/delivery/zones", shop.id),
            &shop.token,
        )
        .send()
        .await
        .expect("zones"),
        StatusCode::OK,
    )
    .await;
    let zone = zones["items"][0]["id"]
        .as_str()
        .or_else(|| zones[0]["id"].as_str())
        .expect("zone id")
        .to_owned();
    let late = app
        .authed(
            Method::POST,
            &format!("/v1/retailers/{}/delivery/zones/{zone}/templates", shop.id),
            &shop.token,
        )
        .json(
            &json!({"weekday": weekday, "start": "20:00", "end": "22:00", "capacity": 5,
                      "fee": {"amount_minor": 3000}, "prior_notice_minutes": 60}),
        )
        .send()
        .await
        .expect("template");
    expect_json(late, StatusCode::CREATED).await;
    let slots = slots_for(
        app,
        &shop.id,
        &format!("postal_code=99123&from={date}&days=1"),
    )
    .await;
    slots
        .iter()
        .find(|slot| slot["id"] != shop.slot_id.as_str())
        .expect("a second slot")["id"]
        .as_str()
        .expect("id")
        .to_owned()
}

async fn failed_deliveries_are_rescheduled_or_returned(backend: Backend) {
    let app = spawn_app(backend).await;
    let shop = shop(&app, 5, PRODUCTS).await;
    let (_, date) = seoul_weekday_in(2);
    let later_slot = later_slot(&app, &shop).await;
    let remaining = |slots: &[Value], id: &str| {
        slots.iter().find(|s| s["id"] == id).expect("slot")["remaining"]
            .as_i64()
            .expect("remaining")
    };

    let operator = app.staff(&shop.id, Role::Operator).await;
    let (buyer, placed) = confirmed_order(&app, &shop, "tok_approve").await;
    let id = placed["id"].as_str().expect("id");
    for to in ["picking", "out_for_delivery", "delivery_failed"] {
        expect_json(
            move_to(&app, &shop, &operator, id, json!({"to": to})).await,
            StatusCode::OK,
        )
        .await;
    }
    let missing_slot = move_to(&app, &shop, &operator, id, json!({"to": "confirmed"})).await;
    expect_problem(
        missing_slot,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let rescheduled = move_to(
        &app,
        &shop,
        &operator,
        id,
        json!({"to": "confirmed", "note": "nobody home", "delivery_slot_id": later_slot}),
    )
    .await;
    let rescheduled = expect_json(rescheduled, StatusCode::OK).await;
    assert_eq!(rescheduled["delivery_slot"]["id"], later_slot.as_str());
    let slots = slots_for(
        &app,
        &shop.id,
        &format!("postal_code=99123&from={date}&days=1&include_unavailable=true"),
    )
    .await;
    assert_eq!(remaining(&slots, &shop.slot_id), 5, "the old place is free");
    assert_eq!(remaining(&slots, &later_slot), 4, "the new one is taken");

    // Picked and charged on its first trip: a cancellation would give back stock and
    // money it no longer holds, so only a return can.
    let cancel = app
        .authed(Method::POST, &format!("/v1/orders/{id}/cancel"), &buyer)
        .send()
        .await
        .expect("cancel");
    expect_problem(cancel, StatusCode::CONFLICT, "order_not_cancellable").await;
    let milk = product(&app, &shop, "MILK").await;
    assert_eq!(
        (milk["stock_on_hand"].as_i64(), milk["reserved"].as_i64()),
        (Some(7), Some(0))
    );

    // The second trip neither takes stock nor charges again.
    for to in ["picking", "out_for_delivery", "delivery_failed"] {
        expect_json(
            move_to(&app, &shop, &operator, id, json!({"to": to})).await,
            StatusCode::OK,
        )
        .await;
    }
    assert_eq!(count_payments(&app, id, "capture", "succeeded").await, 1);
    assert_eq!(product(&app, &shop, "MILK").await["stock_on_hand"], 7);

    let returned = move_to(
        &app,
        &shop,
        &operator,
        id,
        json!({"to": "returned", "note": "refused at the door"}),
    )
    .await;
    assert_eq!(
        expect_json(returned, StatusCode::OK).await["status"],
        "returned"
    );
    assert_eq!(count_payments(&app, id, "refund", "succeeded").await, 1);
    let milk = product(&app, &shop, "MILK").await;
    assert_eq!(
        (milk["stock_on_hand"].as_i64(), milk["available"].as_i64()),
        (Some(10), Some(10))
    );
    assert_eq!(
        statuses(&order(&app, &buyer, id).await),
        [
            "pending_payment",
            "confirmed",
            "picking",
            "out_for_delivery",
            "delivery_failed",
            "confirmed",
            "picking",
            "out_for_delivery",
            "delivery_failed",
            "returned"
        ]
    );
}

async fn a_short_pick_captures_exactly_what_was_picked(backend: Backend) {
    let app = spawn_app(backend).await;
    let shop = shop(&app, 5, PRODUCTS).await;
    let operator = app.staff(&shop.id, Role::Operator).await;
    let (_, placed) = confirmed_order(&app, &shop, "tok_approve").await;
    let id = placed["id"].as_str().expect("id");
    assert_eq!(placed["total"]["amount_minor"], 3 * 2500 + 2 * 4000 + 3000);
    expect_json(
        move_to(&app, &shop, &operator, id, json!({"to": "picking"})).await,
        StatusCode::OK,
    )
    .await;

    for bad in [
        json!([{"sku": "MILK", "quantity": 4}]),
        json!([{"sku": "MILK", "quantity": -1}]),
        json!([{"sku": "BREAD", "quantity": 1}]),
        json!([{"sku": "MILK", "quantity": 1}, {"sku": "MILK", "quantity": 2}]),
        json!([{"sku": "MILK", "quantity": 0}, {"sku": "EGGS", "quantity": 0}]),
    ] {
        let refused = move_to(
            &app,
            &shop,
            &operator,
            id,
            json!({"to": "out_for_delivery", "picked": bad}),
        )
        .await;
        expect_problem(
            refused,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
    }
    assert_eq!(
        product(&app, &shop, "MILK").await["reserved"],
        3,
        "refusals change nothing"
    );

    let left = move_to(
        &app,
        &shop,
        &operator,
        id,
        json!({"to": "out_for_delivery", "picked": [{"sku": "MILK", "quantity": 1}]}),
    )
    .await;
    let left = expect_json(left, StatusCode::OK).await;
    assert_eq!(left["items"][0]["picked_quantity"], 1);
    assert_eq!(left["items"][1]["picked_quantity"], 2);
    let milk = product(&app, &shop, "MILK").await;
    assert_eq!(
        (
            milk["stock_on_hand"].as_i64(),
            milk["reserved"].as_i64(),
            milk["available"].as_i64()
        ),
        (Some(9), Some(0), Some(9)),
        "one picked unit left the shelf, two went back to sale"
    );
    let eggs = product(&app, &shop, "EGGS").await;
    assert_eq!(
        (eggs["stock_on_hand"].as_i64(), eggs["reserved"].as_i64()),
        (Some(3), Some(0))
    );
    let captured = captured_amounts(&app, id).await;
    assert_eq!(captured, [2500 + 2 * 4000 + 3000]);
}

/// Stock edits leave reservations alone, so the warehouse may record fewer units than
/// an order's picked lines: leaving for delivery is then refused, changing nothing, until
/// the stock is corrected.
async fn stock_edited_below_the_picked_units_is_a_conflict(backend: Backend) {
    let app = spawn_app(backend).await;
    let shop = shop(&app, 5, PRODUCTS).await;
    let operator = app.staff(&shop.id, Role::Operator).await;
    let (_, placed) = confirmed_order(&app, &shop, "tok_approve").await;
    let id = placed["id"].as_str().expect("id");
    let milk = format!("/v1/retailers/{}/products/MILK", shop.id);
    let set_stock = |units: i64| {
        app.authed(Method::PATCH, &milk, &shop.token)
            .json(&json!({"stock_on_hand": units}))
            .send()
    };
    expect_json(set_stock(1).await.expect("edit"), StatusCode::OK).await;
    expect_json(
        move_to(&app, &shop, &operator, id, json!({"to": "picking"})).await,
        StatusCode::OK,
    )
    .await;
    let refused = move_to(
        &app,
        &shop,
        &operator,
        id,
        json!({"to": "out_for_delivery"}),
    )
    .await;
    expect_problem(refused, StatusCode::CONFLICT, "stock_below_picked").await;
    let product = app
        .authed(Method::GET, &milk, &shop.token)
        .send()
        .await
        .expect("product");
    let product = expect_json(product, StatusCode::OK).await;
    assert_eq!(
        (
            product["stock_on_hand"].as_i64(),
            product["reserved"].as_i64()
        ),
        (Some(1), Some(3))
    );
    expect_json(set_stock(3).await.expect("edit"), StatusCode::OK).await;
    let left = move_to(
        &app,
        &shop,
        &operator,
        id,
        json!({"to": "out_for_delivery"}),
    )
    .await;
    let order = expect_json(left, StatusCode::OK).await;
    assert_eq!(order["status"], "out_for_delivery");
}

pub async fn captured_amounts(app: &TestApp, order_id: &str) -> Vec<i64> {
    use diesel::prelude::*;
    use virtual_shelf::db::schema::payments;
    let order_id = order_id.to_owned();
    app.with_db(move |conn| {
        payments::table
            .filter(payments::order_id.eq(order_id))
            .filter(payments::kind.eq("capture"))
            .filter(payments::outcome.eq("succeeded"))
            .select(payments::amount_minor)
            .load::<i64>(conn)
            .expect("captures")
    })
    .await
}

async fn a_failed_capture_keeps_the_order_in_picking(backend: Backend) {
    let app = spawn_app(backend).await;
    let shop = shop(&app, 5, PRODUCTS).await;
    let operator = app.staff(&shop.id, Role::Operator).await;
    let (_, placed) = confirmed_order(&app, &shop, "tok_capture_decline").await;
    let id = placed["id"].as_str().expect("id");
    expect_json(
        move_to(&app, &shop, &operator, id, json!({"to": "picking"})).await,
        StatusCode::OK,
    )
    .await;
    let refused = move_to(
        &app,
        &shop,
        &operator,
        id,
        json!({"to": "out_for_delivery"}),
    )
    .await;
    expect_problem(refused, StatusCode::CONFLICT, "capture_failed").await;

    let order = expect_json(
        app.authed(Method::GET, &format!("/v1/orders/{id}"), &operator)
            .send()
            .await
            .expect("order"),
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(
        order["code"], "forbidden",
        "operators read orders through their lists"
    );
    let milk = product(&app, &shop, "MILK").await;
    assert_eq!(
        (milk["stock_on_hand"].as_i64(), milk["reserved"].as_i64()),
        (Some(10), Some(3)),
        "stock as before"
    );
    assert_eq!(count_payments(&app, id, "capture", "failed").await, 1);
    assert!(captured_amounts(&app, id).await.is_empty());
    let again = move_to(&app, &shop, &operator, id, json!({"to": "picking"})).await;
    let problem = expect_problem(again, StatusCode::CONFLICT, "invalid_transition").await;
    assert_eq!(
        problem["allowed_transitions"],
        json!(["out_for_delivery"]),
        "still picking"
    );
}

async fn two_operators_moving_one_order_apply_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let shop = shop(&app, 5, PRODUCTS).await;
    let operators = [
        app.staff(&shop.id, Role::Operator).await,
        app.staff(&shop.id, Role::Operator).await,
    ];
    let (buyer, placed) = confirmed_order(&app, &shop, "tok_approve").await;
    let id = placed["id"].as_str().expect("id");
    for to in ["picking", "out_for_delivery"] {
        let requests = (0..10)
            .map(|i| {
                app.authed(
                    Method::POST,
                    &format!("/v1/retailers/{}/orders/{id}/transitions", shop.id),
                    &operators[i % 2],
                )
                .json(&json!({"to": to}))
            })
            .collect();
        let answers = all_at_once(requests).await;
        let applied = answers
            .iter()
            .filter(|(status, _, _)| *status == StatusCode::OK)
            .count();
        assert_eq!(applied, 1, "{answers:?}");
        assert!(
            answers
                .iter()
                .all(|(status, body, _)| *status == StatusCode::OK
                    || (*status == StatusCode::CONFLICT
                        && (body["code"] == "invalid_transition"
                            || body["code"] == "order_changed")))
        );
    }
    assert_eq!(
        statuses(&order(&app, &buyer, id).await),
        [
            "pending_payment",
            "confirmed",
            "picking",
            "out_for_delivery"
        ]
    );
    assert_eq!(count_payments(&app, id, "capture", "succeeded").await, 1);
    assert_eq!(
        product(&app, &shop, "MILK").await["stock_on_hand"],
        7,
        "deducted once"
    );
}

async fn only_the_retailers_staff_move_its_orders(backend: Backend) {
    let app = spawn_app(backend).await;
    let shop = shop(&app, 5, PRODUCTS).await;
    let (buyer, placed) = confirmed_order(&app, &shop, "tok_approve").await;
    let id = placed["id"].as_str().expect("id");
    let (demo, _) = app.demo_retailer().await;
    let foreign_operator = app.staff(&demo, Role::Operator).await;
    let body = json!({"to": "picking"});
    expect_problem(
        move_to(&app, &shop, &foreign_operator, id, body.clone()).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let through_own_shop = app
        .authed(
            Method::POST,
            &format!("/v1/retailers/{demo}/orders/{id}/transitions"),
            &foreign_operator,
        )
        .json(&body)
        .send()
        .await
        .expect("transition");
    expect_problem(through_own_shop, StatusCode::NOT_FOUND, "not_found").await;
    expect_problem(
        move_to(&app, &shop, &buyer, id, body.clone()).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let anonymous = app
        .request(
            Method::POST,
            &format!("/v1/retailers/{}/orders/{id}/transitions", shop.id),
        )
        .json(&body)
        .send()
        .await
        .expect("transition");
    expect_problem(anonymous, StatusCode::UNAUTHORIZED, "missing_token").await;
    let unknown = move_to(&app, &shop, &shop.token, id, json!({"to": "shipped"})).await;
    expect_problem(unknown, StatusCode::BAD_REQUEST, "bad_request").await;
    assert_eq!(
        order(&app, &buyer, id).await["status"],
        "confirmed",
        "nothing moved"
    );
    let admin = move_to(&app, &shop, &shop.token, id, body).await;
    assert_eq!(
        expect_json(admin, StatusCode::OK).await["status"],
        "picking"
    );
}
