//! `POST /v1/checkout`: places the cart's order, at most once per `Idempotency-Key`.

use actix_web::http::header::{self, HeaderName};
use actix_web::{HttpRequest, HttpResponse, post, web};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::app::auth::AuthUser;
use crate::app::checkout_flow;
use crate::app::error::ApiError;
use crate::app::json::Json;
use crate::app::state::AppState;
use crate::app::views::shopping::OrderJson;
use crate::domain::checkout::CheckoutInput;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(checkout);
}

/// Reserves stock and slot, authorizes the payment, and answers with the order (201),
/// a declined payment (402) or a failed provider (503); repeats replay the answer.
#[utoipa::path(
    operation_id = "checkout_cart",
    tag = "shopping",
    params(
        ("Idempotency-Key" = String, Header, min_length = 1, max_length = 255, pattern = "^[!-~]{1,255}$",
            description = "A key the client makes for this checkout: 1 to 255 printable ASCII characters, no spaces. \
Scoped to the user and kept 24 h. The same key and body (compared after JSON parsing) replays the stored answer, \
whatever it was, with `Idempotent-Replayed: true`; the same key with another body is 422 `idempotency_key_reused`; \
while the first request with the key runs, 409 `idempotency_key_in_use`. Missing: 400; malformed: 422."),
    ),
    request_body = CheckoutInput,
    responses(
        (status = 201, description = "The order, `confirmed`; its lines leave the cart", body = OrderJson,
            headers(("Idempotent-Replayed" = String, description = "`true` when this is the stored answer of an earlier request with the same key"))),
        (status = 400, description = "`bad_request`: a malformed body, or no `Idempotency-Key` header"),
        (status = 402, description = "`payment_declined`, naming `order_id`: the order is `payment_failed`, its stock and slot released",
            headers(("Idempotent-Replayed" = String, description = "`true` when this is the stored answer of an earlier request with the same key"))),
        (status = 403, description = "`forbidden`: only customers check out"),
        (status = 409, description = "`cart_empty`; `product_unavailable` or `out_of_stock`: a line cannot be bought as it is; \
`slot_full`, `slot_unavailable`: the slot cannot be booked; `order_not_pending`: the reservation ran out while paying \
(the authorization is voided); `idempotency_key_in_use`: the first request with this key is still running",
            headers(("Idempotent-Replayed" = String, description = "`true` when this is the stored answer of an earlier request with the same key"))),
        (status = 422, description = "`validation_failed`: see `errors` (invalid fields or `Idempotency-Key`, a slot that does not \
exist or is not the shop's, a postal code the slot's zone does not serve); `idempotency_key_reused`: the key was used with another body",
            headers(("Idempotent-Replayed" = String, description = "`true` when this is the stored answer of an earlier request with the same key"))),
        (status = 503, description = "`payment_unavailable`, naming `order_id`: the provider failed or timed out, the order is \
`payment_failed` (replayed for the key); `service_unavailable`: the database is unavailable (not stored: a retry runs again)",
            headers(("Idempotent-Replayed" = String, description = "`true` when this is the stored answer of an earlier request with the same key"))),
    ),
    security(("bearerAuth" = []))
)]
#[post("/checkout")]
async fn checkout(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    body: Json<CheckoutInput>,
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
