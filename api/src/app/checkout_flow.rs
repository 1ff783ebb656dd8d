//! Checkout behind an idempotency key, shared by `POST /v1/checkout` and the mobile
//! checkout page: the key is claimed in the database, the order placed, and the answer
//! (success or problem) stored, so a repeat with the same key and body gets the same
//! answer from any API process.

use actix_web::http::StatusCode;
use sha2::{Digest, Sha256};

use super::error::ApiError;
use super::state::AppState;
use super::views::shopping::OrderJson;
use crate::domain::accounts::Principal;
use crate::domain::checkout::idempotency::{self, Claim};
use crate::domain::checkout::{self, CheckoutInput};
use crate::domain::{DomainError, ids};

/// The answer to a checkout request, fresh or replayed.
#[derive(Debug, Clone)]
pub struct CheckoutAnswer {
    /// HTTP status.
    pub status: StatusCode,
    /// JSON body: the order, or a problem document.
    pub body: Vec<u8>,
    /// True when it is the stored answer of an earlier request.
    pub replayed: bool,
}

impl CheckoutAnswer {
    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_default()
    }
}

/// Hash of the request as parsed (so whitespace and key order do not matter).
fn request_hash(input: &CheckoutInput) -> Result<String, ApiError> {
    let canonical = serde_json::to_vec(input).map_err(DomainError::internal)?;
    Ok(format!("{:x}", Sha256::digest(canonical)))
}

/// Runs the customer's checkout at most once per idempotency key.
pub async fn checkout(
    state: &AppState,
    principal: &Principal,
    key: String,
    input: CheckoutInput,
) -> Result<CheckoutAnswer, ApiError> {
    let user_id = principal.require_customer()?.to_owned();
    let hash = request_hash(&input)?;
    let claim = {
        let (user_id, key, lease) = (
            user_id.clone(),
            key.clone(),
            state.checkout.idempotency_lease,
        );
        state
            .db(move |conn| idempotency::claim(conn, &user_id, &key, &hash, ids::now(), lease))
            .await?
    };
    match claim {
        Claim::Replay { status, body } => {
            state.metrics.observe_checkout("replayed");
            return Ok(CheckoutAnswer {
                status: StatusCode::from_u16(status).map_err(DomainError::internal)?,
                body: body.into_bytes(),
                replayed: true,
            });
        }
        Claim::InProgress => {
            return Err(DomainError::Conflict {
                code: "idempotency_key_in_use",
                message: "a request with this Idempotency-Key is still being processed".into(),
            }
            .into());
        }
        Claim::Mismatch => {
            return Err(DomainError::Unprocessable {
                code: "idempotency_key_reused",
                message: "this Idempotency-Key was used for a different request".into(),
            }
            .into());
        }
        Claim::Proceed => {}
    }

    let (customer, policy) = (user_id.clone(), state.checkout);
    let placed = state
        .with_payments(move |pool, provider| {
            checkout::place_order(pool, provider, &customer, &input, policy)
        })
        .await;
    let (status, body) = match placed {
        Ok(details) => (
            StatusCode::CREATED,
            serde_json::to_vec(&OrderJson::new(details)).map_err(DomainError::internal)?,
        ),
        Err(fault @ (DomainError::Internal(_) | DomainError::Unavailable(_))) => {
            // Our fault, not an answer: free the key so that a retry runs again.
            state
                .db(move |conn| idempotency::release(conn, &user_id, &key))
                .await?;
            return Err(fault.into());
        }
        Err(refusal) => ApiError::from(refusal).problem(),
    };
    let outcome = match status {
        StatusCode::CREATED => "confirmed".to_owned(),
        _ => serde_json::from_slice::<serde_json::Value>(&body)
            .ok()
            .and_then(|problem| problem["code"].as_str().map(str::to_owned))
            .unwrap_or_else(|| status.as_str().to_owned()),
    };
    state.metrics.observe_checkout(&outcome);
    let stored = String::from_utf8(body.clone()).map_err(DomainError::internal)?;
    state
        .db(move |conn| idempotency::complete(conn, &user_id, &key, status.as_u16(), &stored))
        .await?;
    Ok(CheckoutAnswer {
        status,
        body,
        replayed: false,
    })
}
