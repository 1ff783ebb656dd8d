//! The scanned product's page, with its add-to-cart form, and a friendly "unknown code"
//! page.

use askama::Template;

use crate::app::pages::i18n::{Lang, Strings};
use crate::domain::cart::{MAX_QUANTITY, pricing};
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
    promised: bool,
    available: bool,
    in_stock: bool,
    campaign_active: bool,
    poster: &'a str,
    placement: Option<&'a str>,
    code: &'a str,
    csrf: String,
    max_quantity: i32,
}

impl<'a> ProductPage<'a> {
    /// The page for `scan`, in `lang`; its form carries the visitor's `csrf` token.
    pub fn new(
        scan: &'a ResolvedScan,
        lang: Lang,
        image_url: Option<String>,
        csrf: String,
        now: chrono::NaiveDateTime,
    ) -> Self {
        let currency = &scan.retailer.currency;
        let campaign_active = scan.campaign_active(now);
        // What adding it costs: the cart's own rule, so the page never promises otherwise.
        let unit = pricing::unit_price(
            scan.product.price_minor,
            Some((scan.printed_price_minor, campaign_active)),
        );
        Self {
            lang: lang.code(),
            t: lang.strings(),
            retailer: &scan.retailer.name,
            name: &scan.product.name,
            description: &scan.product.description,
            image_url,
            price: money::format(unit.amount_minor, currency, lang.locale()),
            printed_price: scan
                .printed_price_if_different()
                .filter(|_| !unit.promised)
                .map(|amount| money::format(amount, currency, lang.locale())),
            promised: unit.promised,
            available: scan.product_available(),
            in_stock: scan.in_stock(),
            campaign_active,
            poster: &scan.poster.title,
            placement: scan.placement.as_ref().map(|p| p.name.as_str()),
            code: &scan.code,
            csrf,
            max_quantity: MAX_QUANTITY,
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
