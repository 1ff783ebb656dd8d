//! `PUT /v1/retailers/{retailer_id}/products/{sku}/image`: upload a product photo.

use actix_web::{HttpResponse, put, web};

use crate::domain::DomainError;
use crate::domain::accounts::RetailerAccess;
use crate::domain::catalog::{images, products};
use crate::domain::retailers;
use crate::http::auth::AuthUser;
use crate::http::body::read_limited;
use crate::http::error::ApiError;
use crate::http::state::AppState;
use crate::http::views::ProductView;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(upload);
}

/// Stores a normalized copy of the uploaded JPEG, PNG or WebP and links it to the product.
#[put("/retailers/{retailer_id}/products/{sku}/image")]
async fn upload(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let (retailer_id, sku) = path.into_inner();
    user.authorize_retailer(&retailer_id, RetailerAccess::Manage)?;
    let body = read_limited(payload, state.limits.image).await?;
    let blobs = state.blobs.clone();
    let (retailer, product) = state
        .db(move |conn| {
            let retailer = retailers::get(conn, &retailer_id)?;
            products::get(conn, &retailer.id, &sku)?;
            let image = images::normalize(&body)?;
            let key = image.content_key();
            blobs
                .put(&key, &image.bytes)
                .map_err(DomainError::internal)?;
            let product = products::set_image(conn, &retailer.id, &sku, &key)?;
            Ok((retailer, product))
        })
        .await?;
    Ok(HttpResponse::Ok().json(ProductView::new(&state, product, &retailer.currency)))
}
