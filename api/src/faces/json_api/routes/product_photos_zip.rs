//! `POST /v1/retailers/{retailer_id}/products/photos`: a ZIP of photos named by SKU, each
//! stored for its product as a single upload is; the answer says what matched.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, post, web};
use utoipa_actix_web::service_config::ServiceConfig;

use super::media::Binary;
use crate::app::body::read_limited;
use crate::app::catalogue;
use crate::app::error::ApiError;
use crate::app::retailer_scope::{Manage, RetailerScope};
use crate::app::state::AppState;
use crate::domain::catalog::photo_zip::PhotoZipReport;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(upload_zip);
}

/// ZIP types browsers and tools send.
const ZIP_TYPES: [&str; 3] = [
    "application/zip",
    "application/x-zip-compressed",
    "application/octet-stream",
];

/// Stores the photos of a ZIP: each JPEG, PNG or WebP file named by a product's SKU
/// (`MILK-1L.jpg`, in any folder, the extension in any case; a SKU in another case matches
/// when it names one product only) becomes that product's photo, normalized as by
/// `PUT …/products/{sku}/image`.
///
/// Files named after no product, files that are not usable images and SKUs named by
/// several files (none of which is used) are reported, not refused. Folders and archivers'
/// hidden files (`__MACOSX/`, names starting with `.`) are skipped.
#[utoipa::path(
    operation_id = "upload_product_photos_zip",
    tag = "catalog",
    params(("retailer_id" = String, Path, description = "The retailer's id")),
    request_body(
        description = "A ZIP archive (stored or deflated entries) of at most 2000 entries, \
unpacking into at most 256 MB; each photo at most the single upload's size (10 MB by default).",
        content(
            (inline(Binary) = "application/zip"),
            (inline(Binary) = "application/x-zip-compressed"),
            (inline(Binary) = "application/octet-stream"),
        )
    ),
    responses(
        (status = 200, description = "What the archive held and what was stored", body = PhotoZipReport),
        (status = 413, description = "`payload_too_large`: the archive is larger than the import limit (16 MB by default)"),
        (status = 415, description = "`unsupported_media_type`: not sent as a ZIP"),
        (status = 422, description = "`validation_failed` (field `file`): not a ZIP archive, more than \
2000 entries, or more than 256 MB once unpacked; nothing is stored"),
    ),
    security(("bearerAuth" = []))
)]
#[post("/retailers/{retailer_id}/products/photos")]
async fn upload_zip(
    req: HttpRequest,
    state: web::Data<AppState>,
    scope: RetailerScope<Manage>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let essence = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .map(|value| value.trim().to_ascii_lowercase())
        .unwrap_or_default();
    if !ZIP_TYPES.contains(&essence.as_str()) {
        return Err(ApiError::UnsupportedMediaType(
            "send the archive as application/zip".into(),
        ));
    }
    let body = read_limited(payload, state.limits.import).await?;
    let report = catalogue::upload_photo_zip(&state, &scope.retailer.id, body).await?;
    Ok(HttpResponse::Ok().json(report))
}
