//! Route table: one module per endpoint family.

mod auth;
mod cart;
mod checkout;
mod delivery_admin;
mod delivery_slots;
mod health;
mod me;
mod media;
mod metrics;
mod openapi;
mod order_lists;
mod order_transitions;
mod orders;
mod payment_events;
mod pick_lists;
mod placements;
mod poster_prints;
mod posters;
mod product_images;
mod product_import;
mod products;
mod retailers;
mod scans;

use actix_web::{HttpResponse, web};

use super::error::ApiError;

/// Registers every route and the extractor configuration that turns malformed input
/// into problem responses.
pub fn configure(cfg: &mut web::ServiceConfig, json_limit: usize) {
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
    .configure(health::routes)
    .configure(media::routes)
    .configure(metrics::routes)
    .configure(openapi::routes)
    .configure(scans::routes)
    .configure(crate::web::routes::configure)
    .service(
        web::scope("/v1")
            .configure(auth::routes)
            .configure(me::routes)
            .configure(retailers::routes)
            .configure(product_import::routes)
            .configure(product_images::routes)
            .configure(products::routes)
            .configure(poster_prints::routes)
            .configure(posters::routes)
            .configure(placements::routes)
            .configure(scans::api_routes)
            .configure(delivery_slots::routes)
            .configure(delivery_admin::routes)
            .configure(cart::routes)
            .configure(checkout::routes)
            .configure(orders::routes)
            .configure(order_transitions::routes)
            .configure(order_lists::routes)
            .configure(pick_lists::routes)
            .configure(payment_events::routes),
    )
    .default_service(web::to(unmatched));
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

async fn unmatched() -> HttpResponse {
    use actix_web::ResponseError;
    ApiError::RouteNotFound.error_response()
}
