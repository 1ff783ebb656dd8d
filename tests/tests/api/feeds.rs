//! Catalogue feeds: the Meta CSV read back by a CSV reader and the Google RSS by an XML
//! parser, every active product once with its fields in the platforms' formats and the
//! catalogue's prices; secret URLs that only an admin makes, that a wrong or retired
//! secret cannot open, and that other accounts cannot read; the console's feeds page
//! (SQLite: the page does not depend on the backend), over HTTP and in a headless
//! Chromium with the keyboard and axe-core.

use std::collections::BTreeMap;

use fantoccini::key::Key;
use image::ImageFormat;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::checkout::customer;
use crate::console::{Console, csrf_of, location, page, user};
use crate::console_browser::Walk;
use crate::helpers::{
    Backend, DEMO_PASSWORD, TestApp, expect_json, expect_problem, spawn_app, spawn_app_with,
};
use crate::images::{encoded, upload};
use crate::on_both_backends;
use virtual_shelf::domain::accounts::Role;

on_both_backends!(
    feeds_list_every_active_product_once,
    feed_urls_are_the_admins
);

const G: &str = "http://base.google.com/ns/1.0";

/// A retailer in `currency` with its admin's token.
async fn shop(app: &TestApp, name: &str, currency: &str) -> (String, String) {
    let root = app.platform_admin().await;
    let response = app
        .authed(Method::POST, "/v1/retailers", &root)
        .json(&json!({"name": name, "currency": currency, "time_zone": "Europe/Berlin", "locale": "de-DE"}))
        .send()
        .await
        .expect("create retailer");
    let id = expect_json(response, StatusCode::CREATED).await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let token = app.staff(&id, Role::RetailerAdmin).await;
    (id, token)
}

async fn create_product(app: &TestApp, shop: &str, token: &str, product: Value) {
    let response = app
        .authed(
            Method::POST,
            &format!("/v1/retailers/{shop}/products"),
            token,
        )
        .json(&product)
        .send()
        .await
        .expect("create product");
    expect_json(response, StatusCode::CREATED).await;
}

