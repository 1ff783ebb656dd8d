//! Scan resolution, the hottest path: `GET /s/{code}` and `GET /S/{code}` (HTML for
//! browsers, JSON with `Accept: application/json`) and `GET /v1/scans/{code}` (always
//! JSON). Every resolution queues a scan event for attribution.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use askama::Template;

use crate::domain::DomainError;
use crate::domain::scans::events::ScanEvent;
use crate::domain::scans::user_agent;
use crate::http::error::ApiError;
use crate::http::state::{AppState, ScanEntry};
use crate::web::i18n::Lang;
use crate::web::pages::{NotFoundPage, ProductPage};

pub fn routes(cfg: &mut web::ServiceConfig) {
    // Both cases: printed QR payloads are upper case, typed links usually lower case.
    cfg.route("/s/{code}", web::get().to(scan_page))
        .route("/S/{code}", web::get().to(scan_page));
}

pub fn api_routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/scans/{code}", web::get().to(scan_json));
}

fn header_text(req: &HttpRequest, name: header::HeaderName) -> Option<&str> {
    req.headers().get(name).and_then(|v| v.to_str().ok())
}

fn wants_json(req: &HttpRequest) -> bool {
    header_text(req, header::ACCEPT).is_some_and(|accept| {
        accept
            .split(',')
            .any(|part| part.trim().starts_with("application/json"))
    })
}

/// Resolves the code and queues its scan event.
async fn resolve_and_record(
    req: &HttpRequest,
    state: &AppState,
    code: &str,
) -> Result<ScanEntry, ApiError> {
    let cached = state.resolve_scan(code).await?;
    let class = user_agent::classify(header_text(req, header::USER_AGENT));
    state
        .scan_recorder
        .record(ScanEvent::of(&cached.scan, class));
    Ok(cached)
}

async fn scan_json(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let cached = resolve_and_record(&req, &state, &path).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .content_type("application/json")
        .body(cached.json.clone()))
}

async fn scan_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    if wants_json(&req) {
        return scan_json(req, state, path).await;
    }
    let lang = Lang::from_accept_language(header_text(&req, header::ACCEPT_LANGUAGE));
    let cached = match resolve_and_record(&req, &state, &path).await {
        Ok(cached) => cached,
        Err(ApiError::Domain(DomainError::NotFound(_))) => {
            return html(
                actix_web::http::StatusCode::NOT_FOUND,
                &NotFoundPage::new(lang),
            );
        }
        Err(other) => return Ok(other.error_response()),
    };
    let scan = &cached.scan;
    let image_url = scan
        .product
        .image_key
        .as_deref()
        .map(|key| state.image_url(key));
    let page = ProductPage::new(scan, lang, image_url, crate::domain::ids::now());
    html(actix_web::http::StatusCode::OK, &page)
}

fn html(
    status: actix_web::http::StatusCode,
    page: &impl Template,
) -> Result<HttpResponse, ApiError> {
    let body = page.render().map_err(DomainError::internal)?;
    Ok(HttpResponse::build(status)
        .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::VARY, "Accept, Accept-Language"))
        .body(body))
}
