//! `GET /openapi.json`: the OpenAPI 3.0 document of every endpoint. It is written by hand
//! in `http/openapi.json` and embedded at build time; `tests/tests/api/openapi.rs` fails
//! when a route is registered without being documented (or documented without existing),
//! and checks live answers against the documented schemas.

use std::sync::LazyLock;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use sha2::{Digest, Sha256};

/// The document, as served.
const DOCUMENT: &str = include_str!("../openapi.json");

/// A strong validator of the document: it only changes with a new build.
static ETAG: LazyLock<String> = LazyLock::new(|| {
    let digest = Sha256::digest(DOCUMENT.as_bytes());
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
});

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(openapi);
}

/// The OpenAPI document; `If-None-Match` with the current `ETag` answers 304.
#[get("/openapi.json")]
async fn openapi(req: HttpRequest) -> HttpResponse {
    let etag = ETAG.as_str();
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
        response.content_type("application/json").body(DOCUMENT)
    }
}
