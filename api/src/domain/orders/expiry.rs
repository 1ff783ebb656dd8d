//! Orders left in `pending_payment` past their reservation (a process died between
//! reserving and hearing from the payment provider, say) expire and give their stock
//! and slot place back. Safe with several API processes sweeping at once: each order's
//! expiry is one conditional status change.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::holds::end_and_release;
use super::{Change, OrderStatus, Transition};
use crate::db::DbConnection;
use crate::db::schema::orders;
use crate::domain::DomainError;

/// Most orders one sweep expires; the next sweep takes the rest.
pub const SWEEP_BATCH: i64 = 200;

/// Expires the overdue pending orders; returns the ids this call expired. An order that
/// fails to expire is logged and left for the next sweep, without holding up the rest.
pub fn expire_overdue(
    conn: &mut DbConnection,
    now: NaiveDateTime,
) -> Result<Vec<String>, DomainError> {
    let overdue: Vec<String> = orders::table
        .filter(orders::status.eq(OrderStatus::PendingPayment))
        .filter(orders::reserved_until.lt(now))
        .order(orders::reserved_until.asc())
        .limit(SWEEP_BATCH)
        .select(orders::id)
        .load(conn)?;
    let mut expired = Vec::new();
    for order_id in overdue {
        let outcome = end_and_release(
            conn,
            &order_id,
            &[OrderStatus::PendingPayment],
            OrderStatus::Expired,
            Change::system("the reservation expired before the payment completed"),
        );
        match outcome {
            Ok(Transition::Moved { .. }) => expired.push(order_id),
            Ok(Transition::Refused { .. }) => {}
            Err(error) => tracing::error!(order = %order_id, ?error, "expiring an order failed"),
        }
    }
    Ok(expired)
}
