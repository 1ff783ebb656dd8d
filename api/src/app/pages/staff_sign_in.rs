//! Signing staff in and out of the staff faces (the console, the operator pages), and
//! their language switch. Every staff face uses the one session cookie of
//! [`super::staff`], so signing in at one signs in at all; each face only names its
//! paths (`/console`, `/ops`) and its sign-in page, and mounts [`routes`].

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::cookies;
use super::form::CsrfForm;
use super::i18n::Lang;
use super::i18n::staff::StaffStrings;
use super::layer::staff_page;
use super::redirect::see_other;
use super::render::html;
use super::staff::{self, StaffFrame};
use super::visitor::Visitor;
use crate::app::client_address::ClientAddress;
use crate::app::credentials;
use crate::app::error::ApiError;
use crate::app::state::AppState;
use crate::domain::DomainError;
use crate::domain::accounts::{Role, web_sessions};

/// Why the sign-in form is shown again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginProblem {
    /// Wrong email or password.
    BadCredentials,
    /// A customer's account.
    NotStaff,
    /// Too many attempts.
    Throttled,
    /// The right password of a deactivated account.
    Deactivated,
}

impl LoginProblem {
    /// What the form says about it.
    pub fn text(self, t: &'static StaffStrings) -> &'static str {
        match self {
            Self::BadCredentials => t.bad_credentials,
            Self::NotStaff => t.not_staff,
            Self::Throttled => t.throttled,
            Self::Deactivated => t.deactivated_account,
        }
    }
}

/// A staff face's sign-in page: the form, with the email typed so far and why the
/// last attempt failed.
pub trait LoginView: askama::Template + 'static {
    /// The face's path (`/console`, `/ops`): its pages live under it.
    const FACE: &'static str;

    /// The page in `frame`, coming back to `next` once signed in.
    fn new(frame: StaffFrame, next: String, email: String, problem: Option<LoginProblem>) -> Self;
}

/// The sign-in form as posted.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

/// The sign-in page `P` of `face`, coming back to `next` (a path of the face).
fn login_form<P: LoginView>(
    (req, state, visitor): (&HttpRequest, &AppState, &Visitor),
    next: Option<&str>,
    face: &str,
) -> Result<HttpResponse, ApiError> {
    let frame = StaffFrame::new(req, state, visitor, false);
    let page = P::new(frame, face_path(next, face), String::new(), None);
    html(StatusCode::OK, &page)
}

/// Checks a staff member's email and password (with the same limits as the JSON login
/// and the shop's sign-in: a form is no way around them) and, when they are right and
/// the account is staff, starts the session and sends the browser on to the form's
/// `next` path of `face`; else the sign-in page `P` again, saying why.
async fn login<P: LoginView>(
    (req, state, visitor): (&HttpRequest, &AppState, &Visitor),
    client: ClientAddress,
    form: LoginForm,
    face: &str,
) -> Result<HttpResponse, ApiError> {
    let next = face_path(form.next.as_deref(), face);
    let outcome = credentials::authenticate(state, client, &form.email, form.password).await;
    let (status, problem) = match outcome {
        Ok(user) if Role::parse(&user.role).is_some_and(|role| role != Role::Customer) => {
            return start_session(state, user.id, &next).await;
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
    let frame = StaffFrame::new(req, state, visitor, false);
    html(status, &P::new(frame, next, form.email, Some(problem)))
}

/// Signs staff member `user_id` in on this browser (the staff session's cookie) and sends
/// the browser on to `next`.
pub async fn start_session(
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

/// Ends this browser's staff session (for every staff face) and sends it to `login`.
async fn sign_out(
    req: &HttpRequest,
    state: &AppState,
    login: &str,
) -> Result<HttpResponse, ApiError> {
    if let Some(token) = staff::session_token(req) {
        state
            .db(move |conn| web_sessions::revoke(conn, &token))
            .await?;
    }
    let mut response = see_other(login);
    response
        .add_cookie(&cookies::removal(state, cookies::STAFF))
        .map_err(DomainError::internal)?;
    Ok(response)
}

/// Remembers the language `code` chosen with a staff page's switch and goes back to
/// `next` (a path of `face`).
fn choose_language(
    state: &AppState,
    code: &str,
    next: Option<&str>,
    face: &str,
) -> Result<HttpResponse, ApiError> {
    let lang =
        Lang::parse(code).ok_or_else(|| ApiError::BadRequest("lang must be ko or en".into()))?;
    let mut response = see_other(&face_path(next, face));
    response
        .add_cookie(&cookies::build(
            state,
            cookies::LANG,
            lang.code().to_owned(),
            cookies::LANG_MAX_AGE_SECS,
        ))
        .map_err(DomainError::internal)?;
    Ok(response)
}

/// Mounts `{face}/login` (the form `P` and its post), `{face}/logout` and `{face}/lang` for
/// the staff face of sign-in page `P`.
pub fn routes<P: LoginView>(cfg: &mut web::ServiceConfig) {
    let face = P::FACE;
    cfg.service(
        staff_page(format!("{face}/login"))
            .get(login_form_route::<P>)
            .post(login_route::<P>),
    )
    .service(staff_page(format!("{face}/logout")).post(sign_out_route::<P>))
    .service(staff_page(format!("{face}/lang")).post(choose_language_route::<P>));
}

#[derive(Debug, Deserialize)]
struct NextQuery {
    next: Option<String>,
}

async fn login_form_route<P: LoginView>(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = (&req, state.get_ref(), &visitor);
    login_form::<P>(page, query.next.as_deref(), P::FACE)
}

async fn login_route<P: LoginView>(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    client: ClientAddress,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<HttpResponse, ApiError> {
    let page = (&req, state.get_ref(), &visitor);
    login::<P>(page, client, form, P::FACE).await
}

async fn sign_out_route<P: LoginView>(
    req: HttpRequest,
    state: web::Data<AppState>,
    _: CsrfForm<serde::de::IgnoredAny>,
) -> Result<HttpResponse, ApiError> {
    sign_out(&req, &state, &format!("{}/login", P::FACE)).await
}

#[derive(Debug, Deserialize)]
struct LanguageForm {
    lang: String,
    next: Option<String>,
}

async fn choose_language_route<P: LoginView>(
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<LanguageForm>,
) -> Result<HttpResponse, ApiError> {
    choose_language(&state, &form.lang, form.next.as_deref(), P::FACE)
}

/// `next` when it is a path of `face` (`/console`, `/ops`); else the face's start. Only
/// the face's own paths are followed after sign-in or a language switch: a local path
/// elsewhere (or a foreign URL) falls back.
pub fn face_path(next: Option<&str>, face: &str) -> String {
    next.filter(|path| {
        path.strip_prefix(face)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            && !path.contains('\\')
            && !path.chars().any(char::is_control)
    })
    .map_or_else(|| format!("{face}/"), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::face_path;

    #[test]
    fn only_the_faces_paths_are_followed() {
        assert_eq!(
            face_path(Some("/console/r/x/"), "/console"),
            "/console/r/x/"
        );
        assert_eq!(face_path(Some("/ops/orders/x"), "/ops"), "/ops/orders/x");
        for elsewhere in [
            "/cart",
            "https://evil.example/console/",
            "//evil/console/",
            "/console\\x",
            "/consolex",
            "/ops/",
        ] {
            assert_eq!(
                face_path(Some(elsewhere), "/console"),
                "/console/",
                "{elsewhere}"
            );
        }
        assert_eq!(face_path(Some("/console/"), "/ops"), "/ops/");
        assert_eq!(face_path(None, "/console"), "/console/");
    }
}
