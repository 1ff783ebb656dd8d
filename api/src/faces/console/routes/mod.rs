//! The console's routes under `/console`. Every resource is made with
//! [`staff_page`](crate::app::pages::layer::staff_page) (security headers, HTML errors in
//! the staff layout); every posted form is a
//! [`CsrfForm`](crate::app::pages::form::CsrfForm); no GET changes anything.

mod channels;
mod dashboard;
mod delivery;
mod feeds;
mod orders;
mod placements;
mod poster_builder;
mod posters;
mod products;
mod session;
mod shelves;
mod staff;

use actix_web::{HttpRequest, HttpResponse};

use crate::app::error::ApiError;
use crate::app::pages::staff::{self as staff_session, Scope};
use crate::app::pages::staff_sign_in::LoginView;
use crate::app::state::AppState;
use crate::domain::accounts::RetailerAccess;

/// The console's paths.
const FACE: &str = <crate::faces::console::pages::LoginPage as LoginView>::FACE;

/// Registers the pages.
pub fn configure(cfg: &mut actix_web::web::ServiceConfig) {
    cfg.configure(session::routes)
        .configure(dashboard::routes)
        .configure(channels::routes)
        .configure(products::routes)
        .configure(orders::routes)
        .configure(staff::routes)
        // The builder first: its `posters/new` would otherwise be read as a poster id.
        .configure(poster_builder::routes)
        .configure(posters::routes)
        .configure(placements::routes)
        .configure(delivery::routes)
        .configure(shelves::routes)
        .configure(feeds::routes);
}

/// Where a console page that needs a staff member sends a browser without one.
fn to_login(req: &HttpRequest) -> HttpResponse {
    staff_session::to_login(req, FACE)
}

/// The signed-in staff member allowed to read retailer `rid`, and that retailer; or the
/// answer to give instead (to sign-in when nobody is signed in).
async fn retailer_scope(
    req: &HttpRequest,
    state: &AppState,
    rid: String,
) -> Result<Scope, ApiError> {
    retailer_scope_for(req, state, rid, RetailerAccess::Read).await
}

/// [`retailer_scope`] for `access`: a form that changes something asks for
/// [`RetailerAccess::Manage`], which an operator is refused (403).
async fn retailer_scope_for(
    req: &HttpRequest,
    state: &AppState,
    rid: String,
    access: RetailerAccess,
) -> Result<Scope, ApiError> {
    staff_session::retailer_scope(req, state, rid, access, FACE).await
}
