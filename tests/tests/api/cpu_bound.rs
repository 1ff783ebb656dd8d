//! CPU-heavy work holds no pooled connection: a signed-in customer's requests do not queue
//! behind a flood of logins, whose Argon2 work waits on threads of its own.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use reqwest::{Method, StatusCode};
use serde_json::json;
use tokio::task::JoinSet;

use crate::helpers::{Backend, DEMO_PASSWORD, spawn_app_with};
use crate::on_both_backends;

on_both_backends!(signed_in_requests_do_not_wait_behind_a_login_flood);

/// Wrong-password logins sent at once.
const FLOOD: usize = 96;

/// The flood is queued once its first login is answered. The customer's carts then need a
/// pooled connection for a moment each, and the flood's queue holds about `FLOOD` hashes
/// run one at a time: carts that waited for connections held through hashes would be
/// answered after most of the flood, carts that don't come back while most of it still
/// waits. What is asserted is that order, not a duration.
async fn signed_in_requests_do_not_wait_behind_a_login_flood(backend: Backend) {
    let app = spawn_app_with(backend, "db_pool_size = 2\npassword_hash_concurrency = 1").await;
    let token = app.login("customer@demo.test", DEMO_PASSWORD).await;
    let answered = Arc::new(AtomicUsize::new(0));
    let mut flood = JoinSet::new();
    for i in 0..FLOOD {
        // Emails of their own: the per-account limit never answers for the hashing.
        let login = app.request(Method::POST, "/v1/auth/login").json(
            &json!({"email": format!("flood-{i}@example.test"), "password": "wrong-password"}),
        );
        let answered = answered.clone();
        flood.spawn(async move {
            let status = login.send().await.expect("login").status();
            answered.fetch_add(1, Ordering::SeqCst);
            status
        });
    }
    let first = flood
        .join_next()
        .await
        .expect("a login")
        .expect("login task");
    assert_eq!(first, StatusCode::UNAUTHORIZED);
    for _ in 0..5 {
        let cart = app
            .authed(Method::GET, "/v1/cart", &token)
            .send()
            .await
            .expect("cart");
        assert_eq!(cart.status(), StatusCode::OK);
    }
    let answered = answered.load(Ordering::SeqCst);
    assert!(
        answered < FLOOD / 2,
        "the carts were answered after {answered} of the {FLOOD} logins"
    );
    // Dropping the set hangs up on the rest of the flood, whose hashes are then skipped.
}
