//! `GET /feeds/{secret}/meta.csv` and `/feeds/{secret}/google.xml`: the catalogue feeds
//! Meta and Google fetch on their own schedule, without signing in; the secret in the
//! path is the only key. Never cached, so a regenerated secret is not served from a cache.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::app::error::ApiError;
use crate::app::feeds;
use crate::app::state::AppState;
use crate::domain::catalog::feeds::Platform;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(meta_csv).service(google_rss);
}

/// The Meta catalogue CSV: one row per active product in the columns `id, title,
/// description, availability, condition, price, link, image_link, brand, gtin`.
#[utoipa::path(
    operation_id = "get_meta_catalogue_feed",
    tag = "catalog",
    params(("secret" = String, Path, description = "The secret of the retailer's feed URLs")),
    responses(
        (status = 200, description = "The feed (UTF-8): `id` is the SKU, `price` like \
`3900 KRW` or `12.50 EUR`, `availability` `in stock` or `out of stock`, `condition` `new`, \
`link` the product's share page tagged `utm_source=meta&utm_medium=feed`, `image_link` the \
photo or, without one, the share card, `gtin` empty when unknown", content((String = "text/csv"))),
        (status = 404, description = "`not_found`: not a current feed secret"),
    )
)]
#[get("/feeds/{secret}/meta.csv")]
async fn meta_csv(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let body = feeds::document(&state, path.into_inner(), Platform::Meta).await?;
    Ok(answer("text/csv; charset=utf-8", body))
}

/// The Google Merchant Center feed: RSS 2.0 with one `<item>` of `g:` attributes per
/// active product.
#[utoipa::path(
    operation_id = "get_google_catalogue_feed",
    tag = "catalog",
    params(("secret" = String, Path, description = "The secret of the retailer's feed URLs")),
    responses(
        (status = 200, description = "The feed: `g:id` (the SKU), `g:title`, `g:description`, \
`g:link` (the share page tagged `utm_source=google&utm_medium=feed`), `g:image_link` (the photo or, \
without one, the share card), `g:price` like `3900 KRW`, `g:availability` `in_stock` or `out_of_stock`, \
`g:condition`, `g:brand`, `g:gtin` where known", content((String = "application/rss+xml"))),
        (status = 404, description = "`not_found`: not a current feed secret"),
    )
)]
#[get("/feeds/{secret}/google.xml")]
async fn google_rss(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let body = feeds::document(&state, path.into_inner(), Platform::Google).await?;
    Ok(answer("application/rss+xml; charset=utf-8", body))
}

fn answer(content_type: &'static str, body: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, content_type))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body)
}
