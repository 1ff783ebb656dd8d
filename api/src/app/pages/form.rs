//! Posted page forms, CSRF-checked before they are read: [`CsrfForm`] refuses a form
//! whose hidden `csrf` field is not this device's token (403), so no handler can forget.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::cookies;
use super::visitor::cookie_token;
use crate::app::error::ApiError;
use crate::app::state::AppState;
use crate::domain::DomainError;

/// Largest form a page posts (an address is the biggest).
const MAX_FORM_BYTES: usize = 16 * 1024;

/// A URL-encoded form body of type `T` that carried a valid CSRF token.
#[derive(Debug)]
pub struct CsrfForm<T>(pub T);

#[derive(Deserialize)]
struct CsrfField {
    #[serde(default)]
    csrf: String,
}

fn unreadable(error: impl std::fmt::Display) -> ApiError {
    ApiError::BadRequest(format!("unreadable form: {error}"))
}

/// Refuses (403) a posted form whose `csrf` value is not this device's token; shared by
/// [`CsrfForm`] and the file uploads of [`super::upload`].
pub fn check_csrf(req: &HttpRequest, submitted: &str) -> Result<(), ApiError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| DomainError::internal(anyhow::anyhow!("state missing")))?;
    // Only the cookie counts: a device minted during this very request has never
    // rendered a form.
    let genuine = cookie_token(req, cookies::DEVICE)
        .is_some_and(|device| state.csrf.verify(&device, submitted));
    if genuine {
        Ok(())
    } else {
        Err(DomainError::Forbidden.into())
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for CsrfForm<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let mut payload = payload.take();
        Box::pin(async move {
            let body = web::Bytes::from_request(&req, &mut payload)
                .await
                .map_err(unreadable)?;
            if body.len() > MAX_FORM_BYTES {
                return Err(ApiError::PayloadTooLarge {
                    limit: MAX_FORM_BYTES,
                });
            }
            let submitted: CsrfField = serde_urlencoded::from_bytes(&body).map_err(unreadable)?;
            check_csrf(&req, &submitted.csrf)?;
            serde_urlencoded::from_bytes(&body)
                .map(CsrfForm)
                .map_err(unreadable)
        })
    }
}
