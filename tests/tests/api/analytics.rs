//! Scan-to-sale analytics over a scripted day in a Seoul shop: two placements of one
//! poster, scans from several visitors (repeats included), page views, add-to-carts by
//! code, one order confirmed, one declined, one cancelled and one returned, and a scan at
//! 23:30 and one at 00:30 local. Every figure of every grouping is checked, and the CSV
//! against the JSON.
//!
//! The clock of a scan cannot be moved through HTTP, so the two night scans go through
//! the writer's own domain function (`events::record_batch`, what the scan recorder calls
//! on every flush) with their times given; everything else goes through the API.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{Duration, FixedOffset, NaiveDate, TimeZone, Timelike, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::checkout::{Shop, customer, fill, place, set_item, shop};
use crate::console::{Console, csrf_of, page};
use crate::helpers::{Backend, TestApp, expect_json, spawn_app_with};
use crate::on_both_backends;

on_both_backends!(
    a_scripted_day_adds_up_in_every_grouping,
    visits_through_other_channels_are_page_views_not_scans,
    share_page_visits_count_under_their_links_channel,
    hour_and_source_rows_within_a_channel_count_its_visits,
    one_source_of_a_channel_counts_each_products_visits_apart
);

/// Asia/Seoul: nine hours ahead of UTC all year (no daylight saving time).
fn seoul() -> FixedOffset {
    FixedOffset::east_opt(9 * 3600).expect("offset")
}

async fn scan(app: &TestApp, path: &str, address: &str, agent: &str, json: bool) {
    let mut request = app
        .request(Method::GET, path)
        .header("x-forwarded-for", address)
        .header("user-agent", agent);
    if json {
        request = request.header("accept", "application/json");
    }
    let response = request.send().await.expect("scan");
    assert_eq!(response.status(), StatusCode::OK, "{path}");
}

async fn placement(app: &TestApp, shop: &Shop, poster: &str, name: &str, cost: i64) -> Value {
    let now = Utc::now();
    let response = app
        .authed(
            Method::POST,
            &format!("/v1/retailers/{}/posters/{poster}/placements", shop.id),
            &shop.token,
        )
        .json(
            &json!({"name": name, "starts_at": (now - Duration::days(10)).to_rfc3339(),
                      "ends_at": (now + Duration::days(30)).to_rfc3339(), "cost_minor": cost}),
        )
        .send()
        .await
        .expect("placement");
    expect_json(response, StatusCode::CREATED).await
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

async fn csv(app: &TestApp, shop: &Shop, query: &str) -> String {
    let response = app
        .authed(
            Method::GET,
            &format!("/v1/retailers/{}/analytics?{query}", shop.id),
            &shop.token,
        )
        .header("accept", "text/csv")
        .send()
        .await
        .expect("csv");
    assert_eq!(response.status(), StatusCode::OK);
    response.text().await.expect("body")
}

/// Adds the product of the share page `html` to the cart of `browser`, posting the form's
/// `fields` with the page's token.
async fn add_to_cart(browser: &mut Console<'_>, html: &str, fields: &[(&str, &str)]) {
    let csrf = csrf_of(html);
    let mut form = vec![("csrf", csrf.as_str())];
    form.extend_from_slice(fields);
    let added = browser.post("/cart/items", &form).await;
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
}

async fn move_to(app: &TestApp, shop: &Shop, token: &str, order: &str, to: &str) {
    let response = app
        .authed(
            Method::POST,
            &format!("/v1/retailers/{}/orders/{order}/transitions", shop.id),
            token,
        )
        .json(&json!({"to": to}))
        .send()
        .await
        .expect("move");
    expect_json(response, StatusCode::OK).await;
}

/// Expected figures of a row:
/// (scans, unique_scanners, page_views, add_to_carts, orders, units, revenue, returns,
/// refunded, cost_per_order).
type Row = (i64, i64, i64, i64, i64, i64, i64, i64, i64, Option<i64>);

fn figures(row: &Value) -> Row {
    let n = |field: &str| {
        row[field]
            .as_i64()
            .unwrap_or_else(|| panic!("{field}: {row}"))
    };
    (
        n("scans"),
        n("unique_scanners"),
        n("page_views"),
        n("add_to_carts"),
        n("orders"),
        n("units"),
        row["revenue"]["amount_minor"].as_i64().expect("revenue"),
        n("returns"),
        row["refunded"]["amount_minor"].as_i64().expect("refunded"),
        row["cost_per_order"]["amount_minor"].as_i64(),
    )
}

fn conversion(row: &Row) -> Option<f64> {
    (row.1 > 0).then(|| ((row.4 as f64 / row.1 as f64) * 10_000.0).round() / 10_000.0)
}

/// Checks every row (by key) and the totals of a report, and that its CSV says the same.
async fn check(app: &TestApp, shop: &Shop, query: &str, rows: &[(&str, &str, Row)], totals: Row) {
    let body = report(app, shop, query).await;
    let got: Vec<(String, String, Row)> = body["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|row| {
            let figures = figures(row);
            assert_eq!(
                row["conversion_rate"].as_f64(),
                conversion(&figures),
                "{query}: {row}"
            );
            assert_eq!(row["revenue"]["currency"], "KRW");
            (
                row["key"].as_str().expect("key").to_owned(),
                row["label"].as_str().expect("label").to_owned(),
                figures,
            )
        })
        .collect();
    let want: Vec<(String, String, Row)> = rows
        .iter()
        .map(|(key, label, row)| ((*key).to_owned(), (*label).to_owned(), *row))
        .collect();
    assert_eq!(got, want, "{query}");
    assert_eq!(figures(&body["totals"]), totals, "{query} totals");
    assert_eq!(body["time_zone"], "Asia/Seoul");

    let text = csv(app, shop, query).await;
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    assert_eq!(
        lines.next(),
        Some(
            "key,label,scans,unique_scanners,page_views,add_to_carts,orders,units,revenue_minor,\
             currency,returns,refunded_minor,conversion_rate,cost_per_order_minor"
        )
    );
    let csv_rows: Vec<Vec<String>> = lines
        .map(|line| line.split(',').map(str::to_owned).collect())
        .collect();
    assert_eq!(csv_rows.len(), got.len(), "{query} csv");
    for (cells, (key, label, row)) in csv_rows.iter().zip(&got) {
        let number = |value: i64| value.to_string();
        let expected = vec![
            key.clone(),
            label.clone(),
            number(row.0),
            number(row.1),
            number(row.2),
            number(row.3),
            number(row.4),
            number(row.5),
            number(row.6),
            "KRW".to_owned(),
            number(row.7),
            number(row.8),
            conversion(row).map(|c| c.to_string()).unwrap_or_default(),
            row.9.map(number).unwrap_or_default(),
        ];
        assert_eq!(cells, &expected, "{query} csv");
    }
}

