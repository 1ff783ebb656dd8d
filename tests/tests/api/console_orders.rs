//! A retailer's orders for its staff: search by number, phone or name, one order with its
//! payment, and cancellation on the customer's behalf, through the JSON API on both
//! backends and through the console's pages (SQLite), over HTTP and in a headless
//! Chromium with the keyboard and axe-core.

use fantoccini::key::Key;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use virtual_shelf::domain::accounts::Role;

use crate::checkout::{Shop, checkout, checkout_body, customer, fill, product, shop};
use crate::console::{Console, csrf_of, location, page, user};
use crate::console_browser::Walk;
use crate::helpers::{Backend, DEMO_PASSWORD, TestApp, expect_json, expect_problem, spawn_app};
use crate::on_both_backends;

on_both_backends!(orders_through_the_json_api);

const PRODUCTS: &str = "MILK,Milk,Fresh milk,2500,10\n";

/// A confirmed order of 2 MILK for a recipient `name` with `phone`.
async fn order_for(app: &TestApp, shop: &Shop, name: &str, phone: &str) -> Value {
    let token = customer(app, "buyer").await;
    fill(app, &token, shop, "MILK", 2).await;
    let mut body = checkout_body(&shop.slot_id, "tok_approve");
    body["address"]["name"] = json!(name);
    body["address"]["phone"] = json!(phone);
    let key = uuid::Uuid::new_v4().to_string();
    expect_json(
        checkout(app, &token, &key, &body).await,
        StatusCode::CREATED,
    )
    .await
}

/// The numbers of the orders `GET …/orders?q=` finds.
async fn search(app: &TestApp, shop: &Shop, token: &str, q: &str) -> Vec<String> {
    let response = app
        .authed(
            Method::GET,
            &format!("/v1/retailers/{}/orders", shop.id),
            token,
        )
        .query(&[("q", q)])
        .send()
        .await
        .expect("search");
    let found = expect_json(response, StatusCode::OK).await;
    found["orders"]
        .as_array()
        .expect("orders")
        .iter()
        .map(|o| o["number"].as_str().expect("number").to_owned())
        .collect()
}

/// `GET /v1/retailers/{rid}/orders/{id}` as `token`.
pub async fn staff_order(app: &TestApp, shop: &str, token: &str, id: &str) -> reqwest::Response {
    app.authed(
        Method::GET,
        &format!("/v1/retailers/{shop}/orders/{id}"),
        token,
    )
    .send()
    .await
    .expect("order")
}

async fn cancel(
    app: &TestApp,
    shop: &str,
    token: &str,
    id: &str,
    body: Value,
) -> reqwest::Response {
    app.authed(
        Method::POST,
        &format!("/v1/retailers/{shop}/orders/{id}/cancel"),
        token,
    )
    .json(&body)
    .send()
    .await
    .expect("cancel")
}

/// Moves an order along the delivery path to `delivered`.
async fn deliver(app: &TestApp, shop: &Shop, id: &str) {
    for to in ["picking", "out_for_delivery", "delivered"] {
        let moved = app
            .authed(
                Method::POST,
                &format!("/v1/retailers/{}/orders/{id}/transitions", shop.id),
                &shop.token,
            )
            .json(&json!({"to": to}))
            .send()
            .await
            .expect("transition");
        expect_json(moved, StatusCode::OK).await;
    }
}

fn id(order: &Value) -> &str {
    order["id"].as_str().expect("id")
}

