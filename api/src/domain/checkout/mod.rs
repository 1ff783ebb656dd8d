//! Checkout: from a cart to a paid order. Stock and slot are held in one transaction
//! ([`pending::create`]), the payment is authorized with no connection or transaction
//! held, and the outcome settles the order in a second transaction: `confirmed`, or
//! `payment_failed` with stock and slot given back.

pub mod idempotency;
pub mod input;
pub mod pending;

use std::time::Duration;

use crate::db::{DbConnection, DbPool};
use crate::domain::cart::{self, CartOwner};
use crate::domain::orders::holds::end_and_release;
use crate::domain::orders::{
    self, Change, Order, OrderDetails, OrderItem, OrderStatus, Transition,
};
use crate::domain::payments::ledger::{self, Entry, Operation, Outcome};
use crate::domain::payments::{AuthorizationRequest, PaymentError, PaymentProvider};
use crate::domain::{DomainError, analytics, connection, ids, retailers};
pub use input::CheckoutInput;

/// Checkout's timings.
#[derive(Debug, Clone, Copy)]
pub struct CheckoutPolicy {
    /// How long a pending order holds its stock and slot while the payment completes.
    pub reservation: Duration,
    /// How long an unanswered claim of an idempotency key holds off retries with it
    /// ([`idempotency::claim`]).
    pub idempotency_lease: Duration,
}

/// Places the customer's order: hold, authorize, settle. A declined payment is
/// `PaymentDeclined`, a failed or timed-out provider `PaymentUnavailable`; both name
/// the order, which keeps status `payment_failed` and the reason.
pub fn place_order(
    pool: &DbPool,
    provider: &dyn PaymentProvider,
    customer_id: &str,
    input: &CheckoutInput,
    policy: CheckoutPolicy,
) -> Result<OrderDetails, DomainError> {
    let reservation =
        chrono::Duration::from_std(policy.reservation).map_err(DomainError::internal)?;
    let order = pending::create(
        &mut *connection(pool)?,
        customer_id,
        input,
        ids::now(),
        reservation,
    )?;
    settle(pool, provider, &order, &input.payment.token).map_err(|error| match error {
        // The order exists and holds stock, so the request must not look undone: a retry
        // with the same key would place a second order. It answers as an unavailable
        // payment naming the order, which expires and is voided by the sweeper.
        DomainError::Internal(source) | DomainError::Unavailable(source) => {
            tracing::error!(order = %order.id, error = ?source, "completing an order failed");
            DomainError::PaymentUnavailable {
                order_id: order.id.clone(),
                reason: "the order could not be completed; it will be released shortly".into(),
            }
        }
        refusal => refusal,
    })
}

/// Authorizes the pending order's payment and settles the order by the outcome.
fn settle(
    pool: &DbPool,
    provider: &dyn PaymentProvider,
    order: &Order,
    token: &str,
) -> Result<OrderDetails, DomainError> {
    let outcome = provider.authorize(&AuthorizationRequest {
        idempotency_key: &order.id,
        token,
        amount_minor: order.total_minor,
        currency: &order.currency,
    });
    let conn = &mut *connection(pool)?;
    match outcome {
        Ok(receipt) => confirm(conn, provider, order, &receipt.reference),
        Err(error) => {
            if error == PaymentError::TimedOut
                && let Err(void_error) = provider.void_attempt(&order.id)
            {
                tracing::warn!(order = %order.id, error = %void_error, "voiding a timed-out authorization failed");
            }
            Err(fail(conn, provider, order, &error)?)
        }
    }
}

