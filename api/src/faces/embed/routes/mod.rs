//! The embed pages' routes: every resource is made with
//! [`embed_page`](crate::app::pages::layer::embed_page), the one layer whose policy lets
//! other sites frame its pages.

mod shelf;

use actix_web::web;

/// Registers the pages.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.configure(shelf::routes);
}
