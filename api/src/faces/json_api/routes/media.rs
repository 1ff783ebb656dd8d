//! `GET /media/{key}`: stored photos. Keys are content hashes, so responses never change
//! and may be cached for a year.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};

use crate::app::error::ApiError;
use crate::app::state::AppState;
use crate::domain::DomainError;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(media);
}

/// Serves a stored photo with immutable caching headers.
#[get("/media/{key}")]
async fn media(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let key = path.into_inner();
    let content_type = match key.rsplit_once('.').map(|(_, ext)| ext) {
        Some("jpg") => "image/jpeg",
        Some("png") => "image/png",
        _ => return Err(DomainError::NotFound("image").into()),
    };
    let blobs = state.blobs.clone();
    let etag = format!("\"{}\"", key);
    let bytes = web::block(move || blobs.get(&key))
        .await
        .map_err(|e| DomainError::internal(anyhow::anyhow!("blocking task failed: {e}")))?
        .map_err(DomainError::internal)?
        .ok_or(DomainError::NotFound("image"))?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, content_type))
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .insert_header((header::ETAG, etag))
        .body(bytes))
}
