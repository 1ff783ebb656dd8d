//! `POST /v1/retailers/{retailer_id}/orders/{id}/transitions`: operators move an order
//! along the delivery state machine (`{to, note, picked, delivery_slot_id}`).

use actix_web::{HttpResponse, post, web};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::app::error::ApiError;
use crate::app::json::Json;
use crate::app::retailer_scope::{Operate, RetailerScope};
use crate::app::state::AppState;
use crate::app::views::shopping::OrderJson;
use crate::domain::orders::fulfilment::{self, MoveRequest, Mover};

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(move_order);
}

/// Applies one move; answers with the order and its history.
#[utoipa::path(
    operation_id = "transition_order",
    tag = "operations",
    params(
        ("retailer_id" = String, Path, description = "The retailer's id"),
        ("order_id" = String, Path, description = "The order's id"),
    ),
    request_body = MoveRequest,
    responses(
        (status = 200, description = "The order and its history (naming the staff who moved it)", body = OrderJson),
        (status = 404, description = "`not_found`: no such retailer, or no such order of it"),
        (status = 409, description = "`invalid_transition`: the order's status does not allow this move (`allowed_transitions` \
lists those it does); `order_changed`: another request moved it meanwhile; `capture_pending`: the payment of the trip is still \
being captured; `capture_failed`: the payment for what was picked could not be captured, the order stays `picking`; \
`slot_full`, `slot_unavailable`: the new slot cannot be booked; `stock_below_picked`: the recorded stock of a product \
is below the units picked (stock edits leave reservations alone)"),
        (status = 422, description = "`validation_failed`: see `errors` (`note` over 500 characters; a `picked` line whose SKU is \
not in the order, named twice or over the quantity ordered, or nothing picked at all; no, an unknown or a non-serving \
`delivery_slot_id` when rescheduling)"),
    ),
    security(("bearerAuth" = []))
)]
#[post("/retailers/{retailer_id}/orders/{order_id}/transitions")]
async fn move_order(
    state: web::Data<AppState>,
    scope: RetailerScope<Operate>,
    path: web::Path<(String, String)>,
    body: Json<MoveRequest>,
) -> Result<HttpResponse, ApiError> {
    let (_, order_id) = path.into_inner();
    let (retailer_id, user_id) = (scope.retailer.id, scope.user.user_id);
    let request = body.into_inner();
    let details = state
        .with_payments(move |pool, provider| {
            let mover = Mover {
                retailer_id: &retailer_id,
                user_id: &user_id,
            };
            fulfilment::advance(pool, provider, mover, &order_id, &request)
        })
        .await?;
    Ok(HttpResponse::Ok().json(OrderJson::for_staff(details)))
}
