//! Share pages over plain HTTP (SQLite: the pages do not depend on the backend; the share
//! code migration is tested on both in `schema.rs`): every product's short share code,
//! stable across edits; its `/p/{share_code}` page with link-preview tags read back from
//! the HTML, its add-to-cart form and its 404s; scan pages naming it as canonical; and the
//! share card, a 1200 × 630 PNG whose QR code zbarimg reads as the share page's URL. In
//! Chromium, the share page passes axe-core and sells with the keyboard.

use std::collections::HashMap;

use reqwest::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::console::{Console, csrf_of, location, page};
use crate::console_browser::Walk;
use crate::helpers::{Backend, TestApp, expect_json, spawn_app};
use crate::posters::{create_poster, stocked_shop};
use crate::printing::photo_png;

/// Creates a product through the JSON API and returns its JSON.
async fn create_product(app: &TestApp, shop: &str, token: &str, body: Value) -> Value {
    let response = app
        .authed(
            Method::POST,
            &format!("/v1/retailers/{shop}/products"),
            token,
        )
        .json(&body)
        .send()
        .await
        .expect("create product");
    expect_json(response, StatusCode::CREATED).await
}

/// Patches a product through the JSON API and returns its JSON.
async fn patch_product(app: &TestApp, shop: &str, token: &str, sku: &str, body: Value) -> Value {
    let response = app
        .authed(
            Method::PATCH,
            &format!("/v1/retailers/{shop}/products/{sku}"),
            token,
        )
        .json(&body)
        .send()
        .await
        .expect("patch product");
    expect_json(response, StatusCode::OK).await
}

fn is_share_code(code: &str) -> bool {
    code.len() == 8
        && code
            .bytes()
            .all(|b| b"0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(&b))
}

/// What a link previewer reads from a page: each `<meta>`'s `content` by its `property`
/// or `name`, and each `<link>`'s `href` as `link:{rel}`, character references decoded.
fn head_tags(html: &str) -> HashMap<String, String> {
    let mut tags = HashMap::new();
    for tag in html.split('<').filter_map(|rest| rest.split('>').next()) {
        let entry = if tag.starts_with("meta ") {
            attribute(tag, "property")
                .or_else(|| attribute(tag, "name"))
                .zip(attribute(tag, "content"))
        } else if tag.starts_with("link ") {
            attribute(tag, "rel")
                .map(|rel| format!("link:{rel}"))
                .zip(attribute(tag, "href"))
        } else {
            None
        };
        if let Some((key, value)) = entry {
            assert!(
                tags.insert(key.clone(), value).is_none(),
                "{key} twice in {html}"
            );
        }
    }
    tags
}

/// The decoded value of a double-quoted attribute of a tag.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let marker = format!(" {name}=\"");
    let start = tag.find(&marker)? + marker.len();
    let end = tag[start..].find('"')?;
    Some(decode_references(&tag[start..start + end]))
}

