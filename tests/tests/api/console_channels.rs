//! The console's channels page: for visits made through a poster's code (`/s/{code}`), a
//! catalogue feed's link (`/p/{share_code}?utm_medium=feed&utm_source=meta`) and the share
//! page with no link (`direct`), plus an add-to-cart from the feed link and an order
//! through the code, every channel's row shows what the JSON API's report grouped by
//! channel says (zeros for the channels without visits), and a channel's sources what the
//! report grouped by source says. Korean and English, every staff role reads it, another
//! retailer's staff get a 404, an unknown channel a 422; in a headless Chromium the
//! keyboard opens a channel's sources and axe-core finds no serious or critical
//! violation.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::checkout::{Shop, customer, place, set_item, shop};
use crate::console::{Console, csrf_of, page, user};
use crate::console_browser::Walk;
use crate::helpers::{Backend, DEMO_PASSWORD, TestApp, expect_json, spawn_app_with};
use fantoccini::key::Key;
use virtual_shelf::domain::accounts::Role;
use virtual_shelf::domain::analytics::CHANNELS;

/// The figure columns of a row, as the page's `data-figure` cells name them, and the
/// report's field each shows.
const COUNTS: [(&str, &str); 6] = [
    ("page_views", "page_views"),
    ("unique_visitors", "unique_scanners"),
    ("scans", "scans"),
    ("add_to_carts", "add_to_carts"),
    ("orders", "orders"),
    ("units", "units"),
];

/// The cells of the table row that starts with `start` (its opening tag's beginning), by
/// their `data-figure`.
fn cells(html: &str, start: &str) -> Vec<(String, String)> {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no row {start}: {html}"));
    let row = &html[from..from + html[from..].find("</tr>").expect("row end")];
    row.split("data-figure=\"")
        .skip(1)
        .map(|cell| {
            let (name, rest) = cell.split_once("\">").expect("cell");
            let value = rest.split_once("</td>").expect("cell end").0;
            (name.to_owned(), value.to_owned())
        })
        .collect()
}

/// Checks that the page's row `start` shows the counts of the report's `row` (zeros when
/// the report has none).
fn shows(html: &str, start: &str, row: Option<&Value>) {
    let cells = cells(html, start);
    for (cell, field) in COUNTS {
        let want = row.map_or(0, |row| row[field].as_i64().expect("count"));
        let got = cells
            .iter()
            .find(|(name, _)| name == cell)
            .unwrap_or_else(|| panic!("no {cell} in {start}"));
        assert_eq!(got.1, want.to_string(), "{start} {cell}");
    }
}

async fn report(app: &TestApp, shop: &Shop, query: &str) -> Value {
    let response = app
        .authed(
            Method::GET,
            &format!("/v1/retailers/{}/analytics?{query}", shop.id),
            &shop.token,
        )
        .send()
        .await
        .expect("report");
    expect_json(response, StatusCode::OK).await
}

fn row<'a>(report: &'a Value, key: &str) -> Option<&'a Value> {
    report["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|row| row["key"] == key)
}

