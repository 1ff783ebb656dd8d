//! The commuter's whole purchase in a real browser: a phone-sized headless Chromium opens
//! the URL decoded from a printed poster's QR code, adds the product, registers, enters an
//! address in the demo zone, picks a slot, is declined with one test card (the cart
//! survives), pays with another, and sees the confirmation. Screenshots of every step go
//! to `target/test-artifacts/checkout-browser/<backend>/`.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, expect_json, spawn_app};
use crate::on_both_backends;
use crate::phone::Phone;

on_both_backends!(commuter_buys_from_a_printed_poster);

const SKU: &str = "DEMO-MILK-1L";

/// A poster of the demo retailer printed as PNG, its QR codes decoded; returns the URL
/// printed beside `SKU` (upper case, as a phone reads it).
async fn scanned_url(app: &TestApp, shop: &str, token: &str) -> String {
    let poster = app
        .authed(
            Method::POST,
            &format!("/v1/retailers/{shop}/posters"),
            token,
        )
        .json(
            &json!({"title": "Evening groceries", "page_size": "A3", "scan_distance_m": 1.0,
                      "slots": [{"sku": SKU}, {"sku": "DEMO-RAMEN-5"}]}),
        )
        .send()
        .await
        .expect("create poster");
    let poster = expect_json(poster, StatusCode::CREATED).await;
    let id = poster["id"].as_str().expect("poster id");
    let png = app
        .authed(
            Method::GET,
            &format!("/v1/retailers/{shop}/posters/{id}/print.png?dpi=100"),
            token,
        )
        .send()
        .await
        .expect("print");
    assert_eq!(png.status(), StatusCode::OK);
    let gray = image::load_from_memory(&png.bytes().await.expect("png"))
        .expect("a PNG")
        .to_luma8();
    let printed = poster["slots"]
        .as_array()
        .expect("slots")
        .iter()
        .find(|slot| slot["sku"] == SKU)
        .and_then(|slot| slot["qr_payload"].as_str())
        .expect("the product's payload")
        .to_owned();
    shelf_generator::decode::decode_image(gray, 0)
        .into_iter()
        .map(|code| code.payload)
        .find(|payload| *payload == printed)
        .expect("the product's QR code decodes from the print")
}

async fn available(app: &TestApp, shop: &str, token: &str) -> i64 {
    let product = app
        .authed(
            Method::GET,
            &format!("/v1/retailers/{shop}/products/{SKU}"),
            token,
        )
        .send()
        .await
        .expect("product");
    let product: Value = expect_json(product, StatusCode::OK).await;
    product["available"].as_i64().expect("available")
}

/// Step 1 of checkout: an address in the demo zone (postal codes `04…`).
pub(crate) async fn enter_address(phone: &mut Phone) {
    phone.type_into("#name", "김지하").await;
    phone.type_into("#phone", "010-1234-5678").await;
    phone.type_into("#line1", "세종대로 110").await;
    phone.type_into("#line2", "3층").await;
    phone.type_into("#postal_code", "04524").await;
    phone.type_into("#city", "서울").await;
}

/// On the registration page: a new account named `name` with a fresh e-mail address,
/// registered (a screenshot before the tap); the address.
pub(crate) async fn register(phone: &mut Phone, name: &str) -> String {
    let email = format!("commuter-{}@phone.test", uuid::Uuid::new_v4().simple());
    phone.type_into("#name", name).await;
    phone.type_into("#email", &email).await;
    phone.type_into("#password", "subway-password").await;
    phone.shot("register").await;
    phone.tap("#register").await;
    email
}

async fn commuter_buys_from_a_printed_poster(backend: Backend) {
    let app = spawn_app(backend).await;
    let (shop, token) = app.demo_retailer().await;
    let url = scanned_url(&app, &shop, &token).await;
    let stock = available(&app, &shop, &token).await;
    let name = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    let mut phone = Phone::start(&format!("checkout-browser/{name}"), "ko-KR,ko").await;

    phone.open(&url).await;
    assert_eq!(phone.text("#product-name").await, "서울우유 1L");
    // The layout's inline stylesheet applies under the pages' Content-Security-Policy,
    // which admits it by its hash only.
    assert_eq!(
        phone.css("header", "background-color").await,
        "rgba(214, 0, 28, 1)"
    );
    phone.shot("product").await;

    phone.type_into("#quantity", "2").await;
    phone.tap("#add-to-cart").await;
    assert_eq!(phone.text("#subtotal").await, "₩5,960");
    assert_eq!(phone.path().await, "/cart");
    phone.shot("cart").await;

    phone.tap("#checkout").await;
    phone.wait_for("#signin").await;
    assert_eq!(phone.path().await, "/signin?next=%2Fcheckout");
    phone.shot("sign-in").await;

    phone.tap("#to-register").await;
    register(&mut phone, "김지하").await;

    phone.wait_for("#continue").await;
    assert_eq!(phone.path().await, "/checkout");
    enter_address(&mut phone).await;
    phone.shot("address").await;
    phone.tap("#continue").await;

    phone.wait_for("#pay").await;
    assert!(phone.text("#test-mode").await.contains("테스트"));
    phone
        .tap("input[name=payment_token][value=tok_decline]")
        .await;
    phone.shot("slot-and-test-card").await;
    phone.tap("#pay").await;

    let declined = phone.text("#checkout-error").await;
    assert!(declined.contains("거절"), "{declined}");
    phone.shot("declined").await;
    assert_eq!(
        available(&app, &shop, &token).await,
        stock,
        "a declined payment releases its stock"
    );

    phone.tap("header nav a[href='/cart']").await;
    assert_eq!(
        phone.text("#subtotal").await,
        "₩5,960",
        "the cart survives a declined payment"
    );
    phone.shot("cart-kept").await;

    phone.tap("#checkout").await;
    phone.wait_for("#continue").await;
    enter_address(&mut phone).await;
    phone.tap("#continue").await;
    phone
        .tap("input[name=payment_token][value=tok_approve]")
        .await;
    phone.tap("#pay").await;

    let thanks = phone.text("#thanks").await;
    let number = phone.text("#order-number").await;
    assert!(!number.is_empty());
    assert!(thanks.contains(&number), "{thanks} names {number}");
    assert_eq!(
        phone.attr("#order-status", "data-status").await.as_deref(),
        Some("confirmed")
    );
    assert!(phone.path().await.ends_with("?placed=1"));
    assert_eq!(
        phone.text("#order-total").await,
        "₩8,960",
        "two milks and the ₩3,000 fee"
    );
    phone.shot("confirmation").await;
    assert_eq!(available(&app, &shop, &token).await, stock - 2);

    phone.tap("header nav a[href='/orders']").await;
    assert!(phone.text("#orders").await.contains(&number));
    phone.shot("orders").await;

    phone.tap("header nav a[href='/cart']").await;
    phone.wait_for("#cart-empty").await;
    phone.quit().await;
}
