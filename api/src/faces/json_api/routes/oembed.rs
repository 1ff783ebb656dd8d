//! `GET /oembed`: the oEmbed 1.0 endpoint, so WordPress, Ghost and the like turn a pasted
//! shelf embed URL into its `<iframe>`. Public, like the embed itself.

use actix_web::{HttpResponse, get, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::app::error::ApiError;
use crate::app::state::AppState;
use crate::app::urls::{SHELF_EMBED_HEIGHT_PX, SHELF_EMBED_WIDTH_PX};
use crate::domain::DomainError;
use crate::domain::catalog::shelves;
use crate::domain::retailers;

/// How long a consumer may keep the answer, in seconds: a shelf's name rarely changes,
/// and its products show live in the frame anyway.
const CACHE_AGE_SECONDS: u32 = 3600;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(oembed);
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct OEmbedQuery {
    /// A shelf's embed URL, `{public_base_url}/embed/shelves/{id}`.
    url: String,
    /// Widest the consumer can show, in pixels.
    #[param(minimum = 1)]
    maxwidth: Option<u32>,
    /// Tallest the consumer can show, in pixels.
    #[param(minimum = 1)]
    maxheight: Option<u32>,
    /// `json` (the default); `xml` is 501, as the spec asks of a format the provider
    /// does not serve.
    format: Option<OEmbedFormat>,
}

/// The formats oEmbed defines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
enum OEmbedFormat {
    /// Served.
    Json,
    /// Not served.
    Xml,
}

/// An oEmbed 1.0 `rich` response.
#[derive(Debug, Serialize, ToSchema)]
struct OEmbedResponse {
    /// Always `rich`.
    #[serde(rename = "type")]
    kind: &'static str,
    /// Always `1.0`.
    version: &'static str,
    /// The shelf's name.
    title: String,
    /// The retailer selling the shelf's products.
    provider_name: String,
    /// This service's public origin.
    #[schema(format = "uri")]
    provider_url: String,
    /// Width of `html` in pixels, at most `maxwidth`.
    width: u32,
    /// Height of `html` in pixels, at most `maxheight`.
    height: u32,
    /// The `<iframe>` to insert.
    html: String,
    /// Seconds the consumer may cache this answer.
    cache_age: u32,
}

/// The oEmbed answer for a shelf's embed URL.
#[utoipa::path(
    operation_id = "oembed",
    tag = "catalog",
    params(OEmbedQuery),
    responses(
        (status = 200, description = "The shelf as an oEmbed `rich` type", body = OEmbedResponse),
        (status = 400, description = "`bad_request`: no `url`, a `maxwidth` or `maxheight` \
below 1, a `format` other than `json` or `xml`, or a malformed query"),
        (status = 404, description = "`not_found`: `url` is not the embed URL of a live \
shelf of this service"),
        (status = 501, description = "`not_implemented`: `format=xml`"),
    ),
)]
#[get("/oembed")]
async fn oembed(
    state: web::Data<AppState>,
    query: web::Query<OEmbedQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    if query.format == Some(OEmbedFormat::Xml) {
        return Err(ApiError::NotImplemented(
            "only format=json is served".into(),
        ));
    }
    if query.maxwidth == Some(0) || query.maxheight == Some(0) {
        return Err(ApiError::BadRequest(
            "maxwidth and maxheight are at least 1".into(),
        ));
    }
    let shelf_id = state
        .urls
        .shelf_id_of_embed_url(&query.url)
        .ok_or(DomainError::NotFound("shelf"))?
        .to_owned();
    let (shelf, retailer) = state
        .db(move |conn| {
            let shelf = shelves::public(conn, &shelf_id)?.shelf;
            let retailer = retailers::get(conn, &shelf.retailer_id)?;
            Ok((shelf, retailer))
        })
        .await?;
    let width = query
        .maxwidth
        .map_or(SHELF_EMBED_WIDTH_PX, |max| SHELF_EMBED_WIDTH_PX.min(max));
    let height = query
        .maxheight
        .map_or(SHELF_EMBED_HEIGHT_PX, |max| SHELF_EMBED_HEIGHT_PX.min(max));
    let urls = &state.urls;
    Ok(HttpResponse::Ok().json(OEmbedResponse {
        kind: "rich",
        version: "1.0",
        html: urls.shelf_embed_snippet(&shelf.id, &shelf.name, Some(width), height),
        title: shelf.name,
        provider_name: retailer.name,
        provider_url: urls.origin().to_owned(),
        width,
        height,
        cache_age: CACHE_AGE_SECONDS,
    }))
}
