//! `/console/login`, `/console/logout`, `/console/lang`, `/console/` and
//! `/console/retailers`: the staff session (its own cookie), the language switch, and
//! where a signed-in staff member starts (their retailer's dashboard; the retailer list
//! for platform admins).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::to_login;
use crate::app::client_address::ClientAddress;
use crate::app::credentials;
use crate::app::error::ApiError;
use crate::app::pages::cookies;
use crate::app::pages::form::CsrfForm;
use crate::app::pages::i18n::Lang;
use crate::app::pages::layer::staff_page;
use crate::app::pages::redirect::see_other;
use crate::app::pages::render::html;
use crate::app::pages::staff::{self, StaffFrame};
use crate::app::pages::visitor::Visitor;
use crate::app::state::AppState;
use crate::domain::DomainError;
use crate::domain::accounts::{Principal, Role, web_sessions};
use crate::domain::retailers;
use crate::faces::console::pages::{LoginPage, LoginProblem, RetailersPage};

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(staff_page("/console").get(home))
        .service(staff_page("/console/").get(home))
        .service(staff_page("/console/login").get(login_form).post(login))
        .service(staff_page("/console/logout").post(logout))
        .service(staff_page("/console/lang").post(choose_language))
        .service(staff_page("/console/retailers").get(retailer_list));
}

/// Only console paths are followed after sign-in or a language switch: a local path
/// elsewhere (or a foreign URL) falls back to the console's start.
fn console_path(next: Option<&str>) -> &str {
    next.filter(|path| {
        (*path == "/console" || path.starts_with("/console/"))
            && !path.contains('\\')
            && !path.chars().any(char::is_control)
    })
    .unwrap_or("/console/")
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

#[derive(Debug, Deserialize)]
struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

async fn login_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, ApiError> {
    let frame = StaffFrame::new(&req, &state, &visitor, false);
    let next = console_path(query.next.as_deref()).to_owned();
    html(
        StatusCode::OK,
        &LoginPage::new(frame, next, String::new(), None),
    )
}

async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    client: ClientAddress,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<HttpResponse, ApiError> {
    let next = console_path(form.next.as_deref()).to_owned();
    let email = form.email.clone();
    // The same limits as the JSON login and the shop's sign-in: a form is no way around
    // them.
    let outcome = credentials::authenticate(&state, client, &form.email, form.password).await;
    let (status, problem) = match outcome {
        Ok(user) if Role::parse(&user.role).is_some_and(|role| role != Role::Customer) => {
            return start_session(&state, user.id, &next).await;
        }
        Ok(_) => (StatusCode::FORBIDDEN, LoginProblem::NotStaff),
        Err(ApiError::Domain(DomainError::Unauthenticated {
            code: "account_deactivated",
            ..
        })) => (StatusCode::UNAUTHORIZED, LoginProblem::Deactivated),
        Err(ApiError::Domain(DomainError::Unauthenticated { .. })) => {
            (StatusCode::UNAUTHORIZED, LoginProblem::BadCredentials)
        }
        Err(ApiError::Domain(DomainError::RateLimited { .. })) => {
            (StatusCode::TOO_MANY_REQUESTS, LoginProblem::Throttled)
        }
        Err(other) => return Err(other),
    };
    let frame = StaffFrame::new(&req, &state, &visitor, false);
    html(status, &LoginPage::new(frame, next, email, Some(problem)))
}

/// Signs staff member `user_id` in on this browser (the staff session's cookie) and sends
/// the browser on to `next`.
pub(super) async fn start_session(
    state: &AppState,
    user_id: String,
    next: &str,
) -> Result<HttpResponse, ApiError> {
    let ttl = state.sessions.refresh_ttl_secs;
    let token = state
        .db(move |conn| web_sessions::create(conn, &user_id, ttl))
        .await?;
    let mut response = see_other(next);
    response
        .add_cookie(&cookies::build(state, cookies::STAFF, token, ttl))
        .map_err(DomainError::internal)?;
    Ok(response)
}

async fn logout(
    req: HttpRequest,
    state: web::Data<AppState>,
    _: CsrfForm<serde::de::IgnoredAny>,
) -> Result<HttpResponse, ApiError> {
    if let Some(token) = staff::session_token(&req) {
        state
            .db(move |conn| web_sessions::revoke(conn, &token))
            .await?;
    }
    let mut response = see_other("/console/login");
    response
        .add_cookie(&cookies::removal(&state, cookies::STAFF))
        .map_err(DomainError::internal)?;
    Ok(response)
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
    let lang = Lang::parse(&form.lang)
        .ok_or_else(|| ApiError::BadRequest("lang must be ko or en".into()))?;
    let mut response = see_other(console_path(form.next.as_deref()));
    response
        .add_cookie(&cookies::build(
            &state,
            cookies::LANG,
            lang.code().to_owned(),
            cookies::LANG_MAX_AGE_SECS,
        ))
        .map_err(DomainError::internal)?;
    Ok(response)
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

#[cfg(test)]
mod tests {
    use super::console_path;

    #[test]
    fn only_console_paths_are_followed() {
        assert_eq!(console_path(Some("/console/r/x/")), "/console/r/x/");
        for elsewhere in [
            "/cart",
            "https://evil.example/console/",
            "//evil/console/",
            "/console\\x",
            "/consolex",
        ] {
            assert_eq!(console_path(Some(elsewhere)), "/console/", "{elsewhere}");
        }
        assert_eq!(console_path(None), "/console/");
    }
}
