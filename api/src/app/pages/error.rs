//! The error page: what a refused or failed page request shows instead of problem+json.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use askama::Template;

use super::render::html;
use crate::app::error::ApiError;
use crate::app::pages::i18n::{Lang, Strings};

/// A friendly page for an error, in the visitor's language.
#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    lang: &'static str,
    t: &'static Strings,
    code: &'static str,
    title: &'static str,
    body: &'static str,
}

impl ErrorPage {
    /// The page for an error with this status and stable code.
    pub fn new(lang: Lang, status: StatusCode, code: &'static str) -> Self {
        let t = lang.strings();
        let (title, body) = match (status.as_u16(), code) {
            (_, "cart_retailer_mismatch") => (t.error_request_title, t.cart_mismatch),
            (_, "insufficient_stock") => (t.error_request_title, t.insufficient_stock),
            (_, "product_unavailable") => (t.error_request_title, t.product_unavailable),
            (404, _) => (t.error_not_found_title, t.error_not_found_body),
            // The only 403 a page gives is a failed CSRF check: an old or foreign form.
            (403, _) => (t.error_expired_title, t.error_expired_body),
            (429, _) => (t.error_busy_title, t.error_busy_body),
            (500.., _) => (t.error_server_title, t.error_server_body),
            _ => (t.error_request_title, t.error_request_body),
        };
        Self {
            lang: lang.code(),
            t,
            code,
            title,
            body,
        }
    }
}

/// The HTML answer for `error`: same status as its problem+json, a page instead of JSON.
/// Internal errors were logged when the handler's error became a response.
pub fn render(lang: Lang, error: &ApiError) -> HttpResponse {
    let (status, code, _) = error.classify();
    html(status, &ErrorPage::new(lang, status, code))
        .unwrap_or_else(|_| HttpResponse::build(status).finish())
}
