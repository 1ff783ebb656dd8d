//! A phone in the test suite: headless Chromium (from apt) with a 360×780 viewport and a
//! mobile user agent, driven over WebDriver by a chromedriver of its own, saving a
//! screenshot per step under `target/test-artifacts/`; or, for the staff pages, the same
//! browser on a desktop-sized window.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use tempfile::TempDir;

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";
const WIDTH: u32 = 360;
const HEIGHT: u32 = 780;
const USER_AGENT: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 \
                          (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36";
/// How long a page may take to show what a step waits for.
const STEP_TIMEOUT: Duration = Duration::from_secs(30);

/// A browser session on a phone-sized screen.
pub struct Phone {
    client: Client,
    driver: Child,
    shots: PathBuf,
    step: u32,
    _profile: TempDir,
}

impl Drop for Phone {
    fn drop(&mut self) {
        // The driver ends its Chromium with it.
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

/// `target/test-artifacts/<name>`, emptied.
pub fn artifact_dir(name: &str) -> PathBuf {
    let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target directory")
        .to_path_buf();
    let dir = target.join("test-artifacts").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("artifact directory");
    dir
}

impl Phone {
    /// Starts chromedriver and a browser that asks for pages in `accept_language`; the
    /// screenshots go to `target/test-artifacts/<artifacts>/`.
    pub async fn start(artifacts: &str, accept_language: &str) -> Self {
        let mobile = json!({
            "deviceMetrics": {"width": WIDTH, "height": HEIGHT, "pixelRatio": 2.0, "touch": true, "mobile": true},
            "userAgent": USER_AGENT,
        });
        Self::launch(artifacts, accept_language, mobile).await
    }

    /// Like [`Phone::start`], on a desktop screen of `width`×`height` CSS pixels instead
    /// (staff pages are made for desktops and tablets).
    pub async fn desktop(artifacts: &str, accept_language: &str, width: u32, height: u32) -> Self {
        let screen = json!({
            "deviceMetrics": {"width": width, "height": height, "pixelRatio": 1.0, "touch": false, "mobile": false},
        });
        Self::launch(artifacts, accept_language, screen).await
    }

    /// Starts chromedriver and a browser emulating `screen` (chromedriver's
    /// `mobileEmulation`, which fixes the viewport whatever the window).
    async fn launch(artifacts: &str, accept_language: &str, screen: serde_json::Value) -> Self {
        let port = free_port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("{CHROMEDRIVER} must be installed (scripts/install-deps): {e}")
            });
        let webdriver = format!("http://127.0.0.1:{port}");
        let profile = tempfile::tempdir().expect("profile dir");
        let mut options = json!({
                "binary": CHROMIUM,
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--no-proxy-server",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--hide-scrollbars",
                    format!("--accept-lang={accept_language}"),
                    format!("--user-data-dir={}", profile.path().display()),
                ],
        });
        options["mobileEmulation"] = screen;
        let capabilities: fantoccini::wd::Capabilities =
            serde_json::from_value(json!({"browserName": "chrome", "goog:chromeOptions": options}))
                .expect("capabilities are an object");
        let mut builder = ClientBuilder::rustls().expect("TLS roots");
        builder.capabilities(capabilities);
        // chromedriver takes a moment to listen.
        let mut attempts = 0;
        let client = loop {
            match builder.connect(&webdriver).await {
                Ok(client) => break client,
                Err(error) if attempts == 50 => {
                    panic!("no WebDriver session at {webdriver}: {error}")
                }
                Err(_) => {
                    attempts += 1;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            }
        };
        Self {
            client,
            driver,
            shots: artifact_dir(artifacts),
            step: 0,
            _profile: profile,
        }
    }

    /// Opens `url`.
    pub async fn open(&self, url: &str) {
        self.client.goto(url).await.expect("navigate");
    }

    /// The element matching the CSS `selector`, once the page shows it.
    pub async fn wait_for(&self, selector: &str) -> Element {
        self.client
            .wait()
            .at_most(STEP_TIMEOUT)
            .for_element(Locator::Css(selector))
            .await
            .unwrap_or_else(|e| panic!("{selector} never appeared: {e}"))
    }

    /// Taps the element matching `selector`.
    pub async fn tap(&self, selector: &str) {
        self.wait_for(selector)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("tap {selector}: {e}"));
    }

    /// Replaces the text of the input matching `selector`.
    pub async fn type_into(&self, selector: &str, text: &str) {
        let input = self.wait_for(selector).await;
        input.clear().await.expect("clear");
        input.send_keys(text).await.expect("type");
    }

    /// The visible text of the element matching `selector`.
    pub async fn text(&self, selector: &str) -> String {
        self.wait_for(selector).await.text().await.expect("text")
    }

    /// An attribute of the element matching `selector`.
    pub async fn attr(&self, selector: &str, name: &str) -> Option<String> {
        self.wait_for(selector)
            .await
            .attr(name)
            .await
            .expect("attribute")
    }

    /// The computed value of the CSS `property` of the element matching `selector`.
    pub async fn css(&self, selector: &str, property: &str) -> String {
        self.wait_for(selector)
            .await
            .css_value(property)
            .await
            .expect("css value")
    }

    /// The path (and query) of the current page.
    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("url");
        match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// Saves the screen as `NN-name.png`.
    pub async fn shot(&mut self, name: &str) {
        self.step += 1;
        let png = self.client.screenshot().await.expect("screenshot");
        let path = self.shots.join(format!("{:02}-{name}.png", self.step));
        std::fs::write(&path, png).expect("save screenshot");
    }

    /// The WebDriver session, for what the helpers above do not cover (keys sent to the
    /// focused element, scripts).
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Ends the browser session.
    pub async fn quit(self) {
        let _ = self.client.clone().close().await;
    }
}
