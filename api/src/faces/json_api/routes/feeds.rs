//! `/v1/retailers/{retailer_id}/feeds`: the secret URLs of the retailer's catalogue feeds.
//! Any staff of the retailer may read them (operators too: the feeds reveal only the
//! active catalogue); only an admin makes or regenerates them, so reading never writes.

use actix_web::{HttpResponse, get, post, web};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::app::error::ApiError;
use crate::app::feeds::{self, FeedUrls};
use crate::app::retailer_scope::{Manage, Read, RetailerScope};
use crate::app::state::AppState;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(show).service(regenerate);
}

/// The retailer's current feed URLs.
#[utoipa::path(
    operation_id = "get_catalogue_feeds",
    tag = "catalog",
    params(("retailer_id" = String, Path, description = "Opaque retailer id")),
    responses(
        (status = 200, description = "The feed URLs", body = FeedUrls),
        (status = 404, description = "`not_found`: no such retailer, or no feed URLs made yet \
(`POST …/feeds/regenerate` makes them)"),
    ),
    security(("bearerAuth" = []))
)]
#[get("/retailers/{retailer_id}/feeds")]
async fn show(
    state: web::Data<AppState>,
    scope: RetailerScope<Read>,
) -> Result<HttpResponse, ApiError> {
    let urls = feeds::current(&state, &scope.retailer.id).await?;
    Ok(HttpResponse::Ok().json(urls))
}

/// Makes new feed URLs (the first ones, or replacements): the old URLs answer 404 from
/// now on, so every platform must be given the new ones.
#[utoipa::path(
    operation_id = "regenerate_catalogue_feeds",
    tag = "catalog",
    params(("retailer_id" = String, Path, description = "Opaque retailer id")),
    responses(
        (status = 200, description = "The new feed URLs", body = FeedUrls),
        (status = 404, description = "`not_found`: no such retailer"),
    ),
    security(("bearerAuth" = []))
)]
#[post("/retailers/{retailer_id}/feeds/regenerate")]
async fn regenerate(
    state: web::Data<AppState>,
    scope: RetailerScope<Manage>,
) -> Result<HttpResponse, ApiError> {
    let urls = feeds::regenerate(&state, &scope.retailer.id).await?;
    Ok(HttpResponse::Ok().json(urls))
}
