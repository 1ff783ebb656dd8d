//! Catalogue work that the JSON API and the console do alike, written once: a product's
//! photo, a ZIP of photos, the CSV export. Photos are decoded on the media pool with no
//! database connection held; the connection is taken before (to check the product) and
//! after (to link the photo).

use actix_web::web::Bytes;

use super::error::ApiError;
use super::state::AppState;
use crate::documents::csv;
use crate::domain::catalog::photo_zip::{self, PhotoZipReport};
use crate::domain::catalog::{Product, export, images, products};

/// Stores `upload` as the photo of product `sku` (normalized by [`images::store`]) and
/// returns the product with it.
pub async fn upload_photo(
    state: &AppState,
    retailer_id: &str,
    sku: &str,
    upload: Bytes,
) -> Result<Product, ApiError> {
    let (retailer_id, sku) = (retailer_id.to_owned(), sku.to_owned());
    // The product must exist before the photo is decoded.
    state
        .db({
            let (retailer_id, sku) = (retailer_id.clone(), sku.clone());
            move |conn| products::get(conn, &retailer_id, &sku)
        })
        .await?;
    let blobs = state.blobs.clone();
    let key = state
        .cpu
        .media
        .run(move || images::store(blobs.as_ref(), &upload))
        .await?;
    state
        .db(move |conn| products::set_image(conn, &retailer_id, &sku, &key))
        .await
}

/// Stores the photos of a ZIP named by SKU ([`photo_zip`]), each entry bounded by the
/// single photo upload's limit, and reports what matched.
pub async fn upload_photo_zip(
    state: &AppState,
    retailer_id: &str,
    zip: Bytes,
) -> Result<PhotoZipReport, ApiError> {
    let skus = state
        .db({
            let retailer_id = retailer_id.to_owned();
            move |conn| photo_zip::live_skus(conn, &retailer_id)
        })
        .await?;
    let blobs = state.blobs.clone();
    let entry_limit = state.limits.image as u64;
    let stored = state
        .cpu
        .media
        .run(move || photo_zip::store(blobs.as_ref(), &zip, &skus, entry_limit))
        .await?;
    let retailer_id = retailer_id.to_owned();
    state
        .db(move |conn| photo_zip::link(conn, &retailer_id, stored))
        .await
}

/// The retailer's live products as a CSV document in the import's columns.
pub async fn export_csv(state: &AppState, retailer_id: &str) -> Result<Vec<u8>, ApiError> {
    let retailer_id = retailer_id.to_owned();
    let products = state
        .db(move |conn| export::all(conn, &retailer_id))
        .await?;
    Ok(csv::document(
        &export::CSV_COLUMNS,
        products.iter().map(export::csv_row),
    )?)
}
