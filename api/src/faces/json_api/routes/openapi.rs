//! `GET /openapi.json`, the OpenAPI document generated from the code
//! (`super::super::document`), and `GET /docs/`, an interactive reference to it (Swagger
//! UI, its assets vendored into the binary: no CDN, no download at build time).

use actix_web::http::header;
use actix_web::middleware::DefaultHeaders;
use actix_web::{HttpRequest, HttpResponse, get, web};
use utoipa_actix_web::service_config::ServiceConfig;
use utoipa_swagger_ui::{Config, SwaggerUi};

use super::super::document::PublishedDocument;

/// The reference page's policy: its own scripts and styles only (Swagger UI's files
/// load no inline code), the document fetched from this origin, never framed.
const REFERENCE_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; \
    form-action 'self'";

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(openapi).map(|cfg| {
        cfg.service(
            web::scope("/docs")
                .wrap(
                    DefaultHeaders::new()
                        .add((header::CONTENT_SECURITY_POLICY, REFERENCE_POLICY))
                        .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
                        .add((header::REFERRER_POLICY, "strict-origin-when-cross-origin")),
                )
                .service(SwaggerUi::new("/{_:.*}").config(Config::from("/openapi.json"))),
        )
    });
}

/// The OpenAPI document; `If-None-Match` with the current `ETag` answers 304.
#[utoipa::path(
    operation_id = "get_openapi_document",
    tag = "service",
    responses(
        (status = 200, description = "The OpenAPI document", content_type = "application/json"),
        (status = 304, description = "Unchanged since the `ETag` sent in `If-None-Match`"),
    )
)]
#[get("/openapi.json")]
async fn openapi(req: HttpRequest, document: web::Data<PublishedDocument>) -> HttpResponse {
    let etag = document.etag();
    let unchanged = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|tag| tag.trim() == etag));
    let mut response = if unchanged {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .insert_header((header::ETAG, etag));
    if unchanged {
        response.finish()
    } else {
        response
            .content_type("application/json")
            .body(document.json())
    }
}
