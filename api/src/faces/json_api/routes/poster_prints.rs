//! Print files: `…/posters/{id}/print.{pdf,png,svg}` and
//! `…/posters/{id}/placements/{pid}/print.{pdf,png,svg}`, rendered by the shelf-generator
//! with the configured public base URL in every QR code, cached until something printed
//! changes.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

use super::media::Binary;
use crate::app::error::ApiError;
use crate::app::poster_files::{print_file, print_format};
use crate::app::retailer_scope::{Read, RetailerScope};
use crate::app::state::AppState;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(poster_print).service(placement_print);
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct PrintQuery {
    /// 0-based page, for PNG and SVG (checked for every format); past the poster's last
    /// page is refused with 422.
    // A poster holds at most MAX_SLOTS products, and a page at least one.
    #[serde(default)]
    #[param(default = 0, maximum = 239)]
    page: usize,
    /// PNG resolution in dots per inch (checked for every format).
    #[param(minimum = 36, maximum = 300, default = 150)]
    dpi: Option<u32>,
}

/// The answer of both print operations.
const PRINTED: &str = "The print file, rendered by the shelf-generator with the public base \
URL in every QR code, and cached until something printed changes (`Cache-Control: private, \
no-cache`)";
/// The refusals of both print operations.
const PRINT_REFUSED: &str = "`validation_failed`: see `errors` (`dpi` out of range, `page` \
past the last page, or a poster its page cannot hold)";

async fn print(
    state: web::Data<AppState>,
    retailer_id: String,
    poster_id: String,
    placement_id: Option<String>,
    extension: &str,
    query: PrintQuery,
) -> Result<HttpResponse, ApiError> {
    let format = print_format(extension, query.page, query.dpi)?;
    let rendered = print_file(&state, retailer_id, poster_id, placement_id, format).await?;
    let mut response = HttpResponse::Ok();
    response
        .insert_header((header::CONTENT_TYPE, rendered.content_type))
        .insert_header((header::CACHE_CONTROL, "private, no-cache"));
    if !rendered.warnings.is_empty() {
        response.insert_header(("x-preflight-warnings", rendered.warnings.len().to_string()));
    }
    Ok(response.body(rendered.bytes.to_vec()))
}

/// The poster design's print file.
#[utoipa::path(
    operation_id = "print_poster",
    tag = "posters",
    params(
        ("retailer_id" = String, Path, description = "Opaque retailer id"),
        ("poster_id" = String, Path, description = "Opaque poster id"),
        ("extension" = String, Path, description = "The print file's format: `pdf` (every \
page), `png` or `svg` (one page)", pattern = "^(pdf|png|svg)$"),
        PrintQuery,
    ),
    responses(
        (status = 200, description = PRINTED, content(
            (inline(Binary) = "application/pdf"),
            (inline(Binary) = "image/png"),
            (String = "image/svg+xml"),
        ), headers(("x-preflight-warnings" = u32, description = "How many preflight \
warnings (photos below print resolution, …) the render gave; absent when none, and on a \
file served from the cache"))),
        (status = 404, description = "`not_found`: no such retailer or poster, or another \
extension"),
        (status = 422, description = PRINT_REFUSED),
    ),
    security(("bearerAuth" = []))
)]
#[get("/retailers/{retailer_id}/posters/{poster_id}/print.{extension}")]
async fn poster_print(
    state: web::Data<AppState>,
    scope: RetailerScope<Read>,
    path: web::Path<(String, String, String)>,
    query: web::Query<PrintQuery>,
) -> Result<HttpResponse, ApiError> {
    let (_, poster_id, extension) = path.into_inner();
    print(
        state,
        scope.retailer.id,
        poster_id,
        None,
        &extension,
        query.into_inner(),
    )
    .await
}

/// One placement's print file, with that placement's codes.
#[utoipa::path(
    operation_id = "print_placement",
    tag = "posters",
    params(
        ("retailer_id" = String, Path, description = "Opaque retailer id"),
        ("poster_id" = String, Path, description = "Opaque poster id"),
        ("placement_id" = String, Path, description = "Opaque placement id"),
        ("extension" = String, Path, description = "The print file's format: `pdf` (every \
page), `png` or `svg` (one page)", pattern = "^(pdf|png|svg)$"),
        PrintQuery,
    ),
    responses(
        (status = 200, description = PRINTED, content(
            (inline(Binary) = "application/pdf"),
            (inline(Binary) = "image/png"),
            (String = "image/svg+xml"),
        ), headers(("x-preflight-warnings" = u32, description = "How many preflight \
warnings (photos below print resolution, …) the render gave; absent when none, and on a \
file served from the cache"))),
        (status = 404, description = "`not_found`: no such retailer, poster or placement, or \
another extension"),
        (status = 422, description = PRINT_REFUSED),
    ),
    security(("bearerAuth" = []))
)]
#[get("/retailers/{retailer_id}/posters/{poster_id}/placements/{placement_id}/print.{extension}")]
async fn placement_print(
    state: web::Data<AppState>,
    scope: RetailerScope<Read>,
    path: web::Path<(String, String, String, String)>,
    query: web::Query<PrintQuery>,
) -> Result<HttpResponse, ApiError> {
    let (_, poster_id, placement_id, extension) = path.into_inner();
    print(
        state,
        scope.retailer.id,
        poster_id,
        Some(placement_id),
        &extension,
        query.into_inner(),
    )
    .await
}
