//! A shelf's embed page (`/embed/shelves/{id}`, SQLite: the page does not depend on the
//! backend): headers that let any site frame it and only it, under 50 KB for a full
//! shelf with nothing fetched from elsewhere and no script, buy links to the share pages
//! under channel `embed`, in Korean and English, a small 404 once the shelf is deleted,
//! and axe-core in a headless Chromium at phone and desktop widths; the oEmbed endpoint's
//! answer and errors.

use fantoccini::key::Key;
use image::ImageFormat;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::console::{Console, csrf_of, location, page, user};
use crate::console_browser::Walk;
use crate::helpers::{Backend, DEMO_PASSWORD, TestApp, expect_json, expect_problem, spawn_app};
use crate::images::{encoded, upload};
use crate::shelves::{create_shelf, product};
use virtual_shelf::app::pages::i18n::Lang;
use virtual_shelf::domain::accounts::Role;
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

/// `text` with the HTML escapes that askama and the snippet write undone (`&` last).
fn unescape(text: &str) -> String {
    [
        ("&#60;", "<"),
        ("&#62;", ">"),
        ("&#34;", "\""),
        ("&#39;", "'"),
    ]
    .into_iter()
    .chain([
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&apos;", "'"),
    ])
    .chain([("&#38;", "&"), ("&amp;", "&")])
    .fold(text.to_owned(), |text, (escape, plain)| {
        text.replace(escape, plain)
    })
}

