//! The console's posters and placements over plain HTTP (pages on SQLite; the JSON
//! endpoints they share with API clients on both backends): a draft built through the
//! builder's buttons (search, add, move, remove, add all found), its preview image and
//! preflight findings beside the product they concern, save as version 1 and edit to
//! version 2, the print files, retire behind a question, placements with a refused window
//! and an edited cost, and what operators, other retailers and forged forms get; the
//! builder in a real browser with the keyboard, axe-core on every poster page.

use fantoccini::key::Key;
use reqwest::header::CONTENT_TYPE;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::console::{Console, csrf_of, location, page, user};
use crate::console_browser::Walk;
use crate::helpers::{Backend, DEMO_PASSWORD, TestApp, expect_json, expect_problem, spawn_app};
use crate::on_both_backends;
use virtual_shelf::domain::accounts::Role;
use virtual_shelf::domain::posters::versions;

/// A name long enough to be shortened on any label.
const LONG_NAME: &str = "Extra large family pack of hand-picked organic Jeju tangerines with \
leaves, washed, sorted by size and packed in a reusable wooden crate for the holidays";

/// A shop of four short-named products (`SKU-001`…) and one long-named (`SKU-LONG`):
/// (shop, admin token).
async fn shop(app: &TestApp) -> (String, String) {
    let (shop, token) = app.retailer_with_admin("Poster Mart").await;
    let mut csv = String::from("sku,name,description,price_minor,stock_on_hand\n");
    for i in 1..=4 {
        csv.push_str(&format!("SKU-00{i},Milk {i},Fresh,{},10\n", 1000 + i));
    }
    csv.push_str(&format!("SKU-LONG,\"{LONG_NAME}\",Sweet,25000,10\n"));
    expect_json(app.import_csv(&shop, &token, csv).await, StatusCode::OK).await;
    (shop, token)
}

/// The draft a builder page carries: its hidden `sku` fields, in order.
fn draft_of(html: &str) -> Vec<String> {
    html.split("<input type=\"hidden\" name=\"sku\" value=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().expect("value").to_owned())
        .collect()
}

/// The builder at `path` posted with `design`, `skus` and one button (`extra`).
async fn build(
    browser: &mut Console<'_>,
    path: &str,
    csrf: &str,
    design: &[(&str, &str)],
    skus: &[String],
    extra: &[(&str, &str)],
) -> reqwest::Response {
    let mut form: Vec<(&str, &str)> = vec![("csrf", csrf)];
    form.extend_from_slice(design);
    form.extend(skus.iter().map(|sku| ("sku", sku.as_str())));
    form.extend_from_slice(extra);
    browser.post(path, &form).await
}

/// The part of `html` from the element with `id` to the end of its table row.
fn row<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no {id} in {html}"));
    let rest = &html[start..];
    &rest[..rest.find("</tr>").unwrap_or(rest.len())]
}

