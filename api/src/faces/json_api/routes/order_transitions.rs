//! `POST /v1/retailers/{retailer_id}/orders/{id}/transitions`: operators move an order
//! along the delivery state machine (`{to, note, picked, delivery_slot_id}`).

use actix_web::{HttpResponse, post, web};

use crate::app::auth::AuthUser;
use crate::app::error::ApiError;
use crate::app::state::AppState;
use crate::app::views::shopping::OrderJson;
use crate::domain::accounts::RetailerAccess;
use crate::domain::orders::fulfilment::{self, MoveRequest, Mover};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(move_order);
}

/// Applies one move; answers with the order and its history.
#[post("/retailers/{retailer_id}/orders/{order_id}/transitions")]
async fn move_order(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
    body: web::Json<MoveRequest>,
) -> Result<HttpResponse, ApiError> {
    let (retailer_id, order_id) = path.into_inner();
    user.authorize_retailer(&retailer_id, RetailerAccess::Operate)?;
    let (user_id, request) = (user.user_id.clone(), body.into_inner());
    let details = state
        .with_payments(move |pool, provider| {
            let mover = Mover {
                retailer_id: &retailer_id,
                user_id: &user_id,
            };
            fulfilment::advance(pool, provider, mover, &order_id, &request)
        })
        .await?;
    Ok(HttpResponse::Ok().json(OrderJson::new(details)))
}
