//! Staff on the pages: the staff session (its own cookie, `shelf_staff`, so a customer's
//! session never opens a staff page and signing out of one leaves the other alone) and
//! the frame of every staff page (language, CSRF token, where it is, whom it is for).
//! Shared by the retailer's console and, later, the operator pages.

use actix_web::HttpRequest;

use super::cookies;
use super::i18n::Lang;
use super::i18n::staff::StaffStrings;
use super::visitor::{Visitor, cookie_token};
use crate::app::error::ApiError;
use crate::app::state::AppState;
use crate::domain::accounts::{Principal, Role, web_sessions};

/// The staff member signed in on this browser: a live staff session of a user who is not
/// a customer (a role changed since sign-in counts as of now), or none.
pub async fn signed_in(req: &HttpRequest, state: &AppState) -> Result<Option<Principal>, ApiError> {
    let Some(token) = cookie_token(req, cookies::STAFF) else {
        return Ok(None);
    };
    let principal = state
        .db(move |conn| web_sessions::lookup(conn, &token))
        .await?;
    Ok(principal.filter(|principal| principal.role != Role::Customer))
}

/// The staff session's plain token, if the browser sent one.
pub fn session_token(req: &HttpRequest) -> Option<String> {
    cookie_token(req, cookies::STAFF)
}

/// What the layout of every staff page shows around its content.
#[derive(Debug)]
pub struct StaffFrame {
    /// The `lang` attribute.
    pub lang: &'static str,
    /// The strings.
    pub t: &'static StaffStrings,
    /// The CSRF token of the header's forms (language, sign-out) and the page's.
    pub csrf: String,
    /// This page's path and query: where the language switch comes back to.
    pub here: String,
    /// Whether someone is signed in (the header then offers sign-out).
    pub signed_in: bool,
}

impl StaffFrame {
    /// The frame of the page `req` asks for.
    pub fn new(req: &HttpRequest, state: &AppState, visitor: &Visitor, signed_in: bool) -> Self {
        let lang = visitor.lang();
        Self {
            lang: lang.code(),
            t: lang.staff(),
            csrf: visitor.csrf_token(state),
            here: req
                .uri()
                .path_and_query()
                .map_or_else(|| req.path().to_owned(), |pq| pq.as_str().to_owned()),
            signed_in,
        }
    }

    /// The language of the page.
    pub fn language(&self) -> Lang {
        Lang::parse(self.lang).unwrap_or(Lang::En)
    }
}
