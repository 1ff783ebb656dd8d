//! `/ops/login`, `/ops/logout`, `/ops/lang` and the stylesheet `/ops/ops.css`: the staff
//! session the console shares (signing in at one signs in at both) and the language
//! switch.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::FACE;
use crate::app::client_address::ClientAddress;
use crate::app::error::ApiError;
use crate::app::pages::form::CsrfForm;
use crate::app::pages::layer::staff_page;
use crate::app::pages::staff_sign_in::{self, LoginForm};
use crate::app::pages::visitor::Visitor;
use crate::app::state::AppState;
use crate::faces::ops::pages::LoginPage;

/// The stylesheet, compiled in: one file, cached by browsers for a day.
const STYLESHEET: &str = include_str!("../ops.css");

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(staff_page("/ops/login").get(login_form).post(login))
        .service(staff_page("/ops/logout").post(logout))
        .service(staff_page("/ops/lang").post(choose_language))
        .service(web::resource("/ops/ops.css").get(stylesheet));
}

async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/css; charset=utf-8"))
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(STYLESHEET)
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
    staff_sign_in::sign_out(&req, &state, "/ops/login").await
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
