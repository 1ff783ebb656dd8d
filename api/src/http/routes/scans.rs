//! Scan resolution, the hottest path: `GET /s/{code}` and `GET /S/{code}` (HTML for
//! browsers, JSON with `Accept: application/json`) and `GET /v1/scans/{code}` (always
//! JSON). Every resolution queues a scan event for attribution.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};

use crate::domain::DomainError;
use crate::domain::scans::events::NewScanEvent;
use crate::domain::scans::user_agent;
use crate::http::error::ApiError;
use crate::http::state::{AppState, ScanEntry};
use crate::web::layer::{page, wants_json};
use crate::web::pages::html;
use crate::web::pages::product::{NotFoundPage, ProductPage};
use crate::web::visitor::Visitor;

pub fn routes(cfg: &mut web::ServiceConfig) {
    // Both cases: printed QR payloads are upper case, typed links usually lower case.
    // A page resource: its errors render as pages, and a first visit gets its device
    // cookie (the add-to-cart form's CSRF token is bound to it).
    cfg.service(page("/s/{code}").get(scan_page))
        .service(page("/S/{code}").get(scan_page));
}

pub fn api_routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/scans/{code}", web::get().to(scan_json));
}

fn header_text(req: &HttpRequest, name: header::HeaderName) -> Option<&str> {
    req.headers().get(name).and_then(|v| v.to_str().ok())
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
        .record(NewScanEvent::of(&cached.scan, class));
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
    let visitor = Visitor::of(&req);
    let cached = match resolve_and_record(&req, &state, &path).await {
        Ok(cached) => cached,
        Err(ApiError::Domain(DomainError::NotFound(_))) => {
            return html(StatusCode::NOT_FOUND, &NotFoundPage::new(visitor.lang()));
        }
        Err(other) => return Err(other),
    };
    let scan = &cached.scan;
    let image_url = scan
        .product
        .image_key
        .as_deref()
        .map(|key| state.image_url(key));
    let page = ProductPage::new(
        scan,
        visitor.lang(),
        image_url,
        visitor.csrf_token(&state),
        crate::domain::ids::now(),
    );
    html(StatusCode::OK, &page)
}
