//! A product's commuter page, reached by scanning a poster (`/s/{code}`) or by a shared
//! link (`/p/{share_code}`), with its add-to-cart form, share control and link-preview
//! tags; and a friendly "unknown code" page.

use askama::Template;

use crate::app::pages::i18n::{Lang, Strings};
use crate::app::urls::PublicUrls;
use crate::domain::analytics::attribution::Link;
use crate::domain::cart::{MAX_QUANTITY, pricing};
use crate::domain::catalog::{Product, share_cards};
use crate::domain::money;
use crate::domain::retailers::Retailer;
use crate::domain::scans::ResolvedScan;
use crate::faces::shop::i18n::share::{self, ShareStrings};

/// What a link preview (Open Graph, Twitter card) shows of a product: its share page,
/// whichever page carries the tags, so every channel's previews agree.
pub struct Preview {
    canonical_url: String,
    card_url: String,
    title: String,
    description: String,
    price_amount: String,
    currency: String,
    availability: &'static str,
}

impl Preview {
    /// The preview of `product`, sold by `retailer`.
    pub fn of(urls: &PublicUrls, product: &Product, retailer: &Retailer) -> Self {
        let canonical_url = urls.share_url(&product.share_code);
        let in_stock = product.active && product.deleted_at.is_none() && product.available() > 0;
        Self {
            card_url: share_cards::card_url(&canonical_url),
            canonical_url,
            title: product.name.clone(),
            // An empty description would make previewers pick text of their own.
            description: if product.description.trim().is_empty() {
                retailer.name.clone()
            } else {
                product.description.clone()
            },
            price_amount: money::plain_amount(product.price_minor, &retailer.currency),
            currency: retailer.currency.clone(),
            availability: if in_stock { "in stock" } else { "out of stock" },
        }
    }
}

/// The page's share control: the product's share link, carrying the sharer's referral
/// code when a customer is signed in, to copy or to send by e-mail.
pub struct ShareAction {
    s: &'static ShareStrings,
    url: String,
    mailto: String,
    yours: bool,
}

impl ShareAction {
    /// The control of the page `preview` describes, in `lang`, for the customer whose
    /// referral code is `referral` (a guest has none).
    pub fn new(preview: &Preview, referral: Option<&str>, lang: Lang) -> Self {
        let url = match referral {
            Some(code) => format!("{}?ref={code}", preview.canonical_url),
            None => preview.canonical_url.clone(),
        };
        let query = serde_urlencoded::to_string([
            ("subject", preview.title.as_str()),
            ("body", url.as_str()),
        ])
        .unwrap_or_default();
        Self {
            s: share::strings(lang),
            // Form encoding writes spaces as `+`, which mail programs show as is; a
            // literal `+` is already `%2B`.
            mailto: format!("mailto:?{}", query.replace('+', "%20")),
            url,
            yours: referral.is_some(),
        }
    }
}

/// The hidden fields that tell the cart which product the form adds: the scanned code,
/// which the cart line keeps for the poster's price promise and attribution, or the share
/// code with the page's link parameters, which adds the product with no scan code.
enum CartRef<'a> {
    Scan(&'a str),
    Share(&'a str, &'a Link),
}

impl CartRef<'_> {
    fn fields(&self) -> Vec<(&'static str, &str)> {
        match self {
            Self::Scan(code) => vec![("code", code)],
            Self::Share(code, link) => [
                Some(("share", *code)),
                link.utm_medium
                    .as_deref()
                    .map(|value| ("utm_medium", value)),
                link.utm_source
                    .as_deref()
                    .map(|value| ("utm_source", value)),
                link.referral.as_deref().map(|value| ("ref", value)),
            ]
            .into_iter()
            .flatten()
            .collect(),
        }
    }
}

/// A product's commuter page.
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
    poster: Option<&'a str>,
    placement: Option<&'a str>,
    cart_ref: CartRef<'a>,
    csrf: String,
    max_quantity: i32,
    preview: Preview,
    share: ShareAction,
}

impl<'a> ProductPage<'a> {
    /// The page for `scan`, in `lang`; its form carries the visitor's `csrf` token.
    pub fn new(
        scan: &'a ResolvedScan,
        lang: Lang,
        image_url: Option<String>,
        csrf: String,
        now: chrono::NaiveDateTime,
        (preview, share): (Preview, ShareAction),
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
            poster: Some(&scan.poster.title),
            placement: scan.placement.as_ref().map(|p| p.name.as_str()),
            cart_ref: CartRef::Scan(&scan.code),
            csrf,
            max_quantity: MAX_QUANTITY,
            preview,
            share,
        }
    }

    /// The share page of `product` (live and active), sold by `retailer`, opened through
    /// `link`: today's price, no poster, and a form that adds the product without a scan
    /// code, under the link's channel.
    pub fn shared(
        product: &'a Product,
        retailer: &'a Retailer,
        link: &'a Link,
        lang: Lang,
        image_url: Option<String>,
        csrf: String,
        (preview, share): (Preview, ShareAction),
    ) -> Self {
        Self {
            lang: lang.code(),
            t: lang.strings(),
            retailer: &retailer.name,
            name: &product.name,
            description: &product.description,
            image_url,
            price: money::format(product.price_minor, &retailer.currency, lang.locale()),
            printed_price: None,
            promised: false,
            available: true,
            in_stock: product.available() > 0,
            campaign_active: true,
            poster: None,
            placement: None,
            cart_ref: CartRef::Share(&product.share_code, link),
            csrf,
            max_quantity: MAX_QUANTITY,
            preview,
            share,
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
