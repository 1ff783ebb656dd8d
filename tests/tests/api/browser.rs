//! The mobile product page in a real browser: headless Chromium loads `/S/{code}` as a
//! phone would and the rendered DOM shows the product in the commuter's language.

use std::process::Command;

use crate::helpers::{Backend, TestApp, spawn_app};
use crate::on_both_backends;
use crate::posters::{create_poster, stocked_shop};

on_both_backends!(scan_page_renders_in_chromium);

const CHROMIUM: &str = "/usr/bin/chromium";

/// The DOM of `url` after Chromium rendered it, with `Accept-Language: lang`.
async fn rendered_dom(url: String, lang: &'static str) -> String {
    tokio::task::spawn_blocking(move || {
        let profile = tempfile::tempdir().expect("profile dir");
        let output = Command::new(CHROMIUM)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=390,844",
                "--timeout=10000",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(format!("--accept-lang={lang}"))
            .arg("--dump-dom")
            .arg(&url)
            .output()
            .unwrap_or_else(|e| panic!("{CHROMIUM} must be installed (scripts/install-deps): {e}"));
        assert!(
            output.status.success(),
            "chromium failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("UTF-8 DOM")
    })
    .await
    .expect("browser task")
}

async fn scan_page_renders_in_chromium(backend: Backend) {
    let app: TestApp = spawn_app(backend).await;
    let (shop, token) = stocked_shop(&app).await;
    let poster = create_poster(&app, &shop, &token, &["P3"]).await;
    let payload = poster["slots"][0]["qr_payload"]
        .as_str()
        .expect("payload")
        .to_owned();

    let korean = rendered_dom(payload.clone(), "ko-KR,ko").await;
    assert!(korean.contains("lang=\"ko\""), "{korean}");
    assert!(
        korean.contains("<h1 id=\"product-name\">상품 3</h1>"),
        "{korean}"
    );
    assert!(korean.contains("₩3,000"), "{korean}");
    assert!(korean.contains("주문 가능"), "{korean}");

    let english = rendered_dom(payload, "en-US,en").await;
    assert!(english.contains("lang=\"en\""), "{english}");
    assert!(english.contains("In stock"), "{english}");

    let unknown = rendered_dom(format!("{}/s/ZZZZZZZZ", app.address), "en-US").await;
    assert!(unknown.contains("Product not found"), "{unknown}");
}