/// The values of `attribute` of the elements whose tag holds `marker` (`class="buy"`,
/// `id="embed-url"`) before it, unescaped.
fn attributes(html: &str, marker: &str, attribute: &str) -> Vec<String> {
    html.split(marker)
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
    assert_eq!(
        (&headers["cache-control"], &headers["vary"]),
        (
            &"public, max-age=60".parse().expect("value"),
            &"Accept-Language".parse().expect("value")
        ),
        "the same for every reader: caches keep it a minute"
    );
    assert!(
        headers.get("set-cookie").is_none(),
        "nothing personal in it"
    );
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
    let buy = attributes(&html, r#"class="buy""#, "href");
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
    assert_eq!(attributes(&html, r#"class="photo""#, "src"), [photo]);
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
    // Never by the language switch's cookie, which caches do not key on: a staff
    // member's Korean preview must not be what English readers get from a cache.
    let previewed = app
        .client
        .get(url)
        .header("accept-language", "en")
        .header("cookie", "shelf_lang=ko")
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("body");
    assert!(previewed.contains(r#"<html lang="en">"#) && previewed.contains(">Buy<"));

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
    let shown: Vec<String> = attributes(&html, r#"class="buy""#, "href");
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
    for other in ["yaml", ""] {
        let response = oembed(vec![("url", url.to_owned()), ("format", other.into())])
            .await
            .expect("other format");
        expect_problem(response, StatusCode::BAD_REQUEST, "bad_request").await;
    }
    let response = oembed(vec![("url", url.to_owned()), ("format", "json".into())])
        .await
        .expect("json");
    assert_eq!(response.status(), StatusCode::OK);
    let response = oembed(vec![]).await.expect("no url");
    expect_problem(response, StatusCode::BAD_REQUEST, "bad_request").await;
    for (name, value) in [("maxwidth", "wide"), ("maxwidth", "0"), ("maxheight", "-5")] {
        let response = oembed(vec![("url", url.to_owned()), (name, value.into())])
            .await
            .expect("bad size");
        expect_problem(response, StatusCode::BAD_REQUEST, "bad_request").await;
    }
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

/// The shelves of the retailer as the JSON API lists them.
async fn shelves_of(app: &TestApp, rid: &str, token: &str) -> Vec<Value> {
    let response = app
        .authed(Method::GET, &format!("/v1/retailers/{rid}/shelves"), token)
        .send()
        .await
        .expect("shelves");
    expect_json(response, StatusCode::OK).await["items"]
        .as_array()
        .expect("items")
        .clone()
}

fn skus_of(shelf: &Value) -> Vec<&str> {
    shelf["products"]
        .as_array()
        .expect("products")
        .iter()
        .map(|p| p["sku"].as_str().expect("sku"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn console_shelves_are_made_changed_and_deleted_with_forms() {
    let app = spawn_app(Backend::Sqlite).await;
    let (shop, token) = app.retailer_with_admin("선반 마트").await;
    for (sku, price) in [("APPLE", 3900), ("BREAD", 2500), ("CHEESE", 12000)] {
        product(&app, &shop, &token, sku, price).await;
    }
    let list = format!("/console/r/{shop}/shelves");
    let admin = user(&app, Role::RetailerAdmin, Some(&shop)).await;
    let mut console = Console::new(&app, "ko");
    console.sign_in(&admin, DEMO_PASSWORD).await;

    let empty = page(console.get(&list).await, StatusCode::OK).await;
    assert!(
        empty.contains(r#"id="no-shelves""#) && empty.contains("선반 만들기"),
        "{empty}"
    );
    assert!(
        empty.contains(&format!(r#"href="{list}" aria-current="page""#)),
        "{empty}"
    );
    for (index, sku) in ["APPLE", "BREAD", "CHEESE"].iter().enumerate() {
        assert!(
            empty.contains(&format!(r#"id="pos-{index}" name="pos.{sku}""#)),
            "{empty}"
        );
    }
    let csrf = csrf_of(&empty);

    // Refused forms: no token, no name and no product, a position that is no number.
    page(
        console
            .post(&list, &[("name", "X"), ("pos.APPLE", "1")])
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let refused = page(
        console
            .post(&list, &[("csrf", &csrf), ("name", " "), ("pos.APPLE", "")])
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(refused.contains(r#"id="not-done""#), "{refused}");
    assert!(
        refused.contains(r#"id="name-error""#) && refused.contains("이름을 1자에서 80자"),
        "{refused}"
    );
    assert!(
        refused.contains(r#"id="skus-error""#) && refused.contains("1개에서 24개"),
        "{refused}"
    );
    let refused = page(
        console
            .post(
                &list,
                &[
                    ("csrf", &csrf),
                    ("name", "민지"),
                    ("pos.APPLE", "x"),
                    ("pos.BREAD", "30"),
                ],
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(
        refused.contains(r#"id="pos-0-error""#) && refused.contains(r#"id="pos-1-error""#),
        "{refused}"
    );
    assert!(!refused.contains(r#"id="pos-2-error""#), "{refused}");
    assert_eq!(
        attributes(&refused, r#"id="name""#, "value"),
        ["민지"],
        "kept as typed"
    );
    assert_eq!(attributes(&refused, r#"id="pos-0""#, "value"), ["x"]);
    assert!(
        shelves_of(&app, &shop, &token).await.is_empty(),
        "nothing was made"
    );

    // Made: the products given a position, in its order.
    let made = console
        .post(
            &list,
            &[
                ("csrf", &csrf),
                ("name", "민지의 부엌"),
                ("pos.APPLE", "2"),
                ("pos.BREAD", "1"),
                ("pos.CHEESE", ""),
            ],
        )
        .await;
    assert_eq!(made.status(), StatusCode::SEE_OTHER);
    let shelf_path = location(&made).split('?').next().expect("path").to_owned();
    let stored = shelves_of(&app, &shop, &token).await;
    assert_eq!(stored.len(), 1);
    let id = stored[0]["id"].as_str().expect("id");
    assert_eq!(shelf_path, format!("{list}/{id}"));
    assert_eq!(skus_of(&stored[0]), ["BREAD", "APPLE"]);
    let shown = page(console.get(location(&made)).await, StatusCode::OK).await;
    assert!(shown.contains(r#"id="notice""#), "{shown}");
    let snippet = stored[0]["embed_snippet"].as_str().expect("snippet");
    let textarea = shown
        .split(r#"<textarea id="snippet" rows="4" cols="80" readonly>"#)
        .nth(1)
        .and_then(|rest| rest.split("</textarea>").next())
        .expect("the snippet box");
    assert_eq!(unescape(textarea), snippet);
    let embed_url = stored[0]["embed_url"].as_str().expect("url");
    assert_eq!(
        attributes(&shown, r#"id="embed-url""#, "value"),
        [embed_url]
    );
    assert!(
        shown.contains(&format!(
            r#"<a href="{embed_url}" target="_blank" rel="noopener" id="preview">"#
        )),
        "{shown}"
    );
    assert_eq!(
        attributes(&shown, r#"id="pos-1""#, "value"),
        ["1"],
        "BREAD first"
    );
    assert_eq!(attributes(&shown, r#"id="pos-0""#, "value"), ["2"]);
    let listed = page(console.get(&list).await, StatusCode::OK).await;
    assert!(
        listed.contains(&format!(r#"<a href="{shelf_path}">민지의 부엌</a>"#)),
        "{listed}"
    );

    // The chooser lists what a search finds, with the shelf's own products; a refused
    // form keeps its search.
    let found = page(console.get(&format!("{list}?q=chee")).await, StatusCode::OK).await;
    assert!(found.contains(r#"name="pos.CHEESE""#), "{found}");
    assert!(!found.contains(r#"name="pos.APPLE""#), "{found}");
    assert_eq!(attributes(&found, r#"id="q""#, "value"), ["chee"]);
    assert_eq!(
        attributes(&found, r#"type="hidden" name="q""#, "value"),
        ["chee"]
    );
    let own = page(
        console.get(&format!("{shelf_path}?q=chee")).await,
        StatusCode::OK,
    )
    .await;
    for sku in ["CHEESE", "BREAD", "APPLE"] {
        assert!(
            own.contains(&format!(r#"name="pos.{sku}""#)),
            "{sku}: {own}"
        );
    }
    let refused = page(
        console
            .post(
                &list,
                &[
                    ("csrf", &csrf),
                    ("q", "chee"),
                    ("name", ""),
                    ("pos.CHEESE", "1"),
                ],
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(attributes(&refused, r#"id="q""#, "value"), ["chee"]);
    assert!(!refused.contains(r#"name="pos.APPLE""#), "{refused}");
    assert_eq!(attributes(&refused, r#"name="pos.CHEESE""#, "value"), ["1"]);
    assert_eq!(
        shelves_of(&app, &shop, &token).await.len(),
        1,
        "nothing more was made"
    );

    // Changed; a refused change leaves it as it was.
    let csrf = csrf_of(&shown);
    let saved = console
        .post(
            &shelf_path,
            &[
                ("csrf", &csrf),
                ("name", "Jun"),
                ("pos.CHEESE", "1"),
                ("pos.APPLE", "2"),
                ("pos.BREAD", ""),
            ],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert!(location(&saved).ends_with("?done=saved"));
    let stored = shelves_of(&app, &shop, &token).await;
    assert_eq!(
        (stored[0]["name"].as_str(), skus_of(&stored[0])),
        (Some("Jun"), vec!["CHEESE", "APPLE"])
    );
    let long = "n".repeat(81);
    let refused = page(
        console
            .post(
                &shelf_path,
                &[("csrf", &csrf), ("name", &long), ("pos.BREAD", "1")],
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(
        refused.contains(r#"id="name-error""#) && !refused.contains(r#"id="skus-error""#),
        "{refused}"
    );
    assert_eq!(shelves_of(&app, &shop, &token).await, stored, "unchanged");

    // An operator reads the shelf and its code in English, and may change nothing.
    let operator = user(&app, Role::Operator, Some(&shop)).await;
    let mut reader = Console::new(&app, "en");
    reader.sign_in(&operator, DEMO_PASSWORD).await;
    let read_list = page(reader.get(&list).await, StatusCode::OK).await;
    assert!(
        read_list.contains(r#"id="read-only""#)
            && !read_list.contains("<form method=\"post\" action=\"/console/r/"),
        "{read_list}"
    );
    let read = page(reader.get(&shelf_path).await, StatusCode::OK).await;
    assert!(
        read.contains(r#"id="snippet""#) && read.contains(r#"id="shelf-products""#),
        "{read}"
    );
    assert!(
        !read.contains(r#"id="shelf-form""#) && !read.contains(r#"id="delete-form""#),
        "{read}"
    );
    assert!(
        read.contains("Products on the shelf") && read.contains("CHEESE"),
        "{read}"
    );
    let reader_csrf = csrf_of(&read);
    for (path, form) in [
        (
            list.clone(),
            vec![
                ("csrf", reader_csrf.as_str()),
                ("name", "Op"),
                ("pos.APPLE", "1"),
            ],
        ),
        (
            shelf_path.clone(),
            vec![
                ("csrf", reader_csrf.as_str()),
                ("name", "Op"),
                ("pos.APPLE", "1"),
            ],
        ),
        (
            format!("{shelf_path}/delete"),
            vec![("csrf", reader_csrf.as_str()), ("confirm", "on")],
        ),
    ] {
        page(reader.post(&path, &form).await, StatusCode::FORBIDDEN).await;
    }
    assert_eq!(shelves_of(&app, &shop, &token).await, stored, "unchanged");

    // Another retailer's admin finds no such shelf.
    let (other, _) = app.retailer_with_admin("Other Mart").await;
    let stranger = user(&app, Role::RetailerAdmin, Some(&other)).await;
    let mut outsider = Console::new(&app, "en");
    outsider.sign_in(&stranger, DEMO_PASSWORD).await;
    let own = page(
        outsider.get(&format!("/console/r/{other}/shelves")).await,
        StatusCode::OK,
    )
    .await;
    page(outsider.get(&shelf_path).await, StatusCode::NOT_FOUND).await;
    page(
        outsider
            .get(&format!("/console/r/{other}/shelves/{id}"))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let form = [("csrf", csrf_of(&own)), ("confirm", "on".to_owned())];
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    page(
        outsider
            .post(&format!("/console/r/{other}/shelves/{id}/delete"), &form)
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(shelves_of(&app, &shop, &token).await, stored, "unchanged");

    // Deleting needs the confirmation.
    let delete = format!("{shelf_path}/delete");
    let unconfirmed = page(
        console.post(&delete, &[("csrf", &csrf)]).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(
        unconfirmed.contains(r#"id="confirm-error""#)
            && unconfirmed.contains("확인란을 선택하세요"),
        "{unconfirmed}"
    );
    assert!(!unconfirmed.contains(r#"id="not-done""#), "{unconfirmed}");
    assert_eq!(shelves_of(&app, &shop, &token).await, stored, "unchanged");
    let deleted = console
        .post(&delete, &[("csrf", &csrf), ("confirm", "on")])
        .await;
    assert_eq!(deleted.status(), StatusCode::SEE_OTHER);
    assert!(shelves_of(&app, &shop, &token).await.is_empty());
    let after = page(console.get(location(&deleted)).await, StatusCode::OK).await;
    assert!(
        after.contains(r#"id="notice""#) && after.contains(r#"id="no-shelves""#),
        "{after}"
    );
    page(console.get(&shelf_path).await, StatusCode::NOT_FOUND).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn console_shelves_with_the_keyboard_and_axe() {
    let app = spawn_app(Backend::Sqlite).await;
    let (shop, token) = app.retailer_with_admin("선반 브라우저 마트").await;
    for sku in ["APPLE", "BREAD"] {
        product(&app, &shop, &token, sku, 1000).await;
    }
    let admin = user(&app, Role::RetailerAdmin, Some(&shop)).await;
    let mut walk = Walk::desktop("console-shelves", "ko-KR,ko", 1280, 800).await;
    walk.browser
        .open(&format!("{}/console/r/{shop}/shelves", app.address))
        .await;
    walk.browser.wait_for("#email").await;
    walk.sign_in(&admin).await;
    walk.browser.wait_for("#no-shelves").await;
    walk.check_accessibility("shelves-empty").await;

    // A refused form first: the errors at their fields.
    walk.tab_to("save-shelf").await;
    walk.keys(&Key::Enter).await;
    walk.browser.wait_for("#name-error").await;
    walk.browser.shot("shelves-refused").await;
    walk.check_accessibility("shelves-refused").await;

    walk.tab_to("name").await;
    walk.keys("민지의 부엌").await;
    walk.tab_to("pos-1").await;
    walk.keys("1").await;
    walk.tab_to("pos-0").await;
    walk.keys("2").await;
    walk.tab_to("save-shelf").await;
    walk.keys(&Key::Enter).await;
    walk.browser.wait_for("#snippet").await;
    walk.browser.shot("shelf").await;
    walk.check_accessibility("shelf").await;
    let stored = shelves_of(&app, &shop, &token).await;
    assert_eq!(skus_of(&stored[0]), ["BREAD", "APPLE"]);
}