async fn a_scripted_day_adds_up_in_every_grouping(backend: Backend) {
    let app = spawn_app_with(
        backend,
        "scan_flush_interval_ms = 50\ntrusted_proxies = \"127.0.0.1\"",
    )
    .await;
    let shop = shop(
        &app,
        10,
        "MILK,Milk,Fresh milk,2500,50\nEGGS,Eggs,Free range,4000,50\n",
    )
    .await;
    let poster = expect_json(
        app.authed(
            Method::POST,
            &format!("/v1/retailers/{}/posters", shop.id),
            &shop.token,
        )
        .json(&json!({"title": "Breakfast", "scan_distance_m": 1.0,
                      "slots": [{"sku": "MILK"}, {"sku": "EGGS"}]}))
        .send()
        .await
        .expect("poster"),
        StatusCode::CREATED,
    )
    .await;
    let poster_id = poster["id"].as_str().expect("id").to_owned();
    let a = placement(&app, &shop, &poster_id, "Gangnam exit 11", 90_000).await;
    let b = placement(&app, &shop, &poster_id, "Seoul Station", 30_000).await;
    let code = |placement: &Value, slot: usize| {
        placement["slots"][slot]["code"]
            .as_str()
            .expect("code")
            .to_owned()
    };
    let (a_milk, a_eggs, b_milk, b_eggs) = (code(&a, 0), code(&a, 1), code(&b, 0), code(&b, 1));
    let (a_id, b_id) = (
        a["id"].as_str().expect("id").to_owned(),
        b["id"].as_str().expect("id").to_owned(),
    );
    let before = Utc::now().with_timezone(&seoul());

    // Visitors: an address and a user agent each.
    let (v1, v2, v3) = (
        ("10.0.0.1", "Mozilla/5.0 (iPhone)"),
        ("10.0.0.2", "Mozilla/5.0 (iPhone)"),
        ("10.0.0.1", "Mozilla/5.0 (Linux; Android 14)"),
    );
    for (path, visitor, json) in [
        (format!("/v1/scans/{a_milk}"), v1, true),
        (format!("/v1/scans/{}", a_milk.to_lowercase()), v1, true),
        (format!("/S/{a_milk}"), v1, true),
        (format!("/v1/scans/{a_milk}"), v2, true),
        (format!("/v1/scans/{a_eggs}"), v1, true),
        (format!("/v1/scans/{a_eggs}"), v3, true),
        (format!("/s/{}", b_milk.to_lowercase()), v2, false),
        (format!("/S/{b_milk}"), v2, false),
        (format!("/v1/scans/{b_milk}"), v3, true),
    ] {
        scan(&app, &path, visitor.0, visitor.1, json).await;
    }

    // c1: MILK from A, quantity changed (one add-to-cart), confirmed.
    let c1 = customer(&app, "c1").await;
    for quantity in [2, 3] {
        let body = json!({"code": a_milk, "quantity": quantity});
        expect_json(set_item(&app, &c1, body).await, StatusCode::OK).await;
    }
    place(&app, &c1, &shop, "k1", "tok_approve").await;
    // c2: EGGS from B, declined.
    let c2 = customer(&app, "c2").await;
    let body = json!({"code": b_eggs, "quantity": 1});
    expect_json(set_item(&app, &c2, body).await, StatusCode::OK).await;
    let declined = crate::checkout::checkout(
        &app,
        &c2,
        "k2",
        &crate::checkout::checkout_body(&shop.slot_id, "tok_decline"),
    )
    .await;
    assert_eq!(declined.status(), StatusCode::PAYMENT_REQUIRED);
    // c3: EGGS from A, confirmed then cancelled.
    let c3 = customer(&app, "c3").await;
    let body = json!({"code": a_eggs, "quantity": 1});
    expect_json(set_item(&app, &c3, body).await, StatusCode::OK).await;
    let cancelled = place(&app, &c3, &shop, "k3", "tok_approve").await;
    let cancel = app
        .authed(
            Method::POST,
            &format!(
                "/v1/orders/{}/cancel",
                cancelled["id"].as_str().expect("id")
            ),
            &c3,
        )
        .send()
        .await
        .expect("cancel");
    expect_json(cancel, StatusCode::OK).await;
    // c4: 2 MILK from B and EGGS by SKU (not attributed), delivered in vain and returned.
    let c4 = customer(&app, "c4").await;
    let body = json!({"code": b_milk, "quantity": 2});
    expect_json(set_item(&app, &c4, body).await, StatusCode::OK).await;
    fill(&app, &c4, &shop, "EGGS", 1).await;
    let returned = place(&app, &c4, &shop, "k4", "tok_approve").await;
    let operator = app
        .staff(&shop.id, virtual_shelf::domain::accounts::Role::Operator)
        .await;
    let returned_id = returned["id"].as_str().expect("id");
    for to in ["picking", "out_for_delivery", "delivery_failed", "returned"] {
        move_to(&app, &shop, &operator, returned_id, to).await;
    }
    let after = Utc::now().with_timezone(&seoul());
    assert_eq!(
        (before.date_naive(), before.hour()),
        (after.date_naive(), after.hour()),
        "the script crossed a local hour; run it again"
    );
    let today = before.date_naive();
    let hour = before.hour();

    // The night scans: 23:30 three days ago and 00:30 two days ago, local.
    let night = |date: NaiveDate, h: u32| {
        seoul()
            .from_local_datetime(&date.and_hms_opt(h, 30, 0).expect("time"))
            .single()
            .expect("one instant")
            .naive_utc()
    };
    let late = night(today - Duration::days(3), 23);
    let early = night(today - Duration::days(2), 0);
    let night_code = a_milk.clone();
    app.with_db(move |conn| {
        use virtual_shelf::domain::analytics::{Source, Visit};
        let scan = virtual_shelf::domain::scans::resolve(conn, &night_code).expect("code");
        let source = Arc::new(Source::of_scan(&scan).expect("source"));
        let visits: Vec<Visit> = [late, early]
            .into_iter()
            .map(|at| Visit {
                source: source.clone(),
                at,
                page_view: false,
                client: "10.0.0.9".parse().expect("address"),
                user_agent: Some("Night owl".into()),
            })
            .collect();
        virtual_shelf::domain::scans::events::record_batch(
            conn,
            &mut virtual_shelf::domain::analytics::rollup::Rollups::default(),
            &visits,
        )
        .expect("record");
    })
    .await;

    let from = today - Duration::days(3);
    let range = format!("from={from}&to={today}");
    // Wait for the recorder's flush of the HTTP scans.
    for _ in 0..200 {
        let body = report(&app, &shop, &range).await;
        if body["totals"]["scans"] == 11 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }

    // (scans, unique, views, carts, orders, units, revenue, returns, refunded, cost/order)
    let totals: Row = (11, 5, 2, 4, 2, 5, 12_500, 1, 5_000, Some(60_000));
    let row_a: Row = (8, 5, 0, 2, 1, 3, 7_500, 0, 0, Some(90_000));
    let row_b: Row = (3, 2, 2, 2, 1, 2, 5_000, 1, 5_000, Some(30_000));
    let mut placements = vec![
        (a_id.as_str(), "Gangnam exit 11", row_a),
        (b_id.as_str(), "Seoul Station", row_b),
    ];
    placements.sort_by_key(|(_, label, _)| *label);
    check(
        &app,
        &shop,
        &format!("{range}&group_by=placement"),
        &placements,
        totals,
    )
    .await;
    check(
        &app,
        &shop,
        &format!("{range}&group_by=poster"),
        &[(poster_id.as_str(), "Breakfast", totals)],
        totals,
    )
    .await;
    let mut by_product = vec![
        ("EGGS", "Eggs", (2, 2, 0, 2, 0, 0, 0, 0, 0, None)),
        (
            "MILK",
            "Milk",
            // A wall's cost is not split among its products: no cost per order.
            (9, 5, 2, 2, 2, 5, 12_500, 1, 5_000, None),
        ),
    ];
    by_product.sort_by_key(|(_, label, _)| *label);
    check(
        &app,
        &shop,
        &format!("{range}&group_by=product"),
        &by_product,
        totals,
    )
    .await;
    check(
        &app,
        &shop,
        &format!("{range}&group_by=channel"),
        &[("poster", "Poster", totals)],
        totals,
    )
    .await;

    let zero: Row = (0, 0, 0, 0, 0, 0, 0, 0, 0, None);
    let days: Vec<(String, Row)> = (0..4)
        .map(|offset| {
            let date = from + Duration::days(offset);
            let row = match offset {
                0 | 1 => (1, 1, 0, 0, 0, 0, 0, 0, 0, None),
                2 => zero,
                _ => (9, 3, 2, 4, 2, 5, 12_500, 1, 5_000, None),
            };
            (date.to_string(), row)
        })
        .collect();
    let day_rows: Vec<(&str, &str, Row)> = days
        .iter()
        .map(|(date, row)| (date.as_str(), date.as_str(), *row))
        .collect();
    check(
        &app,
        &shop,
        &format!("{range}&group_by=day"),
        &day_rows,
        totals,
    )
    .await;

    let mut hours: BTreeMap<u32, Row> = (0..24).map(|h| (h, zero)).collect();
    let add = |hours: &mut BTreeMap<u32, Row>, h: u32, r: Row| {
        let e = hours.get_mut(&h).expect("hour");
        *e = (
            e.0 + r.0,
            e.1 + r.1,
            e.2 + r.2,
            e.3 + r.3,
            e.4 + r.4,
            e.5 + r.5,
            e.6 + r.6,
            0,
            0,
            None,
        );
    };
    add(&mut hours, 23, (1, 1, 0, 0, 0, 0, 0, 0, 0, None));
    add(&mut hours, 0, (1, 1, 0, 0, 0, 0, 0, 0, 0, None));
    add(&mut hours, hour, (9, 3, 2, 4, 2, 5, 12_500, 0, 0, None));
    let hour_keys: Vec<(String, String)> = (0..24)
        .map(|h| (h.to_string(), format!("{h:02}:00")))
        .collect();
    let hour_rows: Vec<(&str, &str, Row)> = hour_keys
        .iter()
        .zip(hours.values())
        .map(|((key, label), row)| (key.as_str(), label.as_str(), *row))
        .collect();
    check(
        &app,
        &shop,
        &format!("{range}&group_by=hour"),
        &hour_rows,
        totals,
    )
    .await;

    // A filter on another dimension: each placement's MILK code alone (rows sum their
    // sources' scanners; the totals, with one filter, count MILK's distinct scanners).
    // Filtered to a product, no row has a cost per order either.
    let milk_a: Row = (6, 4, 0, 1, 1, 3, 7_500, 0, 0, None);
    let milk_b: Row = (3, 2, 2, 1, 1, 2, 5_000, 1, 5_000, None);
    let mut filtered = vec![
        (a_id.as_str(), "Gangnam exit 11", milk_a),
        (b_id.as_str(), "Seoul Station", milk_b),
    ];
    filtered.sort_by_key(|(_, label, _)| *label);
    check(
        &app,
        &shop,
        &format!("{range}&group_by=placement&sku=MILK"),
        &filtered,
        (9, 5, 2, 2, 2, 5, 12_500, 1, 5_000, None),
    )
    .await;

    // A filter on the grouping's own dimension, and days under one filter, read the
    // per-dimension rows; two filters read the sources' own rows again.
    check(
        &app,
        &shop,
        &format!("{range}&group_by=placement&placement_id={a_id}"),
        &[(a_id.as_str(), "Gangnam exit 11", row_a)],
        row_a,
    )
    .await;
    let night_only: Row = (1, 1, 0, 0, 0, 0, 0, 0, 0, None);
    let a_days = [
        night_only,
        night_only,
        zero,
        (6, 3, 0, 2, 1, 3, 7_500, 0, 0, None),
    ];
    let a_day_rows: Vec<(&str, &str, Row)> = days
        .iter()
        .zip(a_days)
        .map(|((date, _), row)| (date.as_str(), date.as_str(), row))
        .collect();
    check(
        &app,
        &shop,
        &format!("{range}&group_by=day&placement_id={a_id}"),
        &a_day_rows,
        row_a,
    )
    .await;
    let a_milk_days = [
        night_only,
        night_only,
        zero,
        (4, 2, 0, 1, 1, 3, 7_500, 0, 0, None),
    ];
    let a_milk_day_rows: Vec<(&str, &str, Row)> = days
        .iter()
        .zip(a_milk_days)
        .map(|((date, _), row)| (date.as_str(), date.as_str(), row))
        .collect();
    check(
        &app,
        &shop,
        &format!("{range}&group_by=day&placement_id={a_id}&sku=MILK"),
        &a_milk_day_rows,
        milk_a,
    )
    .await;
    let mut b_products = vec![
        ("EGGS", "Eggs", (0, 0, 0, 1, 0, 0, 0, 0, 0, None)),
        ("MILK", "Milk", (3, 2, 2, 1, 1, 2, 5_000, 1, 5_000, None)),
    ];
    b_products.sort_by_key(|(_, label, _)| *label);
    check(
        &app,
        &shop,
        &format!("{range}&group_by=product&placement_id={b_id}"),
        &b_products,
        row_b,
    )
    .await;

    // The charts are whole SVG documents (their parsing is the chart module's own test),
    // one bar per placement.
    for chart in ["daily", "placements", "heatmap"] {
        let response = app
            .authed(
                Method::GET,
                &format!(
                    "/v1/retailers/{}/analytics/chart.svg?chart={chart}&{range}",
                    shop.id
                ),
                &shop.token,
            )
            .send()
            .await
            .expect("chart");
        assert_eq!(response.status(), StatusCode::OK, "{chart}");
        let svg = response.text().await.expect("svg");
        assert!(
            svg.contains("<svg") && svg.trim_end().ends_with("</svg>"),
            "{chart}: {svg}"
        );
        if chart == "placements" {
            assert_eq!(
                svg.matches(virtual_shelf::documents::charts::PLACEMENT_BAR_ID)
                    .count(),
                2,
                "one bar per placement"
            );
        }
    }
    // Bad input is a 422 problem.
    for query in [
        "from=2026-01-02&to=2026-01-01".to_owned(),
        "from=2025-01-01&to=2026-01-02".to_owned(),
        format!("{range}&group_by=week"),
        format!("{range}&group_by=hour&sku=MILK"),
        format!("{range}&channel=radio"),
        "to=2026-01-01".to_owned(),
        format!("{range}&sku=NO-SUCH-SKU"),
        format!("{range}&poster_id=00000000-0000-0000-0000-000000000000"),
        format!("{range}&group_by=poster&placement_id=someone-elses"),
    ] {
        let response = app
            .authed(
                Method::GET,
                &format!("/v1/retailers/{}/analytics?{query}", shop.id),
                &shop.token,
            )
            .send()
            .await
            .expect("bad report");
        crate::helpers::expect_problem(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
    }
}

/// A visit to a product's own page through another channel than a printed code (a feed's
/// link, here) is a page view and a visitor of that channel and source, never a scan and
/// never a scan event row.
async fn visits_through_other_channels_are_page_views_not_scans(backend: Backend) {
    let app = spawn_app_with(backend, "").await;
    let shop = shop(&app, 10, "MILK,Milk,Fresh milk,2500,50\n").await;
    let shop_id = shop.id.clone();
    let today = Utc::now().with_timezone(&seoul()).date_naive();
    let stored_events = app
        .with_db(move |conn| {
            use diesel::prelude::*;
            use virtual_shelf::db::schema::scan_events;
            use virtual_shelf::domain::analytics::{Source, Visit};
            let retailer = virtual_shelf::domain::retailers::get(conn, &shop_id).expect("shop");
            let milk = virtual_shelf::domain::catalog::products::get(conn, &shop_id, "MILK")
                .expect("product");
            let source = Arc::new(
                Source::of_product_page(&retailer, &milk.id, "feed", "google").expect("source"),
            );
            // Two people, one of them twice.
            let visits: Vec<Visit> = ["10.0.0.1", "10.0.0.2", "10.0.0.2"]
                .into_iter()
                .map(|client| Visit {
                    source: source.clone(),
                    at: Utc::now().naive_utc(),
                    page_view: true,
                    client: client.parse().expect("address"),
                    user_agent: Some("Feed reader".into()),
                })
                .collect();
            virtual_shelf::domain::scans::events::record_batch(
                conn,
                &mut virtual_shelf::domain::analytics::rollup::Rollups::default(),
                &visits,
            )
            .expect("record");
            scan_events::table
                .count()
                .get_result::<i64>(conn)
                .expect("events")
        })
        .await;
    assert_eq!(
        stored_events, 0,
        "a page view through a feed is no scan event"
    );

    let body = report(
        &app,
        &shop,
        &format!("from={today}&to={today}&group_by=channel"),
    )
    .await;
    let feed = body["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|row| row["key"] == "feed")
        .unwrap_or_else(|| panic!("no feed row: {body:#}"));
    assert_eq!(
        (
            &feed["scans"],
            &feed["page_views"],
            &feed["unique_scanners"]
        ),
        (&json!(0), &json!(3), &json!(2)),
        "{feed:#}"
    );
    assert_eq!(body["totals"]["scans"], 0, "{body:#}");
    assert_eq!(body["totals"]["page_views"], 3, "{body:#}");
    let sources = report(
        &app,
        &shop,
        &format!("from={today}&to={today}&group_by=product&channel=feed"),
    )
    .await;
    assert_eq!(sources["totals"]["page_views"], 3, "{sources:#}");
}

/// Views of a product's share page count under the channel its link names: a catalogue
/// feed's link under `feed` and its platform, any other link under `direct`; a made-up
/// platform is `direct` too.
async fn share_page_visits_count_under_their_links_channel(backend: Backend) {
    let app = spawn_app_with(
        backend,
        "scan_flush_interval_ms = 50\ntrusted_proxies = \"127.0.0.1\"",
    )
    .await;
    let shop = shop(&app, 10, "MILK,Milk,Fresh milk,2500,50\n").await;
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
    let share_page = format!("/p/{}", product["share_code"].as_str().expect("share_code"));
    let google = format!("{share_page}?utm_source=google&utm_medium=feed");
    for (path, address) in [
        (google.as_str(), "10.1.0.1"),
        (google.as_str(), "10.1.0.2"),
        (google.as_str(), "10.1.0.2"),
        (share_page.as_str(), "10.1.0.3"),
        (
            &format!("{share_page}?utm_source=myspace&utm_medium=feed"),
            "10.1.0.4",
        ),
    ] {
        scan(&app, path, address, "Phone", false).await;
    }

    let today = Utc::now().with_timezone(&seoul()).date_naive();
    let query = format!("from={today}&to={today}&group_by=channel");
    let mut body = report(&app, &shop, &query).await;
    for _ in 0..200 {
        if body["totals"]["page_views"] == 5 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        body = report(&app, &shop, &query).await;
    }
    let row = |key: &str| {
        body["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .find(|row| row["key"] == key)
            .map(|row| {
                (
                    row["scans"].clone(),
                    row["page_views"].clone(),
                    row["unique_scanners"].clone(),
                )
            })
            .unwrap_or_else(|| panic!("no {key} row: {body:#}"))
    };
    assert_eq!(row("feed"), (json!(0), json!(3), json!(2)), "{body:#}");
    assert_eq!(row("direct"), (json!(0), json!(2), json!(2)), "{body:#}");
    assert_eq!(body["totals"]["scans"], 0, "{body:#}");

    // The page's form carries its link: the line it adds is an add-to-cart of the feed,
    // and setting its quantity again from the same link is not another.
    let mut browser = Console::new(&app, "en");
    let html = page(browser.get(&google).await, StatusCode::OK).await;
    for field in [
        r#"name="utm_medium" value="feed""#,
        r#"name="utm_source" value="google""#,
    ] {
        assert!(html.contains(field), "{field} missing: {html}");
    }
    let share_code = product["share_code"].as_str().expect("share_code");
    for quantity in ["1", "2"] {
        add_to_cart(
            &mut browser,
            &html,
            &[
                ("share", share_code),
                ("utm_medium", "feed"),
                ("utm_source", "google"),
                ("quantity", quantity),
            ],
        )
        .await;
    }
    let mut body = report(&app, &shop, &query).await;
    for _ in 0..200 {
        if body["totals"]["page_views"] == 6 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        body = report(&app, &shop, &query).await;
    }
    let feed = body["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|row| row["key"] == "feed")
        .unwrap_or_else(|| panic!("no feed row: {body:#}"));
    assert_eq!(
        (&feed["page_views"], &feed["add_to_carts"]),
        (&json!(4), &json!(1)),
        "{body:#}"
    );
    assert_eq!(body["totals"]["add_to_carts"], 1, "{body:#}");
}

/// Hour rows under a channel filter count that channel's visits at their local hours, and
/// source rows a channel's sources (a shelf by its name): visits of the poster, feed,
/// embed and direct channels at
/// fixed times of one day (through the writer's own function, whose clock the test sets)
/// and an add-to-cart of the feed.
async fn hour_and_source_rows_within_a_channel_count_its_visits(backend: Backend) {
    let app = spawn_app_with(backend, "").await;
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
    let wall = placement(
        &app,
        &shop,
        poster["id"].as_str().expect("id"),
        "Exit 3",
        10_000,
    )
    .await;
    let code = wall["slots"][0]["code"].as_str().expect("code").to_owned();
    let shelf = crate::shelves::create_shelf(
        &app,
        &shop.id,
        &shop.token,
        json!({"name": "Jun's breakfast", "skus": ["MILK"]}),
    )
    .await;
    let shelf_id = shelf["id"].as_str().expect("shelf id").to_owned();
    let day = NaiveDate::from_ymd_opt(2026, 11, 2).expect("date");
    let shop_id = shop.id.clone();
    let poster_code = code.clone();
    let embedding = shelf_id.clone();
    app.with_db(move |conn| {
        use virtual_shelf::domain::analytics::{Source, Visit, rollup};
        let retailer = virtual_shelf::domain::retailers::get(conn, &shop_id).expect("shop");
        let milk =
            virtual_shelf::domain::catalog::products::get(conn, &shop_id, "MILK").expect("milk");
        let scan = virtual_shelf::domain::scans::resolve(conn, &poster_code).expect("code");
        let poster = Arc::new(Source::of_scan(&scan).expect("source"));
        let page = |channel, source| {
            Arc::new(Source::of_product_page(&retailer, &milk.id, channel, source).expect("source"))
        };
        let (google, direct) = (page("feed", "google"), page("direct", ""));
        let embed = page("embed", &embedding);
        let at = |hour: u32, minute: u32| {
            seoul()
                .from_local_datetime(&day.and_hms_opt(hour, minute, 0).expect("time"))
                .single()
                .expect("local time")
                .naive_utc()
        };
        let visit = |source: &Arc<Source>, client: &str, at| Visit {
            source: source.clone(),
            at,
            page_view: source.channel != "poster",
            client: client.parse().expect("address"),
            user_agent: Some("Phone".into()),
        };
        let visits = [
            visit(&google, "10.0.0.1", at(9, 10)),
            visit(&google, "10.0.0.2", at(9, 20)),
            visit(&direct, "10.0.0.3", at(9, 30)),
            visit(&google, "10.0.0.2", at(14, 5)),
            visit(&poster, "10.0.0.1", at(14, 10)),
            visit(&poster, "10.0.0.4", at(14, 15)),
            visit(&embed, "10.0.0.5", at(20, 45)),
        ];
        virtual_shelf::domain::scans::events::record_batch(
            conn,
            &mut rollup::Rollups::default(),
            &visits,
        )
        .expect("record");
        rollup::count_add_to_cart(conn, &google, at(14, 30)).expect("add to cart");
    })
    .await;

    // (scans, unique_scanners, page_views, add_to_carts): no orders on that day.
    let row = |scans, unique, views, carts| (scans, unique, views, carts, 0, 0, 0, 0, 0, None);
    let hours = |figures: &[(u32, Row)]| -> Vec<(String, String, Row)> {
        (0..24)
            .map(|hour| {
                let found = figures.iter().find(|(h, _)| *h == hour);
                (
                    hour.to_string(),
                    format!("{hour:02}:00"),
                    found.map_or(row(0, 0, 0, 0), |(_, figures)| *figures),
                )
            })
            .collect()
    };
    let range = format!("from={day}&to={day}");
    for (query, rows, totals) in [
        (
            "group_by=hour&channel=feed",
            hours(&[(9, row(0, 2, 2, 0)), (14, row(0, 1, 1, 1))]),
            row(0, 2, 3, 1),
        ),
        (
            "group_by=hour&channel=poster",
            hours(&[(14, row(2, 2, 0, 0))]),
            row(2, 2, 0, 0),
        ),
        (
            "group_by=hour&channel=direct",
            hours(&[(9, row(0, 1, 1, 0))]),
            row(0, 1, 1, 0),
        ),
        (
            "group_by=hour&channel=embed",
            hours(&[(20, row(0, 1, 1, 0))]),
            row(0, 1, 1, 0),
        ),
        ("group_by=hour&channel=share", hours(&[]), row(0, 0, 0, 0)),
        (
            "group_by=hour",
            hours(&[
                (9, row(0, 3, 3, 0)),
                (14, row(2, 3, 1, 1)),
                (20, row(0, 1, 1, 0)),
            ]),
            row(2, 5, 5, 1),
        ),
        (
            "group_by=source&channel=feed",
            vec![("google".into(), "Google".into(), row(0, 2, 3, 1))],
            row(0, 2, 3, 1),
        ),
        (
            "group_by=source&channel=poster",
            vec![(code.clone(), code.clone(), row(2, 2, 0, 0))],
            row(2, 2, 0, 0),
        ),
        (
            "group_by=source&channel=embed",
            vec![(shelf_id.clone(), "Jun's breakfast".into(), row(0, 1, 1, 0))],
            row(0, 1, 1, 0),
        ),
        (
            "group_by=source&channel=direct",
            vec![(String::new(), "No source".into(), row(0, 1, 1, 0))],
            row(0, 1, 1, 0),
        ),
    ] {
        let rows: Vec<(&str, &str, Row)> = rows
            .iter()
            .map(|(key, label, figures)| (key.as_str(), label.as_str(), *figures))
            .collect();
        check(&app, &shop, &format!("{range}&{query}"), &rows, totals).await;
    }

    // Hours take no other filter; sources are listed within one channel.
    for query in [
        "group_by=hour&channel=feed&sku=MILK",
        "group_by=hour&placement_id=x",
        "group_by=source",
    ] {
        let response = app
            .authed(
                Method::GET,
                &format!("/v1/retailers/{}/analytics?{range}&{query}", shop.id),
                &shop.token,
            )
            .send()
            .await
            .expect("bad report");
        crate::helpers::expect_problem(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
    }
}

/// One source of a channel other than `poster` (a feed's platform, a sharer's code, a
/// shelf) brings visits to several products: each product's page views, unique visitors
/// and add-to-carts count under it apart, in product rows under a channel filter, channel
/// rows under a product filter, day rows under both and poster rows under a product filter.
async fn one_source_of_a_channel_counts_each_products_visits_apart(backend: Backend) {
    let app = spawn_app_with(
        backend,
        "scan_flush_interval_ms = 50\ntrusted_proxies = \"127.0.0.1\"",
    )
    .await;
    let shop = shop(
        &app,
        10,
        "MILK,Milk,Fresh milk,2500,50\nBREAD,Bread,Rye bread,4000,50\n",
    )
    .await;
    let mut share_codes = BTreeMap::new();
    for sku in ["MILK", "BREAD"] {
        let product = crate::checkout::product(&app, &shop, sku).await;
        let code = product["share_code"]
            .as_str()
            .expect("share_code")
            .to_owned();
        share_codes.insert(sku, code);
    }
    let page_of = |sku: &str| format!("/p/{}", share_codes[sku]);
    let sharer = customer(&app, "sharer").await;
    let referral = app.me(&sharer).await["referral_code"]
        .as_str()
        .expect("referral_code")
        .to_owned();
    let shelf = crate::shelves::create_shelf(
        &app,
        &shop.id,
        &shop.token,
        json!({"name": "Breakfast", "skus": ["MILK", "BREAD"]}),
    )
    .await;
    let shelf_id = shelf["id"].as_str().expect("shelf id");
    let feed = "utm_medium=feed&utm_source=meta".to_owned();
    let share = format!("ref={referral}");
    let embed = format!("utm_medium=embed&utm_source={shelf_id}");
    // Milk first: before the fix the day's row of each source kept the first product.
    for (sku, link, address) in [
        ("MILK", &feed, "10.3.0.1"),
        ("MILK", &feed, "10.3.0.2"),
        ("MILK", &feed, "10.3.0.2"),
        ("BREAD", &feed, "10.3.0.1"),
        ("MILK", &share, "10.3.0.3"),
        ("BREAD", &share, "10.3.0.3"),
        ("BREAD", &share, "10.3.0.4"),
        ("MILK", &embed, "10.3.0.5"),
        ("BREAD", &embed, "10.3.0.5"),
        ("BREAD", &embed, "10.3.0.5"),
    ] {
        scan(
            &app,
            &format!("{}?{link}", page_of(sku)),
            address,
            "Phone",
            false,
        )
        .await;
    }
    // A fifth visitor sees bread through the feed and adds it to the cart.
    let mut browser = Console::new(&app, "en");
    let html = page(
        browser.get(&format!("{}?{feed}", page_of("BREAD"))).await,
        StatusCode::OK,
    )
    .await;
    add_to_cart(
        &mut browser,
        &html,
        &[
            ("share", share_codes["BREAD"].as_str()),
            ("utm_medium", "feed"),
            ("utm_source", "meta"),
            ("quantity", "1"),
        ],
    )
    .await;

    let today = Utc::now().with_timezone(&seoul()).date_naive();
    let range = format!("from={today}&to={today}");
    let waiting = format!("{range}&group_by=channel");
    let mut body = report(&app, &shop, &waiting).await;
    for _ in 0..200 {
        if body["totals"]["page_views"] == 11 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        body = report(&app, &shop, &waiting).await;
    }

    // (unique_scanners, page_views, add_to_carts): no scans, no orders.
    let row = |unique, views, carts| (0, unique, views, carts, 0, 0, 0, 0, 0, None);
    let today = today.to_string();
    for (query, rows, totals) in [
        (
            "group_by=product&channel=feed",
            vec![
                ("BREAD", "Bread", row(2, 2, 1)),
                ("MILK", "Milk", row(2, 3, 0)),
            ],
            row(3, 5, 1),
        ),
        (
            "group_by=product&channel=share",
            vec![
                ("BREAD", "Bread", row(2, 2, 0)),
                ("MILK", "Milk", row(1, 1, 0)),
            ],
            row(2, 3, 0),
        ),
        (
            "group_by=product&channel=embed",
            vec![
                ("BREAD", "Bread", row(1, 2, 0)),
                ("MILK", "Milk", row(1, 1, 0)),
            ],
            row(1, 3, 0),
        ),
        (
            "group_by=product&channel=feed&sku=BREAD",
            vec![("BREAD", "Bread", row(2, 2, 1))],
            row(2, 2, 1),
        ),
        (
            "group_by=channel&sku=BREAD",
            vec![
                ("embed", "Embed", row(1, 2, 0)),
                ("feed", "Feed", row(2, 2, 1)),
                ("share", "Share", row(2, 2, 0)),
            ],
            row(5, 6, 1),
        ),
        (
            "group_by=channel&channel=share&sku=MILK",
            vec![("share", "Share", row(1, 1, 0))],
            row(1, 1, 0),
        ),
        (
            "group_by=day&channel=feed&sku=BREAD",
            vec![(today.as_str(), today.as_str(), row(2, 2, 1))],
            row(2, 2, 1),
        ),
        (
            "group_by=poster&sku=MILK",
            vec![("", "No poster", row(4, 5, 0))],
            row(4, 5, 0),
        ),
        (
            "group_by=source&channel=poster&sku=MILK",
            vec![],
            row(0, 0, 0),
        ),
    ] {
        check(&app, &shop, &format!("{range}&{query}"), &rows, totals).await;
    }

    // A feed's, a sharer's or a shelf's row is not kept per product.
    let response = app
        .authed(
            Method::GET,
            &format!(
                "/v1/retailers/{}/analytics?{range}&group_by=source&channel=feed&sku=BREAD",
                shop.id
            ),
            &shop.token,
        )
        .send()
        .await
        .expect("bad report");
    let problem = crate::helpers::expect_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(
        crate::helpers::error_fields(&problem),
        ["sku"],
        "{problem:#}"
    );
}
