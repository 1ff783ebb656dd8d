//! The service's public URLs, built from its configured origin: what QR codes encode,
//! what product photos are served at.

use std::sync::Arc;

/// Height in CSS pixels of a shelf's `<iframe>` unless the embedding site asks for less:
/// a row of product cards with room to scroll to the next.
pub const SHELF_EMBED_HEIGHT_PX: u32 = 520;
/// Width in CSS pixels oEmbed consumers are told a shelf takes (its snippet fills the
/// post's width otherwise).
pub const SHELF_EMBED_WIDTH_PX: u32 = 600;

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

    /// The embeddable page of a shelf (`{origin}/embed/shelves/{id}`), what a blogger's
    /// `<iframe>` shows and the URL they paste for oEmbed.
    pub fn shelf_embed_url(&self, shelf_id: &str) -> String {
        format!("{}/embed/shelves/{shelf_id}", self.origin)
    }

    /// The shelf id of `url` if it is a shelf embed URL of this origin (any query or
    /// fragment ignored); `None` for another host or path.
    pub fn shelf_id_of_embed_url<'u>(&self, url: &'u str) -> Option<&'u str> {
        let path = url.strip_prefix(&*self.origin)?;
        let id = path.strip_prefix("/embed/shelves/")?;
        let id = id.split(['?', '#']).next().unwrap_or_default();
        (!id.is_empty() && !id.contains('/')).then_some(id)
    }

    /// The `<iframe>` a blogger pastes to show a shelf: `width` in CSS pixels, or the
    /// whole width of the post when `None`.
    pub fn shelf_embed_snippet(
        &self,
        shelf_id: &str,
        title: &str,
        width: Option<u32>,
        height: u32,
    ) -> String {
        let width = width.map_or_else(|| "100%".to_owned(), |w| format!("{w}px"));
        format!(
            r#"<iframe src="{}" title="{}" style="width:{width};max-width:100%;height:{height}px;border:0" loading="lazy"></iframe>"#,
            self.shelf_embed_url(shelf_id),
            quick_xml::escape::escape(title),
        )
    }

    /// The oEmbed endpoint's answer for `page_url` (`{origin}/oembed?url=…`), the URL a
    /// shelf page's discovery `<link>` names.
    pub fn oembed_url(&self, page_url: &str) -> String {
        let query = serde_urlencoded::to_string([("url", page_url), ("format", "json")])
            .unwrap_or_default();
        format!("{}/oembed?{query}", self.origin)
    }

    /// A product's share page as a shelf's buy link opens it, counted under channel
    /// `embed` with the shelf as source.
    pub fn shelf_buy_url(&self, share_code: &str, shelf_id: &str) -> String {
        format!(
            "{}?utm_medium=embed&utm_source={shelf_id}",
            self.share_url(share_code)
        )
    }

    /// Absolute URL of a stored product photo.
    pub fn image_url(&self, key: &str) -> String {
        format!("{}/media/{key}", self.origin)
    }
}

#[cfg(test)]
mod tests {
    use super::PublicUrls;

    #[test]
    fn only_this_origins_shelf_embed_urls_name_a_shelf() {
        let urls = PublicUrls::new("https://shop.example:8443");
        let id = "0191f437-bf41-47ef-9a99-ec280750cce3";
        let embed = urls.shelf_embed_url(id);
        assert_eq!(urls.shelf_id_of_embed_url(&embed), Some(id));
        assert_eq!(
            urls.shelf_id_of_embed_url(&format!("{embed}?lang=ko#top")),
            Some(id)
        );
        for other in [
            format!("https://shop.example:84430/embed/shelves/{id}"),
            format!("https://shop.example:8443.evil.example/embed/shelves/{id}"),
            format!("http://shop.example:8443/embed/shelves/{id}"),
            format!("https://shop.example:8443/embed/shelves/{id}/more"),
            format!("https://shop.example:8443/p/{id}"),
            "https://shop.example:8443/embed/shelves/".to_owned(),
        ] {
            assert_eq!(urls.shelf_id_of_embed_url(&other), None, "{other}");
        }
    }

    #[test]
    fn the_snippet_escapes_the_shelf_name() {
        let urls = PublicUrls::new("https://shop.example");
        let snippet = urls.shelf_embed_snippet("s1", r#"<b>"Mina" & Jun</b>"#, Some(320), 300);
        assert_eq!(
            snippet,
            "<iframe src=\"https://shop.example/embed/shelves/s1\" \
             title=\"&lt;b&gt;&quot;Mina&quot; &amp; Jun&lt;/b&gt;\" \
             style=\"width:320px;max-width:100%;height:300px;border:0\" loading=\"lazy\"></iframe>"
        );
        assert_eq!(
            urls.oembed_url("https://shop.example/embed/shelves/s1"),
            "https://shop.example/oembed?url=https%3A%2F%2Fshop.example%2Fembed%2Fshelves%2Fs1&format=json"
        );
    }
}
