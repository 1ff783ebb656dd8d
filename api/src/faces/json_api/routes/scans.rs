//! `GET /v1/scans/{code}`: a scanned code as JSON, for apps. Resolution, its cache and
//! the scan event are the core's (`crate::app::scans`), shared with the product page.

use actix_web::{HttpRequest, HttpResponse, get, web};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::app::error::ApiError;
use crate::app::state::AppState;
use crate::app::views::ScanJson;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(scan_json);
}

/// What a scanned code shows; records a scan event, like the product page.
#[utoipa::path(
    operation_id = "resolve_scan",
    tag = "scans",
    params((
        "code" = String,
        Path,
        description = "The code as printed: 8 characters of Crockford base32, \
case-insensitive, hyphens ignored, `O`/`I`/`L` read as `0`/`1`. Any other string is an \
unknown code (404)"
    )),
    responses(
        (status = 200, description = "The product behind the code, its poster and placement \
(`Cache-Control: no-store`)", body = ScanJson),
        (status = 404, description = "`not_found`: no such code"),
    )
)]
#[get("/scans/{code}")]
async fn scan_json(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let cached = state.scans.resolve_and_record(&req, &path).await?;
    Ok(cached.json_response())
}
