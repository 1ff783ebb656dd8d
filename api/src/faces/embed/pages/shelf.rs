//! A shelf as its embed shows it, and the page of a shelf that is gone.

use askama::Template;

use crate::app::pages::i18n::Lang;
use crate::app::urls::PublicUrls;
use crate::domain::cart::pricing;
use crate::domain::catalog::shelves::ShelfDetails;
use crate::domain::money;
use crate::domain::retailers::Retailer;
use crate::faces::embed::i18n::{self, EmbedStrings};

/// One product card.
pub struct Card {
    name: String,
    price: String,
    image_url: Option<String>,
    sold_out: bool,
    buy_url: String,
}

/// `/embed/shelves/{id}`: the shelf's products on sale, each with a buy link.
#[derive(Template)]
#[template(path = "embed_shelf.html")]
pub struct ShelfPage {
    lang: &'static str,
    t: &'static EmbedStrings,
    name: String,
    retailer: String,
    oembed_url: String,
    cards: Vec<Card>,
}

impl ShelfPage {
    /// The page of `details`, sold by `retailer`, in `lang`: active products only, at
    /// the price a visitor would pay from the product's share page (no poster promise).
    pub fn new(urls: &PublicUrls, details: &ShelfDetails, retailer: &Retailer, lang: Lang) -> Self {
        let shelf = &details.shelf;
        let cards = details
            .on_sale()
            .map(|product| Card {
                name: product.name.clone(),
                price: money::format(
                    pricing::unit_price(product.price_minor, None).amount_minor,
                    &retailer.currency,
                    lang.locale(),
                ),
                image_url: product.image_key.as_deref().map(|key| urls.image_url(key)),
                sold_out: product.available() == 0,
                buy_url: urls.shelf_buy_url(&product.share_code, &shelf.id),
            })
            .collect();
        Self {
            lang: lang.code(),
            t: i18n::strings(lang),
            name: shelf.name.clone(),
            retailer: retailer.name.clone(),
            oembed_url: urls.oembed_url(&urls.shelf_embed_url(&shelf.id)),
            cards,
        }
    }
}

/// The small page of a deleted or unknown shelf.
#[derive(Template)]
#[template(path = "embed_not_found.html")]
pub struct NotFoundPage {
    lang: &'static str,
    t: &'static EmbedStrings,
}

impl NotFoundPage {
    /// The page in `lang`.
    pub fn new(lang: Lang) -> Self {
        Self {
            lang: lang.code(),
            t: i18n::strings(lang),
        }
    }
}
