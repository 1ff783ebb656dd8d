//! SIGTERM to a node in the middle of its requests.

use std::time::Duration;

use futures_util::future::join_all;
use reqwest::StatusCode;

use crate::harness::{self, Cluster, number};
use crate::shop;

/// A node gets SIGTERM while checkouts, first renders of print files (slow, CPU-bound) and
/// scans sent to it directly are in flight. Proves that every request sent before the
/// signal gets its full 2xx answer, that the process then exits 0, and that the scan
/// events it still had queued (flushing every minute, so all of them were) are stored:
/// one per 200 scan answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_terminated_node_finishes_what_it_accepted() {
    let _serial = harness::serial().await;
    let mut cluster = Cluster::start(
        2,
        &[
            ("SHELF_SCAN_FLUSH_INTERVAL_MS", "60000"),
            ("SHELF_SHUTDOWN_GRACE_SECS", "30"),
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
        "sku,name,description,price_minor,stock_on_hand\n\
         T1,Tea,Green,1200,1000\nT2,Toast,White,900,1000\nT3,Tofu,Firm,1500,1000\n"
            .into(),
    )
    .await;
    let slot = shop::delivery_slot(&client, &base, &retailer, &admin, 500).await;
    let mut posters = Vec::new();
    for _ in 0..3 {
        posters.push(shop::poster(&client, &base, &retailer, &admin, &["T1", "T2", "T3"]).await);
    }
    let codes: Vec<String> = posters
        .iter()
        .flat_map(|poster| poster["slots"].as_array().expect("slots").clone())
        .map(|slot| slot["code"].as_str().expect("code").to_owned())
        .collect();
    let mut customers = Vec::new();
    for i in 0..12 {
        let token = shop::register(&client, &base, &format!("late{i}")).await;
        shop::fill_cart(&client, &base, &token, &retailer, "T1", 1).await;
        customers.push(token);
    }

    let node = cluster.nodes[1].url.clone();
    let body = shop::checkout_body(&slot);
    let mut requests = Vec::new();
    for poster in &posters {
        let id = poster["id"].as_str().expect("poster id");
        requests.push(tokio::spawn(
            client
                .get(format!(
                    "{node}/v1/retailers/{retailer}/posters/{id}/print.pdf"
                ))
                .bearer_auth(&admin)
                .send(),
        ));
    }
    for (i, token) in customers.iter().enumerate() {
        requests.push(tokio::spawn(
            client
                .post(format!("{node}/v1/checkout"))
                .bearer_auth(token)
                .header("idempotency-key", format!("late-{i}"))
                .json(&body)
                .send(),
        ));
    }
    for code in codes.iter().cycle().take(60) {
        requests.push(tokio::spawn(
            client
                .get(format!("{node}/s/{code}"))
                .header("accept", "application/json")
                .send(),
        ));
    }
    // Let every request reach the node, then stop it while the slow ones still run.
    tokio::time::sleep(Duration::from_millis(300)).await;
    cluster.nodes[1].terminate();

    let mut scans_answered = 0;
    for (i, answer) in join_all(requests).await.into_iter().enumerate() {
        let response = answer
            .expect("request task")
            .unwrap_or_else(|e| panic!("request {i} sent before SIGTERM got no answer: {e}"));
        let status = response.status();
        let url = response.url().clone();
        let bytes = response
            .bytes()
            .await
            .unwrap_or_else(|e| panic!("{url}: the answer was cut off: {e}"));
        assert!(status.is_success(), "{url}: {status}");
        assert!(!bytes.is_empty(), "{url}: empty answer");
        if url.path().starts_with("/s/") {
            assert_eq!(status, StatusCode::OK);
            scans_answered += 1;
        }
    }
    let status = cluster.nodes[1].wait_exit().await;
    assert_eq!(status.code(), Some(0), "{status}");
    let mut db = cluster.postgres.connect();
    let stored = number(&mut db, "SELECT count(*) AS value FROM scan_events");
    assert_eq!(
        stored, scans_answered,
        "scan events stored for the 200 scan answers"
    );
}
