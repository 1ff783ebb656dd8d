//! The channels beyond the wall, end to end in headless Chromium: a blog on another origin
//! embeds a retailer's shelf, a reader buys from it in the tab its buy button opens, and
//! the order counts under `embed` and that shelf; a customer shares a product, a friend
//! buys through the link, and the order counts under `share` and the sharer, whose account
//! page says so. The blog also frames a product page and the console, which the browser
//! must refuse. Screenshots go to `target/test-artifacts/channels/`.

use std::time::Duration;

use chrono::{FixedOffset, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::checkout_browser::{enter_address, register};
use crate::helpers::{Backend, TestApp, expect_json, spawn_app_with};
use crate::phone::Phone;

const MILK: &str = "DEMO-MILK-1L";
const RAMEN: &str = "DEMO-RAMEN-5";

/// A web site of someone else's: one page at `/`, served from `localhost` (another site
/// than the API's `127.0.0.1`) on a port of its own.
struct Blog {
    url: String,
    handle: actix_web::dev::ServerHandle,
}

impl Blog {
    fn serve(page: String) -> Self {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("address").port();
        let page = actix_web::web::Data::new(page);
        let server = actix_web::HttpServer::new(move || {
            actix_web::App::new().app_data(page.clone()).route(
                "/",
                actix_web::web::get().to(|page: actix_web::web::Data<String>| async move {
                    actix_web::HttpResponse::Ok()
                        .content_type("text/html; charset=utf-8")
                        .body(page.get_ref().clone())
                }),
            )
        })
        .workers(1)
        .listen(listener)
        .expect("listen")
        .run();
        let handle = server.handle();
        tokio::spawn(server);
        Self {
            url: format!("http://localhost:{port}/"),
            handle,
        }
    }
}

impl Drop for Blog {
    fn drop(&mut self) {
        drop(self.handle.stop(false));
    }
}

async fn product(app: &TestApp, shop: &str, token: &str, sku: &str) -> Value {
    let response = app
        .authed(
            Method::GET,
            &format!("/v1/retailers/{shop}/products/{sku}"),
            token,
        )
        .send()
        .await
        .expect("product");
    expect_json(response, StatusCode::OK).await
}

/// Today's analytics report of the demo retailer for `query`, once its rows have as many
/// orders in all as `orders` (visits are written in batches).
async fn report_with_orders(
    app: &TestApp,
    shop: &str,
    token: &str,
    query: &str,
    orders: i64,
) -> Value {
    // The demo retailer is in Seoul, which has no daylight saving time.
    let seoul = FixedOffset::east_opt(9 * 3600).expect("offset");
    let today = Utc::now().with_timezone(&seoul).date_naive();
    let path = format!("/v1/retailers/{shop}/analytics?from={today}&to={today}&{query}");
    for _ in 0..200 {
        let response = app
            .authed(Method::GET, &path, token)
            .send()
            .await
            .expect("report");
        let body = expect_json(response, StatusCode::OK).await;
        if body["totals"]["orders"].as_i64() == Some(orders) {
            return body;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the report of {query} never reached {orders} orders");
}

fn row<'a>(report: &'a Value, key: &str) -> &'a Value {
    report["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|row| row["key"] == key)
        .unwrap_or_else(|| panic!("no row {key}: {report:#}"))
}

/// In the open tab: one of the product into the cart, a new account, an address in the
/// demo zone, the approving test card; the order's number.
async fn buy_as_new_customer(phone: &mut Phone, step: &str) -> String {
    phone.tap("#add-to-cart").await;
    phone.wait_for("#subtotal").await;
    assert_eq!(phone.path().await, "/cart");
    phone.tap("#checkout").await;
    phone.wait_for("#signin").await;
    phone.tap("#to-register").await;
    register(phone, "이보라").await;
    phone.wait_for("#continue").await;
    enter_address(phone).await;
    phone.tap("#continue").await;
    phone
        .tap("input[name=payment_token][value=tok_approve]")
        .await;
    phone.tap("#pay").await;
    let number = phone.text("#order-number").await;
    assert!(!number.is_empty());
    phone.shot(step).await;
    number
}

/// The URL of the frame the browser is in (`chrome-error://…` where it refused the page).
async fn frame_url(phone: &Phone) -> String {
    phone
        .client()
        .execute("return document.URL;", vec![])
        .await
        .expect("script")
        .as_str()
        .expect("a string")
        .to_owned()
}

#[tokio::test]
async fn a_blogs_shelf_sells_under_embed_and_the_shelf() {
    let app = spawn_app_with(Backend::Sqlite, "scan_flush_interval_ms = 50").await;
    let (shop, token) = app.demo_retailer().await;
    let shelf = app
        .authed(
            Method::POST,
            &format!("/v1/retailers/{shop}/shelves"),
            &token,
        )
        .json(&json!({"name": "지하의 부엌 블로그", "skus": [MILK, RAMEN]}))
        .send()
        .await
        .expect("create shelf");
    let shelf = expect_json(shelf, StatusCode::CREATED).await;
    let shelf_id = shelf["id"].as_str().expect("shelf id");
    let snippet = shelf["embed_snippet"].as_str().expect("snippet");
    let milk = product(&app, &shop, &token, MILK).await;
    let share_url = milk["share_url"].as_str().expect("share url");
    let blog = Blog::serve(format!(
        "<!doctype html><html lang=\"ko\"><head><meta charset=\"utf-8\"><title>지하의 부엌</title></head>\
         <body><h1>오늘의 장보기</h1>{snippet}\
         <iframe id=\"product\" title=\"product\" src=\"{share_url}\"></iframe>\
         <iframe id=\"console\" title=\"console\" src=\"{}/console/login\"></iframe></body></html>",
        app.address
    ));
    assert!(!blog.url.contains("127.0.0.1") && app.address.contains("127.0.0.1"));

    let mut phone = Phone::desktop("channels/embed", "ko-KR,ko", 1024, 900).await;
    phone.open(&blog.url).await;
    phone.wait_for("iframe[src*='/embed/shelves/']").await;
    phone.shot("blog").await;

    // The frames in document order: the shelf, the product page, the console.
    let client = phone.client().clone();
    client.enter_frame(1).await.expect("product frame");
    assert!(
        frame_url(&phone).await.starts_with("chrome-error://"),
        "a product page refuses to be framed"
    );
    client.enter_parent_frame().await.expect("parent");
    client.enter_frame(2).await.expect("console frame");
    assert!(
        frame_url(&phone).await.starts_with("chrome-error://"),
        "the console refuses to be framed"
    );
    client.enter_parent_frame().await.expect("parent");

    client.enter_frame(0).await.expect("shelf frame");
    assert!(
        frame_url(&phone)
            .await
            .contains(&format!("/embed/shelves/{shelf_id}"))
    );
    let shelf_text = phone.text("body").await;
    assert!(shelf_text.contains("서울우유 1L"), "{shelf_text}");
    let blog_tab = client.window().await.expect("this tab");
    phone
        .tap(&format!(
            "a[href*='/p/{}']",
            milk["share_code"].as_str().expect("code")
        ))
        .await;
    let mut opened = None;
    for _ in 0..100 {
        let windows = client.windows().await.expect("windows");
        opened = windows.into_iter().find(|window| *window != blog_tab);
        if opened.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    client
        .switch_to_window(opened.expect("buy opens a new tab"))
        .await
        .expect("switch");
    phone.wait_for("#add-to-cart").await;
    assert_eq!(phone.text("#product-name").await, "서울우유 1L");
    assert!(
        client
            .current_url()
            .await
            .expect("url")
            .as_str()
            .contains("utm_medium=embed")
    );
    phone.shot("product-from-shelf").await;
    buy_as_new_customer(&mut phone, "ordered-from-shelf").await;
    phone.quit().await;

    let channels = report_with_orders(&app, &shop, &token, "group_by=channel", 1).await;
    assert_eq!(row(&channels, "embed")["orders"], 1, "{channels:#}");
    let sources = report_with_orders(&app, &shop, &token, "group_by=source&channel=embed", 1).await;
    assert_eq!(row(&sources, shelf_id)["orders"], 1, "{sources:#}");
}

#[tokio::test]
async fn a_shared_link_sells_under_share_and_the_sharer() {
    let app = spawn_app_with(Backend::Sqlite, "scan_flush_interval_ms = 50").await;
    let (shop, token) = app.demo_retailer().await;
    let milk = product(&app, &shop, &token, MILK).await;
    let share_code = milk["share_code"].as_str().expect("code");

    let mut sharer = Phone::start("channels/sharer", "ko-KR,ko").await;
    sharer
        .open(&format!("{}/signin?next=%2Fp%2F{share_code}", app.address))
        .await;
    sharer.tap("#to-register").await;
    register(&mut sharer, "김지하").await;
    sharer.wait_for("#share-button").await;
    assert_eq!(sharer.path().await, format!("/p/{share_code}"));
    sharer.tap("#share-button").await;
    let link = sharer
        .attr("#share-link", "value")
        .await
        .expect("the share link");
    sharer.shot("share").await;
    sharer.open(&format!("{}/orders", app.address)).await;
    let referral_code = sharer.text("#referral-code").await;
    assert_eq!(
        link,
        format!(
            "{}?ref={referral_code}",
            milk["share_url"].as_str().expect("url")
        ),
        "a signed-in customer's link names them"
    );
    assert_eq!(sharer.text("#orders-brought").await, "0");

    let mut friend = Phone::start("channels/friend", "ko-KR,ko").await;
    friend.open(&link).await;
    assert_eq!(friend.text("#product-name").await, "서울우유 1L");
    buy_as_new_customer(&mut friend, "ordered-from-link").await;
    friend.quit().await;

    let channels = report_with_orders(&app, &shop, &token, "group_by=channel", 1).await;
    assert_eq!(row(&channels, "share")["orders"], 1, "{channels:#}");
    let sources = report_with_orders(&app, &shop, &token, "group_by=source&channel=share", 1).await;
    assert_eq!(row(&sources, &referral_code)["orders"], 1, "{sources:#}");

    sharer.open(&format!("{}/orders", app.address)).await;
    assert_eq!(sharer.text("#orders-brought").await, "1");
    sharer.shot("orders-brought").await;
    sharer.quit().await;
}
