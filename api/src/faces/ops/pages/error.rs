//! The operator pages' error page: the shared layer words it, this face shows it in its
//! own layout with the way back to `/ops/` (registered in `faces::configure`).

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use askama::Template;

use crate::app::error::ApiError;
use crate::app::pages::error::{StaffErrorPage, StaffLayout};
use crate::app::pages::render::html;
use crate::app::pages::staff::StaffFrame;
use crate::faces::ops::i18n::ops::{OpsStrings, strings};

/// How the page layer shows a failed request under `/ops`.
pub const LAYOUT: StaffLayout = StaffLayout {
    face: "/ops",
    render,
};

/// The page.
#[derive(Template)]
#[template(path = "ops_error.html")]
struct ErrorPage {
    frame: StaffFrame,
    s: &'static OpsStrings,
    code: &'static str,
    title: &'static str,
    body: &'static str,
}

fn render(status: StatusCode, page: StaffErrorPage) -> Result<HttpResponse, ApiError> {
    let s = strings(page.frame.language());
    // The shared wording of a 404 sends staff back to the console's first page.
    let body = if status == StatusCode::NOT_FOUND {
        s.not_found_body
    } else {
        page.body
    };
    html(
        status,
        &ErrorPage {
            frame: page.frame,
            s,
            code: page.code,
            title: page.title,
            body,
        },
    )
}
