//! `/v1/orders`: a customer's own orders, and cancelling one before picking starts.

use actix_web::{HttpResponse, get, post, web};

use crate::app::auth::AuthUser;
use crate::app::error::ApiError;
use crate::app::state::AppState;
use crate::app::views::shopping::{OrderJson, OrderSummaryJson};
use crate::domain::{checkout, orders};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list).service(show).service(cancel);
}

/// The customer's orders, newest first.
#[get("/orders")]
async fn list(state: web::Data<AppState>, user: AuthUser) -> Result<HttpResponse, ApiError> {
    let customer = user.require_customer()?.to_owned();
    let found = state
        .db(move |conn| orders::list_for_customer(conn, &customer))
        .await?;
    let items: Vec<OrderSummaryJson> = found.iter().map(OrderSummaryJson::new).collect();
    Ok(HttpResponse::Ok().json(serde_json::json!({ "orders": items })))
}

/// One order with lines, slot, status and history.
#[get("/orders/{id}")]
async fn show(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let customer = user.require_customer()?.to_owned();
    let order_id = path.into_inner();
    let details = state
        .db(move |conn| orders::get_for_customer(conn, &customer, &order_id))
        .await?;
    Ok(HttpResponse::Ok().json(OrderJson::new(details)))
}

/// Cancels the order (before picking): stock and slot released, authorization voided.
#[post("/orders/{id}/cancel")]
async fn cancel(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let customer = user.require_customer()?.to_owned();
    let order_id = path.into_inner();
    let details = state
        .with_payments(move |pool, provider| checkout::cancel(pool, provider, &customer, &order_id))
        .await?;
    Ok(HttpResponse::Ok().json(OrderJson::new(details)))
}
