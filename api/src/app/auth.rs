//! Authentication as an extractor: a handler that takes [`AuthUser`] only runs for a
//! request with a valid bearer token. Authorization decisions live on
//! [`Principal`](crate::domain::accounts::Principal).

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};

use super::error::ApiError;
use super::state::AppState;
use crate::domain::DomainError;
use crate::domain::accounts::Principal;

/// The authenticated caller.
#[derive(Debug, Clone)]
pub struct AuthUser(pub Principal);

impl std::ops::Deref for AuthUser {
    type Target = Principal;

    fn deref(&self) -> &Principal {
        &self.0
    }
}

fn missing_token() -> ApiError {
    DomainError::Unauthenticated {
        code: "missing_token",
        message: "send an access token as 'Authorization: Bearer <token>'",
    }
    .into()
}

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let Some(state) = req.app_data::<web::Data<AppState>>() else {
            return ready(Err(
                DomainError::internal(anyhow::anyhow!("state missing")).into()
            ));
        };
        let token = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| {
                value
                    .strip_prefix("Bearer ")
                    .or_else(|| value.strip_prefix("bearer "))
            })
            .map(str::trim);
        ready(match token {
            Some(token) if !token.is_empty() => state
                .sessions
                .access_tokens
                .verify(token)
                .map(AuthUser)
                .map_err(ApiError::from),
            _ => Err(missing_token()),
        })
    }
}
