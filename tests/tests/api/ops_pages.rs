//! The delivery operator's pages over plain HTTP (SQLite: the pages do not depend on the
//! backend; the moves they make are `fulfilment::advance`, tested on both in
//! `fulfilment.rs`): sign-in at `/ops/login` shared with the console, the day's slots,
//! a slot with its pick list files and labels, an order's moves and the messages its
//! customer was sent; another retailer's
//! ids, customers, forms without their CSRF token, and a move made stale by another
//! operator, which shows a notice and changes nothing. The browser walk is in
//! `ops_browser.rs`.

use reqwest::StatusCode;
use serde_json::Value;
use virtual_shelf::domain::accounts::Role;

use crate::checkout::{Shop, customer, fill, place, shop};
use crate::console::{Console, csrf_of, location, page, user};
use crate::console_orders::staff_order;
use crate::delivery::{seoul_weekday_in, slots_for};
use crate::fulfilment::{PRODUCTS, confirmed_order, move_to};
use crate::helpers::{Backend, DEMO_PASSWORD, TestApp, expect_json, spawn_app};

const SHOPPER_PASSWORD: &str = "a long enough password";

/// The history of the retailer's view of order `id`.
async fn history(app: &TestApp, shop: &Shop, id: &str) -> Vec<Value> {
    let order = expect_json(
        staff_order(app, &shop.id, &shop.token, id).await,
        StatusCode::OK,
    )
    .await;
    order["history"].as_array().expect("history").clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn operators_work_orders_over_http() {
    let app = spawn_app(Backend::Sqlite).await;
    let shop = shop(&app, 5, PRODUCTS).await;
    let (_, first) = confirmed_order(&app, &shop, "tok_approve").await;
    let buyer = customer(&app, "second").await;
    fill(&app, &buyer, &shop, "MILK", 1).await;
    let second = place(&app, &buyer, &shop, "ops-second", "tok_approve").await;
    let (id, number) = (
        first["id"].as_str().expect("id"),
        first["number"].as_str().expect("number"),
    );
    let operator = user(&app, Role::Operator, Some(&shop.id)).await;

    // Nobody signed in: a bookmark leads through the operator sign-in.
    let mut ops = Console::new(&app, "en");
    let bounced = ops.get(&format!("/ops/orders/{id}")).await;
    assert_eq!(bounced.status(), StatusCode::SEE_OTHER);
    assert!(location(&bounced).starts_with("/ops/login?next=%2Fops%2Forders%2F"));
    let form = page(ops.get("/ops/login").await, StatusCode::OK).await;
    let csrf = csrf_of(&form);
    let signed_in = ops
        .post(
            "/ops/login",
            &[
                ("csrf", csrf.as_str()),
                ("email", operator.as_str()),
                ("password", DEMO_PASSWORD),
                ("next", &format!("/ops/orders/{id}")),
            ],
        )
        .await;
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&signed_in), format!("/ops/orders/{id}"));
    // One session for both staff faces.
    let console = ops.get("/console/").await;
    assert_eq!(location(&console), format!("/console/r/{}/", shop.id));

    // The day's slots (today and the next two: the shop's slot is in two days).
    // It reloads itself (new orders show up) until switched off.
    let today = ops.get("/ops/").await;
    assert_eq!(today.headers()["refresh"], "30");
    let today = page(today, StatusCode::OK).await;
    let still = format!("/ops/?retailer={}&#38;refresh=off", shop.id);
    assert!(today.contains(&still), "{today}");
    let still = ops.get(&still.replace("&#38;", "&")).await;
    assert!(!still.headers().contains_key("refresh"));
    assert!(today.contains(&format!("href=\"/ops/slots/{}\"", shop.slot_id)));
    assert!(today.contains("<dd class=\"orders\">2</dd>"), "{today}");
    assert!(
        today.contains("<dd class=\"units\">6</dd>"),
        "3 + 2 + 1 units"
    );
    assert!(today.contains("/ops/ops.css"));
    let css = ops.get("/ops/ops.css").await;
    assert_eq!(css.headers()["content-type"], "text/css; charset=utf-8");

    // The slot: loading order, ways to the door, the pick list and its files, labels.
    let slot = page(
        ops.get(&format!("/ops/slots/{}", shop.slot_id)).await,
        StatusCode::OK,
    )
    .await;
    let second_number = second["number"].as_str().expect("number");
    let (a, b) = (
        slot.find(number).expect("first order"),
        slot.find(second_number).expect("second order"),
    );
    assert_eq!(a < b, number < second_number, "same postal code: by number");
    assert!(slot.contains("href=\"tel:01012345678\""));
    assert!(slot.contains("https://www.google.com/maps/search/?api=1&#38;query="));
    assert!(slot.contains("SKU EGGS") && slot.contains("SKU MILK"));
    let csv = ops
        .get(&format!("/ops/slots/{}/pick-list.csv", shop.slot_id))
        .await;
    assert_eq!(csv.status(), StatusCode::OK);
    let csv = csv.text().await.expect("csv");
    assert!(csv.contains("MILK") && csv.contains(number), "{csv}");
    let pdf = ops
        .get(&format!("/ops/slots/{}/pick-list.pdf", shop.slot_id))
        .await;
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert!(pdf.bytes().await.expect("pdf").starts_with(b"%PDF"));
    let labels = page(
        ops.get(&format!("/ops/slots/{}/labels", shop.slot_id))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(labels.matches("data:image/svg+xml;base64,").count(), 2);

    // An order and its first move, with the status the operator saw.
    let order_path = format!("/ops/orders/{id}");
    let move_path = format!("{order_path}/move");
    let order = page(ops.get(&order_path).await, StatusCode::OK).await;
    assert!(order.contains("id=\"move-picking\""));
    // What the customer was told (the confirmation), as the console lists it.
    assert!(order.contains("Messages to the customer"));
    assert!(order.contains("id=\"messages\""), "{order}");
    let csrf = csrf_of(&order);

    // No CSRF token: refused, nothing moved.
    let forged = ops
        .post(&move_path, &[("to", "picking"), ("seen", "confirmed")])
        .await;
    let forged = page(forged, StatusCode::FORBIDDEN).await;
    assert!(forged.contains("href=\"/ops/\" id=\"start\""), "{forged}");
    assert!(!forged.contains("/console/"));
    assert_eq!(history(&app, &shop, id).await.len(), 2);

    let moved = ops
        .post(
            &move_path,
            &[("csrf", &csrf), ("to", "picking"), ("seen", "confirmed")],
        )
        .await;
    assert_eq!(moved.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&moved), format!("{order_path}?done=1"));
    let done = page(ops.get(location(&moved)).await, StatusCode::OK).await;
    assert!(
        done.contains("Done. The order is now: <strong>Being picked</strong>"),
        "{done}"
    );

    // The same form again (another operator's, a second earlier): a notice naming the
    // new state, in the page's language, and nothing changes.
    let mut korean = Console::new(&app, "ko");
    korean.sign_in(&operator, DEMO_PASSWORD).await;
    let page_ko = page(korean.get(&order_path).await, StatusCode::OK).await;
    let stale = korean
        .post(
            &move_path,
            &[
                ("csrf", &csrf_of(&page_ko)),
                ("to", "picking"),
                ("seen", "confirmed"),
            ],
        )
        .await;
    let notice = page(stale, StatusCode::CONFLICT).await;
    assert!(
        notice.contains("다른 담당자가 먼저 이 주문을 처리했습니다"),
        "{notice}"
    );
    assert!(
        notice.contains("id=\"move-out\""),
        "the moves of its new state"
    );
    let after = history(&app, &shop, id).await;
    assert_eq!(after.len(), 3, "one move: {after:?}");
    assert_eq!(after[2]["to"], "picking");
    assert_eq!(after[2]["by_name"], "Console User");
    assert_eq!(after[0]["by"], "customer");
    assert_eq!(after[0]["by_name"], Value::Null, "only staff are named");

    // A short pick typed wrong is shown beside its line; nothing moves.
    let wrong = ops
        .post(
            &move_path,
            &[
                ("csrf", &csrf),
                ("to", "out_for_delivery"),
                ("seen", "picking"),
                ("picked:MILK", "many"),
            ],
        )
        .await;
    let wrong = page(wrong, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(wrong.contains("id=\"picked-0-error\""), "{wrong}");
    assert!(wrong.contains("value=\"many\""));
    let over = ops
        .post(
            &move_path,
            &[
                ("csrf", &csrf),
                ("to", "out_for_delivery"),
                ("seen", "picking"),
                ("picked:EGGS", "9"),
            ],
        )
        .await;
    let over = page(over, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(over.contains("id=\"picked-1-error\""), "{over}");
    assert_eq!(history(&app, &shop, id).await.len(), 3);

    // Another retailer's staff: its order, slot and forms are not found.
    let other = crate::checkout::shop(&app, 5, PRODUCTS).await;
    let stranger = user(&app, Role::RetailerAdmin, Some(&other.id)).await;
    let mut elsewhere = Console::new(&app, "en");
    elsewhere.sign_in(&stranger, DEMO_PASSWORD).await;
    for path in [
        order_path.clone(),
        format!("/ops/slots/{}", shop.slot_id),
        format!("/ops/slots/{}/labels", shop.slot_id),
        format!("/ops/slots/{}/pick-list.csv", shop.slot_id),
        format!("/ops/?retailer={}", shop.id),
    ] {
        // In the operator pages' layout, leading back to their start.
        let missing = page(elsewhere.get(&path).await, StatusCode::NOT_FOUND).await;
        assert!(
            missing.contains("href=\"/ops/ops.css\"") && missing.contains("id=\"error\""),
            "{path}: {missing}"
        );
        assert!(missing.contains("<a class=\"btn\" href=\"/ops/\" id=\"start\">"));
        assert!(
            missing.contains("start again from the day&#39;s slots"),
            "{missing}"
        );
        assert!(!missing.contains("/console/"), "{path}");
    }
    let their_page = page(elsewhere.get("/ops/").await, StatusCode::OK).await;
    let refused = elsewhere
        .post(
            &move_path,
            &[
                ("csrf", &csrf_of(&their_page)),
                ("to", "out_for_delivery"),
                ("seen", "picking"),
            ],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);
    assert_eq!(history(&app, &shop, id).await.len(), 3);

    // The language switch comes back to the page it was used on (a refused move's page
    // is at the form's address, which leads to the order); signing out here signs out of
    // the console too.
    let switched = korean
        .post(
            "/ops/lang",
            &[
                ("csrf", &csrf_of(&page_ko)),
                ("lang", "en"),
                ("next", &move_path),
            ],
        )
        .await;
    assert_eq!(location(&switched), move_path);
    let back = korean.get(&move_path).await;
    assert_eq!(location(&back), order_path);
    let english = page(korean.get(&order_path).await, StatusCode::OK).await;
    assert!(english.contains("<html lang=\"en\">"));
    let out = korean
        .post("/ops/logout", &[("csrf", &csrf_of(&english))])
        .await;
    assert_eq!(location(&out), "/ops/login");
    let console = korean.get("/console/").await;
    assert!(location(&console).starts_with("/console/login"));

    // A platform admin picks the retailer, then works its orders like its staff.
    let platform = user(&app, Role::PlatformAdmin, None).await;
    let mut admin = Console::new(&app, "en");
    admin.sign_in(&platform, DEMO_PASSWORD).await;
    let list = page(admin.get("/ops/").await, StatusCode::OK).await;
    assert!(list.contains(&format!("href=\"/ops/?retailer={}\"", shop.id)));
    let theirs = page(
        admin.get(&format!("/ops/?retailer={}", shop.id)).await,
        StatusCode::OK,
    )
    .await;
    assert!(theirs.contains(&format!("href=\"/ops/slots/{}\"", shop.slot_id)));
    let order = page(admin.get(&order_path).await, StatusCode::OK).await;
    assert!(order.contains("id=\"move-out\""));

    // A customer cannot sign in here, and a customer's session opens nothing.
    let mut shopper = Console::new(&app, "en");
    let form = page(shopper.get("/ops/login").await, StatusCode::OK).await;
    let customer_email = format!("shopper-{}@customer.test", uuid::Uuid::new_v4().simple());
    app.request(reqwest::Method::POST, "/v1/auth/register")
        .json(&serde_json::json!({"email": customer_email, "password": SHOPPER_PASSWORD, "name": "Shopper"}))
        .send()
        .await
        .expect("register");
    let refused = shopper
        .post(
            "/ops/login",
            &[
                ("csrf", csrf_of(&form).as_str()),
                ("email", customer_email.as_str()),
                ("password", SHOPPER_PASSWORD),
            ],
        )
        .await;
    page(refused, StatusCode::FORBIDDEN).await;
    let bounced = shopper.get(&order_path).await;
    assert_eq!(bounced.status(), StatusCode::SEE_OTHER);
    assert!(location(&bounced).starts_with("/ops/login"));
}

/// Adds a template from `start` to `end` on `weekday` to the shop's zone.
async fn add_template(app: &TestApp, shop: &Shop, weekday: i64, (start, end): (&str, &str)) {
    let zones = app
        .authed(
            reqwest::Method::GET,
            &format!("/v1/retailers/{}/delivery/zones", shop.id),
            &shop.token,
        )
        .send()
        .await
        .expect("zones");
    let zones = expect_json(zones, StatusCode::OK).await;
    let zone = zones["items"][0]["id"].as_str().expect("zone id");
    let created = app
        .authed(
            reqwest::Method::POST,
            &format!("/v1/retailers/{}/delivery/zones/{zone}/templates", shop.id),
            &shop.token,
        )
        .json(
            &serde_json::json!({"weekday": weekday, "start": start, "end": end,
            "capacity": 5, "fee": {"amount_minor": 3000}, "prior_notice_minutes": 60}),
        )
        .send()
        .await
        .expect("template");
    expect_json(created, StatusCode::CREATED).await;
}

/// The day page shows the whole plan: every slot of the days by start, empty ones saying
/// so with zero counts, slots nobody has asked for yet too (read, not created: they stay
/// unlinked until a shopper's look-up makes them).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_day_shows_every_planned_slot() {
    let app = spawn_app(Backend::Sqlite).await;
    let shop = shop(&app, 5, PRODUCTS).await;
    confirmed_order(&app, &shop, "tok_approve").await;
    // Tomorrow's slot exists only as a template; the morning slot of the order's day is
    // made (a shopper looked it up) but has no orders.
    let (tomorrow, _) = seoul_weekday_in(1);
    add_template(&app, &shop, tomorrow, ("10:00", "12:00")).await;
    let (weekday, date) = seoul_weekday_in(2);
    add_template(&app, &shop, weekday, ("09:00", "11:00")).await;
    let made = slots_for(
        &app,
        &shop.id,
        &format!("postal_code=99123&from={date}&days=1"),
    )
    .await;
    assert_eq!(made.len(), 2, "{made:?}");
    let morning = made[0]["id"].as_str().expect("slot id");
    assert_ne!(morning, shop.slot_id);

    let operator = user(&app, Role::Operator, Some(&shop.id)).await;
    let mut ops = Console::new(&app, "en");
    ops.sign_in(&operator, DEMO_PASSWORD).await;
    for _ in 0..2 {
        let today = page(ops.get("/ops/?refresh=off").await, StatusCode::OK).await;
        assert_eq!(
            today.matches("No delivery slots on this day.").count(),
            1,
            "{today}"
        );
        let planned = today
            .find("<div class=\"row slot planned\">")
            .expect("tomorrow's slot");
        let (empty, booked) = (
            today
                .find(&format!("href=\"/ops/slots/{morning}\""))
                .expect("the empty slot"),
            today
                .find(&format!("href=\"/ops/slots/{}\"", shop.slot_id))
                .expect("the booked slot"),
        );
        assert!(planned < empty && empty < booked, "by start: {today}");
        assert!(today[planned..empty].contains("10:00–12:00"));
        assert!(today[empty..booked].contains("09:00–11:00"));
        assert_eq!(today.matches("No orders yet.").count(), 2, "{today}");
        assert_eq!(today.matches("<dd class=\"orders\">0</dd>").count(), 2);
        assert_eq!(today.matches("<dd class=\"orders\">1</dd>").count(), 1);
        assert_eq!(today.matches("<dd class=\"picking\">").count(), 1);
        // Still only planned on the second look: the page created nothing.
    }
    let mut korean = Console::new(&app, "ko");
    korean.sign_in(&operator, DEMO_PASSWORD).await;
    let today = page(korean.get("/ops/?refresh=off").await, StatusCode::OK).await;
    assert_eq!(today.matches("아직 주문이 없습니다.").count(), 2, "{today}");
    assert!(today.contains("이 날은 배송 시간대가 없습니다."));
}

