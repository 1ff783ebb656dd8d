//! A node killed with SIGKILL in the middle of a checkout storm through the balancer.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use futures_util::{StreamExt, stream};
use reqwest::StatusCode;
use serde_json::Value;

use crate::harness::{self, Cluster, number};
use crate::shop;

/// What one customer's checkout came to, after its retries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Ordered,
    SoldOut,
    /// The cart was already checked out: a killed node confirmed the order but died
    /// before storing its answer, and the retry ran after the claim's lease.
    CartGone,
}

/// 100 customers race for 10 units through HAProxy while one of three nodes is killed
/// with SIGKILL; each retries connection errors, 5xx and `idempotency_key_in_use` with
/// its one key (the claim lease is 2 s, so a claim of the dead node lapses). Proves that
/// once the sweeper has expired what the dead node left pending, nothing is lost or
/// doubled: confirmed orders ≤ 10 and their units plus the units available are 10, the
/// slot's places taken equal the confirmed orders, no customer holds two orders, every
/// live test-provider authorization belongs to a confirmed order (and every confirmed
/// order has one), no order is left pending, and every 201 a client saw is a confirmed
/// order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_killed_mid_checkout_loses_and_doubles_nothing() {
    let _serial = harness::serial().await;
    let mut cluster = Cluster::start(
        3,
        &[
            ("SHELF_IDEMPOTENCY_LEASE_SECS", "2"),
            ("SHELF_RESERVATION_TTL_SECS", "10"),
            ("SHELF_RESERVATION_SWEEP_INTERVAL_MS", "500"),
            ("SHELF_REGISTRATIONS_PER_ADDRESS_PER_HOUR", "1000"),
        ],
    )
    .await;
    let client = harness::client();
    let base = cluster.balancer.url.clone();
    let (retailer, admin) = shop::demo_retailer(&client, &base).await;
    shop::import(
        &client,
        &base,
        &retailer,
        &admin,
        "sku,name,description,price_minor,stock_on_hand\nCRASH,Crash milk,Fresh,2500,10\n".into(),
    )
    .await;
    let slot = shop::delivery_slot(&client, &base, &retailer, &admin, 500).await;
    let tokens: Vec<String> = stream::iter(0..100)
        .map(|i| {
            let (client, base, retailer) = (&client, &base, &retailer);
            async move {
                let token = shop::register(client, base, &format!("rider{i}")).await;
                shop::fill_cart(client, base, &token, retailer, "CRASH", 1).await;
                token
            }
        })
        .buffer_unordered(4)
        .collect()
        .await;

    let answered = Arc::new(AtomicUsize::new(0));
    let body = Arc::new(shop::checkout_body(&slot));
    let storm: Vec<_> = tokens
        .iter()
        .enumerate()
        .map(|(i, token)| {
            let (client, base, token) = (client.clone(), base.clone(), token.clone());
            let (answered, body) = (answered.clone(), body.clone());
            tokio::spawn(async move {
                let outcome = check_out(&client, &base, &token, &format!("crash-{i}"), &body).await;
                answered.fetch_add(1, Ordering::SeqCst);
                outcome
            })
        })
        .collect();
    // Kill a node once the storm is under way: some customers are answered, most are not.
    let started = Instant::now();
    while answered.load(Ordering::SeqCst) < 3 && started.elapsed() < Duration::from_secs(10) {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let answered_before_kill = answered.load(Ordering::SeqCst);
    cluster.nodes[1].kill();
    assert!(
        answered_before_kill < 100,
        "the node was killed after the storm, not during it"
    );
    let mut outcomes = Vec::new();
    for customer in storm {
        outcomes.push(customer.await.expect("customer task"));
    }

    let mut db = cluster.postgres.connect();
    let slot_orders = format!("FROM orders WHERE delivery_slot_id = '{slot}'");
    let deadline = Instant::now() + Duration::from_secs(90);
    while number(
        &mut db,
        &format!("SELECT count(*) AS value {slot_orders} AND status = 'pending_payment'"),
    ) > 0
    {
        assert!(Instant::now() < deadline, "pending orders were never swept");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let confirmed = number(
        &mut db,
        &format!("SELECT count(*) AS value {slot_orders} AND status = 'confirmed'"),
    );
    let confirmed_units = number(
        &mut db,
        &format!(
            "SELECT coalesce(sum(i.quantity), 0)::bigint AS value FROM order_items i \
             JOIN orders o ON o.id = i.order_id \
             WHERE o.delivery_slot_id = '{slot}' AND o.status = 'confirmed'"
        ),
    );
    let available = number(
        &mut db,
        "SELECT stock_on_hand - reserved AS value FROM products WHERE sku = 'CRASH'",
    );
    let places_taken = number(
        &mut db,
        &format!("SELECT booked::bigint AS value FROM delivery_slots WHERE id = '{slot}'"),
    );
    let bookings_held = number(
        &mut db,
        &format!(
            "SELECT count(*) AS value FROM slot_bookings \
             WHERE slot_id = '{slot}' AND released_at IS NULL"
        ),
    );
    let customers_with_two = number(
        &mut db,
        &format!(
            "SELECT count(*) AS value FROM (SELECT customer_id {slot_orders} \
             AND status NOT IN ('expired', 'payment_failed') \
             GROUP BY customer_id HAVING count(*) > 1) doubled"
        ),
    );
    let orphan_authorizations = number(
        &mut db,
        "SELECT count(*) AS value FROM test_payment_authorizations a WHERE NOT a.voided \
         AND NOT EXISTS (SELECT 1 FROM orders o \
                         WHERE o.id = a.idempotency_key AND o.status = 'confirmed')",
    );
    let unpaid_orders = number(
        &mut db,
        &format!(
            "SELECT count(*) AS value {slot_orders} AND status = 'confirmed' \
             AND NOT EXISTS (SELECT 1 FROM test_payment_authorizations a \
                             WHERE a.idempotency_key = orders.id AND NOT a.voided)"
        ),
    );
    let ordered = outcomes.iter().filter(|o| **o == Outcome::Ordered).count();
    let summary = format!(
        "answered before the kill: {answered_before_kill}; client outcomes: {} ordered, {} sold \
         out, {} cart gone; confirmed {confirmed}, units {confirmed_units}, available \
         {available}, places {places_taken}, bookings held {bookings_held}",
        ordered,
        outcomes.iter().filter(|o| **o == Outcome::SoldOut).count(),
        outcomes.iter().filter(|o| **o == Outcome::CartGone).count(),
    );
    eprintln!("{summary}");
    assert!(confirmed <= 10, "{summary}");
    assert_eq!(confirmed_units + available, 10, "{summary}");
    assert_eq!(places_taken, confirmed, "{summary}");
    assert_eq!(bookings_held, confirmed, "{summary}");
    assert_eq!(customers_with_two, 0, "{summary}");
    assert_eq!(orphan_authorizations, 0, "{summary}");
    assert_eq!(unpaid_orders, 0, "{summary}");
    assert!(
        i64::try_from(ordered).expect("count") <= confirmed,
        "every 201 is a confirmed order: {summary}"
    );
}

/// Checks out with `key` until an answer that is not worth retrying.
async fn check_out(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    key: &str,
    body: &Value,
) -> Outcome {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        assert!(
            Instant::now() < deadline,
            "{key}: still retrying after 120 s"
        );
        let sent = client
            .post(format!("{base}/v1/checkout"))
            .bearer_auth(token)
            .header("idempotency-key", key)
            .json(body)
            .send()
            .await;
        let Ok(response) = sent else {
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        };
        let status = response.status();
        let answer: Value = response.json().await.unwrap_or_default();
        match (status, answer["code"].as_str()) {
            (StatusCode::CREATED, _) => {
                assert_eq!(answer["status"], "confirmed", "{key}: {answer}");
                return Outcome::Ordered;
            }
            (StatusCode::CONFLICT, Some("out_of_stock")) => return Outcome::SoldOut,
            (StatusCode::CONFLICT, Some("cart_empty")) => return Outcome::CartGone,
            (StatusCode::CONFLICT, Some("idempotency_key_in_use")) => {
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            (status, _) if status.is_server_error() => {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            (status, _) => panic!("{key}: unexpected {status} {answer}"),
        }
    }
}