async fn visit(app: &TestApp, path: &str, address: &str) {
    let response = app
        .request(Method::GET, path)
        .header("x-forwarded-for", address)
        .header("user-agent", "Phone")
        .send()
        .await
        .expect("visit");
    assert_eq!(response.status(), StatusCode::OK, "{path}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_channels_page_shows_each_channels_report() {
    // The scan writer flushes every 50 ms; each forwarded address is its own visitor.
    let app = spawn_app_with(
        Backend::Sqlite,
        "scan_flush_interval_ms = 50\ntrusted_proxies = \"127.0.0.1\"",
    )
    .await;
    let shop = shop(&app, 10, "MILK,Milk,Fresh milk,2500,50\n").await;
    let poster = expect_json(
        app.authed(
            Method::POST,
            &format!("/v1/retailers/{}/posters", shop.id),
            &shop.token,
        )
        .json(&json!({"title": "Breakfast", "scan_distance_m": 1.0, "slots": [{"sku": "MILK"}]}))
        .send()
        .await
        .expect("poster"),
        StatusCode::CREATED,
    )
    .await;
    let wall = crate::console::placement(
        &app,
        &shop.id,
        &shop.token,
        poster["id"].as_str().expect("id"),
        "Exit 3",
    )
    .await;
    let code = wall["slots"][0]["code"].as_str().expect("code").to_owned();
    let product = expect_json(
        app.authed(
            Method::GET,
            &format!("/v1/retailers/{}/products/MILK", shop.id),
            &shop.token,
        )
        .send()
        .await
        .expect("product"),
        StatusCode::OK,
    )
    .await;
    let share_code = product["share_code"].as_str().expect("share_code");
    let share_page = format!("/p/{share_code}");
    let meta = format!("{share_page}?utm_medium=feed&utm_source=meta");
    for (path, address) in [
        (format!("/s/{code}"), "10.2.0.1"),
        (format!("/s/{code}"), "10.2.0.2"),
        (meta.clone(), "10.2.0.3"),
        (meta.clone(), "10.2.0.4"),
        (meta.clone(), "10.2.0.4"),
        (share_page.clone(), "10.2.0.5"),
    ] {
        visit(&app, &path, address).await;
    }
    // An add-to-cart from the feed's link (the share page's form), and an order of two
    // through the code.
    let mut shopper = Console::new(&app, "en");
    let html = page(shopper.get(&meta).await, StatusCode::OK).await;
    let added = shopper
        .post(
            "/cart/items",
            &[
                ("csrf", csrf_of(&html).as_str()),
                ("share", share_code),
                ("utm_medium", "feed"),
                ("utm_source", "meta"),
                ("quantity", "1"),
            ],
        )
        .await;
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    let buyer = customer(&app, "buyer").await;
    let body = json!({"code": code, "quantity": 2});
    expect_json(set_item(&app, &buyer, body).await, StatusCode::OK).await;
    place(&app, &buyer, &shop, "k1", "tok_approve").await;

    // The writer flushes in the background: wait for its rows.
    let today = chrono::Utc::now()
        .with_timezone(&chrono::FixedOffset::east_opt(9 * 3600).expect("offset"))
        .date_naive();
    let query = format!("from={today}&to={today}&group_by=channel");
    let mut by_channel = report(&app, &shop, &query).await;
    for _ in 0..200 {
        if by_channel["totals"]["page_views"] == 7 && by_channel["totals"]["add_to_carts"] == 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        by_channel = report(&app, &shop, &query).await;
    }
    let feed = row(&by_channel, "feed").unwrap_or_else(|| panic!("{by_channel:#}"));
    assert_eq!(
        (&feed["page_views"], &feed["unique_scanners"]),
        (&json!(4), &json!(3)),
        "three visitors through the feed's link, the shopper included: {feed:#}"
    );
    assert_eq!(row(&by_channel, "poster").expect("poster")["orders"], 1);
    assert_eq!(row(&by_channel, "direct").expect("direct")["page_views"], 1);

    // Every staff role of the retailer reads the page; each channel's row is the report's.
    let admin = user(&app, Role::RetailerAdmin, Some(&shop.id)).await;
    let operator = user(&app, Role::Operator, Some(&shop.id)).await;
    let channels_page = format!("/console/r/{}/channels?period=today", shop.id);
    for email in [&admin, &operator] {
        let mut staff = Console::new(&app, "en");
        staff.sign_in(email, DEMO_PASSWORD).await;
        let html = page(staff.get(&channels_page).await, StatusCode::OK).await;
        for channel in CHANNELS {
            shows(
                &html,
                &format!("<tr id=\"channel-{channel}\""),
                row(&by_channel, channel),
            );
        }
        shows(
            &html,
            "<tr id=\"channels-total\"",
            Some(&by_channel["totals"]),
        );
        assert!(html.contains("Catalogue feeds") && html.contains("Embedded shelves"));
        assert!(!html.contains("id=\"sources\""), "no channel opened");
    }

    // A channel's sources: the feed's platform, and the code of the poster.
    let mut staff = Console::new(&app, "en");
    staff.sign_in(&admin, DEMO_PASSWORD).await;
    for (channel, key, label) in [
        ("feed", "meta", "Meta"),
        ("poster", code.as_str(), code.as_str()),
    ] {
        let by_source = report(
            &app,
            &shop,
            &format!("from={today}&to={today}&group_by=source&channel={channel}"),
        )
        .await;
        let html = page(
            staff
                .get(&format!("{channels_page}&channel={channel}"))
                .await,
            StatusCode::OK,
        )
        .await;
        let start = format!("<tr class=\"source\" data-key=\"{key}\"");
        shows(
            &html,
            &start,
            Some(row(&by_source, key).expect("source row")),
        );
        assert!(
            html.contains(&format!("<th scope=\"row\">{label}</th>")),
            "{html}"
        );
        shows(
            &html,
            "<tr id=\"sources-total\"",
            Some(&by_source["totals"]),
        );
    }
    // A channel without visits says so.
    let html = page(
        staff.get(&format!("{channels_page}&channel=embed")).await,
        StatusCode::OK,
    )
    .await;
    assert!(html.contains("id=\"no-sources\""), "{html}");
    // An unknown channel is a 422 page, and nothing else is asked of the period.
    let unknown = staff.get(&format!("{channels_page}&channel=radio")).await;
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // In Korean.
    let mut korean = Console::new(&app, "ko");
    korean.sign_in(&admin, DEMO_PASSWORD).await;
    let html = page(
        korean.get(&format!("{channels_page}&channel=direct")).await,
        StatusCode::OK,
    )
    .await;
    for text in [
        "전체 채널",
        "상품 피드",
        "직접 방문",
        "출처 없음",
        "순 방문자",
    ] {
        assert!(html.contains(text), "{text} missing: {html}");
    }

    // Another retailer's staff do not see it.
    let other = crate::checkout::shop(&app, 10, "EGGS,Eggs,Free range,4000,50\n").await;
    let stranger = user(&app, Role::RetailerAdmin, Some(&other.id)).await;
    let mut outsider = Console::new(&app, "en");
    outsider.sign_in(&stranger, DEMO_PASSWORD).await;
    let response = outsider.get(&channels_page).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    // A keyboard opens the feed's sources; axe-core on both states.
    let mut walk = Walk::desktop("console-channels", "en-US,en", 1280, 800).await;
    walk.browser
        .open(&format!("{}{channels_page}", app.address))
        .await;
    walk.sign_in(&admin).await;
    walk.browser.wait_for("#channels").await;
    walk.browser.shot("channels").await;
    walk.check_accessibility("channels").await;
    walk.tab_to("open-feed").await;
    walk.keys(&Key::Enter).await;
    walk.browser.wait_for("#sources").await;
    assert!(
        walk.browser
            .text("#sources-heading")
            .await
            .contains("Catalogue feeds")
    );
    walk.browser.shot("feed-sources").await;
    walk.check_accessibility("feed sources").await;
    walk.browser.quit().await;
}
