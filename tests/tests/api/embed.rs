//! A shelf's embed page (`/embed/shelves/{id}`, SQLite: the page does not depend on the
//! backend): headers that let any site frame it and only it, under 50 KB for a full
//! shelf with nothing fetched from elsewhere and no script, buy links to the share pages
//! under channel `embed`, in Korean and English, a small 404 once the shelf is deleted,
//! and axe-core in a headless Chromium at phone and desktop widths; the oEmbed endpoint's
//! answer and errors.

use image::ImageFormat;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::console_browser::Walk;
use crate::helpers::{Backend, TestApp, expect_json, expect_problem, spawn_app};
use crate::images::{encoded, upload};
use crate::shelves::{create_shelf, product};
use virtual_shelf::app::pages::i18n::Lang;
use virtual_shelf::domain::money;

/// A retailer with `count` products (the first with a photo) and a shelf of all of them;
/// (retailer id, admin token, products, shelf).
async fn shelf_of(app: &TestApp, count: usize) -> (String, String, Vec<Value>, Value) {
    let (rid, admin) = app.retailer_with_admin("선반 마트").await;
    let mut products = Vec::new();
    for i in 0..count {
        products.push(
            product(
                app,
                &rid,
                &admin,
                &format!("SKU-{i:02}"),
                1900 + 100 * i as i64,
            )
            .await,
        );
    }
    let response = upload(
        app,
        &rid,
        &admin,
        "SKU-00",
        encoded(ImageFormat::Png, 64, 64),
    )
    .await;
    assert!(response.status().is_success(), "{}", response.status());
    let skus: Vec<String> = (0..count).map(|i| format!("SKU-{i:02}")).collect();
    let shelf = create_shelf(
        app,
        &rid,
        &admin,
        json!({"name": "민지의 부엌", "skus": skus}),
    )
    .await;
    let products = expect_json(
        app.authed(
            Method::GET,
            &format!("/v1/retailers/{rid}/products"),
            &admin,
        )
        .send()
        .await
        .expect("products"),
        StatusCode::OK,
    )
    .await["items"]
        .as_array()
        .expect("items")
        .clone();
    (rid, admin, products, shelf)
}

async fn get(app: &TestApp, url: &str, accept_language: &str) -> reqwest::Response {
    app.client
        .get(url)
        .header("accept-language", accept_language)
        .send()
        .await
        .expect("get")
}

/// `text` with the HTML escapes of `&` undone (askama writes `&#38;`).
fn unescape(text: &str) -> String {
    text.replace("&#38;", "&").replace("&amp;", "&")
}

