//! `/v1/auth/*`: register, login, refresh, logout.

use actix_web::http::header::ACCEPT_LANGUAGE;
use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::app::client_address::ClientAddress;
use crate::app::credentials;
use crate::app::error::ApiError;
use crate::app::json::Json;
use crate::app::state::AppState;
use crate::domain::accounts::language::Language;
use crate::domain::accounts::sessions::{self, TokenPair};

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(register)
        .service(login)
        .service(refresh)
        .service(logout);
}

/// A new customer account.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = RegisterRequest)]
struct RegisterBody {
    /// Compared in lower case, surrounding spaces ignored: one `@`, something before it,
    /// a dot after it, no spaces inside, at most 254 bytes.
    #[schema(format = Email, max_length = 254)]
    email: String,
    /// At least 8 characters and at most 1024 bytes (UTF-8).
    #[schema(format = Password, min_length = 8, max_length = 1024)]
    password: String,
    /// Display name, 1 to 200 characters once trimmed.
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    name: String,
}

/// Credentials; any strings are accepted, and a wrong pair is refused as a whole.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = LoginRequest)]
struct LoginBody {
    email: String,
    #[schema(format = Password)]
    password: String,
}

/// A refresh token from a token pair.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = RefreshRequest)]
struct RefreshBody {
    refresh_token: String,
}

/// Creates a customer account and returns its first token pair, within the registration
/// limit per client address. Messages about the customer's orders are written in the
/// preferred language of `Accept-Language` (`ko` or `en`, English when neither), which
/// `PATCH /v1/me` changes.
#[utoipa::path(
    operation_id = "register_customer",
    tag = "auth",
    params(("Accept-Language" = Option<String>, Header,
        description = "The language of the customer's messages: `ko` or `en` when preferred")),
    request_body = RegisterBody,
    responses(
        (status = 201, description = "The account's first token pair", body = TokenPair),
        (status = 409, description = "`email_taken`: an account with this email exists"),
        (status = 422, description = "`validation_failed`: see `errors` (an `email` the \
schema's format admits can still be refused, e.g. without a dot in its domain)"),
        (
            status = 429,
            description = "`rate_limited`: too many registrations from this address",
            headers(("Retry-After" = u64, description = "Seconds until the next attempt may pass"))
        ),
    )
)]
#[post("/auth/register")]
async fn register(
    req: HttpRequest,
    state: web::Data<AppState>,
    client: ClientAddress,
    body: Json<RegisterBody>,
) -> Result<HttpResponse, ApiError> {
    let language = Language::from_accept_language(
        req.headers()
            .get(ACCEPT_LANGUAGE)
            .and_then(|value| value.to_str().ok()),
    );
    let fields = (
        body.email.as_str(),
        body.password.as_str(),
        body.name.as_str(),
    );
    let user = credentials::create_customer(&state, client, fields, language).await?;
    let policy = state.sessions.clone();
    let pair = state
        .db(move |conn| sessions::start_session(conn, &policy, &user))
        .await?;
    Ok(HttpResponse::Created().json(pair))
}

/// Exchanges email and password for a token pair, within the login rate limits.
#[utoipa::path(
    operation_id = "login_user",
    tag = "auth",
    request_body = LoginBody,
    responses(
        (status = 200, description = "A token pair", body = TokenPair),
        (status = 401, description = "`invalid_credentials`: no account has this email and \
password (an unknown email and a wrong password are answered alike)"),
        (
            status = 429,
            description = "`rate_limited`: too many attempts for this email or from this address",
            headers(("Retry-After" = u64, description = "Seconds until the next attempt may pass"))
        ),
    )
)]
#[post("/auth/login")]
async fn login(
    state: web::Data<AppState>,
    client: ClientAddress,
    body: Json<LoginBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let user = credentials::authenticate(&state, client, &body.email, body.password).await?;
    let policy = state.sessions.clone();
    let pair = state
        .db(move |conn| sessions::start_session(conn, &policy, &user))
        .await?;
    Ok(HttpResponse::Ok().json(pair))
}

/// Rotates a refresh token into a new pair.
#[utoipa::path(
    operation_id = "refresh_session",
    tag = "auth",
    request_body = RefreshBody,
    responses(
        (status = 200, description = "A new token pair; the one sent is spent", body = TokenPair),
        (status = 401, description = "`invalid_refresh_token`: unknown, expired, revoked or \
spent (reusing a spent token also revokes every token of its session)"),
    )
)]
#[post("/auth/refresh")]
async fn refresh(
    state: web::Data<AppState>,
    body: Json<RefreshBody>,
) -> Result<HttpResponse, ApiError> {
    let policy = state.sessions.clone();
    let token = body.into_inner().refresh_token;
    let pair = state
        .db(move |conn| sessions::refresh(conn, &policy, &token))
        .await?;
    Ok(HttpResponse::Ok().json(pair))
}

/// Revokes the session of a refresh token.
#[utoipa::path(
    operation_id = "logout_session",
    tag = "auth",
    request_body = RefreshBody,
    responses(
        (status = 204, description = "The session is revoked"),
        (status = 401, description = "`invalid_refresh_token`: no session has this token"),
    )
)]
#[post("/auth/logout")]
async fn logout(
    state: web::Data<AppState>,
    body: Json<RefreshBody>,
) -> Result<HttpResponse, ApiError> {
    let token = body.into_inner().refresh_token;
    state.db(move |conn| sessions::logout(conn, &token)).await?;
    Ok(HttpResponse::NoContent().finish())
}
