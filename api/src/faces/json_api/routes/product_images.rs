//! `PUT /v1/retailers/{retailer_id}/products/{sku}/image`: upload a product photo.

use actix_web::{HttpResponse, put, web};

use crate::app::auth::AuthUser;
use crate::app::body::read_limited;
use crate::app::error::ApiError;
use crate::app::state::AppState;
use crate::app::views::ProductView;
use crate::domain::accounts::RetailerAccess;
use crate::domain::catalog::{images, products};
use crate::domain::retailers;

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
    // The product must exist before the photo is decoded; the connection goes back while
    // the media pool decodes, resizes and stores it, and is taken again to link it.
    let retailer = state
        .db({
            let sku = sku.clone();
            move |conn| {
                let retailer = retailers::get(conn, &retailer_id)?;
                products::get(conn, &retailer.id, &sku)?;
                Ok(retailer)
            }
        })
        .await?;
    let blobs = state.blobs.clone();
    let key = state
        .cpu
        .media
        .run(move || images::store(blobs.as_ref(), &body))
        .await?;
    let retailer_id = retailer.id.clone();
    let product = state
        .db(move |conn| products::set_image(conn, &retailer_id, &sku, &key))
        .await?;
    Ok(HttpResponse::Ok().json(ProductView::new(&state.urls, product, &retailer.currency)))
}
