//! The mobile pages' routes, outside `/v1`: one module per page family. Every resource is
//! made with [`page`](super::layer::page), so errors render as pages and new devices get
//! their cookie; every posted form is a [`CsrfForm`](super::form::CsrfForm).

mod account;
mod cart;
mod checkout;
mod orders;

use actix_web::web;

/// Registers the pages (the product page `/s/{code}` lives with the scan routes).
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.configure(cart::routes)
        .configure(account::routes)
        .configure(checkout::routes)
        .configure(orders::routes);
}
