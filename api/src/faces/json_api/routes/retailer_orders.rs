//! One order of a retailer for its staff: `GET /v1/retailers/{retailer_id}/orders/{id}`
//! (the order, its history and its money) and
//! `POST /v1/retailers/{retailer_id}/orders/{id}/cancel`, a cancellation on the
//! customer's behalf.

use actix_web::{HttpResponse, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::app::error::ApiError;
use crate::app::json::Json;
use crate::app::retailer_scope::{Operate, Read, RetailerScope};
use crate::app::state::AppState;
use crate::app::views::shopping::OrderJson;
use crate::domain::checkout::{self, StaffCancel};
use crate::domain::money::Money;
use crate::domain::notifications::outbox::{self, OrderMessage};
use crate::domain::notifications::{Channel, DeliveryStatus, Kind};
use crate::domain::orders::{self, OrderDetails};
use crate::domain::payments::ledger::{self, Summary};

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(show).service(cancel);
}

/// What happened to an order's money: the sums of its successful payment operations.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OrderPayment)]
struct PaymentJson {
    /// Reserved on the customer's payment method at checkout.
    authorized: Money,
    /// Taken when the order left for delivery (what was picked).
    captured: Money,
    /// Released without being taken (a cancellation).
    voided: Money,
    /// Paid back (a return).
    refunded: Money,
}

/// One message sent (or to be sent) to the customer about the order, on one channel.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OrderNotification)]
struct NotificationJson {
    /// The message's stable id: the same on both channels and on every retry.
    id: String,
    kind: Kind,
    channel: Channel,
    status: DeliveryStatus,
    /// Attempts so far.
    attempts: i32,
    #[schema(format = DateTime)]
    created_at: String,
    /// When it went out.
    #[schema(format = DateTime)]
    sent_at: Option<String>,
    /// While `pending`: when it is tried next.
    #[schema(format = DateTime)]
    next_attempt_at: Option<String>,
}

impl From<OrderMessage> for NotificationJson {
    fn from(message: OrderMessage) -> Self {
        let at = |time: chrono::NaiveDateTime| {
            time.and_utc()
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        };
        Self {
            created_at: at(message.created_at),
            sent_at: message.sent_at.map(at),
            next_attempt_at: (message.status == DeliveryStatus::Pending)
                .then(|| at(message.next_attempt_at)),
            id: message.id,
            kind: message.kind,
            channel: message.channel,
            status: message.status,
            attempts: message.attempts,
        }
    }
}

/// An order as its retailer's staff see it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = RetailerOrder)]
struct RetailerOrderJson {
    #[serde(flatten)]
    order: OrderJson,
    payment: PaymentJson,
    /// What the customer was sent about the order, oldest first.
    notifications: Vec<NotificationJson>,
}

impl RetailerOrderJson {
    fn new(details: OrderDetails, summary: Summary, messages: Vec<OrderMessage>) -> Self {
        let currency = details.order.currency.clone();
        let money = |amount_minor| Money {
            amount_minor,
            currency: currency.clone(),
        };
        Self {
            payment: PaymentJson {
                authorized: money(summary.authorized),
                captured: money(summary.captured),
                voided: money(summary.voided),
                refunded: money(summary.refunded),
            },
            order: OrderJson::for_staff(details),
            notifications: messages.into_iter().map(NotificationJson::from).collect(),
        }
    }
}

/// Why staff cancel.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = StaffCancelRequest)]
struct CancelBody {
    /// Why, for the order's history (the customer's words, say): 1 to 500 characters.
    #[schema(min_length = 1, max_length = 500, pattern = "\\S")]
    reason: String,
}

/// The answer: the order, its money as the ledger has it now and its messages.
async fn answer(state: &AppState, details: OrderDetails) -> Result<HttpResponse, ApiError> {
    let order_id = details.order.id.clone();
    let (summary, messages) = state
        .db(move |conn| {
            let summary = ledger::summary(conn, &order_id)?;
            Ok((summary, outbox::for_order(conn, &order_id)?))
        })
        .await?;
    Ok(HttpResponse::Ok().json(RetailerOrderJson::new(details, summary, messages)))
}

/// One order of the retailer with its lines, slot, address, history, payment and the
/// messages its customer was sent.
#[utoipa::path(
    operation_id = "get_retailer_order",
    tag = "operations",
    params(
        ("retailer_id" = String, Path, description = "The retailer's id"),
        ("order_id" = String, Path, description = "The order's id"),
    ),
    responses(
        (status = 200, description = "The order", body = RetailerOrderJson),
        (status = 404, description = "`not_found`: no such retailer, or no such order of it"),
    ),
    security(("bearerAuth" = []))
)]
#[get("/retailers/{retailer_id}/orders/{order_id}")]
async fn show(
    state: web::Data<AppState>,
    scope: RetailerScope<Read>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (_, order_id) = path.into_inner();
    let retailer_id = scope.retailer.id;
    let details = state
        .db(move |conn| orders::get_for_retailer(conn, &retailer_id, &order_id))
        .await?;
    answer(&state, details).await
}

/// Cancels the order on the customer's behalf while it is `confirmed` or `picking`: stock
/// and slot are given back and the authorization voided (nothing is captured before the
/// order leaves for delivery); the reason and the staff member go into the history.
/// Operators may do it, as they move orders through delivery.
#[utoipa::path(
    operation_id = "cancel_retailer_order",
    tag = "operations",
    params(
        ("retailer_id" = String, Path, description = "The retailer's id"),
        ("order_id" = String, Path, description = "The order's id"),
    ),
    request_body = CancelBody,
    responses(
        (status = 200, description = "The order, `cancelled`", body = RetailerOrderJson),
        (status = 404, description = "`not_found`: no such retailer, or no such order of it"),
        (status = 409, description = "`order_not_cancellable`: the order is not `confirmed` or `picking` (it left \
for delivery, ended, or is still being paid), or was picked on an earlier trip"),
        (status = 422, description = "`validation_failed`: see `errors` (`reason`)"),
    ),
    security(("bearerAuth" = []))
)]
#[post("/retailers/{retailer_id}/orders/{order_id}/cancel")]
async fn cancel(
    state: web::Data<AppState>,
    scope: RetailerScope<Operate>,
    path: web::Path<(String, String)>,
    body: Json<CancelBody>,
) -> Result<HttpResponse, ApiError> {
    let (_, order_id) = path.into_inner();
    let (retailer_id, user_id) = (scope.retailer.id, scope.user.user_id);
    let reason = body.into_inner().reason;
    let details = state
        .with_payments(move |pool, provider| {
            let staff = StaffCancel {
                retailer_id: &retailer_id,
                user_id: &user_id,
                reason: &reason,
            };
            checkout::cancel_for_customer(pool, provider, staff, &order_id)
        })
        .await?;
    answer(&state, details).await
}
