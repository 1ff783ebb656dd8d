//! `/console/login`, `/console/logout`, `/console/lang`, `/console/` and
//! `/console/retailers`: the staff session (its own cookie), the language switch, and
//! where a signed-in staff member starts (their retailer's dashboard; the retailer list
//! for platform admins).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::{FACE, to_login};
use crate::app::client_address::ClientAddress;
use crate::app::error::ApiError;
use crate::app::pages::form::CsrfForm;
use crate::app::pages::layer::staff_page;
use crate::app::pages::redirect::see_other;
use crate::app::pages::render::html;
use crate::app::pages::staff::{self, StaffFrame};
use crate::app::pages::staff_sign_in::{self, LoginForm};
use crate::app::pages::visitor::Visitor;
use crate::app::state::AppState;
use crate::domain::accounts::{Principal, Role};
use crate::domain::retailers;
use crate::faces::console::pages::{LoginPage, RetailersPage};

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(staff_page("/console").get(home))
        .service(staff_page("/console/").get(home))
        .service(staff_page("/console/login").get(login_form).post(login))
        .service(staff_page("/console/logout").post(logout))
        .service(staff_page("/console/lang").post(choose_language))
        .service(staff_page("/console/retailers").get(retailer_list));
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

#[derive(Debug, Deserialize)]
struct NextQuery {
    next: Option<String>,
}

async fn login_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = (&req, state.get_ref(), &visitor);
    staff_sign_in::login_form::<LoginPage>(page, query.next.as_deref(), FACE)
}

async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    client: ClientAddress,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<HttpResponse, ApiError> {
    let page = (&req, state.get_ref(), &visitor);
    staff_sign_in::login::<LoginPage>(page, client, form, FACE).await
}

async fn logout(
    req: HttpRequest,
    state: web::Data<AppState>,
    _: CsrfForm<serde::de::IgnoredAny>,
) -> Result<HttpResponse, ApiError> {
    staff_sign_in::sign_out(&req, &state, "/console/login").await
}

#[derive(Debug, Deserialize)]
struct LanguageForm {
    lang: String,
    next: Option<String>,
}

async fn choose_language(
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<LanguageForm>,
) -> Result<HttpResponse, ApiError> {
    staff_sign_in::choose_language(&state, &form.lang, form.next.as_deref(), FACE)
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
