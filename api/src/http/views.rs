//! JSON shapes sent to clients, built from domain types.

use serde::Serialize;

use super::state::AppState;
use crate::domain::catalog::Product;
use crate::domain::money::Money;

/// The product JSON of the contract.
#[derive(Debug, Serialize)]
pub struct ProductView {
    sku: String,
    gtin: Option<String>,
    name: String,
    description: String,
    price: Money,
    stock_on_hand: i64,
    reserved: i64,
    available: i64,
    active: bool,
    image_url: Option<String>,
    updated_at: String,
}

impl ProductView {
    /// The view of `product`, priced in `currency`.
    pub fn new(state: &AppState, product: Product, currency: &str) -> Self {
        Self {
            available: product.available(),
            image_url: product.image_key.as_deref().map(|key| state.image_url(key)),
            price: Money {
                amount_minor: product.price_minor,
                currency: currency.to_owned(),
            },
            updated_at: product
                .updated_at
                .and_utc()
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            sku: product.sku,
            gtin: product.gtin,
            name: product.name,
            description: product.description,
            stock_on_hand: product.stock_on_hand,
            reserved: product.reserved,
            active: product.active,
        }
    }
}
