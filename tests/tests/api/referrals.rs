//! Share links with the sharer: a customer's referral code in `?ref=`, visits, add-to-carts
//! and orders through it under channel `share` with the code as source, the device
//! remembering the last link for seven days, the orders a customer's links brought on
//! `/v1/me` and the account page, and the product page's share control with and without
//! a script.

use chrono::Utc;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::checkout::{Shop, all_at_once, checkout, checkout_body, place, product, shop};
use crate::console::{Console, csrf_of, location, page};
use crate::console_browser::Walk;
use crate::helpers::{Backend, TestApp, expect_json, spawn_app, spawn_app_with};
use crate::on_both_backends;
use crate::posters::{create_poster, stocked_shop};
use virtual_shelf::domain::catalog::shelves;

on_both_backends!(
    share_links_count_under_the_sharer_and_the_device_remembers_the_last_link,
    orders_through_a_share_link_are_brought_by_the_sharer,
    embed_links_count_under_a_live_shelf_of_the_products_retailer,
    customers_without_a_code_get_one_at_startup,
);

const PASSWORD: &str = "a long enough password";

/// Registers a customer; their email and access token.
async fn register(app: &TestApp, name: &str) -> (String, String) {
    let email = format!("{name}-{}@customer.test", uuid::Uuid::new_v4().simple());
    let response = app
        .request(Method::POST, "/v1/auth/register")
        .json(&json!({"email": email, "password": PASSWORD, "name": name}))
        .send()
        .await
        .expect("register");
    let token = expect_json(response, StatusCode::CREATED).await["access_token"]
        .as_str()
        .expect("token")
        .to_owned();
    (email, token)
}

/// The customer's referral code, from `/v1/me`.
async fn referral_code(app: &TestApp, token: &str) -> String {
    let me = app.me(token).await;
    me["referral_code"]
        .as_str()
        .unwrap_or_else(|| panic!("no referral_code: {me}"))
        .to_owned()
}

/// Signs `browser` in to the shop as `email`.
async fn shop_sign_in(browser: &mut Console<'_>, email: &str) {
    let form = page(browser.get("/signin").await, StatusCode::OK).await;
    let response = browser
        .post(
            "/signin",
            &[
                ("csrf", csrf_of(&form).as_str()),
                ("email", email),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

/// The share page path of `sku`.
async fn share_path(app: &TestApp, shop: &Shop, sku: &str) -> (String, String) {
    let code = product(app, shop, sku).await["share_code"]
        .as_str()
        .expect("share_code")
        .to_owned();
    (format!("/p/{code}"), code)
}

/// Adds `share_code` from the share page `html` with exactly the fields its form carries.
async fn add_from(browser: &mut Console<'_>, html: &str, quantity: &str) {
    let mut fields: Vec<(String, String)> = hidden_fields(html);
    fields.push(("quantity".into(), quantity.into()));
    let form: Vec<(&str, &str)> = fields
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    let added = browser.post("/cart/items", &form).await;
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&added), "/cart");
}

/// The hidden inputs of the add-to-cart form of a product page.
fn hidden_fields(html: &str) -> Vec<(String, String)> {
    let form = html
        .split(r#"id="add-form""#)
        .nth(1)
        .and_then(|rest| rest.split("</form>").next())
        .unwrap_or_else(|| panic!("no add-to-cart form: {html}"));
    form.split("<input type=\"hidden\" ")
        .skip(1)
        .map(|tag| {
            let value_of = |attribute: &str| {
                let marker = format!("{attribute}=\"");
                let start = tag.find(&marker).expect("attribute") + marker.len();
                tag[start..].split('"').next().expect("value").to_owned()
            };
            (value_of("name"), value_of("value"))
        })
        .collect()
}

/// The `Set-Cookie` line of the attribution cookie in the last answer to `browser`, if
/// that answer set it.
fn attribution_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|line| line.to_str().expect("ascii").to_owned())
        .find(|line| line.starts_with("shelf_via="))
}

