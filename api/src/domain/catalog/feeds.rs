//! Catalogue feeds for the shopping catalogues of Meta (Instagram, Facebook) and Google
//! Merchant Center: one item per active product, linking to its share page tagged with
//! `utm_source` (the platform) and `utm_medium=feed`, which is how a visit from a feed is
//! told apart. The platforms' importers read these files, not people with spreadsheets,
//! so the CSV has no byte order mark and no formula neutralization.

use std::io;

use diesel::prelude::*;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::products::Product;
use super::share_cards;
use crate::db::DbConnection;
use crate::db::schema::products;
use crate::domain::retailers::Retailer;
use crate::domain::{DomainError, money};

/// The `utm_medium` of every feed link.
pub const UTM_MEDIUM: &str = "feed";

/// The columns of the Meta catalogue CSV, in order.
pub const META_COLUMNS: [&str; 10] = [
    "id",
    "title",
    "description",
    "availability",
    "condition",
    "price",
    "link",
    "image_link",
    "brand",
    "gtin",
];

/// The namespace of Google's product attributes in an RSS 2.0 feed.
pub const GOOGLE_NAMESPACE: &str = "http://base.google.com/ns/1.0";

/// A shopping platform that reads a feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    /// Meta's commerce catalogue (Instagram and Facebook shops).
    Meta,
    /// Google Merchant Center.
    Google,
}

impl Platform {
    /// The `utm_source` of its links.
    pub fn utm_source(self) -> &'static str {
        match self {
            Self::Meta => "meta",
            Self::Google => "google",
        }
    }

    /// How it spells availability.
    fn availability(self, in_stock: bool) -> &'static str {
        match (self, in_stock) {
            (Self::Meta, true) => "in stock",
            (Self::Meta, false) => "out of stock",
            (Self::Google, true) => "in_stock",
            (Self::Google, false) => "out_of_stock",
        }
    }
}

/// One product as a feed lists it, every value spelled the way the platform reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    /// The SKU.
    pub id: String,
    /// The product's name.
    pub title: String,
    /// Its description, or its name when it has none (both platforms require one).
    pub description: String,
    /// `in stock`/`out of stock` (Meta) or `in_stock`/`out_of_stock` (Google).
    pub availability: &'static str,
    /// Always `new`: the shops sell new goods.
    pub condition: &'static str,
    /// Amount in major units and the ISO 4217 code: `3900 KRW`, `12.50 EUR`.
    pub price: String,
    /// The share page, tagged with the platform and `utm_medium=feed`.
    pub link: String,
    /// Absolute URL of the photo; empty when the product has none.
    pub image_link: String,
    /// The retailer's name (products carry no brand of their own).
    pub brand: String,
    /// The GTIN, when known.
    pub gtin: Option<String>,
}

/// The retailer's products a feed lists: active and not deleted, by SKU.
pub fn listed_products(
    conn: &mut DbConnection,
    retailer_id: &str,
) -> Result<Vec<Product>, DomainError> {
    Ok(products::table
        .filter(products::retailer_id.eq(retailer_id))
        .filter(products::deleted_at.is_null())
        .filter(products::active.eq(true))
        .order(products::sku.asc())
        .select(Product::as_select())
        .load(conn)?)
}

/// The feed items of `products` for `platform`. `share_url` gives a share page's
/// untagged URL from its code, `image_url` a photo's URL from its storage key. A product
/// without a photo shows its share card, as both platforms refuse an item without an
/// image.
pub fn items(
    platform: Platform,
    retailer: &Retailer,
    products: &[Product],
    share_url: impl Fn(&str) -> String,
    image_url: impl Fn(&str) -> String,
) -> Vec<FeedItem> {
    products
        .iter()
        .map(|product| FeedItem {
            id: product.sku.clone(),
            title: product.name.clone(),
            description: if product.description.trim().is_empty() {
                product.name.clone()
            } else {
                product.description.clone()
            },
            availability: platform.availability(product.available() > 0),
            condition: "new",
            price: format!(
                "{} {}",
                money::plain_amount(product.price_minor, &retailer.currency),
                retailer.currency
            ),
            link: format!(
                "{}?utm_source={}&utm_medium={UTM_MEDIUM}",
                share_url(&product.share_code),
                platform.utm_source()
            ),
            image_link: product.image_key.as_deref().map_or_else(
                || share_cards::card_url(&share_url(&product.share_code)),
                &image_url,
            ),
            brand: retailer.name.clone(),
            gtin: product.gtin.clone(),
        })
        .collect()
}

