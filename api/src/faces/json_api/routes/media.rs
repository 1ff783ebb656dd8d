//! `GET /media/{key}`: stored photos. Keys are content hashes, so responses never change
//! and may be cached for a year.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type};
use utoipa::{PartialSchema, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::app::error::ApiError;
use crate::app::state::AppState;
use crate::domain::DomainError;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(media);
}

/// A file's raw bytes (a photo, here and in uploads), documented as a binary string:
/// `[u8]` would be documented as an array of integers.
pub(super) struct Binary;

impl PartialSchema for Binary {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
            .into()
    }
}

impl ToSchema for Binary {}

/// Serves a stored photo with immutable caching headers.
#[utoipa::path(
    operation_id = "get_media",
    tag = "catalog",
    params((
        "key" = String,
        Path,
        description = "The photo's content hash and extension (`.jpg` or `.png`), as in a \
product's `image_url`"
    )),
    responses(
        (
            status = 200,
            description = "The photo",
            content((inline(Binary) = "image/jpeg"), (inline(Binary) = "image/png")),
            headers(
                ("Cache-Control" = String, description = "`public, max-age=31536000, immutable`"),
                ("ETag" = String, description = "The key, quoted"),
            )
        ),
        (status = 404, description = "`not_found`: no photo is stored under this key"),
    )
)]
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
        .map_err(DomainError::from)?
        .ok_or(DomainError::NotFound("image"))?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, content_type))
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .insert_header((header::ETAG, etag))
        .body(bytes))
}
