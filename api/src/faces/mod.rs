//! The faces of the service, one folder each: the JSON API (`json_api`) and the
//! commuter's mobile pages (`shop`). Each imports the core (`crate::app`, the domain)
//! and never another face; this module only mounts them side by side, and derives the
//! OpenAPI document from that same mounting.

pub mod json_api;
pub mod shop;

use actix_web::http::header;
use actix_web::{App, HttpRequest, HttpResponse, ResponseError, web};
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::app::error::ApiError;
use json_api::document::{BaseDocument, PublishedDocument};

/// Mounts every face, with the extractor configuration that turns malformed input into
/// problem responses and the answer for paths no face serves.
pub fn configure(cfg: &mut ServiceConfig, json_limit: usize) {
    cfg.app_data(
        web::JsonConfig::default()
            .limit(json_limit)
            .error_handler(|error, _| json_error(error).into()),
    )
    .app_data(
        web::QueryConfig::default().error_handler(|error, _| {
            ApiError::BadRequest(format!("invalid query: {error}")).into()
        }),
    )
    .app_data(
        web::PathConfig::default().error_handler(|error, _| {
            ApiError::BadRequest(format!("invalid path: {error}")).into()
        }),
    )
    .map(|cfg| cfg.configure(shop::routes::configure))
    .configure(json_api::configure)
    .default_service(web::to(unmatched));
}

/// The OpenAPI document of what [`configure`] mounts, built by mounting it once.
pub fn document() -> PublishedDocument {
    let (_, document) = App::new()
        .into_utoipa_app()
        .openapi(BaseDocument::openapi())
        .configure(|cfg| configure(cfg, 0))
        .split_for_parts();
    PublishedDocument::new(document)
}

fn json_error(error: actix_web::error::JsonPayloadError) -> ApiError {
    use actix_web::error::JsonPayloadError as E;
    match error {
        E::OverflowKnownLength { limit, .. } | E::Overflow { limit } => {
            ApiError::PayloadTooLarge { limit }
        }
        E::ContentType => {
            ApiError::UnsupportedMediaType("send JSON with Content-Type: application/json".into())
        }
        E::Deserialize(e) => ApiError::BadRequest(format!("invalid JSON body: {e}")),
        other => ApiError::BadRequest(format!("unreadable JSON body: {other}")),
    }
}

/// A path no route serves is 404; a documented path asked with a method it does not
/// have is 405 with the methods it has in `Allow`.
async fn unmatched(req: HttpRequest, document: web::Data<PublishedDocument>) -> HttpResponse {
    match document.allowed_methods(req.path()) {
        Some(allowed) => {
            let mut response = ApiError::MethodNotAllowed.error_response();
            if let Ok(value) = header::HeaderValue::from_str(&allowed.join(", ")) {
                response.headers_mut().insert(header::ALLOW, value);
            }
            response
        }
        None => ApiError::RouteNotFound.error_response(),
    }
}