/// The Meta catalogue CSV of `items`, in [`META_COLUMNS`].
pub fn meta_csv(items: &[FeedItem]) -> Result<Vec<u8>, DomainError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(META_COLUMNS)
        .map_err(DomainError::internal)?;
    for item in items {
        writer
            .write_record([
                item.id.as_str(),
                &item.title,
                &item.description,
                item.availability,
                item.condition,
                &item.price,
                &item.link,
                &item.image_link,
                &item.brand,
                item.gtin.as_deref().unwrap_or_default(),
            ])
            .map_err(DomainError::internal)?;
    }
    writer.into_inner().map_err(DomainError::internal)
}

/// The Google Merchant Center RSS 2.0 feed of `items`: a channel titled after the
/// retailer, linking to `channel_link`, with one `<item>` of `g:` attributes per product
/// (`g:gtin` only where known).
pub fn google_rss(
    retailer: &Retailer,
    channel_link: &str,
    items: &[FeedItem],
) -> Result<Vec<u8>, DomainError> {
    let mut writer = Writer::new(Vec::new());
    write_rss(&mut writer, retailer, channel_link, items).map_err(DomainError::internal)?;
    Ok(writer.into_inner())
}

fn write_rss(
    writer: &mut Writer<Vec<u8>>,
    retailer: &Retailer,
    channel_link: &str,
    items: &[FeedItem],
) -> io::Result<()> {
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    writer
        .create_element("rss")
        .with_attributes([("version", "2.0"), ("xmlns:g", GOOGLE_NAMESPACE)])
        .write_inner_content(|writer| {
            writer
                .create_element("channel")
                .write_inner_content(|writer| {
                    text_element(writer, "title", &retailer.name)?;
                    text_element(writer, "link", channel_link)?;
                    text_element(writer, "description", &retailer.name)?;
                    for item in items {
                        writer
                            .create_element("item")
                            .write_inner_content(|writer| write_item(writer, item))?;
                    }
                    Ok(())
                })?;
            Ok(())
        })?;
    Ok(())
}

fn write_item(writer: &mut Writer<Vec<u8>>, item: &FeedItem) -> io::Result<()> {
    let mut fields = vec![
        ("g:id", item.id.as_str()),
        ("g:title", &item.title),
        ("g:description", &item.description),
        ("g:link", &item.link),
        ("g:image_link", &item.image_link),
    ];
    fields.extend([
        ("g:price", item.price.as_str()),
        ("g:availability", item.availability),
        ("g:condition", item.condition),
        ("g:brand", &item.brand),
    ]);
    if let Some(gtin) = &item.gtin {
        fields.push(("g:gtin", gtin));
    }
    for (name, value) in fields {
        text_element(writer, name, value)?;
    }
    Ok(())
}