const DESIGN: [(&str, &str); 4] = [
    ("title", "Winter shelf"),
    ("page_size", "A1"),
    ("layout", "auto"),
    ("scan_distance_m", "1"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_poster_is_built_previewed_saved_revised_printed_and_retired() {
    let app = spawn_app(Backend::Sqlite).await;
    let (shop, _) = shop(&app).await;
    let admin = user(&app, Role::RetailerAdmin, Some(&shop)).await;
    let mut browser = Console::new(&app, "en");
    assert_eq!(
        browser.sign_in(&admin, DEMO_PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    let list = page(
        browser.get(&format!("/console/r/{shop}/posters")).await,
        StatusCode::OK,
    )
    .await;
    assert!(list.contains("id=\"no-posters\"") && list.contains("id=\"new-poster\""));
    let new = format!("/console/r/{shop}/posters/new");
    let form = page(browser.get(&new).await, StatusCode::OK).await;
    let csrf = csrf_of(&form);
    assert!(draft_of(&form).is_empty());

    // Every button re-renders the builder with one change; the draft is in the form.
    let mut draft: Vec<String> = Vec::new();
    let found = page(
        build(
            &mut browser,
            &new,
            &csrf,
            &DESIGN,
            &draft,
            &[("q", "SKU-00"), ("op", "search")],
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(found.contains("id=\"add-SKU-001\"") && !found.contains("id=\"add-SKU-LONG\""));
    // Enter in the search field presses "update preview": the results show all the same.
    let entered = page(
        build(
            &mut browser,
            &new,
            &csrf,
            &DESIGN,
            &draft,
            &[("q", "LONG"), ("op", "refresh")],
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(entered.contains("id=\"add-SKU-LONG\"") && !entered.contains("id=\"add-SKU-001\""));
    for sku in ["SKU-003", "SKU-001", "SKU-LONG"] {
        let html = page(
            build(&mut browser, &new, &csrf, &DESIGN, &draft, &[("add", sku)]).await,
            StatusCode::OK,
        )
        .await;
        draft = draft_of(&html);
    }
    assert_eq!(draft, ["SKU-003", "SKU-001", "SKU-LONG"]);
    let steps: [(&str, &str, [&str; 3]); 2] = [
        ("up", "1", ["SKU-001", "SKU-003", "SKU-LONG"]),
        ("down", "1", ["SKU-001", "SKU-LONG", "SKU-003"]),
    ];
    for (button, index, expected) in steps {
        let html = page(
            build(
                &mut browser,
                &new,
                &csrf,
                &DESIGN,
                &draft,
                &[(button, index)],
            )
            .await,
            StatusCode::OK,
        )
        .await;
        draft = draft_of(&html);
        assert_eq!(draft, expected, "{button} {index}");
    }
    let html = page(
        build(
            &mut browser,
            &new,
            &csrf,
            &DESIGN,
            &draft,
            &[("remove", "2")],
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(draft_of(&html), ["SKU-001", "SKU-LONG"]);
    draft = draft_of(&html);
    let html = page(
        build(
            &mut browser,
            &new,
            &csrf,
            &DESIGN,
            &draft,
            &[("q", "SKU-00"), ("op", "add_found")],
        )
        .await,
        StatusCode::OK,
    )
    .await;
    draft = draft_of(&html);
    assert_eq!(
        draft,
        ["SKU-001", "SKU-LONG", "SKU-002", "SKU-003", "SKU-004"]
    );

    // The preflight's finding sits beside the product it concerns.
    let long_row = row(&html, "draft-1");
    assert!(long_row.contains("id=\"findings-1\""), "{long_row}");
    assert!(long_row.contains("Text shortened"), "{long_row}");
    assert!(!row(&html, "draft-0").contains("findings-0"));
    assert!(
        !html.contains("id=\"findings-poster\""),
        "prints as designed"
    );

    // The preview is a PNG of the unsaved draft, drawn by a GET.
    let marker = "id=\"preview-1\" src=\"";
    let start = html.find(marker).expect("preview image") + marker.len();
    let src = html[start..]
        .split('"')
        .next()
        .expect("src")
        .replace("&#38;", "&");
    assert!(src.starts_with(&format!("/console/r/{shop}/posters/preview.png?")));
    let preview = browser.get(&src).await;
    assert_eq!(preview.status(), StatusCode::OK);
    assert_eq!(preview.headers()[CONTENT_TYPE], "image/png");
    let image = image::load_from_memory(&preview.bytes().await.expect("png")).expect("decodes");
    assert!(
        image.width() > 100 && image.height() > image.width(),
        "A4 standing"
    );

    // Codes too small for the distance: a poster-wide finding, the preview still drawn.
    let far = [DESIGN[0], DESIGN[1], DESIGN[2], ("scan_distance_m", "10")];
    let html = page(
        build(
            &mut browser,
            &new,
            &csrf,
            &far,
            &draft,
            &[("op", "refresh")],
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(html.contains("id=\"findings-poster\""), "{html}");
    assert!(html.contains("QR code too small for the scan distance"));
    assert!(html.contains("id=\"preview-1\""));

    // A refused save shows the error beside its field and stores nothing.
    let untitled = [("title", " "), DESIGN[1], DESIGN[2], DESIGN[3]];
    let html = page(
        build(
            &mut browser,
            &new,
            &csrf,
            &untitled,
            &draft,
            &[("op", "save")],
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(html.contains("id=\"title-error\"") && html.contains("Enter a title of 1 to 120"));
    assert_eq!(draft_of(&html), draft);
    let list = page(
        browser.get(&format!("/console/r/{shop}/posters")).await,
        StatusCode::OK,
    )
    .await;
    assert!(list.contains("id=\"no-posters\""));

    // No CSRF token: refused.
    let forged = browser
        .post(
            &new,
            &[("title", "Forged"), ("sku", "SKU-001"), ("op", "save")],
        )
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);

    // Save: version 1.
    let saved = build(
        &mut browser,
        &new,
        &csrf,
        &DESIGN,
        &draft,
        &[("op", "save")],
    )
    .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let poster_path = location(&saved).to_owned();
    let id = poster_path.rsplit('/').next().expect("id").to_owned();
    let html = page(browser.get(&poster_path).await, StatusCode::OK).await;
    assert!(
        html.contains("Version 1 · A1 portrait · auto · 1 m")
            && html.contains("Version 1: 5 products")
    );
    assert!(html.contains("id=\"edit\"") && html.contains("id=\"retire\""));

    // Edit: the builder starts from version 1; saving makes version 2.
    let edit = format!("{poster_path}/edit");
    let html = page(browser.get(&edit).await, StatusCode::OK).await;
    assert_eq!(draft_of(&html), draft);
    let revised = build(
        &mut browser,
        &edit,
        &csrf,
        &DESIGN,
        &draft[1..],
        &[("op", "save")],
    )
    .await;
    assert_eq!(revised.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&revised), poster_path);
    let html = page(browser.get(&poster_path).await, StatusCode::OK).await;
    assert!(html.contains("Version 2: 4 products (current)"), "{html}");
    assert!(html.contains("Version 1: 5 products"));
    let list = page(
        browser.get(&format!("/console/r/{shop}/posters")).await,
        StatusCode::OK,
    )
    .await;
    let listed = row(&list, &format!("poster-{id}"));
    assert!(
        listed.contains("<td class=\"num\">2</td>") && listed.contains("<td class=\"num\">4</td>"),
        "{listed}"
    );

    // The print files, through the same printing as the JSON API.
    let pdf = browser.get(&format!("{poster_path}/print.pdf")).await;
    assert_eq!(pdf.status(), StatusCode::OK);
    assert_eq!(pdf.headers()[CONTENT_TYPE], "application/pdf");
    assert!(pdf.bytes().await.expect("pdf").starts_with(b"%PDF"));
    let svg = browser
        .get(&format!("{poster_path}/print.svg?page=0"))
        .await;
    assert_eq!(svg.headers()[CONTENT_TYPE], "image/svg+xml");

    // Placements: a window that ends before it starts is refused beside the field.
    let placement_new = format!("{poster_path}/placements/new");
    let html = page(browser.get(&placement_new).await, StatusCode::OK).await;
    assert!(html.contains("Asia/Seoul") || html.contains("Local time"));
    let start = (chrono::Utc::now() + chrono::Duration::days(10)).format("%Y-%m-%dT08:00");
    let early = (chrono::Utc::now() + chrono::Duration::days(5)).format("%Y-%m-%dT08:00");
    let end = (chrono::Utc::now() + chrono::Duration::days(40)).format("%Y-%m-%dT22:00");
    let (start, early, end) = (start.to_string(), early.to_string(), end.to_string());
    let fields = |ends_at: &str, cost: &str| -> Vec<(String, String)> {
        [
            ("csrf", csrf.as_str()),
            ("name", "Gangnam exit 11"),
            ("site", "Gangnam Station"),
            ("spot", "platform 2, wall B"),
            ("city", "Seoul"),
            ("latitude", "37.4979"),
            ("longitude", "127.0276"),
            ("starts_at", start.as_str()),
            ("ends_at", ends_at),
            ("cost", cost),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
    };
    let bad = fields(&early, "50000");
    let bad: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let html = page(
        browser.post(&placement_new, &bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(
        html.contains("id=\"ends_at-error\"") && html.contains("The end must be after the start")
    );
    assert!(
        html.contains("value=\"Gangnam exit 11\""),
        "typed fields kept"
    );
    // What the console cannot read and what the domain refuses, all at once.
    let unreadable = [
        ("csrf", csrf.as_str()),
        ("name", " "),
        ("latitude", "north"),
        ("longitude", "127.0276"),
        ("starts_at", "soon"),
        ("ends_at", end.as_str()),
        ("cost", "-5"),
    ];
    let html = page(
        browser.post(&placement_new, &unreadable).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    for field in ["name", "latitude", "starts_at", "cost"] {
        assert!(
            html.contains(&format!("id=\"{field}-error\"")),
            "{field}: {html}"
        );
    }
    assert!(html.contains("Enter a date and time") && !html.contains("id=\"ends_at-error\""));
    let good = fields(&end, "50000");
    let good: Vec<(&str, &str)> = good.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let created = browser.post(&placement_new, &good).await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let html = page(browser.get(&poster_path).await, StatusCode::OK).await;
    assert!(
        html.contains("Scheduled") && html.contains("₩50,000"),
        "{html}"
    );
    let at = html.find("id=\"placement-").expect("placement row") + "id=\"placement-".len();
    let pid = html[at..].split('"').next().expect("pid").to_owned();
    for file in ["print.pdf", "print.png?page=0", "print.svg?page=0"] {
        assert!(
            html.contains(&format!("/placements/{pid}/{file}")),
            "{file}"
        );
    }

    // Edit the cost: the form starts from what is stored, in local time.
    let placement_edit = format!("{poster_path}/placements/{pid}/edit");
    let html = page(browser.get(&placement_edit).await, StatusCode::OK).await;
    assert!(html.contains(&format!("value=\"{start}\"")), "{html}");
    assert!(html.contains("value=\"50000\""));
    let cheaper = fields(&end, "75,000");
    let cheaper: Vec<(&str, &str)> = cheaper
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        browser.post(&placement_edit, &cheaper).await.status(),
        StatusCode::SEE_OTHER
    );
    let html = page(browser.get(&poster_path).await, StatusCode::OK).await;
    assert!(html.contains("₩75,000") && !html.contains("₩50,000"));
    let pdf = browser
        .get(&format!("{poster_path}/placements/{pid}/print.pdf"))
        .await;
    assert_eq!(pdf.headers()[CONTENT_TYPE], "application/pdf");
    let png = browser
        .get(&format!(
            "{poster_path}/placements/{pid}/print.png?page=0&dpi=36"
        ))
        .await;
    assert_eq!(png.headers()[CONTENT_TYPE], "image/png");
    image::load_from_memory(&png.bytes().await.expect("png")).expect("decodes");

    // Operators read: no forms, and their posts are refused.
    let operator = user(&app, Role::Operator, Some(&shop)).await;
    let mut reader = Console::new(&app, "en");
    reader.sign_in(&operator, DEMO_PASSWORD).await;
    let html = page(reader.get(&poster_path).await, StatusCode::OK).await;
    assert!(html.contains("id=\"read-only\""));
    assert!(!html.contains("id=\"edit\"") && !html.contains("id=\"retire\""));
    assert!(!html.contains("id=\"new-placement\"") && !html.contains("/edit\""));
    page(reader.get(&new).await, StatusCode::FORBIDDEN).await;
    let reader_csrf = csrf_of(&html);
    let refused = build(
        &mut reader,
        &new,
        &reader_csrf,
        &DESIGN,
        &draft,
        &[("op", "save")],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let mut cheaper_by_operator = cheaper.clone();
    cheaper_by_operator[0] = ("csrf", reader_csrf.as_str());
    assert_eq!(
        reader
            .post(&placement_edit, &cheaper_by_operator)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        reader
            .post(
                &format!("{poster_path}/retire"),
                &[("csrf", reader_csrf.as_str())]
            )
            .await
            .status(),
        StatusCode::FORBIDDEN
    );

    // Another retailer's staff: the poster does not exist for them.
    let (other, _) = app.retailer_with_admin("Other Mart").await;
    let stranger = user(&app, Role::RetailerAdmin, Some(&other)).await;
    let mut outsider = Console::new(&app, "en");
    outsider.sign_in(&stranger, DEMO_PASSWORD).await;
    page(outsider.get(&poster_path).await, StatusCode::NOT_FOUND).await;
    page(
        outsider
            .get(&format!("/console/r/{other}/posters/{id}"))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let foreign_pdf = outsider
        .get(&format!("/console/r/{other}/posters/{id}/print.pdf"))
        .await;
    assert_eq!(foreign_pdf.status(), StatusCode::NOT_FOUND);

    // Retire: a question first, then the form; no token, no retirement.
    let question = page(
        browser.get(&format!("{poster_path}/retire")).await,
        StatusCode::OK,
    )
    .await;
    assert!(question.contains("id=\"confirm-retire\""));
    let forged = browser.post(&format!("{poster_path}/retire"), &[]).await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let html = page(browser.get(&poster_path).await, StatusCode::OK).await;
    assert!(html.contains("id=\"retire\""), "still active");
    let retired = browser
        .post(&format!("{poster_path}/retire"), &[("csrf", csrf.as_str())])
        .await;
    assert_eq!(retired.status(), StatusCode::SEE_OTHER);
    let html = page(browser.get(&poster_path).await, StatusCode::OK).await;
    assert!(html.contains("<span id=\"status\">Retired</span>"));
    assert!(!html.contains("id=\"edit\"") && !html.contains("id=\"retire\""));
    let back = browser.get(&edit).await;
    assert_eq!(
        back.status(),
        StatusCode::SEE_OTHER,
        "no new version of a retired poster"
    );
    assert_eq!(location(&back), poster_path);

    // The same pages in Korean.
    let mut korean = Console::new(&app, "ko");
    korean.sign_in(&admin, DEMO_PASSWORD).await;
    let html = page(korean.get(&poster_path).await, StatusCode::OK).await;
    assert!(html.contains("lang=\"ko\"") && html.contains("종료됨") && html.contains("버전 기록"));
    let html = page(korean.get(&new).await, StatusCode::OK).await;
    assert!(html.contains("새 포스터 만들기") && html.contains("카탈로그 전체 추가"));
}

on_both_backends!(the_json_api_preflights_previews_and_updates_placements);

async fn the_json_api_preflights_previews_and_updates_placements(backend: Backend) {
    let app = spawn_app(backend).await;
    let (shop, token) = shop(&app).await;
    let design = json!({"title": "Winter shelf", "page_size": "A4", "scan_distance_m": 1.0,
        "slots": [{"sku": "SKU-001"}, {"sku": "SKU-LONG"}]});
    let response = app
        .authed(
            Method::POST,
            &format!("/v1/retailers/{shop}/posters/preflight"),
            &token,
        )
        .json(&design)
        .send()
        .await
        .expect("preflight");
    let found = expect_json(response, StatusCode::OK).await;
    let pages = found["pages"].as_u64().expect("pages");
    assert!(pages >= 1, "{found}");
    let issues = found["issues"].as_array().expect("issues");
    assert!(
        issues.iter().any(|issue| issue["kind"] == "text_shortened"
            && issue["field"] == "slots[1].name"
            && issue["severity"] == "warning"),
        "{found}"
    );
    let far = json!({"title": "Far", "page_size": "A4", "scan_distance_m": 10.0,
        "slots": [{"sku": "SKU-001"}, {"sku": "SKU-002"}]});
    let response = app
        .authed(
            Method::POST,
            &format!("/v1/retailers/{shop}/posters/preflight"),
            &token,
        )
        .json(&far)
        .send()
        .await
        .expect("preflight");
    let found = expect_json(response, StatusCode::OK).await;
    assert!(
        found["issues"]
            .as_array()
            .expect("issues")
            .iter()
            .any(|issue| issue["kind"] == "code_too_small" && issue["severity"] == "error"),
        "{found}"
    );
    let unknown = json!({"title": "Ghost", "scan_distance_m": 1.0, "slots": [{"sku": "NOPE"}]});
    let response = app
        .authed(
            Method::POST,
            &format!("/v1/retailers/{shop}/posters/preflight"),
            &token,
        )
        .json(&unknown)
        .send()
        .await
        .expect("preflight");
    expect_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;

    let preview = app
        .authed(
            Method::POST,
            &format!("/v1/retailers/{shop}/posters/preview.png?page=0"),
            &token,
        )
        .json(&design)
        .send()
        .await
        .expect("preview");
    assert_eq!(preview.status(), StatusCode::OK);
    assert_eq!(preview.headers()[CONTENT_TYPE], "image/png");
    image::load_from_memory(&preview.bytes().await.expect("png")).expect("decodes");
    let past = app
        .authed(
            Method::POST,
            &format!("/v1/retailers/{shop}/posters/preview.png?page={pages}"),
            &token,
        )
        .json(&design)
        .send()
        .await
        .expect("preview");
    expect_problem(past, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;

    // A placement updated in place: its codes stay, the cost and window change.
    let poster = crate::posters::create_poster(&app, &shop, &token, &["SKU-001"]).await;
    let poster = poster["id"].as_str().expect("poster id");
    let placed = crate::console::placement(&app, &shop, &token, poster, "Gangnam").await;
    let pid = placed["id"].as_str().expect("placement id");
    // The poster list's counts: the current design's products, placements' slots aside.
    let (for_task, poster_id) = (shop.clone(), poster.to_owned());
    let counts = app
        .with_db(move |conn| versions::current_products(conn, &for_task).expect("counts"))
        .await;
    assert_eq!(counts.get(&poster_id), Some(&1));
    assert_eq!(counts.len(), 1);
    let path = format!("/v1/retailers/{shop}/posters/{poster}/placements/{pid}");
    let now = chrono::Utc::now();
    let update = json!({"name": "Gangnam exit 11", "city": "Seoul",
        "starts_at": (now - chrono::Duration::days(1)).to_rfc3339(),
        "ends_at": (now + chrono::Duration::days(9)).to_rfc3339(), "cost_minor": 75_000});
    let response = app
        .authed(Method::PUT, &path, &token)
        .json(&update)
        .send()
        .await
        .expect("update");
    let updated = expect_json(response, StatusCode::OK).await;
    assert_eq!(updated["name"], "Gangnam exit 11");
    assert_eq!(updated["cost_minor"], 75_000);
    assert_eq!(updated["slots"][0]["code"], placed["slots"][0]["code"]);
    let backwards = json!({"name": "Gangnam", "starts_at": now.to_rfc3339(),
        "ends_at": (now - chrono::Duration::days(1)).to_rfc3339()});
    let response = app
        .authed(Method::PUT, &path, &token)
        .json(&backwards)
        .send()
        .await
        .expect("update");
    expect_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let shown = app
        .authed(Method::GET, &path, &token)
        .send()
        .await
        .expect("get");
    assert_eq!(
        expect_json(shown, StatusCode::OK).await["cost_minor"],
        75_000
    );
    let (_, stranger) = app.retailer_with_admin("Other Mart").await;
    let response = app
        .authed(Method::PUT, &path, &stranger)
        .json(&update)
        .send()
        .await
        .expect("update");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_builder_in_a_browser_passes_axe_and_previews_its_pages() {
    let app = spawn_app(Backend::Sqlite).await;
    let (shop, _) = shop(&app).await;
    let admin = user(&app, Role::RetailerAdmin, Some(&shop)).await;
    let mut walk = Walk::desktop("console-posters", "en-US,en", 1280, 800).await;
    let base = format!("{}/console/r/{shop}/posters", app.address);
    walk.browser.open(&base).await;
    walk.sign_in(&admin).await;
    walk.browser.wait_for("#no-posters").await;
    walk.check_accessibility("poster list (empty)").await;

    // The builder with the keyboard: the title, then the whole catalogue.
    walk.tab_to("new-poster").await;
    walk.keys(&Key::Enter).await;
    walk.browser.wait_for("#title").await;
    walk.tab_to("title").await;
    walk.keys("Winter shelf").await;
    walk.tab_to("add-catalogue").await;
    walk.keys(&Key::Enter).await;
    walk.browser.wait_for("#draft-4").await;
    walk.browser.wait_for("#preview-1").await;
    walk.wait_for_images().await;
    walk.browser.shot("builder").await;
    walk.check_accessibility("builder").await;
    walk.browser
        .client()
        .execute(
            "document.getElementById('findings-4').scrollIntoView();",
            Vec::new(),
        )
        .await
        .expect("scroll");
    walk.browser.shot("builder-findings").await;
    walk.scroll_to_end().await;
    walk.browser.shot("builder-preview").await;

    walk.browser.tap("#save").await;
    walk.browser.wait_for("#summary").await;
    walk.browser.shot("poster").await;
    walk.check_accessibility("poster").await;
    walk.browser.tap("#new-placement").await;
    walk.browser.wait_for("#placement-form").await;
    walk.check_accessibility("placement form").await;
    walk.browser.tap("#back").await;
    walk.browser.tap("#retire").await;
    walk.browser.wait_for("#confirm-retire").await;
    walk.check_accessibility("retire").await;
    walk.browser.open(&base).await;
    walk.browser.wait_for("#posters").await;
    walk.browser.shot("posters").await;
    walk.check_accessibility("poster list").await;
    walk.browser.quit().await;
}