/// Records the authorization and confirms the order; empties the ordered lines from the
/// cart. When the order stopped waiting meanwhile (expired by the sweeper), the
/// authorization is voided and the order stays as it is.
fn confirm(
    conn: &mut DbConnection,
    provider: &dyn PaymentProvider,
    order: &Order,
    reference: &str,
) -> Result<OrderDetails, DomainError> {
    let authorized = Entry {
        order_id: &order.id,
        provider: provider.name(),
        operation: Operation::Authorization,
        outcome: Outcome::Succeeded,
        amount_minor: order.total_minor,
        reference: Some(reference),
        failure_reason: None,
    };
    let confirmed = crate::db::write_transaction(conn, |conn| {
        ledger::record(conn, authorized)?;
        let moved = orders::transition(
            conn,
            &order.id,
            &[OrderStatus::PendingPayment],
            OrderStatus::Confirmed,
            Change::system("payment authorized"),
        )?;
        if let Transition::Moved { .. } = moved {
            let items = orders::items(conn, &order.id)?;
            let retailer = retailers::get(conn, &order.retailer_id)?;
            analytics::orders::record_confirmed(conn, &retailer, &items, ids::now())?;
            let product_ids: Vec<String> = items.into_iter().map(|item| item.product_id).collect();
            cart::remove_products(
                conn,
                &CartOwner::Customer(order.customer_id.clone()),
                &product_ids,
            )?;
        }
        Ok::<_, DomainError>(moved)
    })?;
    match confirmed {
        Transition::Moved { order, .. } => orders::details(conn, *order),
        Transition::Refused { current } => {
            void(conn, provider, &order.id, reference, order.total_minor);
            Err(DomainError::Conflict {
                code: "order_not_pending",
                message: format!("the order is {current}; its payment was voided"),
            })
        }
    }
}

/// Marks the order `payment_failed`, releasing its holds, and answers with the error the
/// customer sees.
fn fail(
    conn: &mut DbConnection,
    provider: &dyn PaymentProvider,
    order: &Order,
    error: &PaymentError,
) -> Result<DomainError, DomainError> {
    let (outcome, reason) = match error {
        PaymentError::Declined(reason) => (Outcome::Declined, reason.clone()),
        PaymentError::Unavailable(reason) => (Outcome::Failed, reason.clone()),
        PaymentError::TimedOut => (Outcome::Failed, error.to_string()),
    };
    crate::db::write_transaction(conn, |conn| {
        ledger::record(
            conn,
            Entry {
                order_id: &order.id,
                provider: provider.name(),
                operation: Operation::Authorization,
                outcome,
                amount_minor: order.total_minor,
                reference: None,
                failure_reason: Some(&reason),
            },
        )?;
        end_and_release(
            conn,
            &order.id,
            &[OrderStatus::PendingPayment],
            OrderStatus::PaymentFailed,
            Change {
                actor_id: None,
                note: Some(&reason),
            },
        )
    })?;
    let order_id = order.id.clone();
    Ok(match outcome {
        Outcome::Declined => DomainError::PaymentDeclined { order_id, reason },
        _ => DomainError::PaymentUnavailable { order_id, reason },
    })
}

/// Voids an authorization and records the outcome; a failure is logged and recorded,
/// as the authorization then lapses at the provider.
pub(crate) fn void(
    conn: &mut DbConnection,
    provider: &dyn PaymentProvider,
    order_id: &str,
    reference: &str,
    amount_minor: i64,
) {
    let result = provider.void(reference);
    let recorded = ledger::record_call(
        conn,
        order_id,
        provider.name(),
        Operation::Void,
        amount_minor,
        reference,
        &result,
    );
    if let Err(error) = recorded {
        tracing::error!(order = order_id, ?error, "recording a void failed");
    }
    if let Err(error) = result {
        tracing::warn!(order = order_id, %error, "voiding an authorization failed");
    }
}

/// Cancels a customer's own order before picking starts: stock and slot are given back
/// and the authorization voided. `Conflict` `order_not_cancellable` afterwards.
pub fn cancel(
    pool: &DbPool,
    provider: &dyn PaymentProvider,
    customer_id: &str,
    order_id: &str,
) -> Result<OrderDetails, DomainError> {
    let conn = &mut *connection(pool)?;
    let order = orders::get(conn, order_id)?;
    if order.customer_id != customer_id {
        return Err(DomainError::NotFound("order"));
    }
    let change = Change {
        actor_id: Some(customer_id),
        note: Some("cancelled by the customer"),
    };
    cancel_releasing(conn, provider, &order, OrderStatus::cancellable, change)
}

