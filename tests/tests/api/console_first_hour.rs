//! A new retailer's first hour in the console, in a real browser (headless Chromium at
//! 1280×900, SQLite: the pages do not depend on the backend): sign in with the keyboard,
//! import the 81 grocery products from a CSV whose dry run reports a bad row, fix it and
//! import, upload the ZIP of their photos, build a poster of 24 of them with its live
//! preview and a preflight warning, save it, download its PDF (pdfinfo reads it, zbarimg
//! decodes every product's code from its pages), create a placement, scan one of the
//! placement's codes, and see that scan on the dashboard. axe-core checks every page;
//! a screenshot of every step lands in `target/test-artifacts/console/first-hour/`.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use fantoccini::key::Key;
use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::console::user;
use crate::console_browser::Walk;
use crate::grocery::{Fixture, fixtures};
use crate::helpers::{Backend, expect_json, spawn_app_with};
use virtual_shelf::domain::accounts::Role;

/// Products on the poster.
const ON_POSTER: usize = 24;

/// The import file of `products`; the row of `bad` (if any) has a price nobody can read.
fn catalogue_csv(products: &[Fixture], bad: Option<&str>) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record([
            "sku",
            "name",
            "description",
            "price_minor",
            "stock_on_hand",
            "active",
        ])
        .expect("header");
    for product in products {
        let price = if Some(product.sku.as_str()) == bad {
            "12,5 won".to_owned()
        } else {
            product.price_minor.to_string()
        };
        writer
            .write_record([
                product.sku.as_str(),
                &product.name,
                &product.description,
                &price,
                &product.stock_on_hand.to_string(),
                "true",
            ])
            .expect("row");
    }
    writer.into_inner().expect("csv")
}

/// A ZIP of every product's photo, named by SKU in a folder, as a photographer sends it.
fn photos_zip(products: &[Fixture]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for product in products {
        zip.start_file(format!("shoot/{}.JPG", product.sku.to_lowercase()), options)
            .expect("entry");
        zip.write_all(&std::fs::read(&product.photo).expect("photo"))
            .expect("write entry");
    }
    zip.finish().expect("zip").into_inner()
}

/// Runs a command; its standard output, or a failure naming it.
pub fn run(program: &str, args: &[&str]) -> String {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e} (scripts/install-deps installs it)"));
    assert!(output.status.success(), "{program} {args:?}: {output:?}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The QR payloads zbarimg reads on every page of a PDF rendered at 150 dpi.
pub fn decoded_codes(pdf: &Path) -> Vec<String> {
    let dir = pdf.parent().expect("a folder");
    let prefix = dir.join("page");
    run(
        "pdftoppm",
        &[
            "-r",
            "150",
            "-png",
            pdf.to_str().expect("path"),
            prefix.to_str().expect("path"),
        ],
    );
    let mut pages: Vec<_> = std::fs::read_dir(dir)
        .expect("pages")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "png"))
        .collect();
    pages.sort();
    let mut codes: Vec<String> = Vec::new();
    for page in pages {
        let out = Command::new("zbarimg")
            .args(["-q", "--raw", "-Sdisable", "-Sqrcode.enable"])
            .arg(&page)
            .output()
            .expect("zbarimg");
        codes.extend(
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .map(str::to_owned),
        );
    }
    codes.sort();
    codes
}

