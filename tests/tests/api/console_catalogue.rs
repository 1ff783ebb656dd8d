//! The console's catalogue over plain HTTP (SQLite: the pages do not depend on the
//! backend): a product's edit form and its errors, the photo upload and its preview, the
//! CSV import's dry run and confirmation, the ZIP of photos, the CSV export; who may do
//! what, CSRF, another retailer's SKUs. And the JSON twins of the new features (the ZIP of
//! photos, the CSV export) on both backends.

use std::io::Write;

use fantoccini::key::Key;
use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::console::{Console, csrf_of, location, page, user};
use crate::console_browser::Walk;
use crate::grocery::dataset_dir;
use crate::helpers::{
    Backend, DEMO_PASSWORD, TestApp, expect_json, expect_problem, spawn_app, spawn_app_with,
};
use crate::on_both_backends;
use virtual_shelf::domain::accounts::Role;

on_both_backends!(
    photos_zip_through_the_api,
    csv_export_round_trips_through_the_api
);

/// A grocery fixture photo (MIT, see `tests/fixtures/grocery-store/README.md`).
fn fixture_photo(name: &str) -> Vec<u8> {
    let path = dataset_dir()
        .join("iconic-images-and-descriptions/Vegetables")
        .join(name)
        .join(format!("{name}_Iconic.jpg"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in files {
        writer
            .start_file(*name, zip::write::SimpleFileOptions::default())
            .expect("start");
        writer.write_all(bytes).expect("write");
    }
    writer.finish().expect("finish").into_inner()
}

const CATALOGUE: &str = "sku,name,description,price_minor,stock_on_hand,gtin,active\n\
MILK-1L,Milk 1 L,Fresh,2500,40,8801043014830,true\n\
EGG-10,Eggs x10,\"Free range, \"\"large\"\"\",4900,12,,true\n\
GARLIC,Garlic,\"마늘\nper bulb\",990,100,,false\n\
YOGURT,-5% Yogurt,=1+1 this week,1500,8,,true\n";

/// A retailer with the four products of [`CATALOGUE`], its admin's token, and the
/// emails of a signed-in-able admin and operator.
async fn shop(app: &TestApp, name: &str) -> (String, String) {
    let (shop, token) = app.retailer_with_admin(name).await;
    let response = app.import_csv(&shop, &token, CATALOGUE).await;
    expect_json(response, StatusCode::OK).await;
    (shop, token)
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

async fn signed_in<'a>(app: &'a TestApp, email: &str, language: &'static str) -> Console<'a> {
    let mut browser = Console::new(app, language);
    assert_eq!(
        browser.sign_in(email, DEMO_PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    browser
}

/// The text of the element with `id` (up to its first tag's end).
fn element_text<'h>(html: &'h str, id: &str) -> &'h str {
    let marker = format!("id=\"{id}\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no #{id} in {html}"));
    let after = &html[start..];
    let open = after.find('>').expect("tag end") + 1;
    let close = after[open..].find('<').expect("next tag") + open;
    &after[open..close]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn product_edit_form_errors_roles_and_ids() {
    let app = spawn_app(Backend::Sqlite).await;
    let (shop, token) = shop(&app, "Edit Mart").await;
    let (other, other_token) = app.retailer_with_admin("Other Mart").await;
    expect_json(
        app.import_csv(
            &other,
            &other_token,
            "sku,name,price_minor\nOTHER-1,Other,100\n",
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let admin = user(&app, Role::RetailerAdmin, Some(&shop)).await;
    let operator = user(&app, Role::Operator, Some(&shop)).await;
    let mut browser = signed_in(&app, &admin, "en").await;
    let base = format!("/console/r/{shop}/products");

    // The list links each product to its page.
    let list = page(browser.get(&base).await, StatusCode::OK).await;
    assert!(
        list.contains(&format!(
            "href=\"{base}/MILK-1L\" id=\"product-MILK-1L\">Milk 1 L</a>"
        )),
        "{list}"
    );
    let form = page(
        browser.get(&format!("{base}/MILK-1L")).await,
        StatusCode::OK,
    )
    .await;
    assert!(form.contains("id=\"product-form\""));
    assert!(form.contains("id=\"price\" name=\"price\" type=\"text\" value=\"2500\""));
    assert!(form.contains("id=\"active\" name=\"active\" value=\"on\" checked"));
    let csrf = csrf_of(&form);

    // A bad price and GTIN: both said next to their fields, what was typed kept, nothing
    // saved.
    let bad = [
        ("csrf", csrf.as_str()),
        ("name", "Fresh milk"),
        ("description", "Whole"),
        ("price", "2,5x0"),
        ("stock_on_hand", "35"),
        ("gtin", "123"),
        ("active", "on"),
    ];
    let refused = page(
        browser.post(&format!("{base}/MILK-1L"), &bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        element_text(&refused, "price-error"),
        "Enter a price of 0 or more, e.g. 2,500."
    );
    assert_eq!(
        element_text(&refused, "gtin-error"),
        "Enter 8, 12, 13 or 14 digits with a correct check digit."
    );
    assert!(!refused.contains("id=\"name-error\""));
    assert!(refused.contains("aria-describedby=\"price-hint price-error\""));
    assert!(refused.contains("value=\"2,5x0\"") && refused.contains("value=\"Fresh milk\""));
    assert!(refused.contains("id=\"not-saved\""));
    let stored = product(&app, &shop, &token, "MILK-1L").await;
    assert_eq!(stored["name"], "Milk 1 L");
    assert_eq!(stored["price"]["amount_minor"], 2500);
    assert_eq!(stored["stock_on_hand"], 40);

    // The same mistake in Korean.
    let mut korean = signed_in(&app, &admin, "ko").await;
    let form = page(korean.get(&format!("{base}/MILK-1L")).await, StatusCode::OK).await;
    let ko_csrf = csrf_of(&form);
    let mut ko_bad = bad;
    ko_bad[0].1 = &ko_csrf;
    let refused = page(
        korean.post(&format!("{base}/MILK-1L"), &ko_bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        element_text(&refused, "price-error"),
        "0 이상의 가격을 입력해 주세요. 예: 2,500"
    );

    // Without the CSRF token: refused, nothing saved.
    let mut forged = bad;
    forged[0].1 = "forged";
    forged[3].1 = "2,900";
    forged[5].1 = "";
    let response = browser.post(&format!("{base}/MILK-1L"), &forged).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        product(&app, &shop, &token, "MILK-1L").await["price"]["amount_minor"],
        2500
    );

    // Fixed: saved through the domain's update, back to the page with a notice.
    let good = [
        ("csrf", csrf.as_str()),
        ("name", "Fresh milk"),
        ("description", "Whole\r\nfrom Jeju"),
        ("price", "2,900"),
        ("stock_on_hand", "35"),
        ("gtin", ""),
    ];
    let response = browser.post(&format!("{base}/MILK-1L"), &good).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), format!("{base}/MILK-1L?saved=fields"));
    let shown = page(
        browser.get(&format!("{base}/MILK-1L?saved=fields")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(element_text(&shown, "notice"), "Saved.");
    let stored = product(&app, &shop, &token, "MILK-1L").await;
    assert_eq!(stored["name"], "Fresh milk");
    assert_eq!(stored["description"], "Whole\nfrom Jeju");
    assert_eq!(stored["price"]["amount_minor"], 2900);
    assert_eq!(stored["stock_on_hand"], 35);
    assert_eq!(stored["active"], false);
    assert!(stored["gtin"].is_null(), "{stored}");

    // Another retailer's SKU, and another retailer: 404.
    for path in [
        format!("{base}/OTHER-1"),
        format!("/console/r/{other}/products/OTHER-1"),
        format!("{base}/NO-SUCH"),
    ] {
        page(browser.get(&path).await, StatusCode::NOT_FOUND).await;
    }
    let response = browser.post(&format!("{base}/OTHER-1"), &good).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    // An operator reads: no forms, and posts are refused.
    let mut reader = signed_in(&app, &operator, "en").await;
    let view = page(reader.get(&format!("{base}/EGG-10")).await, StatusCode::OK).await;
    assert!(view.contains("id=\"read-only\"") && view.contains("id=\"details\""));
    assert!(!view.contains("<form method=\"post\" action=\"/console/r/"));
    assert!(view.contains("₩4,900"), "{view}");
    let reader_csrf = csrf_of(&view);
    let mut attempt = good;
    attempt[0].1 = &reader_csrf;
    let response = reader.post(&format!("{base}/EGG-10"), &attempt).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let photo = Form::new().text("csrf", reader_csrf.clone()).part(
        "photo",
        Part::bytes(fixture_photo("Garlic")).file_name("g.jpg"),
    );
    let response = reader
        .post_multipart(&format!("{base}/EGG-10/photo"), photo)
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    for path in ["import", "photos"] {
        let html = page(reader.get(&format!("{base}/{path}")).await, StatusCode::OK).await;
        assert!(html.contains("id=\"read-only\"") && !html.contains("type=\"file\""));
    }
    assert_eq!(
        product(&app, &shop, &token, "EGG-10").await["price"]["amount_minor"],
        4900
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn photo_upload_shows_its_preview_and_its_errors() {
    let app = spawn_app_with(Backend::Sqlite, "max_image_bytes = 200000").await;
    let (shop, token) = shop(&app, "Photo Mart").await;
    let admin = user(&app, Role::RetailerAdmin, Some(&shop)).await;
    let mut browser = signed_in(&app, &admin, "en").await;
    let path = format!("/console/r/{shop}/products/GARLIC");
    let form = page(browser.get(&path).await, StatusCode::OK).await;
    assert!(form.contains("id=\"no-photo\""));
    let csrf = csrf_of(&form);
    let upload = |bytes: Vec<u8>, name: &str| {
        Form::new()
            .text("csrf", csrf.clone())
            .part("photo", Part::bytes(bytes).file_name(name.to_owned()))
    };

    // Not an image, too large, no file at all: said next to the field.
    for (form, message) in [
        (
            upload(b"%PDF-1.7 not a photo".to_vec(), "leaflet.pdf"),
            "This file is not a JPEG, PNG or WebP image, or it is damaged.",
        ),
        (
            upload(vec![0xFF; 300_000], "huge.jpg"),
            "This file is too large.",
        ),
        (Form::new().text("csrf", csrf.clone()), "Choose a file."),
    ] {
        let refused = page(
            browser.post_multipart(&format!("{path}/photo"), form).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(element_text(&refused, "photo-file-error"), message);
        assert!(refused.contains("aria-invalid=\"true\""));
    }
    assert!(product(&app, &shop, &token, "GARLIC").await["image_url"].is_null());

    // Without the CSRF token: refused.
    let forged = Form::new().text("csrf", "forged").part(
        "photo",
        Part::bytes(fixture_photo("Garlic")).file_name("garlic.jpg"),
    );
    let response = browser
        .post_multipart(&format!("{path}/photo"), forged)
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    // A photo: stored as the JSON upload stores it, and shown on the page.
    let response = browser
        .post_multipart(
            &format!("{path}/photo"),
            upload(fixture_photo("Garlic"), "garlic.jpg"),
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), format!("{path}?saved=photo"));
    let shown = page(
        browser.get(&format!("{path}?saved=photo")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(element_text(&shown, "notice"), "Photo saved.");
    let src = shown
        .split("<img src=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the photo's preview");
    assert!(src.starts_with("/media/"), "{src}");
    let stored = product(&app, &shop, &token, "GARLIC").await;
    assert!(
        stored["image_url"]
            .as_str()
            .expect("image url")
            .ends_with(src),
        "{stored}"
    );
    let media = app.request(Method::GET, src).send().await.expect("media");
    assert_eq!(media.status(), StatusCode::OK);
    assert_eq!(media.headers()["content-type"], "image/jpeg");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csv_import_checks_first_and_writes_only_when_confirmed() {
    let app = spawn_app(Backend::Sqlite).await;
    let (shop, token) = shop(&app, "Import Mart").await;
    let admin = user(&app, Role::RetailerAdmin, Some(&shop)).await;
    let operator = user(&app, Role::Operator, Some(&shop)).await;
    let mut browser = signed_in(&app, &admin, "en").await;
    let import = format!("/console/r/{shop}/products/import");
    let form = page(browser.get(&import).await, StatusCode::OK).await;
    let csrf = csrf_of(&form);
    let check = |csv: &str| {
        Form::new().text("csrf", csrf.clone()).part(
            "csv",
            Part::bytes(csv.as_bytes().to_vec()).file_name("catalogue.csv"),
        )
    };

    // Every bad row and field in a table, with its line and SKU; nothing written, no way
    // to confirm.
    let bad = "sku,name,price_minor,stock_on_hand,gtin\r\n\
TEA-1,Green tea,3900,10,\r\n\
COFFEE-1,Coffee,abc,5,\r\n\
JUICE-1,Juice,2500,-3,123\r\n\
TEA-1,Tea again,100,1,\r\n";
    let checked = page(
        browser.post_multipart(&import, check(bad)).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(checked.contains("id=\"bad-rows\""));
    assert!(!checked.contains("id=\"confirm\""));
    let rows: Vec<String> = checked
        .split("<tbody>")
        .nth(1)
        .expect("the problems table")
        .split("</tr>")
        .filter(|row| row.contains("<td"))
        .map(|row| {
            let cells: Vec<&str> = row
                .split(['<', '>'])
                .filter(|text| !text.trim().is_empty() && !text.starts_with(['t', '/']))
                .collect();
            cells[..3].join(" ")
        })
        .collect();
    assert_eq!(
        rows,
        [
            "3 COFFEE-1 price_minor",
            "4 JUICE-1 gtin",
            "4 JUICE-1 stock_on_hand",
            "5 TEA-1 sku"
        ],
        "{checked}"
    );
    assert!(checked.contains("Price in whole minor units"));
    let list = expect_json(
        app.authed(
            Method::GET,
            &format!("/v1/retailers/{shop}/products"),
            &token,
        )
        .send()
        .await
        .expect("list"),
        StatusCode::OK,
    )
    .await;
    assert_eq!(list["items"].as_array().expect("items").len(), 4);

    // The same file with the rows fixed: counts, and still nothing written.
    let fixed = "sku,name,price_minor,stock_on_hand,gtin\r\n\
TEA-1,Green tea,3900,10,\r\n\
COFFEE-1,Coffee,5900,5,\r\n\
JUICE-1,Juice,2500,3,8801043014830\r\n\
MILK-1L,Milk 1 L,2600,40,8801043014830\r\n";
    let checked = page(
        browser.post_multipart(&import, check(fixed)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(element_text(&checked, "count-rows"), "4");
    assert_eq!(element_text(&checked, "count-created"), "3");
    assert_eq!(element_text(&checked, "count-updated"), "1");
    let response = app
        .authed(
            Method::GET,
            &format!("/v1/retailers/{shop}/products/TEA-1"),
            &token,
        )
        .send()
        .await
        .expect("tea");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    // The confirmation posts the checked file back: without its CSRF token, or from an
    // operator, refused; from the admin, imported.
    let carried = checked
        .split("name=\"csv\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the checked file")
        .to_owned();
    let confirm = format!("{import}/confirm");
    let forged = Form::new()
        .text("csrf", "forged")
        .text("csv", carried.clone());
    assert_eq!(
        browser.post_multipart(&confirm, forged).await.status(),
        StatusCode::FORBIDDEN
    );
    let mut reader = signed_in(&app, &operator, "en").await;
    let reader_csrf = csrf_of(&page(reader.get(&import).await, StatusCode::OK).await);
    let attempt = Form::new()
        .text("csrf", reader_csrf)
        .text("csv", carried.clone());
    assert_eq!(
        reader.post_multipart(&confirm, attempt).await.status(),
        StatusCode::FORBIDDEN
    );
    let response = app
        .authed(
            Method::GET,
            &format!("/v1/retailers/{shop}/products/TEA-1"),
            &token,
        )
        .send()
        .await
        .expect("tea");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    let confirmed = Form::new().text("csrf", csrf.clone()).text("csv", carried);
    let response = browser.post_multipart(&confirm, confirmed).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let done = page(browser.get(location(&response)).await, StatusCode::OK).await;
    assert_eq!(element_text(&done, "imported"), "Imported.");
    assert_eq!(element_text(&done, "count-created"), "3");
    assert_eq!(element_text(&done, "count-updated"), "1");
    let tea = product(&app, &shop, &token, "TEA-1").await;
    assert_eq!(tea["price"]["amount_minor"], 3900);
    assert_eq!(
        product(&app, &shop, &token, "MILK-1L").await["price"]["amount_minor"],
        2600
    );
}

/// The ZIP of the ZIP tests: two matches (one in a folder, one in another case), a file
/// named after no product, a text file, a "photo" that is not one, two files for one SKU.
fn test_zip() -> Vec<u8> {
    let garlic = fixture_photo("Garlic");
    let asparagus = fixture_photo("Asparagus");
    zip_of(&[
        ("photos/MILK-1L.jpg", &garlic),
        ("photos/egg-10.JPEG", &asparagus),
        ("NOPE-9.png", &garlic),
        ("readme.txt", b"photos by SKU"),
        ("GARLIC.jpg", b"not a jpeg at all"),
        ("a/TEA.jpg", &garlic),
        ("b/TEA.webp", &asparagus),
        ("__MACOSX/photos/._MILK-1L.jpg", b"resource fork"),
    ])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn zip_of_photos_reports_and_stores() {
    let app = spawn_app(Backend::Sqlite).await;
    let (shop, token) = shop(&app, "Zip Mart").await;
    expect_json(
        app.import_csv(&shop, &token, "sku,name,price_minor\nTEA,Tea,100\n")
            .await,
        StatusCode::OK,
    )
    .await;
    let admin = user(&app, Role::RetailerAdmin, Some(&shop)).await;
    let mut browser = signed_in(&app, &admin, "ko").await;
    let photos = format!("/console/r/{shop}/products/photos");
    let csrf = csrf_of(&page(browser.get(&photos).await, StatusCode::OK).await);
    let upload = |bytes: Vec<u8>| {
        Form::new()
            .text("csrf", csrf.clone())
            .part("zip", Part::bytes(bytes).file_name("photos.zip"))
    };

    let refused = page(
        browser
            .post_multipart(&photos, upload(b"not a zip".to_vec()))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        element_text(&refused, "zip-file-error"),
        "ZIP 파일이 아니거나, 파일이 너무 많거나 용량이 너무 큽니다."
    );
    let forged = Form::new()
        .text("csrf", "forged")
        .part("zip", Part::bytes(test_zip()).file_name("photos.zip"));
    assert_eq!(
        browser.post_multipart(&photos, forged).await.status(),
        StatusCode::FORBIDDEN
    );
    assert!(product(&app, &shop, &token, "MILK-1L").await["image_url"].is_null());

    let report = page(
        browser.post_multipart(&photos, upload(test_zip())).await,
        StatusCode::OK,
    )
    .await;
    let section = |id: &str| -> String {
        report
            .split(&format!("id=\"{id}\""))
            .nth(1)
            .and_then(|rest| rest.split("</table>").next())
            .and_then(|rest| rest.split("</ul>").next())
            .unwrap_or_else(|| panic!("no #{id} in {report}"))
            .to_owned()
    };
    let matched = section("matched");
    assert!(
        matched.contains(">EGG-10</a></th><td>photos/egg-10.JPEG<"),
        "{matched}"
    );
    assert!(
        matched.contains(">MILK-1L</a></th><td>photos/MILK-1L.jpg<"),
        "{matched}"
    );
    assert!(section("unknown").contains("<li>NOPE-9.png</li>"));
    let rejected = section("rejected");
    assert!(
        rejected
            .contains("GARLIC.jpg</th><td>JPEG, PNG, WebP 이미지가 아니거나 손상된 파일입니다."),
        "{rejected}"
    );
    assert!(rejected.contains("readme.txt</th><td>.jpg, .jpeg, .png, .webp 파일이 아닙니다."));
    assert!(!report.contains("__MACOSX"));
    assert!(section("duplicates").contains("TEA</th><td>a/TEA.jpg, b/TEA.webp<"));

    for (sku, stored) in [
        ("MILK-1L", true),
        ("EGG-10", true),
        ("GARLIC", false),
        ("TEA", false),
    ] {
        let url = product(&app, &shop, &token, sku).await["image_url"].clone();
        assert_eq!(url.is_string(), stored, "{sku}: {url}");
        if let Some(url) = url.as_str() {
            let media = app.client.get(url).send().await.expect("media");
            assert_eq!(media.status(), StatusCode::OK, "{sku}");
            assert_eq!(media.headers()["content-type"], "image/jpeg");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csv_export_imports_back_unchanged() {
    let app = spawn_app(Backend::Sqlite).await;
    let (shop, token) = shop(&app, "Export Mart").await;
    let operator = user(&app, Role::Operator, Some(&shop)).await;
    let mut reader = signed_in(&app, &operator, "en").await;
    let list = page(
        reader.get(&format!("/console/r/{shop}/products")).await,
        StatusCode::OK,
    )
    .await;
    assert!(list.contains(&format!("href=\"/console/r/{shop}/products.csv\"")));
    let response = reader.get(&format!("/console/r/{shop}/products.csv")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    assert_eq!(
        response.headers()["content-disposition"],
        "attachment; filename=\"products.csv\""
    );
    let csv = response.bytes().await.expect("csv").to_vec();
    assert!(
        csv.starts_with(
            b"\xEF\xBB\xBFsku,name,description,price_minor,stock_on_hand,gtin,active\r\n"
        ) || csv.starts_with(
            b"\xEF\xBB\xBFsku,name,description,price_minor,stock_on_hand,gtin,active\n"
        )
    );
    let report = expect_json(
        app.authed(
            Method::POST,
            &format!("/v1/retailers/{shop}/products/import?dry_run=true"),
            &token,
        )
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .expect("import"),
        StatusCode::OK,
    )
    .await;
    assert_eq!(report["rows"], 4, "{report}");
    assert_eq!(report["unchanged"], 4, "{report}");

    // Nobody signed in: the sign-in detour.
    let mut stranger = Console::new(&app, "en");
    let response = stranger
        .get(&format!("/console/r/{shop}/products.csv"))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

async fn photos_zip_through_the_api(backend: Backend) {
    let app = spawn_app(backend).await;
    let (shop, token) = shop(&app, "Zip API Mart").await;
    expect_json(
        app.import_csv(&shop, &token, "sku,name,price_minor\nTEA,Tea,100\n")
            .await,
        StatusCode::OK,
    )
    .await;
    let path = format!("/v1/retailers/{shop}/products/photos");
    let send = |token: &str, content_type: &str, body: Vec<u8>| {
        app.authed(Method::POST, &path, token)
            .header("content-type", content_type)
            .body(body)
            .send()
    };

    expect_problem(
        send(&token, "text/plain", test_zip()).await.expect("send"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;
    let problem = expect_problem(
        send(&token, "application/zip", b"PK? no".to_vec())
            .await
            .expect("send"),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"][0]["field"], "file", "{problem}");
    let operator = app.staff(&shop, Role::Operator).await;
    expect_problem(
        send(&operator, "application/zip", test_zip())
            .await
            .expect("send"),
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let (_, stranger) = app.retailer_with_admin("Stranger Mart").await;
    expect_problem(
        send(&stranger, "application/zip", test_zip())
            .await
            .expect("send"),
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert!(product(&app, &shop, &token, "MILK-1L").await["image_url"].is_null());

    let report = expect_json(
        send(&token, "application/zip", test_zip())
            .await
            .expect("send"),
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        report,
        serde_json::json!({
            "matched": [
                {"sku": "EGG-10", "file": "photos/egg-10.JPEG"},
                {"sku": "MILK-1L", "file": "photos/MILK-1L.jpg"},
            ],
            "unknown_skus": ["NOPE-9.png"],
            "not_images": [
                {"file": "GARLIC.jpg", "reason": "not_an_image"},
                {"file": "readme.txt", "reason": "not_an_image_name"},
            ],
            "duplicates": [{"sku": "TEA", "files": ["a/TEA.jpg", "b/TEA.webp"]}],
        })
    );
    let milk = product(&app, &shop, &token, "MILK-1L").await;
    let media = app
        .client
        .get(milk["image_url"].as_str().expect("image url"))
        .send()
        .await
        .expect("media");
    assert_eq!(media.status(), StatusCode::OK);
    assert_eq!(media.headers()["content-type"], "image/jpeg");
    // The same photo through the single upload gets the same stored file.
    let single = expect_json(
        app.authed(
            Method::PUT,
            &format!("/v1/retailers/{shop}/products/GARLIC/image"),
            &token,
        )
        .body(fixture_photo("Garlic"))
        .send()
        .await
        .expect("upload"),
        StatusCode::OK,
    )
    .await;
    assert_eq!(single["image_url"], milk["image_url"]);
}

async fn csv_export_round_trips_through_the_api(backend: Backend) {
    let app = spawn_app(backend).await;
    let (shop, token) = shop(&app, "Export API Mart").await;
    let list = format!("/v1/retailers/{shop}/products");
    let json = app
        .authed(Method::GET, &list, &token)
        .send()
        .await
        .expect("json");
    assert_eq!(json.headers()["vary"], "Accept");
    assert_eq!(
        expect_json(json, StatusCode::OK).await["items"]
            .as_array()
            .expect("items")
            .len(),
        4
    );
    let response = app
        .authed(Method::GET, &list, &token)
        .header("accept", "text/csv")
        .send()
        .await
        .expect("csv");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    let csv = response.bytes().await.expect("csv").to_vec();
    let mut reader = csv::Reader::from_reader(&csv[3..]);
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(records.len(), 4);
    assert_eq!(&records[0][0], "EGG-10");
    assert_eq!(&records[0][2], "Free range, \"large\"");
    assert_eq!(&records[1][2], "마늘\nper bulb");
    assert_eq!(&records[1][6], "false");
    assert_eq!(&records[2][5], "8801043014830");
    // Formula-like cells are defused for spreadsheets, and read back as they were.
    assert_eq!(&records[3][1], "'-5% Yogurt");
    assert_eq!(&records[3][2], "'=1+1 this week");

    // Imported back: nothing changes. Changed and imported: the change arrives.
    let report = expect_json(
        app.import_csv(&shop, &token, csv.clone()).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (report["unchanged"].clone(), report["updated"].clone()),
        (4.into(), 0.into()),
        "{report}"
    );
    let edited = String::from_utf8(csv)
        .expect("utf-8")
        .replace(",4900,", ",5100,");
    let report = expect_json(app.import_csv(&shop, &token, edited).await, StatusCode::OK).await;
    assert_eq!(report["updated"], 1, "{report}");
    assert_eq!(
        product(&app, &shop, &token, "EGG-10").await["price"]["amount_minor"],
        5100
    );
    assert_eq!(
        product(&app, &shop, &token, "YOGURT").await["name"],
        "-5% Yogurt"
    );
}

/// The catalogue in a 1280×800 Chromium with the keyboard: a price typed wrong and put
/// right, a photo chosen and previewed, a CSV checked (bad, then fixed) and imported, a
/// ZIP of photos and its report; axe-core on every page. Screenshots go to
/// `target/test-artifacts/console-catalogue/`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_catalogue_in_a_browser() {
    let app = spawn_app(Backend::Sqlite).await;
    let (shop, _) = shop(&app, "Browser Mart").await;
    let admin = user(&app, Role::RetailerAdmin, Some(&shop)).await;
    let files = tempfile::tempdir().expect("temp dir");
    let file = |name: &str, bytes: &[u8]| {
        let path = files.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        path.to_string_lossy().into_owned()
    };
    let mut walk = Walk::desktop("console-catalogue", "en-US,en", 1280, 800).await;
    let base = format!("{}/console/r/{shop}/products", app.address);
    walk.browser.open(&base).await;
    walk.sign_in(&admin).await;
    walk.browser.wait_for("#products").await;
    walk.browser.shot("catalogue").await;
    walk.check_accessibility("catalogue").await;

    // A product: the price typed wrong, said next to it; typed right, saved.
    walk.tab_to("product-EGG-10").await;
    walk.keys(&Key::Enter).await;
    walk.browser.wait_for("#product-form").await;
    assert_eq!(
        walk.browser.path().await,
        format!("/console/r/{shop}/products/EGG-10")
    );
    walk.check_accessibility("product").await;
    walk.browser.type_into("#price", "4,9OO").await;
    walk.tab_to("save").await;
    walk.keys(&Key::Enter).await;
    walk.browser.wait_for("#price-error").await;
    assert_eq!(
        walk.browser.attr("#price", "value").await.as_deref(),
        Some("4,9OO")
    );
    walk.browser.shot("product-error").await;
    walk.check_accessibility("product with an error").await;
    walk.browser.type_into("#price", "5,100").await;
    walk.tab_to("save").await;
    walk.keys(&Key::Enter).await;
    walk.browser.wait_for("#notice").await;
    assert!(
        walk.browser
            .text("#details-heading")
            .await
            .contains("Product details")
    );

    // Its photo, chosen in the file input and previewed.
    let photo = file("EGG-10.jpg", &fixture_photo("Asparagus"));
    walk.browser
        .wait_for("#photo-file")
        .await
        .send_keys(&photo)
        .await
        .expect("choose the photo");
    walk.tab_to("upload-photo").await;
    walk.keys(&Key::Enter).await;
    walk.browser.wait_for("#photo").await;
    walk.wait_for_images().await;
    walk.scroll_to_end().await;
    walk.browser.shot("product-photo").await;
    walk.check_accessibility("product with its photo").await;

    // The CSV import: a bad file's table, then the fixed file's counts, then imported.
    walk.browser.open(&format!("{base}/import")).await;
    walk.check_accessibility("import").await;
    let bad = file(
        "bad.csv",
        b"sku,name,price_minor\nTEA-1,Green tea,abc\nTEA-1,Tea,100\nNEW-1,,200\n",
    );
    walk.browser
        .wait_for("#csv-file")
        .await
        .send_keys(&bad)
        .await
        .expect("choose the CSV");
    walk.tab_to("check").await;
    walk.keys(&Key::Enter).await;
    walk.browser.wait_for("#problems").await;
    walk.browser.shot("import-bad-rows").await;
    walk.check_accessibility("import with bad rows").await;
    let fixed = file(
        "fixed.csv",
        b"sku,name,price_minor\nTEA-1,Green tea,3900\nNEW-1,New,200\n",
    );
    walk.browser
        .wait_for("#csv-file")
        .await
        .send_keys(&fixed)
        .await
        .expect("choose the CSV");
    walk.tab_to("check").await;
    walk.keys(&Key::Enter).await;
    walk.browser.wait_for("#confirm").await;
    assert_eq!(walk.browser.text("#count-created").await, "2");
    assert!(walk.browser.attr("#another-file", "href").await.is_some());
    walk.browser.shot("import-checked").await;
    walk.check_accessibility("import checked").await;
    walk.tab_to("confirm").await;
    walk.keys(&Key::Enter).await;
    walk.browser.wait_for("#imported").await;
    walk.check_accessibility("imported").await;

    // A ZIP of photos and its report.
    walk.browser.open(&format!("{base}/photos")).await;
    walk.check_accessibility("photos").await;
    let zip = file("photos.zip", &test_zip());
    walk.browser
        .wait_for("#zip-file")
        .await
        .send_keys(&zip)
        .await
        .expect("choose the ZIP");
    walk.tab_to("upload-zip").await;
    walk.keys(&Key::Enter).await;
    walk.browser.wait_for("#report").await;
    assert!(walk.browser.text("#matched").await.contains("MILK-1L"));
    walk.browser.shot("photos-report").await;
    walk.check_accessibility("photos report").await;
    walk.browser.quit().await;
}
