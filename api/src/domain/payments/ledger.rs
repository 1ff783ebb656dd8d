//! Every payment operation of an order, as it happened, and the provider events already
//! applied. The database allows one successful authorization per order (a partial
//! unique index), whatever races.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::PaymentError;
use crate::db::DbConnection;
use crate::db::schema::{payment_events, payments};
use crate::domain::error::is_unique_violation;
use crate::domain::{DomainError, ids};

/// Kind of payment operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// Money reserved on the customer's payment method.
    Authorization,
    /// Money taken.
    Capture,
    /// Authorization released.
    Void,
    /// Money paid back.
    Refund,
}

impl Operation {
    fn as_str(self) -> &'static str {
        match self {
            Self::Authorization => "authorization",
            Self::Capture => "capture",
            Self::Void => "void",
            Self::Refund => "refund",
        }
    }
}

/// How an operation ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Done.
    Succeeded,
    /// The provider said no.
    Declined,
    /// The provider failed or timed out.
    Failed,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Self::Succeeded => "succeeded",
            Self::Declined => "declined",
            Self::Failed => "failed",
        }
    }
}

/// One recorded operation.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = payments)]
#[diesel(treat_none_as_default_value = false)]
pub struct Payment {
    /// Opaque, time-ordered id.
    pub id: String,
    /// The order paid.
    pub order_id: String,
    /// Provider name.
    pub provider: String,
    /// `authorization`, `capture`, `void` or `refund`.
    pub kind: String,
    /// `succeeded`, `declined` or `failed`.
    pub outcome: String,
    /// Amount in minor units.
    pub amount_minor: i64,
    /// The provider's authorization reference.
    pub provider_reference: Option<String>,
    /// Why it did not succeed.
    pub failure_reason: Option<String>,
    /// When (UTC).
    pub created_at: NaiveDateTime,
}

/// What happened, to be recorded.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    /// The order.
    pub order_id: &'a str,
    /// Provider name.
    pub provider: &'a str,
    /// Operation.
    pub operation: Operation,
    /// Outcome.
    pub outcome: Outcome,
    /// Amount in minor units.
    pub amount_minor: i64,
    /// Provider reference, when known.
    pub reference: Option<&'a str>,
    /// Why it failed.
    pub failure_reason: Option<&'a str>,
}

/// Records an operation. A second successful authorization of one order is refused by
/// the database and reported as `Conflict` `already_authorized`.
pub fn record(conn: &mut DbConnection, entry: Entry<'_>) -> Result<(), DomainError> {
    let row = Payment {
        id: ids::new_time_ordered_id(),
        order_id: entry.order_id.to_owned(),
        provider: entry.provider.to_owned(),
        kind: entry.operation.as_str().to_owned(),
        outcome: entry.outcome.as_str().to_owned(),
        amount_minor: entry.amount_minor,
        provider_reference: entry.reference.map(str::to_owned),
        failure_reason: entry.failure_reason.map(str::to_owned),
        created_at: ids::now(),
    };
    match diesel::insert_into(payments::table)
        .values(&row)
        .execute(conn)
    {
        Ok(_) => Ok(()),
        Err(error) if is_unique_violation(&error) => Err(DomainError::Conflict {
            code: "already_authorized",
            message: "this order already has an authorized payment".into(),
        }),
        Err(error) => Err(error.into()),
    }
}

/// Records a provider call on an order's authorization (capture, void, refund) as it
/// ended: succeeded, or failed with the provider's reason.
pub fn record_call(
    conn: &mut DbConnection,
    order_id: &str,
    provider: &str,
    operation: Operation,
    amount_minor: i64,
    reference: &str,
    result: &Result<(), PaymentError>,
) -> Result<(), DomainError> {
    let reason = result.as_ref().err().map(ToString::to_string);
    record(
        conn,
        Entry {
            order_id,
            provider,
            operation,
            outcome: if result.is_ok() {
                Outcome::Succeeded
            } else {
                Outcome::Failed
            },
            amount_minor,
            reference: Some(reference),
            failure_reason: reason.as_deref(),
        },
    )
}

/// The order's successful authorization, if any.
pub fn authorization(
    conn: &mut DbConnection,
    order_id: &str,
) -> Result<Option<Payment>, DomainError> {
    Ok(payments::table
        .filter(payments::order_id.eq(order_id))
        .filter(payments::kind.eq(Operation::Authorization.as_str()))
        .filter(payments::outcome.eq(Outcome::Succeeded.as_str()))
        .select(Payment::as_select())
        .first(conn)
        .optional()?)
}

/// The sum of an order's successful operations of one kind (what was captured, say).
pub fn succeeded_total(
    conn: &mut DbConnection,
    order_id: &str,
    operation: Operation,
) -> Result<i64, DomainError> {
    let amounts: Vec<i64> = payments::table
        .filter(payments::order_id.eq(order_id))
        .filter(payments::kind.eq(operation.as_str()))
        .filter(payments::outcome.eq(Outcome::Succeeded.as_str()))
        .select(payments::amount_minor)
        .load(conn)?;
    Ok(amounts.iter().sum())
}

/// An order's money: the sums of its successful operations, in minor units.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Authorized.
    pub authorized: i64,
    /// Captured (taken).
    pub captured: i64,
    /// Authorization released.
    pub voided: i64,
    /// Paid back.
    pub refunded: i64,
}

/// What happened to an order's money, from its ledger.
pub fn summary(conn: &mut DbConnection, order_id: &str) -> Result<Summary, DomainError> {
    let rows: Vec<(String, i64)> = payments::table
        .filter(payments::order_id.eq(order_id))
        .filter(payments::outcome.eq(Outcome::Succeeded.as_str()))
        .select((payments::kind, payments::amount_minor))
        .load(conn)?;
    let mut summary = Summary::default();
    for (kind, amount) in rows {
        let total = match kind.as_str() {
            k if k == Operation::Authorization.as_str() => &mut summary.authorized,
            k if k == Operation::Capture.as_str() => &mut summary.captured,
            k if k == Operation::Void.as_str() => &mut summary.voided,
            k if k == Operation::Refund.as_str() => &mut summary.refunded,
            _ => continue,
        };
        *total += amount;
    }
    Ok(summary)
}

/// Notes a provider event id. True the first time; false for a replay, which the caller
/// must then ignore.
pub fn record_provider_event(
    conn: &mut DbConnection,
    provider: &str,
    event_id: &str,
    order_id: Option<&str>,
    kind: &str,
) -> Result<bool, DomainError> {
    let inserted = diesel::insert_into(payment_events::table)
        .values((
            payment_events::provider.eq(provider),
            payment_events::event_id.eq(event_id),
            payment_events::order_id.eq(order_id),
            payment_events::kind.eq(kind),
            payment_events::received_at.eq(ids::now()),
        ))
        .execute(conn);
    match inserted {
        Ok(_) => Ok(true),
        Err(error) if is_unique_violation(&error) => Ok(false),
        Err(error) => Err(error.into()),
    }
}