/// Bag labels are for the orders still to load and deliver: a delivered order's bag has
/// gone, so it gets none; the sheet says how many it holds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn labels_are_for_orders_still_to_deliver() {
    let app = spawn_app(Backend::Sqlite).await;
    let shop = shop(&app, 5, PRODUCTS).await;
    let staff = app.staff(&shop.id, Role::Operator).await;
    let mut numbers = Vec::new();
    for moves in [
        &[][..],
        &["picking"],
        &["picking", "out_for_delivery", "delivered"],
    ] {
        let buyer = customer(&app, "labelled").await;
        fill(&app, &buyer, &shop, "MILK", 1).await;
        let key = uuid::Uuid::new_v4().to_string();
        let placed = place(&app, &buyer, &shop, &key, "tok_approve").await;
        let id = placed["id"].as_str().expect("id");
        for to in moves {
            let moved = move_to(&app, &shop, &staff, id, serde_json::json!({"to": to})).await;
            expect_json(moved, StatusCode::OK).await;
        }
        numbers.push(placed["number"].as_str().expect("number").to_owned());
    }
    let operator = user(&app, Role::Operator, Some(&shop.id)).await;
    let mut ops = Console::new(&app, "en");
    ops.sign_in(&operator, DEMO_PASSWORD).await;
    let labels = page(
        ops.get(&format!("/ops/slots/{}/labels", shop.slot_id))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(labels.matches("data:image/svg+xml;base64,").count(), 2);
    assert!(
        labels.contains("Labels on this sheet: <strong>2</strong>"),
        "{labels}"
    );
    assert!(labels.contains(&numbers[0]) && labels.contains(&numbers[1]));
    assert!(!labels.contains(&numbers[2]), "delivered: no label");
}
