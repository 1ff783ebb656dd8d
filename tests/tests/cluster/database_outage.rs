//! PostgreSQL stopped and started again under scan and checkout load.

use std::time::{Duration, Instant};

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::harness::{self, Cluster, number};
use crate::shop;

/// How long the database stays down.
const OUTAGE: Duration = Duration::from_secs(6);

/// Three nodes behind HAProxy; the cluster's own PostgreSQL (never the suite's) is stopped
/// for a few seconds while scans, product updates and checkouts keep coming through the
/// balancer, then started again on the same port. Proves: every write during the outage
/// answers 503 problem+json `service_unavailable` (never 500, never a hang: the client's
/// 30 s timeout fails the test); every node's `/readyz` says 503; codes scanned before the
/// outage keep scanning (200) throughout, from the nodes' caches; after the restart every
/// node answers `/readyz` and writes again without being restarted; and the scan events
/// stored equal the 200 scan answers (queued during the outage, flushed after it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cluster_rides_out_a_database_restart() {
    let _serial = harness::serial().await;
    let mut cluster = Cluster::start(
        3,
        &[
            ("SHELF_SCAN_FLUSH_INTERVAL_MS", "200"),
            ("SHELF_IDEMPOTENCY_LEASE_SECS", "2"),
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
        "sku,name,description,price_minor,stock_on_hand\nDB1,Rice,Short grain,3000,1000\n\
         DB2,Kimchi,Napa,5000,1000\n"
            .into(),
    )
    .await;
    let slot = shop::delivery_slot(&client, &base, &retailer, &admin, 500).await;
    let poster = shop::poster(&client, &base, &retailer, &admin, &["DB1", "DB2"]).await;
    let codes: Vec<String> = poster["slots"]
        .as_array()
        .expect("slots")
        .iter()
        .map(|slot| slot["code"].as_str().expect("code").to_owned())
        .collect();
    let mut customers = Vec::new();
    for i in 0..6 {
        let token = shop::register(&client, &base, &format!("outage{i}")).await;
        shop::fill_cart(&client, &base, &token, &retailer, "DB1", 1).await;
        customers.push(token);
    }
    // Every node has every code cached before the outage.
    let mut scans_ok: i64 = 0;
    for node in &cluster.nodes {
        for code in &codes {
            assert_eq!(scan(&client, &node.url, code).await, StatusCode::OK);
            scans_ok += 1;
        }
    }

    cluster.postgres.stop();
    let product = format!("{base}/v1/retailers/{retailer}/products/DB1");
    let body = shop::checkout_body(&slot);
    let outage_started = Instant::now();
    let mut round = 0;
    while outage_started.elapsed() < OUTAGE {
        for code in &codes {
            let status = scan(&client, &base, code).await;
            assert_eq!(status, StatusCode::OK, "a cached code during the outage");
            scans_ok += 1;
        }
        let update = client
            .patch(&product)
            .bearer_auth(&admin)
            .json(&json!({"name": format!("Rice {round}")}))
            .send()
            .await
            .expect("a product update during the outage did not hang");
        expect_unavailable(update, "product update").await;
        let token = &customers[round % customers.len()];
        let checkout = client
            .post(format!("{base}/v1/checkout"))
            .bearer_auth(token)
            .header("idempotency-key", format!("outage-{round}"))
            .json(&body)
            .send()
            .await
            .expect("a checkout during the outage did not hang");
        expect_unavailable(checkout, "checkout").await;
        round += 1;
    }
    for node in &cluster.nodes {
        let ready = client
            .get(format!("{}/readyz", node.url))
            .send()
            .await
            .expect("readyz did not hang");
        assert_eq!(
            ready.status(),
            StatusCode::SERVICE_UNAVAILABLE,
            "node {} ready without its database",
            node.number
        );
    }

    cluster.postgres.restart();
    for node in &cluster.nodes {
        node.wait_ready().await;
        let update = client
            .patch(format!("{}/v1/retailers/{retailer}/products/DB1", node.url))
            .bearer_auth(&admin)
            .json(&json!({"name": format!("Rice again on node {}", node.number)}))
            .send()
            .await
            .expect("update");
        shop::expect_json(update, StatusCode::OK).await;
    }
    cluster.balancer.wait_all_up(3).await;
    for (i, token) in customers.iter().enumerate() {
        check_out_after(&client, &base, token, &format!("after-{i}"), &body).await;
    }
    for code in &codes {
        assert_eq!(scan(&client, &base, code).await, StatusCode::OK);
        scans_ok += 1;
    }

    let mut db = cluster.postgres.connect();
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut stored = number(&mut db, "SELECT count(*) AS value FROM scan_events");
    while stored != scans_ok && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
        stored = number(&mut db, "SELECT count(*) AS value FROM scan_events");
    }
    assert_eq!(
        stored, scans_ok,
        "scan events stored for the 200 scan answers"
    );
}

async fn scan(client: &Client, base: &str, code: &str) -> StatusCode {
    client
        .get(format!("{base}/s/{code}"))
        .header("accept", "application/json")
        .send()
        .await
        .expect("a scan did not hang")
        .status()
}

/// A write refused for the outage: 503 problem+json `service_unavailable`.
async fn expect_unavailable(response: reqwest::Response, what: &str) {
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = response.text().await.unwrap_or_default();
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{what}: {body}");
    assert_eq!(content_type, "application/problem+json", "{what}: {body}");
    let problem: Value = serde_json::from_str(&body).expect("problem JSON");
    assert_eq!(problem["code"], "service_unavailable", "{what}: {body}");
}

/// Checks out once the database is back: a claim left by a request of the outage may
/// block the key for its lease, so `idempotency_key_in_use` is retried.
async fn check_out_after(client: &Client, base: &str, token: &str, key: &str, body: &Value) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let response = client
            .post(format!("{base}/v1/checkout"))
            .bearer_auth(token)
            .header("idempotency-key", key)
            .json(body)
            .send()
            .await
            .expect("checkout after the restart");
        let status = response.status();
        let answer: Value = response.json().await.unwrap_or_default();
        if status == StatusCode::CREATED {
            return;
        }
        assert!(
            status == StatusCode::CONFLICT && answer["code"] == "idempotency_key_in_use",
            "checkout after the restart: {status} {answer}"
        );
        assert!(Instant::now() < deadline, "{key}: still in use after 30 s");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}
