//! The delivery operator's pages in a real browser (SQLite): on a phone-sized headless
//! Chromium (360×780) an operator signs in, sees the day's slot with the orders placed
//! through the API, opens its pick list and bag labels (a label's QR code, read by
//! zbarimg from a screenshot, opens the order's page), enters a short pick, sends the
//! order out and marks it delivered, fails the other with a reason and reschedules it;
//! the JSON API then shows the same states, the captured amount of the short pick and
//! the history with the operator's name. Then two operators (a phone and a 768 px
//! tablet, which also shows the day, the slot and its labels) send one order out at
//! once: one moves it, the other sees the notice, and the payment is captured once.
//! Printed, nine bag labels fill two A4 pages and every QR code reads back as its
//! order's page. Every page passes axe-core (no serious or critical violation), fits
//! the screen without sideways scrolling and has no tap target under 44×44 px.
//! Screenshots in `target/test-artifacts/ops/` (and `ops-race-*`, `ops-labels`; the
//! printed sheet in `ops-labels-print`).

use std::process::Command;

use reqwest::StatusCode;
use serde_json::{Value, json};
use virtual_shelf::domain::accounts::Role;

use crate::checkout::{count_payments, customer, fill, place, shop};
use crate::console::user;
use crate::console_browser::Walk;
use crate::console_first_hour::{decoded_codes as printed_codes, run};
use crate::console_orders::staff_order;
use crate::fulfilment::{PRODUCTS, confirmed_order, later_slot, move_to};
use crate::helpers::{Backend, TestApp, expect_json, spawn_app};
use crate::phone::artifact_dir;

/// Links, buttons and fields on screen smaller than a gloved finger (44×44 CSS px), and
/// whether the page scrolls sideways.
async fn layout_faults(walk: &Walk) -> Value {
    walk.browser
        .client()
        .execute(
            "const small = Array.from(document.querySelectorAll(
                 'a[href], button, input:not([type=hidden]), select'))
               .filter(e => { const r = e.getBoundingClientRect();
                              return r.width > 0 && r.left >= 0 && (r.width < 44 || r.height < 44); })
               .map(e => e.id || e.name || e.textContent.trim());
             return {small: small,
                     sideways: document.documentElement.scrollWidth > window.innerWidth};",
            Vec::new(),
        )
        .await
        .expect("layout")
}

/// Saves a screenshot of the page, runs axe-core on it and checks its layout.
async fn check(walk: &mut Walk, name: &str) {
    walk.browser.shot(name).await;
    walk.check_accessibility(name).await;
    assert_eq!(
        layout_faults(walk).await,
        json!({"small": [], "sideways": false}),
        "{name}"
    );
}

