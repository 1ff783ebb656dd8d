//! The console in a real browser, with the keyboard alone: a desktop-sized (1280×800)
//! headless Chromium signs in with Tab and Enter, sees the dashboard's scans and charts,
//! switches to Korean, opens the catalogue, searches it and signs out; then a tablet
//! (768×1024) signs in and sees the same dashboard without sideways scrolling. axe-core is
//! injected into every page it visits and must report no serious or critical violation.
//! Screenshots of every step go to `target/test-artifacts/console/`.

use std::path::{Path, PathBuf};
use std::process::Command;

use fantoccini::key::Key;
use serde_json::Value;

use crate::console::{scanned_shop, user};
use crate::helpers::{Backend, DEMO_PASSWORD, spawn_app_with};
use crate::phone::Phone;
use virtual_shelf::domain::accounts::Role;

/// The pinned axe-core's directory, as tests/browser/axe.sh computes it, asked from the
/// script so that the two cannot disagree.
fn axe_dir() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace root");
    let output = Command::new("bash")
        .args(["-c", "source tests/browser/axe.sh && axe_dir"])
        .current_dir(root)
        .output()
        .expect("run bash");
    assert!(output.status.success(), "axe_dir failed: {output:?}");
    PathBuf::from(String::from_utf8(output.stdout).expect("UTF-8").trim())
}

/// axe-core's source, to inject into pages.
fn axe_source() -> String {
    std::fs::read_to_string(axe_dir().join("node_modules/axe-core/axe.min.js"))
        .expect("axe-core is installed (scripts/install-deps)")
}

/// The browser, keyboard and accessibility checker of a walk through the console.
pub struct Walk {
    /// The browser.
    pub browser: Phone,
    /// axe-core's source, injected into each page checked.
    pub axe: String,
}

impl Walk {
    /// A desktop-sized browser (`width`×`height`) asking for `accept_language`, its
    /// screenshots under `target/test-artifacts/{artifacts}/`.
    pub async fn desktop(artifacts: &str, accept_language: &str, width: u32, height: u32) -> Self {
        Self {
            browser: Phone::desktop(artifacts, accept_language, width, height).await,
            axe: axe_source(),
        }
    }

    /// A phone-sized browser (360×780, touch, a mobile user agent) asking for
    /// `accept_language`, its screenshots under `target/test-artifacts/{artifacts}/`.
    pub async fn phone(artifacts: &str, accept_language: &str) -> Self {
        Self {
            browser: Phone::start(artifacts, accept_language).await,
            axe: axe_source(),
        }
    }

