//! The catalogue as CSV rows in the columns [`super::import::parse_csv`] reads, so that an
//! export imported again changes nothing.

use diesel::prelude::*;

use super::products::Product;
use crate::db::DbConnection;
use crate::db::schema::products;
use crate::domain::DomainError;

/// The export's header: the import's columns (without `image`: photos travel as a ZIP).
pub const CSV_COLUMNS: [&str; 7] = [
    "sku",
    "name",
    "description",
    "price_minor",
    "stock_on_hand",
    "gtin",
    "active",
];

/// Every live product of the retailer, by SKU.
pub fn all(conn: &mut DbConnection, retailer_id: &str) -> Result<Vec<Product>, DomainError> {
    Ok(products::table
        .filter(products::retailer_id.eq(retailer_id))
        .filter(products::deleted_at.is_null())
        .order(products::sku.asc())
        .select(Product::as_select())
        .load(conn)?)
}

/// One product's cells, in [`CSV_COLUMNS`] order.
pub fn csv_row(product: &Product) -> [String; 7] {
    [
        product.sku.clone(),
        product.name.clone(),
        product.description.clone(),
        product.price_minor.to_string(),
        product.stock_on_hand.to_string(),
        product.gtin.clone().unwrap_or_default(),
        product.active.to_string(),
    ]
}
