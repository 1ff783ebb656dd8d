//! Route table: one module per endpoint family. Each handler carries the actix route
//! attribute and, above it, its `#[utoipa::path]` with a unique `operation_id`, every
//! parameter, body and answer; `routes` registers it with `service`, which documents it.
// utoipa's path macro expands parameter types with qualified paths that carry the
// handler's spans, which this lint would flag in every route module.
#![allow(unused_qualifications)]

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

use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

/// Registers every JSON API route: the service endpoints at the root and the API under
/// `/v1`. Modules registered with `map` are not documented yet: their handlers lack
/// `#[utoipa::path]`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.map(|cfg| cfg.configure(health::routes))
        .map(|cfg| cfg.configure(media::routes))
        .map(|cfg| cfg.configure(metrics::routes))
        .configure(openapi::routes)
        .service(
            scope("/v1")
                .map(|cfg| cfg.configure(auth::routes))
                .map(|cfg| cfg.configure(me::routes))
                .map(|cfg| cfg.configure(retailers::routes))
                .map(|cfg| cfg.configure(product_import::routes))
                .map(|cfg| cfg.configure(product_images::routes))
                .configure(products::routes)
                .map(|cfg| cfg.configure(poster_prints::routes))
                .map(|cfg| cfg.configure(posters::routes))
                .map(|cfg| cfg.configure(placements::routes))
                .map(|cfg| cfg.configure(scans::routes))
                .map(|cfg| cfg.configure(delivery_slots::routes))
                .map(|cfg| cfg.configure(delivery_admin::routes))
                .map(|cfg| cfg.configure(cart::routes))
                .map(|cfg| cfg.configure(checkout::routes))
                .map(|cfg| cfg.configure(orders::routes))
                .map(|cfg| cfg.configure(order_transitions::routes))
                .map(|cfg| cfg.configure(order_lists::routes))
                .map(|cfg| cfg.configure(pick_lists::routes))
                .map(|cfg| cfg.configure(payment_events::routes)),
        );
}
