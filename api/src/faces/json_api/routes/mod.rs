//! Route table: one module per endpoint family. Each handler carries the actix route
//! attribute and, above it, its `#[utoipa::path]` with a unique `operation_id`, every
//! parameter, body and answer; `routes` registers it with `service`, which documents it.
// utoipa's path macro expands parameter types with qualified paths that carry the
// handler's spans, which this lint would flag in every route module.
#![allow(unused_qualifications)]

mod analytics;
mod auth;
mod cart;
mod checkout;
mod delivery_admin;
mod delivery_slots;
mod feed_documents;
mod feeds;
mod health;
mod me;
mod media;
mod metrics;
mod oembed;
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
mod product_photos_zip;
mod products;
mod retailer_orders;
mod retailers;
mod scans;
mod shelves;
mod staff;

use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

/// Registers every JSON API route, and so documents it: the service endpoints at the root
/// and the API under `/v1`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.configure(health::routes)
        .configure(media::routes)
        .configure(feed_documents::routes)
        .configure(metrics::routes)
        .configure(oembed::routes)
        .configure(openapi::routes)
        .service(
            scope("/v1")
                .configure(auth::routes)
                .configure(me::routes)
                .configure(staff::routes)
                .configure(retailers::routes)
                .configure(product_import::routes)
                .configure(product_images::routes)
                .configure(product_photos_zip::routes)
                .configure(products::routes)
                .configure(feeds::routes)
                .configure(shelves::routes)
                .configure(poster_prints::routes)
                .configure(posters::routes)
                .configure(placements::routes)
                .configure(scans::routes)
                .configure(delivery_slots::routes)
                .configure(delivery_admin::routes)
                .configure(cart::routes)
                .configure(checkout::routes)
                .configure(orders::routes)
                .configure(order_transitions::routes)
                .configure(order_lists::routes)
                .configure(retailer_orders::routes)
                .configure(pick_lists::routes)
                .configure(analytics::routes)
                .configure(payment_events::routes),
        );
}
