//! `/assets/…`: the shop's few static files, compiled in. Today the product page's share
//! script, the only script any page runs (only the product pages' policy admits it, by
//! its full URL; no page runs inline scripts).

use actix_web::http::header;
use actix_web::{HttpResponse, web};

const SHARE_SCRIPT: &str = include_str!("../assets/share.js");

/// Where the share script is served (`templates/product.html` loads it from here).
pub(super) const SHARE_SCRIPT_PATH: &str = "/assets/share.js";

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource(SHARE_SCRIPT_PATH).get(share_script));
}

async fn share_script() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/javascript; charset=utf-8"))
        // A week: the script changes with releases, and a stale copy still works with
        // the pages (it only reads element ids and data attributes).
        .insert_header((header::CACHE_CONTROL, "public, max-age=604800"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(SHARE_SCRIPT)
}
