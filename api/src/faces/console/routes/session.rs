//! `/console/login`, `/console/logout`, `/console/lang`, `/console/` and
//! `/console/retailers`: the staff session (its own cookie), the language switch, and
//! where a signed-in staff member starts (their retailer's dashboard; the retailer list
//! for platform admins).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::to_login;
use crate::app::error::ApiError;
use crate::app::pages::layer::staff_page;
use crate::app::pages::redirect::see_other;
use crate::app::pages::render::html;
use crate::app::pages::staff::{self, StaffFrame};
use crate::app::pages::staff_sign_in;
use crate::app::pages::visitor::Visitor;
use crate::app::state::AppState;
use crate::domain::accounts::{Principal, Role};
use crate::domain::retailers;
use crate::faces::console::pages::{LoginPage, RetailersPage};

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(staff_page("/console").get(home))
        .service(staff_page("/console/").get(home))
        .service(staff_page("/console/retailers").get(retailer_list));
    staff_sign_in::routes::<LoginPage>(cfg);
}

/// Where a staff member starts.
fn start_of(user: &Principal) -> String {
    match (&user.role, &user.retailer_id) {
        (Role::RetailerAdmin | Role::Operator, Some(rid)) => format!("/console/r/{rid}/"),
        _ => "/console/retailers".to_owned(),
    }
}

async fn home(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    Ok(match staff::signed_in(&req, &state).await? {
        Some(user) => see_other(&start_of(&user)),
        None => to_login(&req),
    })
}

async fn retailer_list(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
) -> Result<HttpResponse, ApiError> {
    let Some(user) = staff::signed_in(&req, &state).await? else {
        return Ok(to_login(&req));
    };
    if user.role != Role::PlatformAdmin {
        return Ok(see_other(&start_of(&user)));
    }
    let all = state.db(retailers::list).await?;
    let frame = StaffFrame::new(&req, &state, &visitor, true);
    html(StatusCode::OK, &RetailersPage::new(frame, &all))
}
