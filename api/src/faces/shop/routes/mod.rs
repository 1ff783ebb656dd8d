//! The mobile pages' routes, outside `/v1`: one module per page family. Every resource is
//! made with [`page`](crate::app::pages::layer::page), so errors render as pages and new devices get
//! their cookie; every posted form is a [`CsrfForm`](crate::app::pages::form::CsrfForm).

mod account;
mod assets;
mod cart;
mod checkout;
mod orders;
mod product;
mod share_card;

use actix_web::web;

/// Registers the pages.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.configure(product::routes)
        .configure(share_card::routes)
        .configure(assets::routes)
        .configure(cart::routes)
        .configure(account::routes)
        .configure(checkout::routes)
        .configure(orders::routes);
}
