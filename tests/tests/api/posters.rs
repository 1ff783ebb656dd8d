//! Posters, placements and scan resolution through the API: codes, revisions, campaigns,
//! unknown and unavailable products, tenancy, and scan events.

use chrono::{Duration, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, expect_json, expect_problem, spawn_app, spawn_app_with};
use crate::on_both_backends;

on_both_backends!(
    posters_get_codes_that_resolve_in_any_case,
    revisions_keep_codes_of_unchanged_products,
    placements_have_their_own_codes_and_campaigns,
    unknown_unavailable_and_foreign_codes,
    scan_pages_speak_korean_and_english,
    every_resolution_is_recorded_once,
    busy_codes_show_a_price_change_within_the_cache_ttl,
    a_cold_burst_of_scans_answers_each_code_with_its_own_product,
);

const ALPHABET: &str = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Scans read the database every time: tests of what a scan shows after a change need not
/// wait out the cache's TTL (`busy_codes_show_a_price_change_within_the_cache_ttl` tests
/// the cache).
const NO_SCAN_CACHE: &str = "scan_cache_ttl_ms = 0";

/// A retailer with six products (SKU P1..P6, prices 1000..6000 KRW) and its admin token.
pub async fn stocked_shop(app: &TestApp) -> (String, String) {
    let (shop, token) = app.retailer_with_admin("Poster Mart").await;
    let mut csv = String::from("sku,name,description,price_minor,stock_on_hand\n");
    for i in 1..=6 {
        csv.push_str(&format!(
            "P{i},상품 {i},Product {i},{},{}\n",
            i * 1000,
            10 * i
        ));
    }
    let response = app.import_csv(&shop, &token, csv).await;
    expect_json(response, StatusCode::OK).await;
    (shop, token)
}

pub async fn create_poster(app: &TestApp, shop: &str, token: &str, skus: &[&str]) -> Value {
    let slots: Vec<Value> = skus.iter().map(|sku| json!({"sku": sku})).collect();
    let response = app
        .authed(Method::POST, &format!("/v1/retailers/{shop}/posters"), token)
        .json(&json!({"title": "Evening groceries", "page_size": "A1", "scan_distance_m": 1.0, "slots": slots}))
        .send()
        .await
        .expect("create poster");
    expect_json(response, StatusCode::CREATED).await
}

pub async fn scan(app: &TestApp, path: &str) -> reqwest::Response {
    app.request(Method::GET, path)
        .header("accept", "application/json")
        .send()
        .await
        .expect("scan")
}

fn codes_of(poster: &Value) -> Vec<String> {
    poster["slots"]
        .as_array()
        .expect("slots")
        .iter()
        .map(|slot| slot["code"].as_str().expect("code").to_owned())
        .collect()
}

