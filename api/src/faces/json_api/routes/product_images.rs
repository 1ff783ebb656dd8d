//! `PUT /v1/retailers/{retailer_id}/products/{sku}/image`: upload a product photo.

use actix_web::{HttpResponse, put, web};
use utoipa_actix_web::service_config::ServiceConfig;

use super::media::Binary;
use crate::app::body::read_limited;
use crate::app::catalogue;
use crate::app::error::ApiError;
use crate::app::retailer_scope::{Manage, RetailerScope};
use crate::app::state::AppState;
use crate::app::views::ProductView;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(upload);
}

/// Stores a normalized copy of the uploaded JPEG, PNG or WebP and links it to the product.
#[utoipa::path(
    operation_id = "upload_product_image",
    tag = "catalog",
    params(
        ("retailer_id" = String, Path, description = "The retailer's id"),
        ("sku" = String, Path, description = "The product's SKU"),
    ),
    request_body(
        description = "The raw photo. Its format is read from its bytes, whatever the \
`Content-Type`; it is re-encoded without metadata, its longer side at most 2048 pixels.",
        content(
            (inline(Binary) = "image/jpeg"),
            (inline(Binary) = "image/png"),
            (inline(Binary) = "image/webp"),
            (inline(Binary) = "application/octet-stream"),
        )
    ),
    responses(
        (status = 200, description = "The product, with its new `image_url`", body = ProductView),
        (status = 404, description = "`not_found`: no such retailer or product"),
        (status = 422, description = "`validation_failed` (field `image`): not a JPEG, PNG \
or WebP image, damaged, or larger than 12000 pixels a side once decoded"),
    ),
    security(("bearerAuth" = []))
)]
#[put("/retailers/{retailer_id}/products/{sku}/image")]
async fn upload(
    state: web::Data<AppState>,
    scope: RetailerScope<Manage>,
    path: web::Path<(String, String)>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let (_, sku) = path.into_inner();
    let retailer = scope.retailer;
    let body = read_limited(payload, state.limits.image).await?;
    let product = catalogue::upload_photo(&state, &retailer.id, &sku, body).await?;
    Ok(HttpResponse::Ok().json(ProductView::new(&state.urls, product, &retailer.currency)))
}
