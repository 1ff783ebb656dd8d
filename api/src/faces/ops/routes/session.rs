//! `/ops/login`, `/ops/logout`, `/ops/lang` and the stylesheet `/ops/ops.css`: the staff
//! session the console shares (signing in at one signs in at both) and the language
//! switch.

use actix_web::http::header;
use actix_web::{HttpResponse, web};

use crate::app::pages::staff_sign_in;
use crate::faces::ops::pages::LoginPage;

/// The stylesheet, compiled in: one file, cached by browsers for a day.
const STYLESHEET: &str = include_str!("../ops.css");

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    staff_sign_in::routes::<LoginPage>(cfg);
    cfg.service(web::resource("/ops/ops.css").get(stylesheet));
}

async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/css; charset=utf-8"))
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(STYLESHEET)
}
