//! `GET /v1/scans/{code}`: a scanned code as JSON, for apps. Resolution, its cache and
//! the scan event are the core's (`crate::app::scans`), shared with the product page.

use actix_web::{HttpRequest, HttpResponse, web};

use crate::app::error::ApiError;
use crate::app::state::AppState;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/scans/{code}", web::get().to(scan_json));
}

async fn scan_json(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let cached = state.scans.resolve_and_record(&req, &path).await?;
    Ok(cached.json_response())
}
