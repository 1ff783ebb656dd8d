//! The operator pages' routes under `/ops`. Every page is made with
//! [`staff_page`](crate::app::pages::layer::staff_page) (security headers, HTML errors in
//! the staff layout); every posted form is a
//! [`CsrfForm`](crate::app::pages::form::CsrfForm); no GET changes anything.

mod orders;
mod session;
mod slots;
mod today;

use actix_web::HttpRequest;

use crate::app::error::ApiError;
use crate::app::pages::staff::{self, Scope};
use crate::app::pages::staff_sign_in::LoginView;
use crate::app::state::AppState;
use crate::db::DbConnection;
use crate::domain::DomainError;
use crate::domain::accounts::RetailerAccess;

/// The operator pages' paths.
const FACE: &str = <crate::faces::ops::pages::LoginPage as LoginView>::FACE;

/// Registers the pages and the stylesheet.
pub fn configure(cfg: &mut actix_web::web::ServiceConfig) {
    cfg.configure(session::routes)
        .configure(today::routes)
        .configure(slots::routes)
        .configure(orders::routes);
}

/// The signed-in operator (or admin) of the retailer that `owner` finds (the retailer of
/// the order or slot in the path), and that retailer; or the answer to give instead.
async fn operator_scope(
    req: &HttpRequest,
    state: &AppState,
    owner: impl FnOnce(&mut DbConnection) -> Result<String, DomainError> + Send + 'static,
) -> Result<Scope, ApiError> {
    let owner = async { state.db(owner).await };
    staff::retailer_scope_of(req, state, RetailerAccess::Operate, FACE, owner).await
}