/// The live products of the catalogue by SKU, as the JSON API lists them.
async fn catalogue(app: &TestApp, shop: &str, token: &str) -> BTreeMap<String, Value> {
    let response = app
        .authed(
            Method::GET,
            &format!("/v1/retailers/{shop}/products"),
            token,
        )
        .send()
        .await
        .expect("list");
    expect_json(response, StatusCode::OK).await["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|p| (p["sku"].as_str().expect("sku").to_owned(), p.clone()))
        .collect()
}

/// `POST …/feeds/regenerate` as `token`, answered with `status`.
async fn regenerate(app: &TestApp, shop: &str, token: &str, status: StatusCode) -> Value {
    let response = app
        .authed(
            Method::POST,
            &format!("/v1/retailers/{shop}/feeds/regenerate"),
            token,
        )
        .send()
        .await
        .expect("regenerate");
    if status.is_success() {
        expect_json(response, status).await
    } else {
        assert_eq!(response.status(), status);
        Value::Null
    }
}

async fn get_feeds(app: &TestApp, shop: &str, token: &str) -> reqwest::Response {
    app.authed(Method::GET, &format!("/v1/retailers/{shop}/feeds"), token)
        .send()
        .await
        .expect("feeds")
}

/// GET of a feed URL, answered 200 with `content_type`; the body.
async fn fetch(app: &TestApp, url: &str, content_type: &str) -> String {
    assert!(url.starts_with(&app.address), "{url}");
    let response = app.client.get(url).send().await.expect("feed");
    assert_eq!(response.status(), StatusCode::OK, "{url}");
    assert_eq!(response.headers()["content-type"], content_type);
    response.text().await.expect("body")
}

/// `12.50 EUR` from the catalogue's price object.
fn feed_price(price: &Value) -> String {
    let minor = price["amount_minor"].as_i64().expect("amount");
    format!(
        "{}.{:02} {}",
        minor / 100,
        minor % 100,
        price["currency"].as_str().expect("currency")
    )
}

/// A product's feed image: its photo, or its share card where it has none.
fn feed_image(product: &Value) -> String {
    product["image_url"].as_str().map_or_else(
        || {
            format!(
                "{}/card.png",
                product["share_url"].as_str().expect("share url")
            )
        },
        str::to_owned,
    )
}

async fn feeds_list_every_active_product_once(backend: Backend) {
    let app = spawn_app_with(backend, "").await;
    let (shop, token) = shop(&app, "Kaffee & Kuchen \"Berlin\"", "EUR").await;
    create_product(
        &app,
        &shop,
        &token,
        json!({"sku": "BEANS", "name": "Beans <dark>, 1 kg",
        "description": "Roasted, \"fresh\" & strong\nsecond line", "gtin": "4006381333931",
        "price": {"amount_minor": 1250}, "stock_on_hand": 4}),
    )
    .await;
    create_product(
        &app,
        &shop,
        &token,
        json!({"sku": "CUP", "name": "=Cup",
        "price": {"amount_minor": 399}, "stock_on_hand": 0}),
    )
    .await;
    create_product(
        &app,
        &shop,
        &token,
        json!({"sku": "MILK", "name": "Milk",
        "description": "Whole", "price": {"amount_minor": 5}, "stock_on_hand": 9}),
    )
    .await;
    create_product(
        &app,
        &shop,
        &token,
        json!({"sku": "OLD", "name": "Old stock",
        "price": {"amount_minor": 100}, "stock_on_hand": 9, "active": false}),
    )
    .await;
    create_product(
        &app,
        &shop,
        &token,
        json!({"sku": "GONE", "name": "Gone",
        "price": {"amount_minor": 100}, "stock_on_hand": 9}),
    )
    .await;
    let deleted = app
        .authed(
            Method::DELETE,
            &format!("/v1/retailers/{shop}/products/GONE"),
            &token,
        )
        .send()
        .await
        .expect("delete");
    assert!(deleted.status().is_success());
    let photo = upload(
        &app,
        &shop,
        &token,
        "BEANS",
        encoded(ImageFormat::Png, 64, 48),
    )
    .await;
    assert_eq!(photo.status(), StatusCode::OK);

    // No URLs until the admin makes them: reading them writes nothing.
    expect_problem(
        get_feeds(&app, &shop, &token).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let made = regenerate(&app, &shop, &token, StatusCode::OK).await;
    let shown = expect_json(get_feeds(&app, &shop, &token).await, StatusCode::OK).await;
    assert_eq!(made, shown);

    let products = catalogue(&app, &shop, &token).await;
    let active: Vec<&Value> = products.values().filter(|p| p["active"] == true).collect();
    assert_eq!(active.len(), 3);

    let csv = fetch(
        &app,
        shown["meta_csv_url"].as_str().expect("url"),
        "text/csv; charset=utf-8",
    )
    .await;
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        reader.headers().expect("header"),
        vec![
            "id",
            "title",
            "description",
            "availability",
            "condition",
            "price",
            "link",
            "image_link",
            "brand",
            "gtin"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), active.len(), "{csv}");
    let mut seen = Vec::new();
    for row in &rows {
        let product = &products[&row[0]];
        assert_eq!(product["active"], true, "{}", &row[0]);
        seen.push(row[0].to_owned());
        assert_eq!(&row[1], product["name"]);
        let description = product["description"].as_str().expect("description");
        let expected = if description.is_empty() {
            product["name"].as_str().expect("name")
        } else {
            description
        };
        assert_eq!(&row[2], expected);
        let in_stock = product["available"].as_i64().expect("available") > 0;
        assert_eq!(&row[3], if in_stock { "in stock" } else { "out of stock" });
        assert_eq!(&row[4], "new");
        assert_eq!(row[5], feed_price(&product["price"]));
        let share_url = product["share_url"].as_str().expect("share url");
        assert_eq!(
            row[6],
            format!("{share_url}?utm_source=meta&utm_medium=feed")
        );
        assert_eq!(row[7], feed_image(product));
        assert_eq!(&row[8], "Kaffee & Kuchen \"Berlin\"");
        assert_eq!(&row[9], product["gtin"].as_str().unwrap_or_default());
    }
    seen.sort();
    assert_eq!(seen, ["BEANS", "CUP", "MILK"]);
    assert!(
        rows.iter()
            .any(|row| &row[5] == "12.50 EUR" && &row[3] == "in stock")
    );
    assert!(
        rows.iter()
            .any(|row| &row[5] == "0.05 EUR" && row[7].ends_with("/card.png"))
    );
    assert!(rows.iter().any(|row| &row[3] == "out of stock"));
    for image in [
        products["BEANS"]["image_url"]
            .as_str()
            .expect("photo")
            .to_owned(),
        feed_image(&products["CUP"]),
    ] {
        let answer = app.client.get(&image).send().await.expect("image");
        assert_eq!(answer.status(), StatusCode::OK, "{image}");
        assert!(
            answer.headers()["content-type"]
                .to_str()
                .is_ok_and(|kind| kind.starts_with("image/")),
            "{image}"
        );
    }

    let xml = fetch(
        &app,
        shown["google_rss_url"].as_str().expect("url"),
        "application/rss+xml; charset=utf-8",
    )
    .await;
    let document = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let rss = document.root_element();
    assert_eq!(rss.tag_name().name(), "rss");
    assert_eq!(rss.attribute("version"), Some("2.0"));
    let channel = rss
        .children()
        .find(|n| n.has_tag_name("channel"))
        .expect("channel");
    let items: Vec<_> = channel
        .children()
        .filter(|n| n.has_tag_name("item"))
        .collect();
    assert_eq!(items.len(), active.len(), "{xml}");
    let field = |item: &roxmltree::Node, name: &str| -> Option<String> {
        item.children()
            .find(|n| n.has_tag_name((G, name)))
            .map(|n| n.text().unwrap_or_default().to_owned())
    };
    let mut seen = Vec::new();
    for item in &items {
        let sku = field(item, "id").expect("g:id");
        let product = &products[&sku];
        seen.push(sku.clone());
        assert_eq!(field(item, "title").as_deref(), product["name"].as_str());
        assert!(field(item, "description").is_some_and(|d| !d.is_empty()));
        let share_url = product["share_url"].as_str().expect("share url");
        assert_eq!(
            field(item, "link"),
            Some(format!("{share_url}?utm_source=google&utm_medium=feed"))
        );
        assert_eq!(field(item, "image_link"), Some(feed_image(product)));
        assert_eq!(field(item, "price"), Some(feed_price(&product["price"])));
        let in_stock = product["available"].as_i64().expect("available") > 0;
        assert_eq!(
            field(item, "availability").as_deref(),
            Some(if in_stock { "in_stock" } else { "out_of_stock" })
        );
        assert_eq!(field(item, "condition").as_deref(), Some("new"));
        assert_eq!(
            field(item, "brand").as_deref(),
            Some("Kaffee & Kuchen \"Berlin\"")
        );
        assert_eq!(field(item, "gtin").as_deref(), product["gtin"].as_str());
    }
    seen.sort();
    assert_eq!(seen, ["BEANS", "CUP", "MILK"]);

    // A guess, a malformed secret and, after regenerating, the old URLs: all 404.
    let wrong = shown["meta_csv_url"]
        .as_str()
        .expect("url")
        .replace("/feeds/", "/feeds/x");
    expect_problem(
        app.client.get(&wrong).send().await.expect("wrong"),
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let guess = format!("{}/feeds/{}/google.xml", app.address, "A".repeat(43));
    expect_problem(
        app.client.get(&guess).send().await.expect("guess"),
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let renewed = regenerate(&app, &shop, &token, StatusCode::OK).await;
    for key in ["meta_csv_url", "google_rss_url"] {
        assert_ne!(renewed[key], shown[key]);
        let old = app
            .client
            .get(shown[key].as_str().expect("url"))
            .send()
            .await
            .expect("old");
        expect_problem(old, StatusCode::NOT_FOUND, "not_found").await;
        let new = app
            .client
            .get(renewed[key].as_str().expect("url"))
            .send()
            .await
            .expect("new");
        assert_eq!(new.status(), StatusCode::OK);
    }
}

async fn feed_urls_are_the_admins(backend: Backend) {
    let app = spawn_app_with(backend, "").await;
    let (shop, admin) = app.retailer_with_admin("Feed Mart").await;
    let (_, other_admin) = app.retailer_with_admin("Other Mart").await;
    let operator = app.staff(&shop, Role::Operator).await;
    let shopper = customer(&app, "feeds").await;

    // Only the retailer's admins and platform admins make URLs.
    regenerate(&app, &shop, &operator, StatusCode::FORBIDDEN).await;
    regenerate(&app, &shop, &shopper, StatusCode::FORBIDDEN).await;
    regenerate(&app, &shop, &other_admin, StatusCode::NOT_FOUND).await;
    expect_problem(
        get_feeds(&app, &shop, &admin).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let made = regenerate(&app, &shop, &admin, StatusCode::OK).await;

    // Operators read them (no edit); customers and other retailers do not.
    assert_eq!(
        expect_json(get_feeds(&app, &shop, &operator).await, StatusCode::OK).await,
        made
    );
    assert_eq!(
        get_feeds(&app, &shop, &shopper).await.status(),
        StatusCode::FORBIDDEN
    );
    expect_problem(
        get_feeds(&app, &shop, &other_admin).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let anonymous = app
        .request(Method::GET, &format!("/v1/retailers/{shop}/feeds"))
        .send()
        .await
        .expect("anonymous");
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);

    let root = app.platform_admin().await;
    let renewed = regenerate(&app, &shop, &root, StatusCode::OK).await;
    assert_ne!(renewed["meta_csv_url"], made["meta_csv_url"]);
    let after = expect_json(get_feeds(&app, &shop, &admin).await, StatusCode::OK).await;
    assert_eq!(after, renewed);
}

/// The value of the read-only input `id` on a page.
fn input_value(html: &str, id: &str) -> String {
    let marker = format!("id=\"{id}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {id} in {html}"))
        + marker.len();
    html[start..].split('"').next().expect("value").to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn console_feeds_page_makes_and_regenerates_urls() {
    let app = spawn_app(Backend::Sqlite).await;
    let (shop, token) = app.retailer_with_admin("피드 마트").await;
    let path = format!("/console/r/{shop}/feeds");
    let admin = user(&app, Role::RetailerAdmin, Some(&shop)).await;
    let mut console = Console::new(&app, "ko");
    console.sign_in(&admin, DEMO_PASSWORD).await;

    // Before any URLs: the empty state and the form; reading the page made nothing.
    let empty = page(console.get(&path).await, StatusCode::OK).await;
    assert!(empty.contains("id=\"no-feeds\""), "{empty}");
    assert!(
        empty.contains("상품 피드") && empty.contains("피드 주소 만들기"),
        "{empty}"
    );
    assert!(
        empty.contains(&format!("href=\"{path}\" aria-current=\"page\"")),
        "{empty}"
    );
    expect_problem(
        get_feeds(&app, &shop, &token).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    // Without the CSRF token nothing is made; with it, the URLs the JSON API gives.
    page(console.post(&path, &[]).await, StatusCode::FORBIDDEN).await;
    expect_problem(
        get_feeds(&app, &shop, &token).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let made = console.post(&path, &[("csrf", &csrf_of(&empty))]).await;
    assert_eq!(made.status(), StatusCode::SEE_OTHER);
    let shown = page(console.get(location(&made)).await, StatusCode::OK).await;
    assert!(shown.contains("id=\"notice\""), "{shown}");
    let urls = expect_json(get_feeds(&app, &shop, &token).await, StatusCode::OK).await;
    assert_eq!(input_value(&shown, "meta-url"), urls["meta_csv_url"]);
    assert_eq!(input_value(&shown, "google-url"), urls["google_rss_url"]);

    // Regenerating needs the confirmation: without it, the error at the box, no change.
    let csrf = csrf_of(&shown);
    let unconfirmed = page(
        console.post(&path, &[("csrf", &csrf)]).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(
        unconfirmed.contains("id=\"confirm-error\"") && unconfirmed.contains("확인란을 선택하세요"),
        "{unconfirmed}"
    );
    assert_eq!(
        expect_json(get_feeds(&app, &shop, &token).await, StatusCode::OK).await,
        urls
    );
    let renewed = console
        .post(&path, &[("csrf", &csrf), ("confirm", "on")])
        .await;
    assert_eq!(renewed.status(), StatusCode::SEE_OTHER);
    let after = expect_json(get_feeds(&app, &shop, &token).await, StatusCode::OK).await;
    assert_ne!(after["meta_csv_url"], urls["meta_csv_url"]);
    let old = app
        .client
        .get(urls["meta_csv_url"].as_str().expect("url"))
        .send()
        .await
        .expect("old");
    assert_eq!(old.status(), StatusCode::NOT_FOUND);

    // An operator reads the URLs in English, gets no form and may not post one.
    let operator = user(&app, Role::Operator, Some(&shop)).await;
    let mut reader = Console::new(&app, "en");
    reader.sign_in(&operator, DEMO_PASSWORD).await;
    let read_only = page(reader.get(&path).await, StatusCode::OK).await;
    assert!(
        read_only.contains("id=\"read-only\"") && read_only.contains("Catalogue feeds"),
        "{read_only}"
    );
    assert!(!read_only.contains("id=\"feeds-form\""), "{read_only}");
    assert_eq!(input_value(&read_only, "meta-url"), after["meta_csv_url"]);
    let refused = reader
        .post(&path, &[("csrf", &csrf_of(&read_only)), ("confirm", "on")])
        .await;
    page(refused, StatusCode::FORBIDDEN).await;
    assert_eq!(
        expect_json(get_feeds(&app, &shop, &token).await, StatusCode::OK).await,
        after
    );

    // Another retailer's admin finds no such page.
    let (other, _) = app.retailer_with_admin("Other Mart").await;
    let stranger = user(&app, Role::RetailerAdmin, Some(&other)).await;
    let mut outsider = Console::new(&app, "en");
    outsider.sign_in(&stranger, DEMO_PASSWORD).await;
    page(outsider.get(&path).await, StatusCode::NOT_FOUND).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn console_feeds_with_the_keyboard_and_axe() {
    let app = spawn_app(Backend::Sqlite).await;
    let (shop, _) = app.retailer_with_admin("피드 브라우저 마트").await;
    let admin = user(&app, Role::RetailerAdmin, Some(&shop)).await;
    let mut walk = Walk::desktop("console-feeds", "ko-KR,ko", 1280, 800).await;
    walk.browser
        .open(&format!("{}/console/r/{shop}/feeds", app.address))
        .await;
    walk.browser.wait_for("#email").await;
    walk.sign_in(&admin).await;
    walk.browser.wait_for("#no-feeds").await;
    walk.check_accessibility("feeds-empty").await;

    walk.tab_to("make-feeds").await;
    walk.keys(&Key::Enter).await;
    walk.browser.wait_for("#feed-urls").await;
    walk.browser.shot("feeds").await;
    walk.check_accessibility("feeds").await;
    let first = walk.browser.attr("#meta-url", "value").await.expect("url");

    // Regenerating without the confirmation: the error at the box, the same URLs.
    walk.tab_to("make-feeds").await;
    walk.keys(&Key::Enter).await;
    walk.browser.wait_for("#confirm-error").await;
    walk.check_accessibility("feeds-unconfirmed").await;
    assert_eq!(
        walk.browser.attr("#meta-url", "value").await.as_deref(),
        Some(first.as_str())
    );

    walk.tab_to("confirm").await;
    walk.keys(" ").await;
    walk.tab_to("make-feeds").await;
    walk.keys(&Key::Enter).await;
    walk.browser.wait_for("#notice").await;
    walk.browser.shot("feeds-regenerated").await;
    let second = walk.browser.attr("#meta-url", "value").await.expect("url");
    assert_ne!(second, first);
}