/// `<name>text</name>`, the text escaped by the writer.
fn text_element(writer: &mut Writer<Vec<u8>>, name: &str, text: &str) -> io::Result<()> {
    writer
        .create_element(name)
        .write_text_content(BytesText::new(text))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn retailer(currency: &str) -> Retailer {
        Retailer {
            id: "r1".into(),
            name: "Mart & Co".into(),
            currency: currency.into(),
            time_zone: "Asia/Seoul".into(),
            locale: "ko-KR".into(),
            created_at: chrono::NaiveDateTime::default(),
        }
    }

    fn product(sku: &str, price_minor: i64, stock: i64, reserved: i64) -> Product {
        Product {
            id: format!("id-{sku}"),
            retailer_id: "r1".into(),
            sku: sku.into(),
            gtin: None,
            name: format!("Name <{sku}>"),
            description: String::new(),
            price_minor,
            stock_on_hand: stock,
            reserved,
            active: true,
            image_key: None,
            created_at: chrono::NaiveDateTime::default(),
            updated_at: chrono::NaiveDateTime::default(),
            deleted_at: None,
            share_code: format!("CODE{sku}"),
        }
    }

    fn feed(platform: Platform, currency: &str, products: &[Product]) -> Vec<FeedItem> {
        items(
            platform,
            &retailer(currency),
            products,
            |code| format!("https://x.test/p/{code}"),
            |key| format!("https://x.test/media/{key}"),
        )
    }

    #[test]
    fn items_spell_prices_stock_links_and_photos_per_platform() {
        let mut with_photo = product("A1", 3900, 5, 0);
        with_photo.image_key = Some("abc.jpg".into());
        with_photo.gtin = Some("4006381333931".into());
        with_photo.description = "Crisp".into();
        let sold_out = product("B2", 1250, 3, 3);

        let meta = feed(
            Platform::Meta,
            "KRW",
            &[with_photo.clone(), sold_out.clone()],
        );
        assert_eq!(meta[0].price, "3900 KRW");
        assert_eq!(meta[0].availability, "in stock");
        assert_eq!(meta[1].availability, "out of stock");
        assert_eq!(meta[0].condition, "new");
        assert_eq!(meta[0].description, "Crisp");
        assert_eq!(meta[1].description, "Name <B2>");
        assert_eq!(meta[0].image_link, "https://x.test/media/abc.jpg");
        assert_eq!(meta[1].image_link, "https://x.test/p/CODEB2/card.png");
        assert_eq!(meta[0].brand, "Mart & Co");
        assert_eq!(meta[0].gtin.as_deref(), Some("4006381333931"));
        assert_eq!(
            meta[0].link,
            "https://x.test/p/CODEA1?utm_source=meta&utm_medium=feed"
        );

        let google = feed(Platform::Google, "EUR", &[with_photo, sold_out]);
        assert_eq!(google[0].price, "39.00 EUR");
        assert_eq!(google[1].price, "12.50 EUR");
        assert_eq!(google[0].availability, "in_stock");
        assert_eq!(google[1].availability, "out_of_stock");
        assert!(
            google[0]
                .link
                .ends_with("?utm_source=google&utm_medium=feed")
        );
    }

    #[test]
    fn meta_csv_reads_back_in_its_columns() {
        let mut tricky = product("A1", 100, 1, 0);
        tricky.description = "=1+2, \"quoted\"\nsecond line".into();
        let csv = meta_csv(&feed(Platform::Meta, "KRW", &[tricky])).expect("csv");
        let mut reader = csv::Reader::from_reader(csv.as_slice());
        assert_eq!(reader.headers().expect("header"), META_COLUMNS.as_slice());
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
        assert_eq!(rows.len(), 1);
        assert_eq!(&rows[0][2], "=1+2, \"quoted\"\nsecond line");
        assert_eq!(&rows[0][5], "100 KRW");
        assert_eq!(&rows[0][7], "https://x.test/p/CODEA1/card.png");
        assert_eq!(&rows[0][9], "");
    }

    #[test]
    fn google_rss_escapes_text_and_omits_unknown_fields() {
        let mut with_gtin = product("A1", 100, 1, 0);
        with_gtin.gtin = Some("4006381333931".into());
        let items = feed(
            Platform::Google,
            "KRW",
            &[with_gtin, product("B2", 5, 0, 0)],
        );
        let xml =
            String::from_utf8(google_rss(&retailer("KRW"), "https://x.test", &items).expect("rss"))
                .expect("UTF-8");
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
        assert!(xml.contains("xmlns:g=\"http://base.google.com/ns/1.0\""));
        assert!(xml.contains("<title>Mart &amp; Co</title>"));
        assert!(xml.contains("<g:title>Name &lt;A1&gt;</g:title>"));
        assert!(xml.contains("utm_source=google&amp;utm_medium=feed</g:link>"));
        assert_eq!(xml.matches("<item>").count(), 2);
        assert_eq!(xml.matches("<g:gtin>").count(), 1);
        assert_eq!(
            xml.matches("/card.png</g:image_link>").count(),
            2,
            "products without photos show their share cards"
        );
    }
}
