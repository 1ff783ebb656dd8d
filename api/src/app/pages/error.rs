//! The error page: what a refused or failed page request shows instead of problem+json.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::render::html;
use super::staff::{self, StaffFrame};
use super::visitor::Visitor;
use crate::app::error::ApiError;
use crate::app::pages::i18n::{Lang, Strings};
use crate::app::state::AppState;

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

/// What an error page says: its title and body.
fn wording(t: &'static Strings, status: StatusCode, code: &str) -> (&'static str, &'static str) {
    match (status.as_u16(), code) {
        (_, "cart_retailer_mismatch") => (t.error_request_title, t.cart_mismatch),
        (_, "insufficient_stock") => (t.error_request_title, t.insufficient_stock),
        (_, "product_unavailable") => (t.error_request_title, t.product_unavailable),
        (404, _) => (t.error_not_found_title, t.error_not_found_body),
        // The only 403 a page gives is a failed CSRF check: an old or foreign form.
        (403, _) => (t.error_expired_title, t.error_expired_body),
        (429, _) => (t.error_busy_title, t.error_busy_body),
        (500.., _) => (t.error_server_title, t.error_server_body),
        _ => (t.error_request_title, t.error_request_body),
    }
}

impl ErrorPage {
    /// The page for an error with this status and stable code.
    pub fn new(lang: Lang, status: StatusCode, code: &'static str) -> Self {
        let t = lang.strings();
        let (title, body) = wording(t, status, code);
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

/// The error page of the staff pages: the shared staff layout (the console's), and a way
/// back to the console. A face with a layout of its own shows it there instead
/// ([`StaffLayout`]).
#[derive(Template)]
#[template(path = "staff_error.html")]
pub struct StaffErrorPage {
    /// The layout's frame.
    pub frame: StaffFrame,
    /// The error's stable code.
    pub code: &'static str,
    /// What went wrong, in the page's language.
    pub title: &'static str,
    /// What to do about it.
    pub body: &'static str,
}

/// A staff face with a layout of its own: a failed request under its paths is shown by
/// `render` in that layout, with a way back to the face's start rather than the console's.
#[derive(Clone, Copy, Debug)]
pub struct StaffLayout {
    /// The face's paths (`/ops`): the requests whose errors it shows.
    pub face: &'static str,
    /// The answer for an error with this status, worded by the shared layer.
    pub render: fn(StatusCode, StaffErrorPage) -> Result<HttpResponse, ApiError>,
}

impl StaffLayout {
    /// True when `path` is one of the face's.
    fn serves(&self, path: &str) -> bool {
        path.strip_prefix(self.face)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    }
}

/// The staff faces' own layouts, app data registered where the faces are mounted: the
/// layer picks by the failed request's path, so a face's shared routes (sign-in) show
/// its layout too.
#[derive(Debug)]
pub struct StaffLayouts(pub Vec<StaffLayout>);

/// The HTML answer for `error` on a staff page.
pub fn render_staff(req: &HttpRequest, error: &ApiError) -> HttpResponse {
    let (status, code, _) = error.classify();
    let lang = Lang::of_request(req);
    let Some(state) = req.app_data::<web::Data<AppState>>() else {
        return render(lang, error);
    };
    let signed_in = staff::session_token(req).is_some();
    let frame = StaffFrame::new(req, state, &Visitor::of(req), signed_in);
    let (title, mut body) = wording(lang.strings(), status, code);
    if status == StatusCode::NOT_FOUND {
        body = frame.t.not_found_body;
    }
    let page = StaffErrorPage {
        frame,
        code,
        title,
        body,
    };
    let own = req
        .app_data::<web::Data<StaffLayouts>>()
        .and_then(|layouts| layouts.0.iter().find(|layout| layout.serves(req.path())));
    match own {
        Some(layout) => (layout.render)(status, page),
        None => html(status, &page),
    }
    .unwrap_or_else(|_| HttpResponse::build(status).finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_face_serves_its_paths_only() {
        let layout = StaffLayout {
            face: "/ops",
            render: |status, page| html(status, &page),
        };
        for path in ["/ops", "/ops/", "/ops/orders/1"] {
            assert!(layout.serves(path), "{path}");
        }
        for path in ["/opsx", "/console/", "/"] {
            assert!(!layout.serves(path), "{path}");
        }
    }
}
