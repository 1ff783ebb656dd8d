//! Checkout across API processes on one database: the test payment provider's bank is
//! shared, so a node captures, refunds and voids what another authorized; and an
//! unanswered idempotency claim holds its key for the configured lease only.

use std::time::Duration;

use diesel::prelude::*;
use reqwest::{Method, StatusCode};
use serde_json::json;
use virtual_shelf::db::schema::{idempotency_keys, payments, test_payment_authorizations};
use virtual_shelf::domain::accounts::Role;

use crate::checkout::{checkout, checkout_body, count_payments, customer, fill, place, shop};
use crate::helpers::{Backend, TestApp, expect_json, expect_problem, spawn_app, spawn_app_with};
use crate::on_both_backends;

on_both_backends!(
    a_node_settles_what_another_authorized,
    an_unanswered_claim_holds_its_key_for_the_configured_lease,
);

/// The bank's row of an order's authorization: (reference, captured, refunded, voided).
async fn authorization(app: &TestApp, order_id: &str) -> (String, i64, i64, bool) {
    use test_payment_authorizations as bank;
    let order_id = order_id.to_owned();
    app.with_db(move |conn| {
        bank::table
            .filter(bank::idempotency_key.eq(order_id))
            .select((
                bank::reference,
                bank::captured_minor,
                bank::refunded_minor,
                bank::voided,
            ))
            .first(conn)
            .expect("the order's authorization")
    })
    .await
}

/// The reference the order's payment ledger names for its authorization.
async fn ledger_reference(app: &TestApp, order_id: &str) -> String {
    let order_id = order_id.to_owned();
    app.with_db(move |conn| {
        payments::table
            .filter(payments::order_id.eq(order_id))
            .filter(payments::kind.eq("authorization"))
            .select(payments::provider_reference)
            .first::<Option<String>>(conn)
            .expect("authorization entry")
            .expect("reference")
    })
    .await
}

async fn a_node_settles_what_another_authorized(backend: Backend) {
    let a = spawn_app(backend).await;
    let b = a.sibling("").await;
    let shop = shop(&a, 5, "MILK,Milk,Fresh milk,2500,10\n").await;
    let operator = a.staff(&shop.id, Role::Operator).await;
    let buyer = customer(&a, "two-nodes").await;
    fill(&a, &buyer, &shop, "MILK", 3).await;
    let placed = place(&a, &buyer, &shop, "k-shared-1", "tok_approve").await;
    let id = placed["id"].as_str().expect("id");
    let total = placed["total"]["amount_minor"].as_i64().expect("total");
    assert_eq!(total, 3 * 2500 + 3000);
    let (reference, ..) = authorization(&a, id).await;
    assert_eq!(ledger_reference(&a, id).await, reference);

    let move_on_b = |to: &'static str| {
        b.authed(
            Method::POST,
            &format!("/v1/retailers/{}/orders/{id}/transitions", shop.id),
            &operator,
        )
        .json(&json!({"to": to}))
        .send()
    };
    for to in ["picking", "out_for_delivery"] {
        let moved = expect_json(move_on_b(to).await.expect("transition"), StatusCode::OK).await;
        assert_eq!(moved["status"], to);
    }
    assert_eq!(count_payments(&b, id, "capture", "succeeded").await, 1);
    assert_eq!(
        authorization(&b, id).await,
        (reference.clone(), total, 0, false)
    );

    for to in ["delivery_failed", "returned"] {
        let moved = expect_json(move_on_b(to).await.expect("transition"), StatusCode::OK).await;
        assert_eq!(moved["status"], to);
    }
    assert_eq!(count_payments(&b, id, "refund", "succeeded").await, 1);
    assert_eq!(
        authorization(&b, id).await,
        (reference, total, total, false)
    );

    // Authorized through A, cancelled through B: B voids it.
    fill(&a, &buyer, &shop, "MILK", 1).await;
    let placed = place(&a, &buyer, &shop, "k-shared-2", "tok_approve").await;
    let id = placed["id"].as_str().expect("id");
    let cancelled = b
        .authed(Method::POST, &format!("/v1/orders/{id}/cancel"), &buyer)
        .send()
        .await
        .expect("cancel");
    assert_eq!(
        expect_json(cancelled, StatusCode::OK).await["status"],
        "cancelled"
    );
    assert_eq!(count_payments(&b, id, "void", "succeeded").await, 1);
    assert!(authorization(&a, id).await.3, "voided");
}

async fn an_unanswered_claim_holds_its_key_for_the_configured_lease(backend: Backend) {
    // A checkout whose payment answers after 3 s keeps its claim unanswered that long:
    // longer than the 1 s lease, as a request on a node that died would.
    let app = spawn_app_with(
        backend,
        "idempotency_lease_secs = 1\npayment_timeout_ms = 3000",
    )
    .await;
    let shop = shop(&app, 5, "MILK,Milk,Fresh milk,2500,10\n").await;
    let buyer = customer(&app, "impatient").await;
    fill(&app, &buyer, &shop, "MILK", 2).await;
    let body = checkout_body(&shop.slot_id, "tok_timeout");
    let key = "k-lease";

    let first = {
        let request = app
            .authed(Method::POST, "/v1/checkout", &buyer)
            .header("idempotency-key", key)
            .json(&body);
        tokio::spawn(async move { request.send().await.expect("first checkout") })
    };
    let claimed_until = loop {
        let locked_until = app
            .with_db(move |conn| {
                idempotency_keys::table
                    .filter(idempotency_keys::idempotency_key.eq(key))
                    .select(idempotency_keys::locked_until)
                    .first::<chrono::NaiveDateTime>(conn)
                    .optional()
                    .expect("key")
            })
            .await;
        if let Some(locked_until) = locked_until {
            break locked_until;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };

    let within = checkout(&app, &buyer, key, &body).await;
    expect_problem(within, StatusCode::CONFLICT, "idempotency_key_in_use").await;

    let lease_left = (claimed_until - virtual_shelf::domain::ids::now())
        .to_std()
        .unwrap_or_default();
    tokio::time::sleep(lease_left + Duration::from_millis(100)).await;
    let after = checkout(&app, &buyer, key, &body).await;
    assert!(
        !after.headers().contains_key("idempotent-replayed"),
        "the retry ran instead of replaying"
    );
    let retried = expect_problem(
        after,
        StatusCode::SERVICE_UNAVAILABLE,
        "payment_unavailable",
    )
    .await;
    let first = expect_problem(
        first.await.expect("first request"),
        StatusCode::SERVICE_UNAVAILABLE,
        "payment_unavailable",
    )
    .await;
    assert_ne!(
        first["order_id"], retried["order_id"],
        "the retry placed its own attempt once the lease was over"
    );
}
