//! `POST /v1/payments/{provider}/events`: events the payment provider sends on its own,
//! signed with the shared webhook secret (`Webhook-Signature`: base64url HMAC-SHA256 of
//! the raw body). Each event id is applied once.

use actix_web::{HttpRequest, HttpResponse, post, web};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use secrecy::ExposeSecret;
use serde::Serialize;
use sha2::Sha256;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::app::body::read_limited;
use crate::app::error::ApiError;
use crate::app::json;
use crate::app::state::AppState;
use crate::domain::DomainError;
use crate::domain::payments::events::{self, Applied, ProviderEvent};

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(receive);
}

/// What became of a received event.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = EventReceipt)]
struct Receipt {
    /// `recorded` the first time, `duplicate` for an event id seen before.
    status: Applied,
}

fn signature_valid(secret: &[u8], body: &[u8], header: Option<&str>) -> bool {
    let Some(tag) = header.and_then(|value| URL_SAFE_NO_PAD.decode(value.trim()).ok()) else {
        return false;
    };
    let Ok(mac) = Hmac::<Sha256>::new_from_slice(secret) else {
        return false;
    };
    mac.chain_update(body).verify_slice(&tag).is_ok()
}

/// Verifies and applies one provider event. Only live when the server has a webhook
/// secret (`SHELF_PAYMENT_WEBHOOK_SECRET`); without one, every provider is 404.
#[utoipa::path(
    operation_id = "receive_payment_event",
    tag = "payments",
    params(
        ("provider" = String, Path, description = "The configured payment provider's name (`test` for the built-in one)"),
        ("Webhook-Signature" = String, Header, description = "base64url (no padding) HMAC-SHA256 of the raw body with the \
webhook secret; missing or wrong: 401"),
    ),
    request_body = ProviderEvent,
    responses(
        (status = 200, description = "Recorded, or an event id seen before that changed nothing", body = Receipt),
        (status = 400, description = "`bad_request`: the signed body is not a provider event"),
        (status = 401, description = "`invalid_signature`: `Webhook-Signature` is missing or does not sign this body"),
        (status = 404, description = "`not_found`: no webhook secret is configured, the provider is not the configured one, \
or the event's order does not exist"),
        (status = 422, description = "`validation_failed`: `id` not 1 to 255 characters, or a negative `amount_minor`"),
    )
)]
#[post("/payments/{provider}/events")]
async fn receive(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let provider = path.into_inner();
    let secret = state
        .payment_webhook_secret
        .clone()
        .filter(|_| provider == state.payments.name())
        .ok_or(DomainError::NotFound("payment provider"))?;
    let body = read_limited(payload, state.limits.json).await?;
    let header = req
        .headers()
        .get("webhook-signature")
        .and_then(|value| value.to_str().ok());
    if !signature_valid(secret.expose_secret().as_bytes(), &body, header) {
        return Err(DomainError::Unauthenticated {
            code: "invalid_signature",
            message: "the Webhook-Signature header does not sign this body",
        }
        .into());
    }
    let event: ProviderEvent = json::from_slice(&body)?;
    let status = state
        .db(move |conn| events::apply(conn, &provider, &event))
        .await?;
    Ok(HttpResponse::Ok().json(Receipt { status }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_secret_signs_the_body() {
        let tag = Hmac::<Sha256>::new_from_slice(b"secret")
            .map(|mac| mac.chain_update(b"{}").finalize().into_bytes())
            .expect("hmac");
        let header = URL_SAFE_NO_PAD.encode(tag);
        assert!(signature_valid(b"secret", b"{}", Some(&header)));
        assert!(!signature_valid(b"other", b"{}", Some(&header)));
        assert!(!signature_valid(b"secret", b"{ }", Some(&header)));
        assert!(!signature_valid(b"secret", b"{}", None));
    }
}
