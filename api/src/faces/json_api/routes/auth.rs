//! `/v1/auth/*`: register, login, refresh, logout.

use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::Deserialize;

use crate::app::credentials;
use crate::app::error::ApiError;
use crate::app::state::AppState;
use crate::domain::accounts::sessions;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(register)
        .service(login)
        .service(refresh)
        .service(logout);
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RegisterBody {
    email: String,
    password: String,
    name: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LoginBody {
    email: String,
    password: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RefreshBody {
    refresh_token: String,
}

/// Creates a customer account and returns its first token pair.
#[post("/auth/register")]
async fn register(
    state: web::Data<AppState>,
    body: web::Json<RegisterBody>,
) -> Result<HttpResponse, ApiError> {
    let user =
        credentials::create_customer(&state, &body.email, &body.password, &body.name).await?;
    let policy = state.sessions.clone();
    let pair = state
        .db(move |conn| sessions::start_session(conn, &policy, &user))
        .await?;
    Ok(HttpResponse::Created().json(pair))
}

/// Exchanges email and password for a token pair, within the login rate limits.
#[post("/auth/login")]
async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<LoginBody>,
) -> Result<HttpResponse, ApiError> {
    let address = req.peer_addr().map(|peer| peer.ip());
    state.throttle.check(&body.email, address)?;
    let body = body.into_inner();
    let user = credentials::authenticate(&state, &body.email, body.password).await?;
    let policy = state.sessions.clone();
    let pair = state
        .db(move |conn| sessions::start_session(conn, &policy, &user))
        .await?;
    Ok(HttpResponse::Ok().json(pair))
}

/// Rotates a refresh token into a new pair.
#[post("/auth/refresh")]
async fn refresh(
    state: web::Data<AppState>,
    body: web::Json<RefreshBody>,
) -> Result<HttpResponse, ApiError> {
    let policy = state.sessions.clone();
    let token = body.into_inner().refresh_token;
    let pair = state
        .db(move |conn| sessions::refresh(conn, &policy, &token))
        .await?;
    Ok(HttpResponse::Ok().json(pair))
}

/// Revokes the session of a refresh token.
#[post("/auth/logout")]
async fn logout(
    state: web::Data<AppState>,
    body: web::Json<RefreshBody>,
) -> Result<HttpResponse, ApiError> {
    let token = body.into_inner().refresh_token;
    state.db(move |conn| sessions::logout(conn, &token)).await?;
    Ok(HttpResponse::NoContent().finish())
}
