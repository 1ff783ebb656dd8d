//! `POST /v1/checkout`: places the cart's order, at most once per `Idempotency-Key`.

use actix_web::http::header::{self, HeaderName};
use actix_web::{HttpRequest, HttpResponse, post, web};

use crate::app::auth::AuthUser;
use crate::app::checkout_flow;
use crate::app::error::ApiError;
use crate::app::state::AppState;
use crate::domain::checkout::CheckoutInput;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(checkout);
}

/// Reserves stock and slot, authorizes the payment, and answers with the order (201),
/// a declined payment (402) or a failed provider (503); repeats replay the answer.
#[post("/checkout")]
async fn checkout(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    body: web::Json<CheckoutInput>,
) -> Result<HttpResponse, ApiError> {
    let key = req
        .headers()
        .get("idempotency-key")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
        .ok_or_else(|| {
            ApiError::BadRequest("send an Idempotency-Key header with every checkout".into())
        })?;
    let answer = checkout_flow::checkout(&state, &user, key, body.into_inner()).await?;
    let content_type = if answer.status.is_success() {
        "application/json"
    } else {
        "application/problem+json"
    };
    let mut response = HttpResponse::build(answer.status);
    response.insert_header((header::CONTENT_TYPE, content_type));
    if answer.replayed {
        response.insert_header((HeaderName::from_static("idempotent-replayed"), "true"));
    }
    Ok(response.body(answer.body))
}