async fn orders_through_the_json_api(backend: Backend) {
    let app = spawn_app(backend).await;
    let shop = shop(&app, 10, PRODUCTS).await;
    let kim = order_for(&app, &shop, "Kim Minji", "010-2222-3333").await;
    let park = order_for(&app, &shop, "Park Jisoo", "+82 10 4444 5555").await;
    let lee = order_for(&app, &shop, "Lee 50% Off", "010 6666 7777").await;
    let number = |order: &Value| order["number"].as_str().expect("number").to_owned();

    // Number (with or without its dash, any case), phone (separators ignored), name.
    let kim_number = number(&kim);
    assert_eq!(
        search(&app, &shop, &shop.token, &kim_number).await,
        [kim_number.as_str()]
    );
    let loose = kim_number.replace('-', "").to_lowercase();
    assert_eq!(
        search(&app, &shop, &shop.token, &loose).await,
        [kim_number.as_str()]
    );
    assert_eq!(
        search(&app, &shop, &shop.token, "4444-5555").await,
        [number(&park)]
    );
    assert_eq!(
        search(&app, &shop, &shop.token, "01022223333").await,
        [kim_number.as_str()]
    );
    assert_eq!(
        search(&app, &shop, &shop.token, "jisoo").await,
        [number(&park)]
    );
    assert_eq!(
        search(&app, &shop, &shop.token, "50%").await,
        [number(&lee)]
    );
    // Wildcards match only themselves.
    assert_eq!(search(&app, &shop, &shop.token, "%").await, [number(&lee)]);
    assert!(search(&app, &shop, &shop.token, "_").await.is_empty());
    assert_eq!(search(&app, &shop, &shop.token, "").await.len(), 3);
    let long = "x".repeat(101);
    let refused = app
        .authed(
            Method::GET,
            &format!("/v1/retailers/{}/orders", shop.id),
            &shop.token,
        )
        .query(&[("q", long.as_str())])
        .send()
        .await
        .expect("search");
    expect_problem(
        refused,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;

    // One order with its money: authorized, nothing taken yet.
    let shown = expect_json(
        staff_order(&app, &shop.id, &shop.token, id(&kim)).await,
        StatusCode::OK,
    )
    .await;
    let total = shown["total"]["amount_minor"].as_i64().expect("total");
    assert_eq!(shown["payment"]["authorized"]["amount_minor"], total);
    assert_eq!(shown["payment"]["voided"]["amount_minor"], 0);

    // An operator cancels with a reason: stock and slot back, authorization voided, the
    // staff member and reason in the history.
    let operator = app.staff(&shop.id, Role::Operator).await;
    let blank = cancel(&app, &shop.id, &operator, id(&kim), json!({"reason": "  "})).await;
    expect_problem(blank, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let before = product(&app, &shop, "MILK").await["reserved"]
        .as_i64()
        .expect("reserved");
    let cancelled = cancel(
        &app,
        &shop.id,
        &operator,
        id(&kim),
        json!({"reason": "customer called"}),
    )
    .await;
    let cancelled = expect_json(cancelled, StatusCode::OK).await;
    assert_eq!(cancelled["status"], "cancelled");
    assert_eq!(cancelled["payment"]["voided"]["amount_minor"], total);
    let last = cancelled["history"]
        .as_array()
        .expect("history")
        .last()
        .expect("event")
        .clone();
    assert_eq!(last["by"], "staff");
    assert_eq!(last["note"], "customer called");
    let after = product(&app, &shop, "MILK").await["reserved"]
        .as_i64()
        .expect("reserved");
    assert_eq!(before - after, 2);
    let twice = cancel(
        &app,
        &shop.id,
        &operator,
        id(&kim),
        json!({"reason": "again"}),
    )
    .await;
    expect_problem(twice, StatusCode::CONFLICT, "order_not_cancellable").await;

    // A delivered order is not cancelled; another retailer's staff see no such order.
    deliver(&app, &shop, id(&park)).await;
    let late = cancel(
        &app,
        &shop.id,
        &shop.token,
        id(&park),
        json!({"reason": "too late"}),
    )
    .await;
    let late = expect_problem(late, StatusCode::CONFLICT, "order_not_cancellable").await;
    assert!(
        late["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("delivered"),
        "{late}"
    );
    let (other, other_token) = app.retailer_with_admin("Other Mart").await;
    let foreign = staff_order(&app, &other, &other_token, id(&lee)).await;
    expect_problem(foreign, StatusCode::NOT_FOUND, "not_found").await;
    let foreign = cancel(&app, &other, &other_token, id(&lee), json!({"reason": "x"})).await;
    expect_problem(foreign, StatusCode::NOT_FOUND, "not_found").await;
    let customer_token = customer(&app, "nosy").await;
    let nosy = staff_order(&app, &shop.id, &customer_token, id(&lee)).await;
    expect_problem(nosy, StatusCode::FORBIDDEN, "forbidden").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn orders_in_the_console() {
    let app = spawn_app(Backend::Sqlite).await;
    let shop = shop(&app, 10, PRODUCTS).await;
    let kim = order_for(&app, &shop, "Kim Minji", "010-2222-3333").await;
    let park = order_for(&app, &shop, "Park Jisoo", "010-4444-5555").await;
    let admin = user(&app, Role::RetailerAdmin, Some(&shop.id)).await;
    let mut browser = Console::new(&app, "en");
    browser.sign_in(&admin, DEMO_PASSWORD).await;
    let list = format!("/console/r/{}/orders", shop.id);

    // Search by name, phone and number; a bad date is shown next to its field.
    let found = page(
        browser.get(&format!("{list}?q=minji")).await,
        StatusCode::OK,
    )
    .await;
    assert!(
        found.contains(kim["number"].as_str().expect("number")),
        "{found}"
    );
    assert!(
        !found.contains(park["number"].as_str().expect("number")),
        "{found}"
    );
    let found = page(browser.get(&format!("{list}?q=4444")).await, StatusCode::OK).await;
    assert!(
        found.contains("Park Jisoo") && !found.contains("Kim Minji"),
        "{found}"
    );
    let number = park["number"].as_str().expect("number");
    let found = page(
        browser
            .get(&format!("{list}?q={number}&status=confirmed"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(found.contains("Park Jisoo"), "{found}");
    let none = page(
        browser
            .get(&format!("{list}?q={number}&status=delivered"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(none.contains("id=\"no-orders\""), "{none}");
    let bad = page(
        browser.get(&format!("{list}?date=2026-13-01")).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(bad.contains("id=\"date-error\""), "{bad}");

    // The order's page and its cancellation: no CSRF refused, a reason required, then
    // cancelled with the payment released (seen through the JSON API) and the history
    // naming the staff member.
    let order_path = format!("{list}/{}", id(&kim));
    let shown = page(browser.get(&order_path).await, StatusCode::OK).await;
    assert!(
        shown.contains("id=\"cancel-form\"") && shown.contains("Kim Minji"),
        "{shown}"
    );
    let cancel_path = format!("{order_path}/cancel");
    page(
        browser.post(&cancel_path, &[("reason", "called")]).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let csrf = csrf_of(&shown);
    let blank = page(
        browser
            .post(&cancel_path, &[("csrf", &csrf), ("reason", "")])
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(blank.contains("id=\"reason-error\""), "{blank}");
    let done = browser
        .post(
            &cancel_path,
            &[("csrf", &csrf), ("reason", "customer phoned")],
        )
        .await;
    assert_eq!(location(&done), format!("{order_path}?cancelled=1"));
    let after = page(browser.get(location(&done)).await, StatusCode::OK).await;
    assert!(
        after.contains("The order was cancelled") && after.contains("customer phoned"),
        "{after}"
    );
    assert!(
        after.contains("Console User") && !after.contains("id=\"cancel-form\""),
        "{after}"
    );
    let json = expect_json(
        staff_order(&app, &shop.id, &shop.token, id(&kim)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(json["status"], "cancelled");
    assert_eq!(
        json["payment"]["voided"]["amount_minor"],
        json["total"]["amount_minor"]
    );

    // Delivered: no form, and a forced post is refused with the reason.
    deliver(&app, &shop, id(&park)).await;
    let park_path = format!("{list}/{}", id(&park));
    let delivered = page(browser.get(&park_path).await, StatusCode::OK).await;
    assert!(!delivered.contains("id=\"cancel-form\""), "{delivered}");
    let forced = browser
        .post(
            &format!("{park_path}/cancel"),
            &[("csrf", &csrf), ("reason", "please")],
        )
        .await;
    let forced = page(forced, StatusCode::CONFLICT).await;
    assert!(forced.contains("can no longer be cancelled"), "{forced}");

    // Another retailer's order is not found; a Korean page speaks Korean.
    let (other, _) = app.retailer_with_admin("Other Mart").await;
    let other_admin = user(&app, Role::RetailerAdmin, Some(&other)).await;
    let mut stranger = Console::new(&app, "ko");
    stranger.sign_in(&other_admin, DEMO_PASSWORD).await;
    page(
        stranger
            .get(&format!("/console/r/{other}/orders/{}", id(&kim)))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    page(stranger.get(&order_path).await, StatusCode::NOT_FOUND).await;
    let korean = page(
        stranger.get(&format!("/console/r/{other}/orders")).await,
        StatusCode::OK,
    )
    .await;
    assert!(korean.contains("주문번호, 전화번호 또는 이름"), "{korean}");
}

/// Waits until the browser is at a path starting with `prefix` (after a form is sent).
pub async fn wait_for_path(walk: &Walk, prefix: &str) -> String {
    for _ in 0..100 {
        let path = walk.browser.path().await;
        if path.starts_with(prefix) {
            return path;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("never reached {prefix}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn orders_with_the_keyboard_and_axe() {
    let app = spawn_app(Backend::Sqlite).await;
    let shop = shop(&app, 10, PRODUCTS).await;
    let kim = order_for(&app, &shop, "Kim Minji", "010-2222-3333").await;
    order_for(&app, &shop, "Park Jisoo", "010-4444-5555").await;
    let admin = user(&app, Role::RetailerAdmin, Some(&shop.id)).await;
    let mut walk = Walk::desktop("console-orders", "en-US,en", 1280, 800).await;
    let list = format!("/console/r/{}/orders", shop.id);
    walk.browser.open(&format!("{}{list}", app.address)).await;
    walk.browser.wait_for("#email").await;
    walk.sign_in(&admin).await;
    walk.browser.wait_for("#orders").await;
    walk.browser.shot("orders").await;
    walk.check_accessibility("orders").await;

    walk.tab_to("q").await;
    walk.keys("minji").await;
    walk.keys(&Key::Enter).await;
    wait_for_path(&walk, &format!("{list}?q=minji")).await;
    assert_eq!(
        walk.browser.text(".order-link").await,
        kim["number"].as_str().expect("number")
    );
    walk.browser.shot("orders-searched").await;

    walk.tab_to("search").await;
    walk.keys(&Key::Tab).await;
    walk.keys(&Key::Enter).await;
    wait_for_path(&walk, &format!("{list}/{}", id(&kim))).await;
    walk.browser.wait_for("#cancel-form").await;
    walk.browser.shot("order").await;
    walk.check_accessibility("order").await;

    walk.tab_to("reason").await;
    walk.keys("customer phoned").await;
    walk.keys(&Key::Tab).await;
    walk.keys(&Key::Enter).await;
    wait_for_path(&walk, &format!("{list}/{}?cancelled=1", id(&kim))).await;
    assert_eq!(
        walk.browser.text("#voided").await,
        walk.browser.text("#authorized").await
    );
    walk.browser.shot("order-cancelled").await;
    walk.check_accessibility("order-cancelled").await;
    walk.browser.quit().await;
}