impl Walk {
    /// Follows the link or presses the button `id` with the keyboard, and waits for the
    /// page that answers (a mark left on the old page is gone) to show `then`.
    async fn press(&self, id: &str, then: &str) {
        self.browser
            .client()
            .execute("window.shelfOldPage = true;", Vec::new())
            .await
            .expect("mark the page");
        self.tab_to(id).await;
        self.keys(&Key::Enter).await;
        let ready = format!(
            "return !window.shelfOldPage && document.readyState === 'complete' \
             && document.querySelector({}) !== null;",
            Value::from(then)
        );
        for _ in 0..300 {
            let done = self.browser.client().execute(&ready, Vec::new()).await;
            if done.is_ok_and(|done| done == Value::Bool(true)) {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let errors = self
            .browser
            .client()
            .execute(
                "return Array.from(document.querySelectorAll('.error')).map(e => e.id + ': ' + e.textContent);",
                Vec::new(),
            )
            .await
            .unwrap_or_default();
        panic!("#{id} never led to a page with {then}; errors shown: {errors}");
    }

    /// Chooses `file` in the file input `selector` (a browser's file dialog is not part
    /// of the page; WebDriver types the path into the input).
    async fn choose_file(&self, selector: &str, file: &Path) {
        self.browser
            .wait_for(selector)
            .await
            .send_keys(file.to_str().expect("path"))
            .await
            .expect("choose file");
    }

    /// The page's checks and screenshot after a step.
    async fn step(&mut self, name: &str) {
        self.wait_for_images().await;
        self.browser.shot(name).await;
        self.check_accessibility(name).await;
    }

    /// The browser's cookies as a `Cookie` header, to fetch what a link points to.
    async fn cookie_header(&self) -> String {
        let cookies = self
            .browser
            .client()
            .get_all_cookies()
            .await
            .expect("cookies");
        cookies
            .iter()
            .map(|c| format!("{}={}", c.name(), c.value()))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_retailer_s_first_hour() {
    let app = spawn_app_with(
        Backend::Sqlite,
        "scan_flush_interval_ms = 50\ntrusted_proxies = \"127.0.0.1\"",
    )
    .await;
    let (shop, token) = app.retailer_with_admin("Hemköp Sveavägen").await;
    let admin = user(&app, Role::RetailerAdmin, Some(&shop)).await;
    let products = fixtures();
    assert_eq!(products.len(), 81);
    let files = tempfile::tempdir().expect("temp dir");
    let bad_sku = products[40].sku.clone();
    let with_bad_row = files.path().join("catalogue.csv");
    std::fs::write(&with_bad_row, catalogue_csv(&products, Some(&bad_sku))).expect("csv");
    let fixed = files.path().join("catalogue-fixed.csv");
    std::fs::write(&fixed, catalogue_csv(&products, None)).expect("csv");
    let zip = files.path().join("photos.zip");
    std::fs::write(&zip, photos_zip(&products)).expect("zip");

    let mut walk = Walk::desktop("console/first-hour", "en-US,en", 1280, 900).await;
    let console = format!("{}/console/r/{shop}", app.address);

    // Sign in, with the keyboard.
    walk.browser
        .open(&format!("{}/console/login", app.address))
        .await;
    walk.step("sign-in").await;
    walk.sign_in(&admin).await;
    walk.browser.wait_for("#total-scans").await;
    assert_eq!(walk.browser.text("#total-scans").await, "0");
    walk.step("empty-dashboard").await;

    // The catalogue: a dry run that finds the bad row, then the fixed file.
    walk.browser
        .open(&format!("{console}/products/import"))
        .await;
    walk.step("import").await;
    walk.choose_file("#csv-file", &with_bad_row).await;
    walk.press("check", "#problems").await;
    let problems = walk.browser.text("#problems").await;
    assert!(problems.contains(&bad_sku), "{problems}");
    assert!(problems.contains("price"), "{problems}");
    walk.step("dry-run-bad-row").await;
    let listed = app
        .authed(
            Method::GET,
            &format!("/v1/retailers/{shop}/products"),
            &token,
        )
        .send()
        .await
        .expect("products");
    let listed = expect_json(listed, StatusCode::OK).await;
    assert_eq!(
        listed["items"].as_array().map(Vec::len),
        Some(0),
        "a dry run writes nothing"
    );

    walk.browser
        .open(&format!("{console}/products/import"))
        .await;
    walk.choose_file("#csv-file", &fixed).await;
    walk.press("check", "#confirm").await;
    assert_eq!(walk.browser.text("#count-created").await, "81");
    walk.step("dry-run-clean").await;
    walk.press("confirm", "#imported").await;
    walk.step("imported").await;

    // The photos, as one ZIP.
    walk.browser
        .open(&format!("{console}/products/photos"))
        .await;
    walk.choose_file("#zip-file", &zip).await;
    walk.press("upload-zip", "#matched").await;
    let matched = walk
        .browser
        .client()
        .execute(
            "return document.querySelectorAll('#matched tbody tr').length;",
            Vec::new(),
        )
        .await
        .expect("rows");
    assert_eq!(matched, Value::from(81));
    walk.step("photos").await;
    walk.browser.open(&format!("{console}/products")).await;
    walk.step("catalogue").await;

    // A poster of 24 products, found one by one.
    walk.browser.open(&format!("{console}/posters/new")).await;
    walk.browser.wait_for("#builder").await;
    walk.browser.type_into("#title", "Fresh at Sveavägen").await;
    for (index, product) in products[..ON_POSTER].iter().enumerate() {
        walk.browser.type_into("#q", &product.sku).await;
        let add = format!("add-{}", product.sku);
        walk.press("search", &format!("#{add}")).await;
        walk.press(&add, &format!("#draft-{index}")).await;
    }
    let on_draft = walk
        .browser
        .client()
        .execute(
            "return document.querySelectorAll('#draft tbody tr').length;",
            Vec::new(),
        )
        .await
        .expect("rows");
    assert_eq!(on_draft, Value::from(ON_POSTER as u64));
    walk.press("refresh", "#preview-1").await;
    walk.wait_for_images().await;
    let findings = walk
        .browser
        .client()
        .execute(
            "return document.querySelectorAll('.findings li').length;",
            Vec::new(),
        )
        .await
        .expect("findings");
    assert!(
        findings.as_u64().is_some_and(|n| n > 0),
        "the preflight warns about something on a poster of 198 px photos"
    );
    walk.step("builder-preview").await;
    walk.scroll_to_end().await;
    walk.browser.shot("builder-preview-end").await;
    walk.press("save", "a[href$='print.pdf']").await;
    walk.step("poster").await;

    // The PDF, as the link downloads it.
    let pdf_url = walk
        .browser
        .attr("a[href$='print.pdf']", "href")
        .await
        .expect("href");
    let pdf_url = if pdf_url.starts_with("http") {
        pdf_url
    } else {
        format!("{}{pdf_url}", app.address)
    };
    let pdf = reqwest::Client::new()
        .get(&pdf_url)
        .header("cookie", walk.cookie_header().await)
        .send()
        .await
        .expect("pdf");
    assert_eq!(pdf.status(), StatusCode::OK);
    assert_eq!(
        pdf.headers()["content-type"].to_str().expect("type"),
        "application/pdf"
    );
    let pdf_dir = tempfile::tempdir().expect("temp dir");
    let pdf_file = pdf_dir.path().join("poster.pdf");
    std::fs::write(&pdf_file, pdf.bytes().await.expect("bytes")).expect("save");
    let info = run("pdfinfo", &[pdf_file.to_str().expect("path")]);
    assert!(info.contains("Pages:"), "{info}");
    let poster_id = walk
        .browser
        .path()
        .await
        .rsplit('/')
        .next()
        .expect("poster id")
        .to_owned();
    let poster = app
        .authed(
            Method::GET,
            &format!("/v1/retailers/{shop}/posters/{poster_id}"),
            &token,
        )
        .send()
        .await
        .expect("poster");
    let poster = expect_json(poster, StatusCode::OK).await;
    let mut payloads: Vec<String> = poster["slots"]
        .as_array()
        .expect("slots")
        .iter()
        .map(|slot| slot["qr_payload"].as_str().expect("payload").to_owned())
        .collect();
    payloads.sort();
    assert_eq!(payloads.len(), ON_POSTER);
    assert_eq!(decoded_codes(&pdf_file), payloads, "every code reads back");

    // A placement at a station, then a commuter scans one of its codes.
    walk.browser
        .open(&format!("{console}/posters/{poster_id}/placements/new"))
        .await;
    walk.browser.wait_for("#name").await;
    walk.step("placement-form").await;
    for (field, value) in [
        ("#name", "T-Centralen, platform 3"),
        ("#site", "T-Centralen"),
        ("#spot", "Platform 3"),
        ("#city", "Stockholm"),
        ("#cost", "450,000"),
    ] {
        walk.browser.type_into(field, value).await;
    }
    // The campaign runs from yesterday for four weeks, typed as Chrome's en-US
    // date-time inputs take it (month, day, year, then hours, minutes, AM/PM). Seoul
    // keeps UTC+9 all year.
    let seoul = chrono::Utc::now().naive_utc() + chrono::Duration::hours(9);
    for (field, day) in [
        ("#starts_at", seoul - chrono::Duration::days(1)),
        ("#ends_at", seoul + chrono::Duration::days(28)),
    ] {
        walk.tab_to(&field[1..]).await;
        // A year may have more than four digits: Right moves on to the time.
        walk.keys(&day.format("%m%d%Y").to_string()).await;
        walk.keys(&Key::Right).await;
        walk.keys("0900AM").await;
        let value = walk
            .browser
            .client()
            .execute(
                &format!("return document.querySelector('{field}').value;"),
                Vec::new(),
            )
            .await
            .expect("value");
        assert_eq!(
            value,
            Value::from(day.format("%Y-%m-%dT09:00").to_string()),
            "{field}"
        );
    }
    walk.press("save-placement", "a[href*='/placements/']")
        .await;
    walk.step("placement").await;
    let placements = app
        .authed(
            Method::GET,
            &format!("/v1/retailers/{shop}/posters/{poster_id}/placements"),
            &token,
        )
        .send()
        .await
        .expect("placements");
    let placements = expect_json(placements, StatusCode::OK).await;
    let placement = &placements["items"][0];
    assert_eq!(placement["name"], "T-Centralen, platform 3");
    let placement = app
        .authed(
            Method::GET,
            &format!(
                "/v1/retailers/{shop}/posters/{poster_id}/placements/{}",
                placement["id"].as_str().expect("id")
            ),
            &token,
        )
        .send()
        .await
        .expect("placement");
    let placement = expect_json(placement, StatusCode::OK).await;
    let code = placement["slots"][0]["code"].as_str().expect("code");
    let scanned = reqwest::Client::new()
        .get(format!("{}/s/{code}", app.address))
        .header("user-agent", "Mozilla/5.0 (iPhone)")
        .send()
        .await
        .expect("scan");
    assert_eq!(scanned.status(), StatusCode::OK);

    // The dashboard shows it, once the recorder has written it.
    walk.browser.open(&format!("{console}/")).await;
    let mut scans = String::new();
    for _ in 0..100 {
        scans = walk.browser.text("#total-scans").await;
        if scans == "1" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        walk.browser.client().refresh().await.expect("reload");
    }
    assert_eq!(scans, "1");
    let placements_table = walk.browser.text("#placements").await;
    assert!(
        placements_table.contains("T-Centralen, platform 3"),
        "{placements_table}"
    );
    walk.step("dashboard-first-scan").await;
    walk.browser.quit().await;
}
