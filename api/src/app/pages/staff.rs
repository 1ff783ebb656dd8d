//! Staff on the pages: the staff session (its own cookie, `shelf_staff`, so a customer's
//! session never opens a staff page and signing out of one leaves the other alone) and
//! the frame of every staff page (language, CSRF token, where it is, whom it is for).
//! Shared by the retailer's console and the operator pages, which also share the retailer
//! scope of their pages ([`retailer_scope`]).

use actix_web::{HttpRequest, HttpResponse};

use super::cookies;
use super::i18n::Lang;
use super::i18n::staff::StaffStrings;
use super::redirect::see_other;
use super::visitor::{Visitor, cookie_token};
use crate::app::error::ApiError;
use crate::app::retailer_scope::authorized_retailer;
use crate::app::state::AppState;
use crate::domain::accounts::{Principal, RetailerAccess, Role, web_sessions};
use crate::domain::retailers::Retailer;

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

/// Where a page of `face` (`/console`, `/ops`) that needs a staff member sends a browser
/// without one: the face's sign-in, coming back here afterwards.
pub fn to_login(req: &HttpRequest, face: &str) -> HttpResponse {
    let start = format!("{face}/");
    let here = req
        .uri()
        .path_and_query()
        .map_or(start.as_str(), |pq| pq.as_str());
    let query = serde_urlencoded::to_string([("next", here)]).unwrap_or_default();
    see_other(&format!("{face}/login?{query}"))
}

/// The signed-in staff member allowed `access` on a retailer, and that retailer; or the
/// answer to give instead (the face's sign-in when nobody is signed in).
pub enum Scope {
    /// Allowed.
    Granted(Principal, Retailer),
    /// Answer this instead.
    Answer(HttpResponse),
}

/// The [`Scope`] of retailer `rid` on a page of `face`, authorized by the same rule as the
/// JSON API's retailer routes: another retailer's id is 404, an operator asking for
/// [`RetailerAccess::Manage`] 403.
pub async fn retailer_scope(
    req: &HttpRequest,
    state: &AppState,
    rid: String,
    access: RetailerAccess,
    face: &str,
) -> Result<Scope, ApiError> {
    retailer_scope_of(req, state, access, face, async { Ok(rid) }).await
}

/// [`retailer_scope`] of the retailer `owner` names (looked up only once someone is
/// signed in: the retailer of an order or slot in the path), so a page can be addressed
/// by what it shows; an id that names nothing is 404 like another retailer's.
pub async fn retailer_scope_of(
    req: &HttpRequest,
    state: &AppState,
    access: RetailerAccess,
    face: &str,
    owner: impl Future<Output = Result<String, ApiError>>,
) -> Result<Scope, ApiError> {
    let Some(user) = signed_in(req, state).await? else {
        return Ok(Scope::Answer(to_login(req, face)));
    };
    let retailer = authorized_retailer(state, &user, owner.await?, access).await?;
    Ok(Scope::Granted(user, retailer))
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
