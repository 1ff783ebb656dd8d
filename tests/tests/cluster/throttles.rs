//! Login and registration throttles with the requests spread over three nodes.

use reqwest::StatusCode;
use serde_json::json;

use crate::harness::{self, Cluster};

/// Fifteen wrong passwords for one account and fifteen registrations from one address,
/// sent through HAProxy's round robin so each of three nodes gets a share. Proves the
/// limits are counted once for the cluster (in the database), not once per node: no more
/// than the per-account limit (5 here) get past 429, no more than the per-address
/// registration limit (5) are created, and every node answered some of them. The
/// registrations come from 127.0.0.2 (only the balancer, 127.0.0.1, is a trusted proxy)
/// and each claims another address in `Forwarded` and `X-Forwarded-For`: the balancer
/// drops the first and appends the real peer to the second, so the claims change nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn limits_hold_across_nodes() {
    let _serial = harness::serial().await;
    let cluster = Cluster::start(
        3,
        &[
            ("SHELF_LOGIN_ATTEMPTS_PER_ACCOUNT_PER_MINUTE", "5"),
            ("SHELF_REGISTRATIONS_PER_ADDRESS_PER_HOUR", "5"),
        ],
    )
    .await;
    let client = harness::client();
    let base = &cluster.balancer.url;

    let mut past_the_throttle = 0;
    for _ in 0..15 {
        let response = client
            .post(format!("{base}/v1/auth/login"))
            .json(&json!({"email": "customer@demo.test", "password": "not the password"}))
            .send()
            .await
            .expect("login");
        match response.status() {
            StatusCode::TOO_MANY_REQUESTS => {}
            StatusCode::UNAUTHORIZED => past_the_throttle += 1,
            other => panic!("wrong password answered {other}"),
        }
    }
    assert!(
        (1..=5).contains(&past_the_throttle),
        "{past_the_throttle} of 15 wrong passwords got past the limit of 5"
    );

    let outside_client = reqwest::Client::builder()
        .no_proxy()
        .local_address(std::net::IpAddr::from([127, 0, 0, 2]))
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .expect("HTTP client on 127.0.0.2");
    let mut registered = 0;
    for i in 0..15 {
        let response = outside_client
            .post(format!("{base}/v1/auth/register"))
            .header("forwarded", format!("for=203.0.113.{i}"))
            .header("x-forwarded-for", format!("198.51.100.{i}"))
            .json(&json!({"email": format!("flood{i}-{}@customer.test", uuid::Uuid::new_v4().simple()),
                          "password": "a long enough password", "name": "Flood"}))
            .send()
            .await
            .expect("register");
        match response.status() {
            StatusCode::TOO_MANY_REQUESTS => {}
            StatusCode::CREATED => registered += 1,
            other => panic!("registration answered {other}"),
        }
    }
    assert!(
        (1..=5).contains(&registered),
        "{registered} of 15 registrations from one address passed the limit of 5"
    );
    let answered: Vec<(String, u64)> = cluster
        .balancer
        .servers()
        .into_iter()
        .map(|server| (server.name, server.responses_4xx))
        .collect();
    assert!(
        answered.len() == 3 && answered.iter().all(|(_, count)| *count > 0),
        "every node answered some of the attempts (4xx answers per node): {answered:?}"
    );
}
