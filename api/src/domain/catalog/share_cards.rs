//! Share cards: the picture a product's link previews show, drawn by the shelf-generator
//! (photo, name, price, and a QR code of the share page). Cached in the blob store under
//! a fingerprint of everything drawn, like print files: an edit of the name, price or
//! photo makes a new card, an edit of anything else (stock, description) keeps the old one.

use sha2::{Digest, Sha256};
use shelf_generator::share_card::ShareCard;
use shelf_generator::{ImageSource, Money};

use super::products;
use crate::db::DbConnection;
use crate::domain::{DomainError, retailers};
use crate::storage::BlobStore;

/// Changes with the card's design, so cards drawn by an older design are drawn again.
const DESIGN: &str = "share-card-1";

/// The URL of the card of the product whose share page is at `share_url`: the image its
/// link previews show, and its feeds' image where it has no photo.
pub fn card_url(share_url: &str) -> String {
    format!("{share_url}/card.png")
}

/// A product's card, ready to render: what it draws and the fingerprint of that.
pub struct CardJob {
    card: ShareCard,
    image_key: Option<String>,
    fingerprint: String,
}

/// The card of the live, active product with `share_code` (as the share page finds it);
/// `share_url` gives the URL its QR code encodes.
pub fn prepare(
    conn: &mut DbConnection,
    share_code: &str,
    share_url: impl FnOnce(&str) -> String,
) -> Result<CardJob, DomainError> {
    let product = products::by_share_code(conn, share_code)?;
    let retailer = retailers::get(conn, &product.retailer_id)?;
    let card = ShareCard {
        url: share_url(&product.share_code),
        name: product.name,
        price: Money {
            amount_minor: product.price_minor,
            currency: retailer.currency,
        },
        locale: Some(retailer.locale),
        photo: None,
    };
    // Photos are named by content-hash keys, so the key stands for the photo's pixels.
    let image_key = product.image_key;
    let amount = card.price.amount_minor.to_string();
    let mut hasher = Sha256::new();
    for part in [
        DESIGN,
        card.name.as_str(),
        amount.as_str(),
        card.price.currency.as_str(),
        card.locale.as_deref().unwrap_or_default(),
        card.url.as_str(),
        image_key.as_deref().unwrap_or("-"),
    ] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    let fingerprint = hasher
        .finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(CardJob {
        card,
        image_key,
        fingerprint,
    })
}

impl CardJob {
    /// Names what the card shows: equal for equal cards, so it serves as an HTTP ETag.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    fn cache_key(&self) -> String {
        format!("share-card-{}", self.fingerprint)
    }

    /// The cached PNG of this card, if it was drawn before.
    pub fn cached(&self, blobs: &dyn BlobStore) -> Result<Option<Vec<u8>>, DomainError> {
        Ok(blobs.get(&self.cache_key())?)
    }

    /// Draws the card as a 1200 × 630 PNG and caches it, or returns the cached one (a
    /// render of the same card queued ahead may have made it meanwhile). Needs no
    /// database: handlers run it on the media pool.
    pub fn render(self, blobs: &dyn BlobStore) -> Result<Vec<u8>, DomainError> {
        if let Some(cached) = self.cached(blobs)? {
            return Ok(cached);
        }
        let photo = match &self.image_key {
            Some(key) => blobs
                .get(key)?
                .map(|bytes| ImageSource::Bytes(bytes.into())),
            None => None,
        };
        let key = self.cache_key();
        let png = ShareCard { photo, ..self.card }
            .to_png()
            .map_err(DomainError::internal)?;
        blobs.put(&key, &png)?;
        Ok(png)
    }
}