async fn posters_get_codes_that_resolve_in_any_case(backend: Backend) {
    let app = spawn_app_with(backend, NO_SCAN_CACHE).await;
    let (shop, token) = stocked_shop(&app).await;
    let poster = create_poster(&app, &shop, &token, &["P1", "P2", "P3"]).await;
    assert_eq!(poster["version"], 1);
    assert_eq!(poster["scan_distance_m"], 1.0);
    let codes = codes_of(&poster);
    assert_eq!(codes.len(), 3);
    let unique: std::collections::HashSet<_> = codes.iter().collect();
    assert_eq!(unique.len(), 3);
    for (slot, sku) in poster["slots"]
        .as_array()
        .expect("slots")
        .iter()
        .zip(["P1", "P2", "P3"])
    {
        let code = slot["code"].as_str().expect("code");
        assert_eq!(code.len(), 8);
        assert!(code.chars().all(|c| ALPHABET.contains(c)), "{code}");
        assert_eq!(slot["sku"], sku);
        assert_eq!(slot["url"], format!("{}/s/{code}", app.address));
        assert_eq!(
            slot["qr_payload"],
            format!("{}/S/{code}", app.address).to_uppercase()
        );
        for path in [
            format!("/s/{code}"),
            format!("/S/{code}"),
            format!("/s/{}", code.to_lowercase()),
        ] {
            let body = expect_json(scan(&app, &path).await, StatusCode::OK).await;
            assert_eq!(body["code"], code);
            assert_eq!(body["product"]["sku"], sku);
            assert_eq!(body["campaign_active"], true);
            assert_eq!(body["placement"], Value::Null);
            assert_eq!(body["retailer"]["id"], shop.as_str());
            assert_eq!(body["poster"]["title"], "Evening groceries");
        }
        let native = app
            .request(Method::GET, &format!("/v1/scans/{}", code.to_lowercase()))
            .send()
            .await
            .expect("scan");
        let native = expect_json(native, StatusCode::OK).await;
        assert_eq!(native["product"]["sku"], sku);
        assert_eq!(native["product"]["in_stock"], true);
        assert_eq!(native["product"]["printed_price"], Value::Null);
    }

    // A price change after printing: the scan shows both prices.
    let response = app
        .authed(
            Method::PATCH,
            &format!("/v1/retailers/{shop}/products/P1"),
            &token,
        )
        .json(&json!({"price": {"amount_minor": 1500}}))
        .send()
        .await
        .expect("patch");
    expect_json(response, StatusCode::OK).await;
    let body = expect_json(
        scan(&app, &format!("/v1/scans/{}", codes[0])).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        body["product"]["price"],
        json!({"amount_minor": 1500, "currency": "KRW"})
    );
    assert_eq!(
        body["product"]["printed_price"],
        json!({"amount_minor": 1000, "currency": "KRW"})
    );

    let listed = expect_json(
        app.authed(
            Method::GET,
            &format!("/v1/retailers/{shop}/posters"),
            &token,
        )
        .send()
        .await
        .expect("list"),
        StatusCode::OK,
    )
    .await;
    assert_eq!(listed["items"].as_array().expect("items").len(), 1);
    let bad = app
        .authed(Method::POST, &format!("/v1/retailers/{shop}/posters"), &token)
        .json(&json!({"title": "", "page_size": "A9", "layout": "many", "scan_distance_m": 40, "slots": [{"sku": "NOPE"}]}))
        .send()
        .await
        .expect("create");
    let problem = expect_problem(bad, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let fields = crate::helpers::error_fields(&problem);
    assert_eq!(fields, ["title", "page_size", "layout", "scan_distance_m"]);
    let unknown_sku = app
        .authed(
            Method::POST,
            &format!("/v1/retailers/{shop}/posters"),
            &token,
        )
        .json(
            &json!({"title": "T", "scan_distance_m": 1, "slots": [{"sku": "P1"}, {"sku": "NOPE"}]}),
        )
        .send()
        .await
        .expect("create");
    let problem = expect_problem(
        unknown_sku,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"][0]["field"], "slots[1].sku");
}

async fn revisions_keep_codes_of_unchanged_products(backend: Backend) {
    let app = spawn_app_with(backend, NO_SCAN_CACHE).await;
    let (shop, token) = stocked_shop(&app).await;
    let v1 = create_poster(&app, &shop, &token, &["P1", "P2", "P3"]).await;
    let id = v1["id"].as_str().expect("id");
    let old = codes_of(&v1);
    let v2 = app
        .authed(Method::PUT, &format!("/v1/retailers/{shop}/posters/{id}"), &token)
        .json(&json!({"title": "Evening groceries v2", "scan_distance_m": 1.0, "slots": [{"sku": "P3"}, {"sku": "P4"}, {"sku": "P1"}]}))
        .send()
        .await
        .expect("revise");
    let v2 = expect_json(v2, StatusCode::OK).await;
    assert_eq!(v2["version"], 2);
    let new = codes_of(&v2);
    assert_eq!(new[0], old[2], "P3 keeps its code");
    assert_eq!(new[2], old[0], "P1 keeps its code");
    assert!(!old.contains(&new[1]), "P4 gets a new code");
    // P2's old code still resolves to what was printed.
    let body = expect_json(scan(&app, &format!("/s/{}", old[1])).await, StatusCode::OK).await;
    assert_eq!(body["product"]["sku"], "P2");

    let retired = app
        .authed(
            Method::POST,
            &format!("/v1/retailers/{shop}/posters/{id}/retire"),
            &token,
        )
        .send()
        .await
        .expect("retire");
    let retired = expect_json(retired, StatusCode::OK).await;
    assert!(retired["retired_at"].is_string());
    for code in old.iter().chain(new.iter()) {
        let body = expect_json(scan(&app, &format!("/s/{code}")).await, StatusCode::OK).await;
        assert_eq!(body["campaign_active"], false, "{code}");
    }
    let again = app
        .authed(
            Method::PUT,
            &format!("/v1/retailers/{shop}/posters/{id}"),
            &token,
        )
        .json(&json!({"title": "v3", "scan_distance_m": 1.0, "slots": [{"sku": "P1"}]}))
        .send()
        .await
        .expect("revise");
    expect_problem(again, StatusCode::CONFLICT, "poster_retired").await;
}

async fn place(
    app: &TestApp,
    shop: &str,
    token: &str,
    poster: &str,
    name: &str,
    from_days: i64,
    to_days: i64,
) -> Value {
    let now = Utc::now();
    let response = app
        .authed(
            Method::POST,
            &format!("/v1/retailers/{shop}/posters/{poster}/placements"),
            token,
        )
        .json(&json!({
            "name": name, "site": "Gangnam Station", "spot": "Exit 11", "city": "Seoul",
            "latitude": 37.4979, "longitude": 127.0276,
            "starts_at": (now + Duration::days(from_days)).to_rfc3339(),
            "ends_at": (now + Duration::days(to_days)).to_rfc3339(),
        }))
        .send()
        .await
        .expect("place");
    expect_json(response, StatusCode::CREATED).await
}

async fn placements_have_their_own_codes_and_campaigns(backend: Backend) {
    let app = spawn_app(backend).await;
    let (shop, token) = stocked_shop(&app).await;
    let poster = create_poster(&app, &shop, &token, &["P1", "P2"]).await;
    let id = poster["id"].as_str().expect("id");
    let running = place(&app, &shop, &token, id, "Gangnam now", -1, 30).await;
    let ended = place(&app, &shop, &token, id, "Jamsil last season", -60, -30).await;
    let upcoming = place(&app, &shop, &token, id, "Hongdae next month", 10, 40).await;
    assert_eq!(running["campaign_active"], true);
    assert_eq!(ended["campaign_active"], false);
    let design = codes_of(&poster);
    let mut all = design.clone();
    for (placement, active) in [(&running, true), (&ended, false), (&upcoming, false)] {
        let codes = codes_of(placement);
        assert_eq!(codes.len(), 2);
        for (code, sku) in codes.iter().zip(["P1", "P2"]) {
            assert!(!all.contains(code), "placement codes are their own");
            all.push(code.clone());
            let body = expect_json(scan(&app, &format!("/s/{code}")).await, StatusCode::OK).await;
            assert_eq!(body["product"]["sku"], sku);
            assert_eq!(body["placement"]["id"], placement["id"]);
            assert_eq!(body["campaign_active"], active, "{}", placement["name"]);
        }
    }
    let shown = app
        .authed(
            Method::GET,
            &format!(
                "/v1/retailers/{shop}/posters/{id}/placements/{}",
                running["id"].as_str().expect("id")
            ),
            &token,
        )
        .send()
        .await
        .expect("show");
    assert_eq!(
        codes_of(&expect_json(shown, StatusCode::OK).await),
        codes_of(&running)
    );
    let bad = app
        .authed(Method::POST, &format!("/v1/retailers/{shop}/posters/{id}/placements"), &token)
        .json(&json!({"name": "Backwards", "latitude": 91.0, "starts_at": "2026-12-01T00:00:00Z", "ends_at": "2026-11-01T00:00:00Z"}))
        .send()
        .await
        .expect("place");
    let problem = expect_problem(bad, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let fields = crate::helpers::error_fields(&problem);
    assert_eq!(fields, ["longitude", "latitude", "ends_at"]);

    // A revision carries placements along: unchanged products keep their placement codes.
    let revised = app
        .authed(Method::PUT, &format!("/v1/retailers/{shop}/posters/{id}"), &token)
        .json(&json!({"title": "v2", "scan_distance_m": 1.0, "slots": [{"sku": "P2"}, {"sku": "P5"}]}))
        .send()
        .await
        .expect("revise");
    expect_json(revised, StatusCode::OK).await;
    let shown = app
        .authed(
            Method::GET,
            &format!(
                "/v1/retailers/{shop}/posters/{id}/placements/{}",
                running["id"].as_str().expect("id")
            ),
            &token,
        )
        .send()
        .await
        .expect("show");
    let after = codes_of(&expect_json(shown, StatusCode::OK).await);
    assert_eq!(
        after[0],
        codes_of(&running)[1],
        "P2 keeps its placement code"
    );
    assert!(!all.contains(&after[1]));
}

async fn unknown_unavailable_and_foreign_codes(backend: Backend) {
    let app = spawn_app_with(backend, NO_SCAN_CACHE).await;
    let (shop, token) = stocked_shop(&app).await;
    let poster = create_poster(&app, &shop, &token, &["P1", "P2"]).await;
    let codes = codes_of(&poster);
    for path in [
        "/v1/scans/ZZZZZZZZ",
        "/s/ZZZZZZZZ",
        "/s/short",
        "/S/7Q2K9XJU",
        "/v1/scans/%F0%9F%98%80",
    ] {
        let response = scan(&app, path).await;
        expect_problem(response, StatusCode::NOT_FOUND, "not_found").await;
    }
    let browser = app
        .request(Method::GET, "/s/ZZZZZZZZ")
        .header("accept", "text/html,application/xhtml+xml,*/*;q=0.8")
        .send()
        .await
        .expect("page");
    assert_eq!(browser.status(), StatusCode::NOT_FOUND);
    assert!(
        browser.headers()["content-type"]
            .to_str()
            .expect("type")
            .starts_with("text/html")
    );
    assert!(
        browser
            .text()
            .await
            .expect("body")
            .contains("Product not found")
    );

    for (sku, change) in [("P1", Method::PATCH), ("P2", Method::DELETE)] {
        let response = app
            .authed(
                change,
                &format!("/v1/retailers/{shop}/products/{sku}"),
                &token,
            )
            .json(&json!({"active": false}))
            .send()
            .await
            .expect("change");
        assert!(response.status().is_success());
    }
    for code in &codes {
        let body = expect_json(scan(&app, &format!("/s/{code}")).await, StatusCode::OK).await;
        assert_eq!(body["product"]["available"], false, "{code}");
        assert_eq!(body["product"]["in_stock"], false, "{code}");
    }
    let page = app
        .request(Method::GET, &format!("/s/{}", codes[1]))
        .send()
        .await
        .expect("page");
    assert_eq!(page.status(), StatusCode::OK);
    assert!(
        page.text()
            .await
            .expect("body")
            .contains("currently unavailable")
    );

    // Another retailer's staff cannot see or use this poster.
    let (other, other_token) = app.retailer_with_admin("Rival Mart").await;
    let id = poster["id"].as_str().expect("id");
    for path in [
        format!("/v1/retailers/{shop}/posters/{id}"),
        format!("/v1/retailers/{shop}/posters"),
        format!("/v1/retailers/{other}/posters/{id}"),
    ] {
        let response = app
            .authed(Method::GET, &path, &other_token)
            .send()
            .await
            .expect("get");
        expect_problem(response, StatusCode::NOT_FOUND, "not_found").await;
    }
    let foreign = app
        .authed(
            Method::POST,
            &format!("/v1/retailers/{other}/posters"),
            &other_token,
        )
        .json(&json!({"title": "Stolen", "scan_distance_m": 1, "slots": [{"sku": "P3"}]}))
        .send()
        .await
        .expect("create");
    expect_problem(
        foreign,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let placement = app
        .authed(Method::POST, &format!("/v1/retailers/{other}/posters/{id}/placements"), &other_token)
        .json(&json!({"name": "x", "starts_at": "2026-01-01T00:00:00Z", "ends_at": "2027-01-01T00:00:00Z"}))
        .send()
        .await
        .expect("place");
    expect_problem(placement, StatusCode::NOT_FOUND, "not_found").await;
}

async fn scan_pages_speak_korean_and_english(backend: Backend) {
    let app = spawn_app(backend).await;
    let (shop, token) = stocked_shop(&app).await;
    let poster = create_poster(&app, &shop, &token, &["P3"]).await;
    let code = &codes_of(&poster)[0];
    let page = |lang: &'static str| {
        app.request(Method::GET, &format!("/S/{code}"))
            .header("accept", "text/html")
            .header("accept-language", lang)
            .send()
    };
    let korean = page("ko-KR,ko;q=0.9,en;q=0.8")
        .await
        .expect("page")
        .text()
        .await
        .expect("body");
    assert!(korean.contains("lang=\"ko\""));
    assert!(korean.contains("주문 가능"));
    assert!(korean.contains("₩3,000"));
    assert!(korean.contains("상품 3"));
    let english = page("en-GB,en;q=0.9")
        .await
        .expect("page")
        .text()
        .await
        .expect("body");
    assert!(english.contains("lang=\"en\""));
    assert!(english.contains("In stock"));
    assert!(english.contains("₩3,000"));
}

async fn every_resolution_is_recorded_once(backend: Backend) {
    let mut app = spawn_app_with(backend, "scan_flush_interval_ms = 60000").await;
    let (shop, token) = stocked_shop(&app).await;
    let poster = create_poster(&app, &shop, &token, &["P1", "P2", "P3"]).await;
    let codes = codes_of(&poster);
    let mut ok = 0;
    for round in 0..20 {
        let code = &codes[round % codes.len()];
        let path = if round % 2 == 0 {
            format!("/s/{code}")
        } else {
            format!("/v1/scans/{code}")
        };
        if scan(&app, &path).await.status() == StatusCode::OK {
            ok += 1;
        }
        assert_eq!(
            scan(&app, "/s/ZZZZZZZZ").await.status(),
            StatusCode::NOT_FOUND
        );
    }
    assert_eq!(ok, 20);
    // The flush interval is a minute: only the graceful shutdown can have written them.
    app.stop().await;
    let pool = app.pool.clone();
    let poster_id = poster["id"].as_str().expect("id").to_owned();
    let events = tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().expect("connection");
        virtual_shelf::domain::scans::events::of_poster(&mut conn, &poster_id).expect("events")
    })
    .await
    .expect("task");
    assert_eq!(events.len(), ok);
    assert!(events.iter().all(|e| e.user_agent_class == "other"));
    assert_eq!(events.iter().filter(|e| e.code == codes[0]).count(), 7);
}

/// Codes scanned all the time are refreshed in the background, several in one query, yet
/// no answer is older than the cache TTL: a price change shows on every code within it,
/// each code still answering with its own product.
async fn busy_codes_show_a_price_change_within_the_cache_ttl(backend: Backend) {
    let ttl = std::time::Duration::from_millis(500);
    let app = spawn_app_with(backend, "scan_cache_ttl_ms = 500").await;
    let (shop, token) = stocked_shop(&app).await;
    let skus = ["P1", "P2", "P3", "P4"];
    let poster = create_poster(&app, &shop, &token, &skus).await;
    let codes = codes_of(&poster);
    let scan_all = || async {
        let mut answers = Vec::new();
        for code in &codes {
            let body = expect_json(scan(&app, &format!("/s/{code}")).await, StatusCode::OK).await;
            let sku = body["product"]["sku"].as_str().expect("sku").to_owned();
            let price = body["product"]["price"]["amount_minor"]
                .as_i64()
                .expect("price");
            answers.push((sku, price));
        }
        answers
    };
    let old: Vec<(String, i64)> = (1..=4).map(|i| (format!("P{i}"), i * 1000)).collect();
    // Busy for more than a TTL first, so entries are refreshed, not just filled.
    let busy_until = std::time::Instant::now() + ttl * 2;
    while std::time::Instant::now() < busy_until {
        assert_eq!(scan_all().await, old);
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let csv = "sku,name,description,price_minor,stock_on_hand\n\
               P1,상품 1,Product 1,1100,10\nP2,상품 2,Product 2,2200,20\n\
               P3,상품 3,Product 3,3300,30\nP4,상품 4,Product 4,4400,40\n";
    expect_json(app.import_csv(&shop, &token, csv).await, StatusCode::OK).await;
    let changed = std::time::Instant::now();
    let new: Vec<(String, i64)> = (1..=4).map(|i| (format!("P{i}"), i * 1100)).collect();
    loop {
        let answers = scan_all().await;
        if answers == new {
            break;
        }
        for ((sku, price), (old_sku, old_price)) in answers.iter().zip(&old) {
            assert_eq!(sku, old_sku, "every code answers with its own product");
            assert!(*price == *old_price || *price == old_price / 1000 * 1100);
        }
        assert!(
            changed.elapsed() < ttl + std::time::Duration::from_millis(250),
            "an answer older than the TTL: {answers:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// Many first scans at once, before any code is cached, are loaded several codes per
/// query: each request still gets its own code's product, and the unknown codes in the
/// same burst get their 404.
async fn a_cold_burst_of_scans_answers_each_code_with_its_own_product(backend: Backend) {
    let app = spawn_app(backend).await;
    let (shop, token) = stocked_shop(&app).await;
    let skus = ["P1", "P2", "P3", "P4", "P5", "P6"];
    let poster = create_poster(&app, &shop, &token, &skus).await;
    let codes = codes_of(&poster);
    let unknown = ["ZZZZZZZZ", "YYYYYYYY"];
    let burst = (0..96).map(|i| {
        let (app, codes) = (&app, &codes);
        async move {
            match i % 8 {
                slot @ 0..6 => {
                    let body = expect_json(
                        scan(app, &format!("/s/{}", codes[slot])).await,
                        StatusCode::OK,
                    )
                    .await;
                    assert_eq!(body["product"]["sku"], skus[slot], "{body}");
                    assert_eq!(body["code"], codes[slot]);
                }
                other => {
                    let path = format!("/v1/scans/{}", unknown[other - 6]);
                    expect_problem(scan(app, &path).await, StatusCode::NOT_FOUND, "not_found")
                        .await;
                }
            }
        }
    });
    futures_util::future::join_all(burst).await;
}
