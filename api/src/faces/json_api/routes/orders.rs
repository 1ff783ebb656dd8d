//! `/v1/orders`: a customer's own orders, and cancelling one before picking starts.

use actix_web::{HttpResponse, get, post, web};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::app::auth::AuthUser;
use crate::app::error::ApiError;
use crate::app::state::AppState;
use crate::app::views::shopping::{OrderJson, OrderSummaryJson};
use crate::domain::{checkout, orders};

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list).service(show).service(cancel);
}

/// The customer's orders.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OrderSummaryList)]
struct OrderSummaries {
    /// Newest first.
    orders: Vec<OrderSummaryJson>,
}

/// The customer's orders, newest first.
#[utoipa::path(
    operation_id = "list_orders",
    tag = "shopping",
    responses(
        (status = 200, description = "The caller's orders", body = OrderSummaries),
        (status = 403, description = "`forbidden`: only customers have orders"),
    ),
    security(("bearerAuth" = []))
)]
#[get("/orders")]
async fn list(state: web::Data<AppState>, user: AuthUser) -> Result<HttpResponse, ApiError> {
    let customer = user.require_customer()?.to_owned();
    let found = state
        .db(move |conn| orders::list_for_customer(conn, &customer))
        .await?;
    Ok(HttpResponse::Ok().json(OrderSummaries {
        orders: found.iter().map(OrderSummaryJson::new).collect(),
    }))
}

/// One order with lines, slot, status and history.
#[utoipa::path(
    operation_id = "get_order",
    tag = "shopping",
    params(("id" = String, Path, description = "The order's id")),
    responses(
        (status = 200, description = "The order", body = OrderJson),
        (status = 403, description = "`forbidden`: only customers have orders"),
        (status = 404, description = "`not_found`: no such order of the caller"),
    ),
    security(("bearerAuth" = []))
)]
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
#[utoipa::path(
    operation_id = "cancel_order",
    tag = "shopping",
    params(("id" = String, Path, description = "The order's id")),
    responses(
        (status = 200, description = "The order, `cancelled`", body = OrderJson),
        (status = 403, description = "`forbidden`: only customers have orders"),
        (status = 404, description = "`not_found`: no such order of the caller"),
        (status = 409, description = "`order_not_cancellable`: picking started, or the order already ended"),
    ),
    security(("bearerAuth" = []))
)]
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