/// Text with HTML's character references (`&amp;`, `&#60;`, `&#x27;`) replaced by the
/// characters they stand for.
fn decode_references(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let (reference, after) = rest[at + 1..]
            .split_once(';')
            .expect("a terminated reference");
        let decoded = match reference {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            numeric => {
                let number = numeric.strip_prefix('#').expect("a known reference");
                let code = match number.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16),
                    None => number.parse(),
                };
                char::from_u32(code.expect("a number")).expect("a character")
            }
        };
        out.push(decoded);
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The text zbarimg (an independent decoder) reads from the one QR code in a PNG.
fn zbar_decode(png: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("card.png");
    std::fs::write(&path, png).expect("write the card");
    let output = std::process::Command::new("zbarimg")
        .args(["--raw", "--quiet"])
        .arg(&path)
        .output()
        .expect("zbarimg runs");
    assert!(
        output.status.success(),
        "zbarimg found no code: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .expect("utf-8")
        .trim_end()
        .to_owned()
}

/// The share card at `url`: a 1200 × 630 PNG served with its caching headers; its bytes
/// and ETag.
async fn card(app: &TestApp, url: &str) -> (Vec<u8>, String) {
    let response = app.client.get(url).send().await.expect("card");
    assert_eq!(response.status(), StatusCode::OK, "{url}");
    assert_eq!(response.headers()[CONTENT_TYPE], "image/png");
    assert_eq!(response.headers()[CACHE_CONTROL], "public, no-cache");
    let etag = response.headers()[ETAG].to_str().expect("ascii").to_owned();
    let bytes = response.bytes().await.expect("bytes").to_vec();
    let image =
        image::load_from_memory_with_format(&bytes, image::ImageFormat::Png).expect("a PNG");
    assert_eq!((image.width(), image.height()), (1200, 630));
    (bytes, etag)
}

#[tokio::test]
async fn products_get_a_share_code_that_edits_keep() {
    let app = spawn_app(Backend::Sqlite).await;
    let (shop, token) = app.retailer_with_admin("Share Mart").await;
    let created = create_product(
        &app,
        &shop,
        &token,
        json!({
            "sku": "TEA-1", "name": "보리차", "description": "Barley tea",
            "price": {"amount_minor": 2500, "currency": "KRW"}, "stock_on_hand": 5
        }),
    )
    .await;
    let code = created["share_code"]
        .as_str()
        .expect("share_code")
        .to_owned();
    assert!(is_share_code(&code), "{code}");
    assert_eq!(created["share_url"], format!("{}/p/{code}", app.address));

    let other = create_product(
        &app,
        &shop,
        &token,
        json!({
            "sku": "TEA-2", "name": "Green tea", "price": {"amount_minor": 3000}
        }),
    )
    .await;
    assert_ne!(other["share_code"], created["share_code"]);

    let edited = patch_product(
        &app,
        &shop,
        &token,
        "TEA-1",
        json!({
            "price": {"amount_minor": 1900}, "name": "보리차 1L"
        }),
    )
    .await;
    assert_eq!(edited["share_code"], code.as_str());
    assert_eq!(edited["share_url"], created["share_url"]);
}

#[tokio::test]
async fn the_share_page_previews_sells_and_its_card_scans() {
    let app = spawn_app(Backend::Sqlite).await;
    let (shop, token) = app.retailer_with_admin("Share Mart").await;
    let name = "포기김치 \"Best\" <Tom's> & Co";
    let created = create_product(
        &app,
        &shop,
        &token,
        json!({
            "sku": "KIMCHI", "name": name, "description": "Napa cabbage kimchi",
            "price": {"amount_minor": 3900, "currency": "KRW"}, "stock_on_hand": 5
        }),
    )
    .await;
    let code = created["share_code"].as_str().expect("code").to_owned();
    let share_url = created["share_url"].as_str().expect("url").to_owned();

    let mut browser = Console::new(&app, "en");
    let html = page(browser.get(&format!("/p/{code}")).await, StatusCode::OK).await;
    let tags = head_tags(&html);
    let card_url = format!("{share_url}/card.png");
    for (key, expected) in [
        ("link:canonical", share_url.as_str()),
        ("og:type", "product"),
        ("og:title", name),
        ("og:description", "Napa cabbage kimchi"),
        ("og:url", share_url.as_str()),
        ("og:image", card_url.as_str()),
        ("product:price:amount", "3900"),
        ("product:price:currency", "KRW"),
        ("product:availability", "in stock"),
        ("twitter:card", "summary_large_image"),
        ("twitter:title", name),
        ("twitter:description", "Napa cabbage kimchi"),
        ("twitter:image", card_url.as_str()),
    ] {
        assert_eq!(tags.get(key).map(String::as_str), Some(expected), "{key}");
    }
    // Typed codes are forgiven their case.
    let typed = browser.get(&format!("/p/{}", code.to_lowercase())).await;
    page(typed, StatusCode::OK).await;

    // The page's form adds the product with no scan code.
    let added = browser
        .post(
            "/cart/items",
            &[
                ("csrf", &csrf_of(&html)),
                ("share", &code),
                ("quantity", "2"),
            ],
        )
        .await;
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&added), "/cart");
    let cart = page(browser.get("/cart").await, StatusCode::OK).await;
    assert!(cart.contains("포기김치"), "{cart}");

    let (first, etag) = card(&app, &card_url).await;
    assert_eq!(zbar_decode(&first), share_url);
    let revalidated = app
        .client
        .get(&card_url)
        .header(IF_NONE_MATCH, &etag)
        .send()
        .await
        .expect("revalidate");
    assert_eq!(revalidated.status(), StatusCode::NOT_MODIFIED);

    // A new price: the same code and page, a new card (drawn again, not the cached one).
    let edited = patch_product(
        &app,
        &shop,
        &token,
        "KIMCHI",
        json!({"price": {"amount_minor": 2900}}),
    )
    .await;
    assert_eq!(edited["share_code"], code.as_str());
    let html = page(browser.get(&format!("/p/{code}")).await, StatusCode::OK).await;
    assert_eq!(head_tags(&html)["product:price:amount"], "2900");
    let (second, new_etag) = card(&app, &card_url).await;
    assert_ne!(new_etag, etag);
    assert_ne!(second, first);
    assert_eq!(zbar_decode(&second), share_url);

    // A photo: drawn on a new card, the code still scanning.
    let uploaded = app
        .authed(
            Method::PUT,
            &format!("/v1/retailers/{shop}/products/KIMCHI/image"),
            &token,
        )
        .body(photo_png(3))
        .send()
        .await
        .expect("upload");
    expect_json(uploaded, StatusCode::OK).await;
    let (with_photo, photo_etag) = card(&app, &card_url).await;
    assert_ne!(photo_etag, new_etag);
    assert_ne!(with_photo, second);
    assert_eq!(zbar_decode(&with_photo), share_url);

    // Sold out: still shown, said to be out of stock, nothing to add.
    patch_product(&app, &shop, &token, "KIMCHI", json!({"stock_on_hand": 0})).await;
    let html = page(browser.get(&format!("/p/{code}")).await, StatusCode::OK).await;
    assert_eq!(head_tags(&html)["product:availability"], "out of stock");
    assert!(!html.contains("id=\"add-form\""), "{html}");

    // Withdrawn: the page and the card are gone.
    patch_product(&app, &shop, &token, "KIMCHI", json!({"active": false})).await;
    page(
        browser.get(&format!("/p/{code}")).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let gone = app.client.get(&card_url).send().await.expect("card");
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn deleted_unknown_and_malformed_codes_are_the_404_page() {
    let app = spawn_app(Backend::Sqlite).await;
    let (shop, token) = app.retailer_with_admin("Share Mart").await;
    let created = create_product(
        &app,
        &shop,
        &token,
        json!({"sku": "GONE", "name": "Gone", "price": {"amount_minor": 100, "currency": "KRW"}, "stock_on_hand": 1}),
    )
    .await;
    let mut browser = Console::new(&app, "ko");
    let code = created["share_code"].as_str().expect("code");
    let live = page(browser.get(&format!("/p/{code}")).await, StatusCode::OK).await;
    let deleted = app
        .authed(
            Method::DELETE,
            &format!("/v1/retailers/{shop}/products/GONE"),
            &token,
        )
        .send()
        .await
        .expect("delete");
    assert!(deleted.status().is_success(), "{}", deleted.status());
    for path in [
        format!("/p/{code}"),
        "/p/ZZZZZZZZ".to_owned(),
        "/p/not-a-code".to_owned(),
    ] {
        let html = page(browser.get(&path).await, StatusCode::NOT_FOUND).await;
        assert!(!html.contains("og:title"), "{path}: {html}");
    }
    // A form naming neither a scan nor a share code adds nothing.
    let refused = browser
        .post(
            "/cart/items",
            &[("csrf", &csrf_of(&live)), ("quantity", "1")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn scan_pages_name_the_share_page_as_canonical() {
    let app = spawn_app(Backend::Sqlite).await;
    let (shop, token) = stocked_shop(&app).await;
    let poster = create_poster(&app, &shop, &token, &["P1"]).await;
    let code = poster["slots"][0]["code"].as_str().expect("code");
    let product = app
        .authed(
            Method::GET,
            &format!("/v1/retailers/{shop}/products/P1"),
            &token,
        )
        .send()
        .await
        .expect("product");
    let product = expect_json(product, StatusCode::OK).await;
    let share_url = product["share_url"].as_str().expect("share url");

    let mut browser = Console::new(&app, "ko");
    let html = page(browser.get(&format!("/s/{code}")).await, StatusCode::OK).await;
    let tags = head_tags(&html);
    assert_eq!(tags["link:canonical"], share_url);
    assert_eq!(tags["og:url"], share_url);
    assert_eq!(tags["og:image"], format!("{share_url}/card.png"));
    assert_eq!(tags["og:title"], "상품 1");
    assert_eq!(tags["product:price:amount"], "1000");
    // The scan page's form still adds by its scan code.
    assert!(
        html.contains(&format!("name=\"code\" value=\"{code}\"")),
        "{html}"
    );
}

#[tokio::test]
async fn the_share_page_in_a_browser_passes_axe_and_sells_with_the_keyboard() {
    let app = spawn_app(Backend::Sqlite).await;
    let (shop, token) = app.retailer_with_admin("공유 마트").await;
    let created = create_product(
        &app,
        &shop,
        &token,
        json!({
            "sku": "RICE", "name": "햅쌀 10kg", "description": "올해 수확한 쌀",
            "price": {"amount_minor": 32000, "currency": "KRW"}, "stock_on_hand": 3
        }),
    )
    .await;
    let share_url = created["share_url"].as_str().expect("url");
    let mut walk = Walk::phone("share-page", "ko-KR,ko").await;
    walk.browser.open(share_url).await;
    walk.browser.wait_for("#add-to-cart").await;
    walk.browser.shot("share-page").await;
    walk.check_accessibility("share-page").await;
    assert_eq!(walk.browser.text("#product-name").await, "햅쌀 10kg");

    walk.tab_to("add-to-cart").await;
    walk.keys(&fantoccini::key::Key::Enter).await;
    walk.browser.wait_for("#cart-lines").await;
    assert!(
        walk.browser.text("#cart-lines").await.contains("햅쌀 10kg"),
        "the cart holds the shared product"
    );
}