/// The QR codes zbarimg reads on a screenshot of the page.
async fn decoded_codes(walk: &Walk) -> Vec<String> {
    let png = walk
        .browser
        .client()
        .screenshot()
        .await
        .expect("screenshot");
    let file = tempfile::NamedTempFile::new().expect("temp file");
    std::fs::write(file.path(), png).expect("write");
    let out = Command::new("zbarimg")
        .args(["-q", "--raw", "-Sdisable", "-Sqrcode.enable"])
        .arg(file.path())
        .output()
        .expect("zbarimg");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

/// The retailer's view of order `id` through the JSON API.
async fn order_json(app: &TestApp, shop: &crate::checkout::Shop, id: &str) -> Value {
    expect_json(
        staff_order(app, &shop.id, &shop.token, id).await,
        StatusCode::OK,
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_operator_works_a_slot_on_a_phone() {
    let app = spawn_app(Backend::Sqlite).await;
    let shop = shop(&app, 5, PRODUCTS).await;
    let later = later_slot(&app, &shop).await;
    let (_, first) = confirmed_order(&app, &shop, "tok_approve").await;
    let buyer = customer(&app, "second").await;
    fill(&app, &buyer, &shop, "MILK", 1).await;
    let second = place(&app, &buyer, &shop, "ops-walk-second", "tok_approve").await;
    let (first_id, second_id) = (
        first["id"].as_str().expect("id"),
        second["id"].as_str().expect("id"),
    );
    let operator = user(&app, Role::Operator, Some(&shop.id)).await;
    let mut walk = Walk::phone("ops", "en-US,en").await;

    walk.browser.open(&format!("{}/ops/", app.address)).await;
    walk.browser.wait_for("#email").await;
    check(&mut walk, "sign-in").await;
    walk.sign_in(&operator).await;

    // The day's slots: the shop's, with both orders.
    let slot = format!("#slot-{}", shop.slot_id);
    walk.browser.wait_for(&slot).await;
    assert_eq!(walk.browser.text(&format!("{slot} .orders")).await, "2");
    assert_eq!(walk.browser.text(&format!("{slot} .units")).await, "6");
    check(&mut walk, "today").await;

    // The slot: both orders in loading order, the pick list with SKUs.
    walk.browser.tap(&slot).await;
    walk.browser.wait_for("#stops").await;
    let stops = walk.browser.text("#stops").await;
    for placed in [&first, &second] {
        assert!(stops.contains(placed["number"].as_str().expect("number")));
    }
    assert!(walk.browser.text("#pick").await.contains("SKU EGGS"));
    check(&mut walk, "slot").await;
    walk.scroll_to_end().await;
    walk.browser.shot("slot-pick-list").await;

    // Bag labels: each QR code opens its order's page.
    walk.browser.tap("#labels").await;
    walk.browser.wait_for(".label").await;
    walk.wait_for_images().await;
    check(&mut walk, "labels").await;
    let codes = decoded_codes(&walk).await;
    let first_url = format!("{}/ops/orders/{first_id}", app.address);
    assert!(codes.contains(&first_url), "{codes:?}");

    // The first order, opened as at the door: picked short (2 of 3 milk), out, delivered.
    walk.browser.open(&first_url).await;
    walk.browser.wait_for("#move-picking").await;
    check(&mut walk, "order-confirmed").await;
    walk.browser.tap("#move-picking").await;
    walk.browser.wait_for("#move-out").await;
    walk.browser.type_into("#picked-0", "2").await;
    check(&mut walk, "order-short-pick").await;
    walk.browser.tap("#move-out").await;
    walk.browser.wait_for("#move-delivered").await;
    assert_eq!(
        walk.browser.text("#banner").await,
        "Done. The order is now: Out for delivery"
    );
    check(&mut walk, "order-out").await;
    walk.browser.tap("#move-delivered").await;
    walk.browser.wait_for("#no-moves").await;
    check(&mut walk, "order-delivered").await;

    // The second: out in full, failed with a reason, rescheduled to the later slot.
    walk.browser
        .open(&format!("{}/ops/orders/{second_id}", app.address))
        .await;
    walk.browser.tap("#move-picking").await;
    walk.browser.tap("#move-out").await;
    walk.browser.wait_for("#move-failed").await;
    walk.browser.tap("#reason option[value=absent]").await;
    walk.browser.type_into("#details", "bell broken").await;
    check(&mut walk, "order-failing").await;
    walk.browser.tap("#move-failed").await;
    walk.browser.wait_for("#move-reschedule").await;
    check(&mut walk, "order-failed").await;
    walk.browser
        .tap(&format!("#slot option[value='{later}']"))
        .await;
    walk.browser.tap("#move-reschedule").await;
    walk.browser.wait_for("#move-picking").await;
    check(&mut walk, "order-rescheduled").await;

    walk.browser.tap("#home").await;
    walk.browser.wait_for(&slot).await;
    assert_eq!(walk.browser.text(&format!("{slot} .delivered")).await, "1");
    walk.browser.shot("today-after").await;
    walk.browser.quit().await;

    // The JSON API agrees: states, the short pick's capture, who moved them.
    let delivered = order_json(&app, &shop, first_id).await;
    assert_eq!(delivered["status"], "delivered");
    let milk = delivered["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|item| item["sku"] == "MILK")
        .cloned()
        .expect("milk");
    assert_eq!(milk["picked_quantity"], 2);
    assert_eq!(
        delivered["payment"]["captured"]["amount_minor"],
        2 * 2500 + 2 * 4000 + 3000,
        "two milks, two egg boxes and the fee"
    );
    let rescheduled = order_json(&app, &shop, second_id).await;
    assert_eq!(rescheduled["status"], "confirmed");
    assert_eq!(rescheduled["delivery_slot"]["id"], later.as_str());
    for order in [&delivered, &rescheduled] {
        let staff: Vec<&Value> = order["history"]
            .as_array()
            .expect("history")
            .iter()
            .filter(|change| change["by"] == "staff")
            .collect();
        assert!(staff.len() >= 3, "{order}");
        assert!(
            staff
                .iter()
                .all(|change| change["by_name"] == "Console User")
        );
    }
    let failed = rescheduled["history"]
        .as_array()
        .expect("history")
        .iter()
        .find(|change| change["to"] == "delivery_failed")
        .cloned()
        .expect("the failure");
    assert_eq!(failed["note"], "No one at home: bell broken");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_operators_send_one_order_out_at_once() {
    let app = spawn_app(Backend::Sqlite).await;
    let shop = shop(&app, 5, PRODUCTS).await;
    let (_, placed) = confirmed_order(&app, &shop, "tok_approve").await;
    let id = placed["id"].as_str().expect("id");
    let token = app.staff(&shop.id, Role::Operator).await;
    let picking = move_to(&app, &shop, &token, id, json!({"to": "picking"})).await;
    expect_json(picking, StatusCode::OK).await;

    let mut phone = Walk::phone("ops-race-phone", "ko-KR,ko").await;
    let mut tablet = Walk::desktop("ops-race-tablet", "en-US,en", 768, 1024).await;
    let url = format!("{}/ops/orders/{id}", app.address);
    for walk in [&mut phone, &mut tablet] {
        let operator = user(&app, Role::Operator, Some(&shop.id)).await;
        walk.browser.open(&url).await;
        walk.browser.wait_for("#email").await;
        walk.sign_in(&operator).await;
        walk.browser.wait_for("#move-out").await;
    }
    // The tablet's wider layout of the day, the slot and its labels.
    let slot = format!("/ops/slots/{}", shop.slot_id);
    for (path, mark, name) in [
        (
            "/ops/".to_owned(),
            format!("#slot-{}", shop.slot_id),
            "today",
        ),
        (slot.clone(), "#stops".to_owned(), "slot"),
        (format!("{slot}/labels"), ".label".to_owned(), "labels"),
    ] {
        tablet.browser.open(&format!("{}{path}", app.address)).await;
        tablet.browser.wait_for(&mark).await;
        tablet.wait_for_images().await;
        check(&mut tablet, name).await;
    }
    tablet.browser.open(&url).await;
    tablet.browser.wait_for("#move-out").await;
    check(&mut tablet, "order").await;
    tokio::join!(
        phone.browser.tap("#move-out"),
        tablet.browser.tap("#move-out")
    );
    let mut banners = Vec::new();
    for walk in [&mut phone, &mut tablet] {
        walk.browser.wait_for("#banner").await;
        banners.push(
            walk.browser
                .attr("#banner", "class")
                .await
                .unwrap_or_default(),
        );
        check(walk, "after").await;
    }
    banners.sort();
    assert_eq!(banners, ["banner done", "banner moved"]);
    let (ko, en) = (
        phone.browser.text("#banner").await,
        tablet.browser.text("#banner").await,
    );
    assert!(
        ko.ends_with("배송 중") && en.ends_with("Out for delivery"),
        "{ko} / {en}"
    );
    assert_eq!(count_payments(&app, id, "capture", "succeeded").await, 1);
    phone.browser.quit().await;
    tablet.browser.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bag_labels_print_eight_to_an_a4_page() {
    let app = spawn_app(Backend::Sqlite).await;
    let shop = shop(&app, 10, PRODUCTS).await;
    let mut expected = Vec::new();
    for n in 0..9 {
        let buyer = customer(&app, "labelled").await;
        fill(&app, &buyer, &shop, "MILK", 1).await;
        let placed = place(
            &app,
            &buyer,
            &shop,
            &format!("ops-label-{n}"),
            "tok_approve",
        )
        .await;
        let id = placed["id"].as_str().expect("id");
        expected.push(format!("{}/ops/orders/{id}", app.address));
    }
    expected.sort();
    let operator = user(&app, Role::Operator, Some(&shop.id)).await;
    let mut walk = Walk::phone("ops-labels", "en-US,en").await;
    walk.browser
        .open(&format!(
            "{}/ops/slots/{}/labels",
            app.address, shop.slot_id
        ))
        .await;
    walk.browser.wait_for("#email").await;
    walk.sign_in(&operator).await;
    walk.browser.wait_for(".label").await;
    walk.wait_for_images().await;
    walk.browser.shot("labels").await;

    // Printed on A4 as the print stylesheet lays it out: nine labels on two pages, each
    // QR code read back as its order's page.
    let config = fantoccini::wd::PrintConfiguration::builder()
        .build()
        .expect("A4 with 1 cm margins");
    let pdf = walk.browser.client().print(config).await.expect("print");
    // Kept with its pages as PNGs (made while decoding) to be looked at.
    let file = artifact_dir("ops-labels-print").join("labels.pdf");
    std::fs::write(&file, pdf).expect("write");
    let info = run("pdfinfo", &[file.to_str().expect("path")]);
    assert!(info.contains("Pages:           2"), "{info}");
    assert!(info.contains("595.") && info.contains("841."), "A4: {info}");
    assert_eq!(printed_codes(&file), expected);
    walk.browser.quit().await;
}