/// The rows of today's report grouped by `group_by` (and filtered by `filter`), once
/// `ready` holds of it (page views are written a moment after the page).
async fn report_when(
    app: &TestApp,
    shop: &Shop,
    query: &str,
    ready: impl Fn(&Value) -> bool,
) -> Value {
    let today = Utc::now()
        .with_timezone(&chrono::FixedOffset::east_opt(9 * 3600).expect("Seoul"))
        .date_naive();
    let path = format!(
        "/v1/retailers/{}/analytics?from={today}&to={today}&{query}",
        shop.id
    );
    let mut body = Value::Null;
    for _ in 0..200 {
        let response = app
            .authed(Method::GET, &path, &shop.token)
            .send()
            .await
            .expect("report");
        body = expect_json(response, StatusCode::OK).await;
        if ready(&body) {
            return body;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the report never got there: {body:#}");
}

/// `(page_views, add_to_carts, orders)` of the row `key`, zeros when there is none.
fn figures(body: &Value, key: &str) -> (i64, i64, i64) {
    body["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|row| row["key"] == key)
        .map_or((0, 0, 0), |row| {
            let n = |name: &str| row[name].as_i64().expect("a count");
            (n("page_views"), n("add_to_carts"), n("orders"))
        })
}

/// A visit through `?ref=` counts under `share` with the code as its source and makes
/// the device remember it for seven days: a later visit and an add-to-cart without a
/// link count under it too. A made-up code, a forged or stale memory count as `direct`;
/// a newer feed link replaces the memory.
async fn share_links_count_under_the_sharer_and_the_device_remembers_the_last_link(
    backend: Backend,
) {
    let app = spawn_app_with(backend, "scan_flush_interval_ms = 50").await;
    let shop = shop(
        &app,
        10,
        "MILK,Milk,Fresh milk,2500,50\nTEA,Tea,Green tea,800,50\n",
    )
    .await;
    let (_, sharer) = register(&app, "sharer").await;
    // Given at registration: every read at once gives the same code.
    let answers = all_at_once(
        (0..8)
            .map(|_| app.authed(Method::GET, "/v1/me", &sharer))
            .collect(),
    )
    .await;
    let code = answers[0].1["referral_code"]
        .as_str()
        .expect("a code")
        .to_owned();
    assert_eq!(code.len(), 8, "{code}");
    for (status, me, _) in &answers {
        assert_eq!(
            (*status, &me["referral_code"]),
            (StatusCode::OK, &json!(code))
        );
    }
    assert_eq!(referral_code(&app, &sharer).await, code, "the code is kept");
    let (milk, _) = share_path(&app, &shop, "MILK").await;
    let (tea, _) = share_path(&app, &shop, "TEA").await;

    // The shared link: a share visit, remembered for a week.
    let mut friend = Console::new(&app, "en");
    let response = friend
        .get(&format!("{milk}?ref={}", code.to_lowercase()))
        .await;
    let cookie = attribution_cookie(&response).expect("the link is remembered");
    for flag in ["Max-Age=604800", "HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(flag), "{flag} missing: {cookie}");
    }
    let html = page(response, StatusCode::OK).await;
    assert!(
        hidden_fields(&html).contains(&("ref".into(), code.to_lowercase())),
        "the form carries the link's ref: {html}"
    );
    // The same device later, without a link: still the sharer's; it sets nothing new.
    let response = friend.get(&tea).await;
    assert_eq!(attribution_cookie(&response), None);
    let html = page(response, StatusCode::OK).await;
    assert!(!html.contains(r#"name="ref""#), "{html}");
    add_from(&mut friend, &html, "1").await;

    // A made-up code, forged memories, one older than a week and another retailer's:
    // direct.
    let mut stranger = Console::new(&app, "en");
    let response = stranger.get(&format!("{milk}?ref=ZZZZZZZZ")).await;
    assert_eq!(attribution_cookie(&response), None, "nothing to remember");
    page(response, StatusCode::OK).await;
    let now = Utc::now().timestamp();
    let rid = &shop.id;
    for forged in [
        format!("share.ZZZZZZZZ.{rid}.{now}"),
        format!("embed.no-such-shelf.{rid}.{now}"),
        format!("share.{code}.{rid}.{}", now - 8 * 24 * 3600),
        format!("share.{code}.another-retailer.{now}"),
    ] {
        let mut forger = Console::new(&app, "en");
        forger
            .cookies
            .insert("shelf_via".into(), (forged, String::new()));
        page(forger.get(&milk).await, StatusCode::OK).await;
    }

    let share = |body: &Value| figures(body, "share");
    let body = report_when(&app, &shop, "group_by=channel", |body| {
        body["totals"]["page_views"] == 7
    })
    .await;
    assert_eq!(share(&body), (2, 1, 0), "{body:#}");
    assert_eq!(figures(&body, "direct"), (5, 0, 0), "{body:#}");
    let sources = report_when(&app, &shop, "group_by=source&channel=share", |body| {
        body["totals"]["page_views"] == 2
    })
    .await;
    assert_eq!(figures(&sources, &code), (2, 1, 0), "{sources:#}");

    // A newer feed link replaces the memory: the next plain visit is the feed's.
    let response = friend
        .get(&format!("{milk}?utm_source=google&utm_medium=feed"))
        .await;
    let cookie = attribution_cookie(&response).expect("the feed link is remembered");
    assert!(cookie.starts_with("shelf_via=feed.google."), "{cookie}");
    page(response, StatusCode::OK).await;
    page(friend.get(&tea).await, StatusCode::OK).await;
    let body = report_when(&app, &shop, "group_by=channel", |body| {
        body["totals"]["page_views"] == 9
    })
    .await;
    assert_eq!(figures(&body, "feed"), (2, 0, 0), "{body:#}");
    assert_eq!(share(&body), (2, 1, 0), "{body:#}");
}

/// Orders whose lines came through a customer's link count as brought by them on
/// `/v1/me` and their account page (a guest's line keeps the sharer through the sign-in
/// merge); a declined or cancelled order does not, nor their own order through their own
/// link, which the shop's report counts as `direct`.
async fn orders_through_a_share_link_are_brought_by_the_sharer(backend: Backend) {
    let app = spawn_app_with(backend, "scan_flush_interval_ms = 50").await;
    let shop = shop(&app, 10, "MILK,Milk,Fresh milk,2500,50\n").await;
    let (sharer_email, sharer) = register(&app, "sharer").await;
    let code = referral_code(&app, &sharer).await;
    assert_eq!(app.me(&sharer).await["orders_brought"], 0);
    let (milk, _) = share_path(&app, &shop, "MILK").await;
    let link = format!("{milk}?ref={code}");

    // A friend opens the link as a guest, adds, then signs in and pays.
    let (friend_email, friend) = register(&app, "friend").await;
    let mut friends_phone = Console::new(&app, "en");
    let html = page(friends_phone.get(&link).await, StatusCode::OK).await;
    add_from(&mut friends_phone, &html, "2").await;
    shop_sign_in(&mut friends_phone, &friend_email).await;
    place(&app, &friend, &shop, "friend", "tok_approve").await;
    let me = app.me(&sharer).await;
    assert_eq!(me["orders_brought"], 1, "{me}");
    assert_eq!(app.me(&friend).await["orders_brought"], 0);

    // Another friend's declined payment and cancelled order bring nothing.
    let (other_email, other) = register(&app, "other").await;
    let mut others_phone = Console::new(&app, "en");
    shop_sign_in(&mut others_phone, &other_email).await;
    let html = page(others_phone.get(&link).await, StatusCode::OK).await;
    add_from(&mut others_phone, &html, "1").await;
    let declined = checkout(
        &app,
        &other,
        "declined",
        &checkout_body(&shop.slot_id, "tok_decline"),
    )
    .await;
    assert_eq!(declined.status(), StatusCode::PAYMENT_REQUIRED);
    assert_eq!(app.me(&sharer).await["orders_brought"], 1);
    let placed = place(&app, &other, &shop, "other", "tok_approve").await;
    assert_eq!(app.me(&sharer).await["orders_brought"], 2);
    let cancel = app
        .authed(
            Method::POST,
            &format!("/v1/orders/{}/cancel", placed["id"].as_str().expect("id")),
            &other,
        )
        .send()
        .await
        .expect("cancel");
    expect_json(cancel, StatusCode::OK).await;
    assert_eq!(app.me(&sharer).await["orders_brought"], 1);

    // The sharer buys through their own link: not brought by them.
    let mut sharers_phone = Console::new(&app, "ko");
    shop_sign_in(&mut sharers_phone, &sharer_email).await;
    let html = page(sharers_phone.get(&link).await, StatusCode::OK).await;
    add_from(&mut sharers_phone, &html, "1").await;
    place(&app, &sharer, &shop, "sharer", "tok_approve").await;
    assert_eq!(app.me(&sharer).await["orders_brought"], 1);

    let body = report_when(&app, &shop, "group_by=channel", |body| {
        body["totals"]["orders"] == 2
    })
    .await;
    assert_eq!(figures(&body, "share").2, 1, "{body:#}");
    assert_eq!(figures(&body, "direct").2, 1, "{body:#}");
    let body = report_when(&app, &shop, "group_by=source&channel=share", |body| {
        body["totals"]["orders"] == 1
    })
    .await;
    assert_eq!(figures(&body, &code).2, 1, "{body:#}");

    // The account page, in Korean.
    let html = page(sharers_phone.get("/orders").await, StatusCode::OK).await;
    assert!(
        html.contains(&format!(r#"id="referral-code">{code}<"#)),
        "{html}"
    );
    assert!(html.contains(r#"id="orders-brought">1<"#), "{html}");
    assert!(html.contains("내가 공유한 링크로 들어온 주문"), "{html}");
}

/// Makes a shelf of `skus` in `shop`; its id.
async fn shelf(app: &TestApp, shop: &Shop, skus: &[&str]) -> String {
    let (retailer_id, skus) = (
        shop.id.clone(),
        skus.iter().map(|sku| (*sku).to_owned()).collect(),
    );
    app.with_db(move |conn| {
        let input = shelves::ShelfInput {
            name: "Blog".into(),
            skus,
        };
        shelves::create(conn, &retailer_id, &input).expect("shelf")
    })
    .await
    .shelf
    .id
}

/// A link from an embedded shelf counts under `embed` and that shelf, and its form's
/// add-to-cart too, when the shelf is a live one of the product's retailer; another
/// retailer's shelf id in the link is `direct`.
async fn embed_links_count_under_a_live_shelf_of_the_products_retailer(backend: Backend) {
    let app = spawn_app_with(backend, "scan_flush_interval_ms = 50").await;
    let shop = shop(
        &app,
        10,
        "MILK,Milk,Fresh milk,2500,50
",
    )
    .await;
    let other = crate::checkout::shop(
        &app,
        10,
        "EGGS,Eggs,Free range,4000,50
",
    )
    .await;
    let blog = shelf(&app, &shop, &["MILK"]).await;
    let elsewhere = shelf(&app, &other, &["EGGS"]).await;
    let (milk, _) = share_path(&app, &shop, "MILK").await;

    let mut reader = Console::new(&app, "en");
    let response = reader
        .get(&format!("{milk}?utm_medium=embed&utm_source={blog}"))
        .await;
    let cookie = attribution_cookie(&response).expect("the shelf is remembered");
    assert!(
        cookie.starts_with(&format!("shelf_via=embed.{blog}.")),
        "{cookie}"
    );
    let html = page(response, StatusCode::OK).await;
    add_from(&mut reader, &html, "1").await;
    let mut stray = Console::new(&app, "en");
    let response = stray
        .get(&format!("{milk}?utm_medium=embed&utm_source={elsewhere}"))
        .await;
    assert_eq!(attribution_cookie(&response), None);
    page(response, StatusCode::OK).await;

    let body = report_when(&app, &shop, "group_by=channel", |body| {
        body["totals"]["page_views"] == 2
    })
    .await;
    assert_eq!(figures(&body, "embed"), (1, 1, 0), "{body:#}");
    assert_eq!(figures(&body, "direct"), (1, 0, 0), "{body:#}");
    let sources = report_when(&app, &shop, "group_by=source&channel=embed", |body| {
        body["totals"]["page_views"] == 1
    })
    .await;
    assert_eq!(figures(&sources, &blog), (1, 1, 0), "{sources:#}");
}

/// Without a script, the share control is a disclosure with the link in a labelled
/// read-only field and an e-mail link: the plain share URL for a guest, the customer's
/// own link (with `?ref=`) once signed in, on share pages and scanned posters' pages alike;
/// the script it loads is served from the site.
#[tokio::test]
async fn the_share_control_shows_the_link_without_a_script() {
    let app = spawn_app(Backend::Sqlite).await;
    let shop = shop(&app, 10, "MILK,Milk,Fresh milk,2500,50\n").await;
    let share_url = product(&app, &shop, "MILK").await["share_url"]
        .as_str()
        .expect("share_url")
        .to_owned();
    let (milk, _) = share_path(&app, &shop, "MILK").await;

    let mut guest = Console::new(&app, "en");
    let response = guest.get(&milk).await;
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(
        policy.contains(&format!("script-src {}/assets/share.js;", app.address)),
        "only the share script runs: {policy}"
    );
    let html = page(response, StatusCode::OK).await;
    for expected in [
        r#"<summary class="btn secondary" id="share-button">Share</summary>"#.to_owned(),
        r#"<label for="share-link">Link to this product</label>"#.to_owned(),
        format!(r#"<input id="share-link" type="url" readonly value="{share_url}">"#),
        r#"href="mailto:?subject=Milk&"#.to_owned(),
        format!(
            r#"body={}" id="share-email""#,
            share_url.replace(':', "%3A").replace('/', "%2F")
        ),
        r#"<script src="/assets/share.js" defer></script>"#.to_owned(),
        r#"id="share-status" role="status" aria-live="polite""#.to_owned(),
    ] {
        assert!(html.contains(&expected), "{expected} missing: {html}");
    }

    let (email, token) = register(&app, "sharer").await;
    let code = referral_code(&app, &token).await;
    let mut customer = Console::new(&app, "ko");
    shop_sign_in(&mut customer, &email).await;
    let html = page(customer.get(&milk).await, StatusCode::OK).await;
    for expected in [
        format!(r#"value="{share_url}?ref={code}" aria-describedby="share-hint""#),
        ">공유</summary>".to_owned(),
        "내 추천 코드".to_owned(),
    ] {
        assert!(html.contains(&expected), "{expected} missing: {html}");
    }
    // A scanned poster's page shares the product's page, with the customer's code too.
    let (poster_shop, poster_token) = stocked_shop(&app).await;
    let poster = create_poster(&app, &poster_shop, &poster_token, &["P1"]).await;
    let scan_code = poster["slots"][0]["code"].as_str().expect("code");
    let p1_url = expect_json(
        app.authed(
            Method::GET,
            &format!("/v1/retailers/{poster_shop}/products/P1"),
            &poster_token,
        )
        .send()
        .await
        .expect("product"),
        StatusCode::OK,
    )
    .await["share_url"]
        .as_str()
        .expect("share_url")
        .to_owned();
    let html = page(
        customer.get(&format!("/s/{scan_code}")).await,
        StatusCode::OK,
    )
    .await;
    let expected = format!(r#"id="share-link" type="url" readonly value="{p1_url}?ref={code}""#);
    assert!(html.contains(&expected), "{expected} missing: {html}");

    let script = app
        .request(Method::GET, "/assets/share.js")
        .send()
        .await
        .expect("script");
    assert_eq!(script.status(), StatusCode::OK);
    assert_eq!(
        script.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    assert!(
        script.headers()["cache-control"]
            .to_str()
            .expect("ascii")
            .contains("max-age=604800")
    );
    assert!(
        script
            .text()
            .await
            .expect("body")
            .contains("navigator.share")
    );
}

/// In Chromium without the Web Share API, Share copies the link (or, where the browser
/// refuses the clipboard, selects it) and says so in the live region; axe-core finds no
/// serious or critical violation with the control closed or open.
#[tokio::test]
async fn share_in_a_browser_without_web_share_copies_the_link() {
    let app = spawn_app(Backend::Sqlite).await;
    let shop = shop(&app, 10, "MILK,Milk,Fresh milk,2500,50\n").await;
    let share_url = product(&app, &shop, "MILK").await["share_url"]
        .as_str()
        .expect("share_url")
        .to_owned();
    let mut walk = Walk::phone("share-control", "en-GB,en").await;
    walk.browser.open(&share_url).await;
    walk.browser.wait_for("#share-button").await;
    walk.check_accessibility("share-closed").await;
    walk.browser
        .client()
        .execute(
            "delete Navigator.prototype.share; delete navigator.share;",
            Vec::new(),
        )
        .await
        .expect("no Web Share");

    walk.tab_to("share-button").await;
    walk.keys(&fantoccini::key::Key::Enter).await;
    let mut status = String::new();
    for _ in 0..50 {
        status = walk.browser.text("#share-status").await;
        if !status.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        ["Link copied", "The link is selected: copy it to share."].contains(&status.as_str()),
        "{status:?}"
    );
    assert!(
        walk.browser.attr("#share", "open").await.is_some(),
        "the link is shown"
    );
    assert_eq!(
        walk.browser.attr("#share-link", "value").await.as_deref(),
        Some(share_url.as_str())
    );
    walk.browser.shot("share-open").await;
    walk.check_accessibility("share-open").await;
}

/// A customer made before codes were given at registration (or by an older node during
/// a rolling upgrade) gets a code when a node starts; staff never get one.
async fn customers_without_a_code_get_one_at_startup(backend: Backend) {
    use diesel::prelude::*;
    use virtual_shelf::db::schema::users;

    let app = spawn_app_with(backend, "").await;
    let (email, token) = register(&app, "early").await;
    let given = referral_code(&app, &token).await;
    let forgotten = email.clone();
    app.with_db(move |conn| {
        diesel::update(users::table.filter(users::email.eq(forgotten)))
            .set(users::referral_code.eq(None::<String>))
            .execute(conn)
    })
    .await
    .expect("an account from before codes");
    assert_eq!(app.me(&token).await["referral_code"], Value::Null);

    let _restarted = app.sibling("").await;
    let code = referral_code(&app, &token).await;
    assert_ne!(code, given, "a new random code");
    assert_eq!(
        virtual_shelf::domain::posters::codes::normalize(&code).as_deref(),
        Some(code.as_str())
    );
    let staff_without = app
        .with_db(|conn| {
            users::table
                .filter(users::role.ne("customer"))
                .filter(users::referral_code.is_not_null())
                .count()
                .get_result::<i64>(conn)
        })
        .await
        .expect("staff");
    assert_eq!(staff_without, 0, "staff share nothing");
}
