//! `/signin`, `/register`, `/signout`: browser sessions. Signing in or registering starts
//! a session (cookie), moves the device's guest cart into the customer's, and returns to
//! the local page named by `next`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::app::client_address::ClientAddress;
use crate::app::credentials;
use crate::app::error::ApiError;
use crate::app::pages::cookies;
use crate::app::pages::form::CsrfForm;
use crate::app::pages::layer::page;
use crate::app::pages::redirect::{local_path, see_other};
use crate::app::pages::render::{FieldErrors, html};
use crate::app::pages::visitor::Visitor;
use crate::app::state::AppState;
use crate::db::DbConnection;
use crate::domain::accounts::web_sessions;
use crate::domain::{DomainError, cart, ids};
use crate::faces::shop::pages::account::{RegisterPage, SignInPage};

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(page("/signin").get(sign_in_form).post(sign_in))
        .service(page("/register").get(register_form).post(register))
        .service(page("/signout").post(sign_out));
}

#[derive(Debug, Deserialize)]
struct NextQuery {
    next: Option<String>,
}

#[derive(Debug, Deserialize)]
struct SignInForm {
    email: String,
    password: String,
    next: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RegisterForm {
    email: String,
    password: String,
    name: String,
    next: Option<String>,
}

/// After the account check: a browser session, and the guest cart merged into the
/// customer's. Returns the session's plain token for the cookie.
fn start_session(
    conn: &mut DbConnection,
    user_id: &str,
    device_hash: &str,
    ttl_secs: u64,
) -> Result<String, DomainError> {
    let token = web_sessions::create(conn, user_id, ttl_secs)?;
    cart::merge_device_cart(conn, device_hash, user_id, ids::now())?;
    Ok(token)
}

/// To `next`, with the session cookie set.
fn signed_in(state: &AppState, token: String, next: &str) -> Result<HttpResponse, ApiError> {
    let mut response = see_other(next);
    let cookie = cookies::build(
        state,
        cookies::SESSION,
        token,
        state.sessions.refresh_ttl_secs,
    );
    response
        .add_cookie(&cookie)
        .map_err(DomainError::internal)?;
    Ok(response)
}

async fn sign_in_form(
    state: web::Data<AppState>,
    visitor: Visitor,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, ApiError> {
    let next = local_path(query.next.as_deref()).to_owned();
    let page = SignInPage::new(
        visitor.lang(),
        visitor.csrf_token(&state),
        next,
        String::new(),
        false,
    );
    html(StatusCode::OK, &page)
}

async fn sign_in(
    state: web::Data<AppState>,
    visitor: Visitor,
    client: ClientAddress,
    CsrfForm(form): CsrfForm<SignInForm>,
) -> Result<HttpResponse, ApiError> {
    let next = local_path(form.next.as_deref()).to_owned();
    let (device_hash, ttl) = (visitor.device_hash(), state.sessions.refresh_ttl_secs);
    let email = form.email.clone();
    let started = async {
        // The same limits as the JSON login: a form is no way around them.
        let user = credentials::authenticate(&state, client, &form.email, form.password).await?;
        state
            .db(move |conn| start_session(conn, &user.id, &device_hash, ttl))
            .await
    }
    .await;
    match started {
        Ok(token) => signed_in(&state, token, &next),
        Err(ApiError::Domain(DomainError::Unauthenticated { .. })) => {
            let page = SignInPage::new(
                visitor.lang(),
                visitor.csrf_token(&state),
                next,
                email,
                true,
            );
            html(StatusCode::UNAUTHORIZED, &page)
        }
        Err(other) => Err(other),
    }
}

async fn register_form(
    state: web::Data<AppState>,
    visitor: Visitor,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, ApiError> {
    let next = local_path(query.next.as_deref()).to_owned();
    let page = RegisterPage::new(
        visitor.lang(),
        visitor.csrf_token(&state),
        next,
        String::new(),
        String::new(),
        FieldErrors::default(),
    );
    html(StatusCode::OK, &page)
}

async fn register(
    state: web::Data<AppState>,
    visitor: Visitor,
    client: ClientAddress,
    CsrfForm(form): CsrfForm<RegisterForm>,
) -> Result<HttpResponse, ApiError> {
    let next = local_path(form.next.as_deref()).to_owned();
    let (device_hash, ttl) = (visitor.device_hash(), state.sessions.refresh_ttl_secs);
    let (email, name) = (form.email.clone(), form.name.clone());
    let started = async {
        // The page's language: the visitor's choice, else their Accept-Language.
        let fields = (
            form.email.as_str(),
            form.password.as_str(),
            form.name.as_str(),
        );
        let user =
            credentials::create_customer(&state, client, fields, visitor.lang().into()).await?;
        state
            .db(move |conn| start_session(conn, &user.id, &device_hash, ttl))
            .await
    }
    .await;
    let t = visitor.lang().strings();
    let errors = match started {
        Ok(token) => return signed_in(&state, token, &next),
        Err(ApiError::Domain(DomainError::Invalid(errors))) => FieldErrors::from_domain(&errors, t),
        Err(ApiError::Domain(DomainError::Conflict {
            code: "email_taken",
            ..
        })) => FieldErrors::single("email", t.email_taken),
        Err(other) => return Err(other),
    };
    let page = RegisterPage::new(
        visitor.lang(),
        visitor.csrf_token(&state),
        next,
        email,
        name,
        errors,
    );
    html(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

async fn sign_out(
    state: web::Data<AppState>,
    visitor: Visitor,
    _: CsrfForm<serde::de::IgnoredAny>,
) -> Result<HttpResponse, ApiError> {
    if let Some(token) = visitor.session_token().map(str::to_owned) {
        state
            .db(move |conn| web_sessions::revoke(conn, &token))
            .await?;
    }
    let mut response = see_other("/cart");
    response
        .add_cookie(&cookies::removal(&state, cookies::SESSION))
        .map_err(DomainError::internal)?;
    Ok(response)
}