/// A cancellation by the retailer's staff on the customer's behalf.
#[derive(Debug, Clone, Copy)]
pub struct StaffCancel<'a> {
    /// The retailer whose order it must be (others' orders are `NotFound`).
    pub retailer_id: &'a str,
    /// The staff member, recorded in the history.
    pub user_id: &'a str,
    /// Why, for the history and the order's reason: 1 to 500 characters.
    pub reason: &'a str,
}

/// Cancels an order of the retailer on the customer's behalf while it is `confirmed` or
/// `picking` (see [`OrderStatus::staff_cancellable`]), with the customer's own
/// cancellation: stock and slot given back, the authorization voided, the reason and the
/// staff member in the history. `Conflict` `order_not_cancellable` in any other status.
pub fn cancel_for_customer(
    pool: &DbPool,
    provider: &dyn PaymentProvider,
    staff: StaffCancel<'_>,
    order_id: &str,
) -> Result<OrderDetails, DomainError> {
    let reason = staff.reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(DomainError::invalid(
            "reason",
            "must be 1 to 500 characters",
        ));
    }
    let conn = &mut *connection(pool)?;
    let order = orders::get(conn, order_id)?;
    if order.retailer_id != staff.retailer_id {
        return Err(DomainError::NotFound("order"));
    }
    let change = Change {
        actor_id: Some(staff.user_id),
        note: Some(reason),
    };
    cancel_releasing(
        conn,
        provider,
        &order,
        OrderStatus::staff_cancellable,
        change,
    )
}

/// A rescheduled order was picked and charged on its first trip: its goods and money go
/// back through a return, not a cancellation.
fn was_picked(items: &[OrderItem]) -> bool {
    items.iter().any(|item| item.picked_quantity.is_some())
}

/// True when staff may cancel this order with its `items` now, as
/// [`cancel_for_customer`] would (pages offer the form only then).
pub fn staff_may_cancel(order: &Order, items: &[OrderItem]) -> bool {
    order.status.staff_cancellable() && !was_picked(items)
}

/// Moves `order` to `cancelled` from a status `allowed` admits, giving back its stock and
/// slot and voiding its authorization.
fn cancel_releasing(
    conn: &mut DbConnection,
    provider: &dyn PaymentProvider,
    order: &Order,
    allowed: fn(OrderStatus) -> bool,
    change: Change<'_>,
) -> Result<OrderDetails, DomainError> {
    let order_id = order.id.as_str();
    // The status is checked again by the transition, whatever changed meanwhile; checked
    // first here so that a refusal names it.
    if !allowed(order.status) {
        return Err(not_cancellable(order.status));
    }
    if was_picked(&orders::items(conn, order_id)?) {
        return Err(DomainError::Conflict {
            code: "order_not_cancellable",
            message: "this order was already picked; it can no longer be cancelled".into(),
        });
    }
    let cancellable: Vec<OrderStatus> = OrderStatus::ALL
        .into_iter()
        .filter(|status| allowed(*status))
        .collect();
    let outcome = end_and_release(conn, order_id, &cancellable, OrderStatus::Cancelled, change)?;
    match outcome {
        Transition::Moved { order, .. } => {
            if let Some(authorization) = ledger::authorization(conn, &order.id)?
                && let Some(reference) = &authorization.provider_reference
            {
                void(
                    conn,
                    provider,
                    &order.id,
                    reference,
                    authorization.amount_minor,
                );
            }
            orders::details(conn, *order)
        }
        Transition::Refused { current } => Err(not_cancellable(current)),
    }
}

fn not_cancellable(current: OrderStatus) -> DomainError {
    DomainError::Conflict {
        code: "order_not_cancellable",
        message: format!("an order that is {current} can no longer be cancelled"),
    }
}