/// The values of `attribute` of the elements of `class` (`class="…"` first), unescaped.
fn attributes(html: &str, class: &str, attribute: &str) -> Vec<String> {
    html.split(&format!(r#"class="{class}""#))
        .skip(1)
        .filter_map(|rest| {
            let element = rest.split('>').next()?;
            let value = element.split(&format!(r#"{attribute}=""#)).nth(1)?;
            Some(unescape(value.split('"').next()?))
        })
        .collect()
}

#[tokio::test]
async fn the_embed_page_is_small_framable_and_sells_under_the_embed_channel() {
    let app = spawn_app(Backend::Sqlite).await;
    let (rid, admin, products, shelf) = shelf_of(&app, 24).await;
    let id = shelf["id"].as_str().expect("id");
    let url = shelf["embed_url"].as_str().expect("embed url");

    let response = get(&app, url, "ko-KR,ko;q=0.9").await;
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers().clone();
    let policy = headers["content-security-policy"].to_str().expect("ascii");
    assert!(policy.contains("frame-ancestors *"), "{policy}");
    assert!(!policy.contains("frame-ancestors 'none'"), "{policy}");
    assert!(policy.contains("default-src 'none'"), "{policy}");
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(
        headers["referrer-policy"],
        "strict-origin-when-cross-origin"
    );
    assert!(headers.get("x-frame-options").is_none());
    assert!(
        headers["content-type"]
            .to_str()
            .expect("ascii")
            .starts_with("text/html")
    );
    let html = response.text().await.expect("body");

    assert!(html.len() < 50 * 1024, "{} bytes", html.len());
    assert!(!html.contains("<script"), "no script");
    assert!(
        !html.contains("@font-face") && !html.contains("@import"),
        "no fetched CSS"
    );
    assert!(!html.contains("=\"//"), "no protocol-relative URL");
    for scheme in ["http://", "https://"] {
        for (at, _) in html.match_indices(scheme) {
            assert!(
                html[at..].starts_with(&app.address),
                "a URL outside this origin: {}",
                &html[at..(at + 60).min(html.len())]
            );
        }
    }
    assert!(html.contains(r#"<html lang="ko">"#));
    assert!(html.contains("<h1>민지의 부엌</h1>"), "{html}");

    // Every product, in shelf order, with today's price and a buy link to its share page.
    let buy = attributes(&html, "buy", "href");
    let expected: Vec<String> = products
        .iter()
        .map(|p| {
            format!(
                "{}?utm_medium=embed&utm_source={id}",
                p["share_url"].as_str().expect("url")
            )
        })
        .collect();
    assert_eq!(buy, expected);
    assert_eq!(
        html.matches(r#"target="_blank" rel="noopener""#).count(),
        24
    );
    assert_eq!(html.matches(">구매<").count(), 24, "{html}");
    for p in &products {
        let price = money::format(
            p["price"]["amount_minor"].as_i64().expect("minor"),
            "KRW",
            Lang::Ko.locale(),
        );
        assert!(
            html.contains(&format!(r#"<p class="price">{price}</p>"#)),
            "{price}"
        );
    }
    let photo = products[0]["image_url"].as_str().expect("a photo");
    assert_eq!(attributes(&html, "photo", "src"), [photo]);
    assert!(html.contains(&format!(r#"src="{photo}" alt="" loading="lazy""#)));

    // oEmbed discovery names this page.
    let discovery = html
        .split(r#"<link rel="alternate" type="application/json+oembed" href=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .map(unescape)
        .expect("a discovery link");
    let oembed = expect_json(
        app.client.get(&discovery).send().await.expect("oembed"),
        StatusCode::OK,
    )
    .await;
    assert_eq!(oembed["title"], "민지의 부엌");

    // English by the reader's language, or by the blogger's `?lang=`.
    let english = get(&app, url, "en-US,en").await.text().await.expect("body");
    assert!(english.contains(r#"<html lang="en">"#) && english.contains(">Buy<"));
    let price = money::format(
        products[1]["price"]["amount_minor"]
            .as_i64()
            .expect("minor"),
        "KRW",
        Lang::En.locale(),
    );
    assert!(english.contains(&price), "{price}");
    let chosen = get(&app, &format!("{url}?lang=en"), "ko")
        .await
        .text()
        .await
        .expect("body");
    assert!(chosen.contains(">Buy<") && !chosen.contains("구매"));

    // Inactive and deleted products are left out.
    let response = app
        .authed(
            Method::PATCH,
            &format!("/v1/retailers/{rid}/products/SKU-03"),
            &admin,
        )
        .json(&json!({"active": false}))
        .send()
        .await
        .expect("deactivate");
    expect_json(response, StatusCode::OK).await;
    let response = app
        .authed(
            Method::DELETE,
            &format!("/v1/retailers/{rid}/products/SKU-04"),
            &admin,
        )
        .send()
        .await
        .expect("delete product");
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let html = get(&app, url, "en").await.text().await.expect("body");
    let shown: Vec<String> = attributes(&html, "buy", "href");
    assert_eq!(shown.len(), 22);
    for gone in [&products[3], &products[4]] {
        assert!(
            !html.contains(gone["share_url"].as_str().expect("url")),
            "{gone}"
        );
    }

    // Other pages still refuse to be framed.
    let share = app
        .client
        .get(products[0]["share_url"].as_str().expect("url"))
        .send()
        .await
        .expect("share page");
    let share_policy = share.headers()["content-security-policy"]
        .to_str()
        .expect("ascii");
    assert!(
        share_policy.ends_with("frame-ancestors 'none'"),
        "{share_policy}"
    );

    // A deleted shelf, like an unknown one, is a small 404 page that may still be framed.
    let response = app
        .authed(
            Method::DELETE,
            &format!("/v1/retailers/{rid}/shelves/{id}"),
            &admin,
        )
        .send()
        .await
        .expect("delete shelf");
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    for gone in [
        url.to_owned(),
        format!("{}/embed/shelves/no-such-shelf", app.address),
    ] {
        let response = get(&app, &gone, "en").await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        let policy = response.headers()["content-security-policy"]
            .to_str()
            .expect("ascii")
            .to_owned();
        assert!(policy.contains("frame-ancestors *"), "{policy}");
        let html = response.text().await.expect("body");
        assert!(
            html.contains("This shelf is not available") && html.len() < 4096,
            "{html}"
        );
        assert!(!html.contains("SKU-") && !html.contains("민지"));
    }
}

#[tokio::test]
async fn oembed_answers_for_live_shelves_of_this_site_only() {
    let app = spawn_app(Backend::Sqlite).await;
    let (rid, admin, _, shelf) = shelf_of(&app, 2).await;
    let id = shelf["id"].as_str().expect("id");
    let url = shelf["embed_url"].as_str().expect("embed url");
    let oembed = |query: Vec<(&'static str, String)>| {
        app.client
            .get(format!("{}/oembed", app.address))
            .query(&query)
            .send()
    };

    let answer = expect_json(
        oembed(vec![("url", url.to_owned())]).await.expect("oembed"),
        StatusCode::OK,
    )
    .await;
    assert_eq!(answer["type"], "rich");
    assert_eq!(answer["version"], "1.0");
    assert_eq!(answer["title"], "민지의 부엌");
    assert_eq!(answer["provider_name"], "선반 마트");
    assert_eq!(answer["provider_url"], app.address);
    assert_eq!(
        (answer["width"].as_u64(), answer["height"].as_u64()),
        (Some(600), Some(520))
    );
    assert!(answer["cache_age"].as_u64().is_some_and(|age| age > 0));
    let html = answer["html"].as_str().expect("html");
    assert!(
        html.starts_with(&format!(r#"<iframe src="{url}" "#)),
        "{html}"
    );
    assert!(
        html.contains("width:600px") && html.contains("height:520px"),
        "{html}"
    );

    // The consumer's limits are kept; a query on the pasted URL is no obstacle.
    let small = expect_json(
        oembed(vec![
            ("url", format!("{url}?lang=ko")),
            ("maxwidth", "320".into()),
            ("maxheight", "300".into()),
            ("format", "json".into()),
        ])
        .await
        .expect("oembed"),
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (small["width"].as_u64(), small["height"].as_u64()),
        (Some(320), Some(300))
    );
    assert!(
        small["html"]
            .as_str()
            .expect("html")
            .contains("width:320px;max-width:100%;height:300px")
    );

    let response = oembed(vec![("url", url.to_owned()), ("format", "xml".into())])
        .await
        .expect("xml");
    expect_problem(response, StatusCode::NOT_IMPLEMENTED, "not_implemented").await;
    let response = oembed(vec![]).await.expect("no url");
    expect_problem(response, StatusCode::BAD_REQUEST, "bad_request").await;
    let response = oembed(vec![("url", url.to_owned()), ("maxwidth", "wide".into())])
        .await
        .expect("bad width");
    expect_problem(response, StatusCode::BAD_REQUEST, "bad_request").await;
    for wrong in [
        url.replace("127.0.0.1", "evil.example"),
        format!("https://evil.example/embed/shelves/{id}"),
        format!("{}/embed/shelves/no-such-shelf", app.address),
        format!("{}/p/{id}", app.address),
        format!("{}/embed/shelves/{id}/more", app.address),
    ] {
        let response = oembed(vec![("url", wrong.clone())])
            .await
            .expect("wrong url");
        expect_problem(response, StatusCode::NOT_FOUND, "not_found").await;
    }

    let response = app
        .authed(
            Method::DELETE,
            &format!("/v1/retailers/{rid}/shelves/{id}"),
            &admin,
        )
        .send()
        .await
        .expect("delete shelf");
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = oembed(vec![("url", url.to_owned())])
        .await
        .expect("deleted");
    expect_problem(response, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn the_embed_page_reflows_and_passes_axe_from_phone_to_desktop() {
    let app = spawn_app(Backend::Sqlite).await;
    let (_, _, _, shelf) = shelf_of(&app, 12).await;
    let url = shelf["embed_url"].as_str().expect("embed url");
    let mut columns = Vec::new();
    for (name, width) in [("embed-280", 280), ("embed-1200", 1200)] {
        let mut walk = Walk::desktop(name, "ko-KR,ko", width, 700).await;
        walk.browser.open(url).await;
        walk.browser.wait_for(".grid").await;
        walk.browser.shot(name).await;
        walk.check_accessibility(name).await;
        let layout = walk
            .browser
            .client()
            .execute(
                "return [getComputedStyle(document.querySelector('.grid')).gridTemplateColumns.split(' ').length,
                         document.documentElement.scrollWidth, window.innerWidth];",
                Vec::new(),
            )
            .await
            .expect("layout");
        let [count, scroll, inner] = [0, 1, 2].map(|i| layout[i].as_u64().expect("number"));
        assert!(
            scroll <= inner,
            "{name}: no sideways scrolling ({scroll} > {inner})"
        );
        columns.push(count);
    }
    assert!(
        columns[0] <= 2 && columns[1] >= 6,
        "columns at 280 and 1200 px: {columns:?}"
    );
}