    /// Presses `key` (or types text) into whatever has the focus, as a keyboard does:
    /// key actions, not keys sent to an element (which a focused file input would take
    /// for file names).
    pub async fn keys(&self, keys: &str) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let mut typing = KeyActions::new("keyboard".to_owned());
        for key in keys.chars() {
            typing = typing
                .then(KeyAction::Down { value: key })
                .then(KeyAction::Up { value: key });
        }
        self.browser
            .client()
            .perform_actions(typing)
            .await
            .expect("keys");
    }

    /// The id of the focused element.
    pub async fn focused_id(&self) -> String {
        let focused = self
            .browser
            .client()
            .active_element()
            .await
            .expect("a focused element");
        focused.attr("id").await.expect("id").unwrap_or_default()
    }

    /// Tabs through the page until the element with `id` has the focus.
    pub async fn tab_to(&self, id: &str) {
        for _ in 0..300 {
            if self.focused_id().await == id {
                return;
            }
            self.keys(&Key::Tab).await;
        }
        panic!("Tab never reached #{id}");
    }

    /// Fills the sign-in form with Tab and typing, and sends it with Enter.
    pub async fn sign_in(&self, email: &str) {
        self.tab_to("email").await;
        self.keys(email).await;
        self.keys(&Key::Tab).await;
        assert_eq!(self.focused_id().await, "password");
        self.keys(DEMO_PASSWORD).await;
        self.keys(&Key::Enter).await;
    }

    /// Waits until every image of the page (the charts) has loaded.
    pub async fn wait_for_images(&self) {
        for _ in 0..100 {
            if self.images_loaded().await {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("an image never loaded");
    }

    /// Runs axe-core on the page; fails on any serious or critical violation.
    pub async fn check_accessibility(&self, page: &str) {
        let client = self.browser.client();
        client
            .execute(&self.axe, Vec::new())
            .await
            .expect("inject axe-core");
        let found = client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, {resultTypes: ['violations']})
                   .then(r => done(r.violations
                     .filter(v => v.impact === 'serious' || v.impact === 'critical')
                     .map(v => ({id: v.id, impact: v.impact, help: v.help,
                                 nodes: v.nodes.map(n => n.target.join(' '))}))))
                   .catch(e => done([{id: 'axe-error', help: String(e)}]));",
                Vec::new(),
            )
            .await
            .expect("run axe-core");
        let violations = found.as_array().expect("a list");
        assert!(
            violations.is_empty(),
            "{page}: {}",
            serde_json::to_string_pretty(&found).unwrap_or_default()
        );
    }

    /// Scrolls to the bottom of the page (a screenshot shows the viewport only).
    pub async fn scroll_to_end(&self) {
        self.browser
            .client()
            .execute(
                "window.scrollTo(0, document.body.scrollHeight);",
                Vec::new(),
            )
            .await
            .expect("scroll");
    }

    /// True when every image of the page has loaded and has pixels.
    pub async fn images_loaded(&self) -> bool {
        self.browser
            .client()
            .execute(
                "return Array.from(document.images).every(i => i.complete && i.naturalWidth > 0);",
                Vec::new(),
            )
            .await
            .expect("images")
            == Value::Bool(true)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_work_the_console_with_the_keyboard() {
    let app = spawn_app_with(
        Backend::Sqlite,
        "scan_flush_interval_ms = 50\ntrusted_proxies = \"127.0.0.1\"",
    )
    .await;
    let (shop, _) = scanned_shop(&app, 12).await;
    let admin = user(&app, Role::RetailerAdmin, Some(&shop)).await;
    let mut walk = Walk::desktop("console", "en-US,en", 1280, 800).await;

    // A bookmark of the dashboard leads through sign-in.
    walk.browser
        .open(&format!("{}/console/r/{shop}/", app.address))
        .await;
    walk.browser.wait_for("#email").await;
    assert!(
        walk.browser
            .path()
            .await
            .starts_with("/console/login?next=")
    );
    walk.browser.shot("sign-in").await;
    walk.check_accessibility("sign-in").await;
    walk.sign_in(&admin).await;

    // The dashboard, once the recorder has written the scans.
    let mut scans = String::new();
    for _ in 0..100 {
        scans = walk.browser.text("#total-scans").await;
        if scans == "4" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        walk.browser.client().refresh().await.expect("reload");
    }
    assert_eq!(scans, "4");
    assert_eq!(walk.browser.path().await, format!("/console/r/{shop}/"));
    assert_eq!(walk.browser.text("#total-unique").await, "3");
    walk.wait_for_images().await;
    walk.browser.shot("dashboard").await;
    walk.scroll_to_end().await;
    walk.browser.shot("dashboard-charts").await;
    walk.check_accessibility("dashboard").await;

    // Korean, by the header's switch; the choice outlives the page.
    walk.tab_to("lang-ko").await;
    walk.keys(&Key::Enter).await;
    walk.browser.wait_for("html[lang=ko]").await;
    assert!(walk.browser.text("h1").await.contains("스캔에서 판매까지"));
    walk.wait_for_images().await;
    walk.browser.shot("dashboard-ko").await;
    walk.scroll_to_end().await;
    walk.browser.shot("dashboard-ko-charts").await;
    walk.check_accessibility("dashboard (ko)").await;

    // The catalogue, then a search.
    walk.tab_to("nav-products").await;
    walk.keys(&Key::Enter).await;
    walk.browser.wait_for("#products").await;
    assert!(walk.browser.text("h1").await.contains("상품 목록"));
    walk.browser.shot("catalogue").await;
    walk.check_accessibility("catalogue").await;
    walk.tab_to("q").await;
    walk.keys("sku-003").await;
    walk.keys(&Key::Enter).await;
    for _ in 0..100 {
        if walk.browser.path().await.contains("q=sku-003") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let rows = walk
        .browser
        .client()
        .execute(
            "return document.querySelectorAll('#products tbody tr').length;",
            Vec::new(),
        )
        .await
        .expect("rows");
    assert_eq!(rows, Value::from(1));
    assert!(walk.browser.text("#products").await.contains("SKU-003"));
    walk.browser.shot("search").await;
    walk.check_accessibility("search").await;

    // A mistyped address: the console's own error page, with a way back.
    walk.browser
        .open(&format!("{}/console/r/not-a-retailer/", app.address))
        .await;
    walk.browser.wait_for("#error[data-code]").await;
    walk.browser.shot("not-found").await;
    walk.check_accessibility("not found").await;

    // Sign out: back at the sign-in form, still in Korean.
    walk.tab_to("signout").await;
    walk.keys(&Key::Enter).await;
    walk.browser.wait_for("#email").await;
    assert_eq!(walk.browser.path().await, "/console/login");
    assert!(walk.browser.text("h1").await.contains("콘솔 로그인"));
    walk.browser.shot("signed-out").await;
    walk.check_accessibility("signed out").await;
    walk.browser.quit().await;

    // A tablet held upright: the same dashboard, columns stacked.
    let tablet = Walk {
        browser: Phone::desktop("console/tablet", "ko-KR,ko", 768, 1024).await,
        axe: walk.axe,
    };
    tablet
        .browser
        .open(&format!("{}/console/login", app.address))
        .await;
    tablet.sign_in(&admin).await;
    tablet.browser.wait_for("#total-scans").await;
    tablet.wait_for_images().await;
    let mut tablet = tablet;
    tablet.browser.shot("dashboard").await;
    tablet.check_accessibility("dashboard (tablet)").await;
    let overflow = tablet
        .browser
        .client()
        .execute(
            "return document.documentElement.scrollWidth > window.innerWidth;",
            Vec::new(),
        )
        .await
        .expect("width");
    assert_eq!(overflow, Value::Bool(false), "no sideways scrolling");
    tablet.browser.quit().await;
}
