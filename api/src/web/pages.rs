//! The pages: a scanned product, and a friendly "unknown code" page.

use askama::Template;

use super::i18n::{Lang, Strings};
use crate::domain::money;
use crate::domain::scans::ResolvedScan;

/// The product page a commuter sees after scanning.
#[derive(Template)]
#[template(path = "product.html")]
pub struct ProductPage<'a> {
    lang: &'static str,
    t: &'static Strings,
    retailer: &'a str,
    name: &'a str,
    description: &'a str,
    image_url: Option<String>,
    price: String,
    printed_price: Option<String>,
    available: bool,
    in_stock: bool,
    campaign_active: bool,
    poster: &'a str,
    placement: Option<&'a str>,
    code: &'a str,
}

impl<'a> ProductPage<'a> {
    /// The page for `scan`, in `lang`.
    pub fn new(
        scan: &'a ResolvedScan,
        lang: Lang,
        image_url: Option<String>,
        now: chrono::NaiveDateTime,
    ) -> Self {
        let currency = &scan.retailer.currency;
        Self {
            lang: lang.code(),
            t: lang.strings(),
            retailer: &scan.retailer.name,
            name: &scan.product.name,
            description: &scan.product.description,
            image_url,
            price: money::format(scan.product.price_minor, currency, lang.locale()),
            printed_price: scan
                .printed_price_if_different()
                .map(|amount| money::format(amount, currency, lang.locale())),
            available: scan.product_available(),
            in_stock: scan.in_stock(),
            campaign_active: scan.campaign_active(now),
            poster: &scan.poster.title,
            placement: scan.placement.as_ref().map(|p| p.name.as_str()),
            code: &scan.code,
        }
    }
}

/// The page for a code nobody printed.
#[derive(Template)]
#[template(path = "not_found.html")]
pub struct NotFoundPage {
    lang: &'static str,
    t: &'static Strings,
}

impl NotFoundPage {
    /// The page in `lang`.
    pub fn new(lang: Lang) -> Self {
        Self {
            lang: lang.code(),
            t: lang.strings(),
        }
    }
}
