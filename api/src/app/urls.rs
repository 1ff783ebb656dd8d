//! The service's public URLs, built from its configured origin: what QR codes encode,
//! what product photos are served at.

use std::sync::Arc;

/// The public origin (scheme, host, optional port) and the URLs derived from it.
#[derive(Debug, Clone)]
pub struct PublicUrls {
    origin: Arc<str>,
}

impl PublicUrls {
    /// URLs under `origin`, which has no path and no trailing slash.
    pub fn new(origin: impl Into<Arc<str>>) -> Self {
        Self {
            origin: origin.into(),
        }
    }

    /// The origin itself.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Whether the service is reached over HTTPS, so cookies must be `Secure`.
    pub fn is_https(&self) -> bool {
        self.origin.starts_with("https://")
    }

    /// The public URL of a code (`{origin}/s/{CODE}`).
    pub fn scan_url(&self, code: &str) -> String {
        format!("{}/s/{code}", self.origin)
    }

    /// The share page of a product (`{origin}/p/{share_code}`), its canonical URL.
    pub fn share_url(&self, share_code: &str) -> String {
        format!("{}/p/{share_code}", self.origin)
    }

    /// The QR payload of a code: the whole URL in upper case, so the QR encodes it in
    /// alphanumeric mode (bigger modules, scannable from farther).
    pub fn qr_payload(&self, code: &str) -> String {
        format!("{}/S/{code}", self.origin).to_ascii_uppercase()
    }

    /// The operator page of an order (`{origin}/ops/orders/{id}`), which a bag label's QR
    /// code opens at the door.
    pub fn ops_order_url(&self, order_id: &str) -> String {
        format!("{}/ops/orders/{order_id}", self.origin)
    }

    /// A retailer's catalogue feed `file` (`meta.csv`, `google.xml`) under its secret.
    pub fn feed_url(&self, secret: &str, file: &str) -> String {
        format!("{}/feeds/{secret}/{file}", self.origin)
    }

    /// Absolute URL of a stored product photo.
    pub fn image_url(&self, key: &str) -> String {
        format!("{}/media/{key}", self.origin)
    }
}
