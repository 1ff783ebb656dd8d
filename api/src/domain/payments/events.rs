//! Events a payment provider sends on its own (a refund or capture made in its
//! dashboard, an authorization that lapsed). Each event id is applied once: a replayed
//! event, which providers send whenever they are unsure we got it, changes nothing.

use serde::Deserialize;

use super::ledger::{self, Entry, Operation, Outcome};
use crate::db::{DbConnection, write_transaction};
use crate::domain::{DomainError, orders};

/// What happened at the provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum EventKind {
    /// Money was taken.
    #[serde(rename = "capture.succeeded")]
    Captured,
    /// Money was paid back.
    #[serde(rename = "refund.succeeded")]
    Refunded,
    /// The authorization was released or lapsed.
    #[serde(rename = "authorization.voided")]
    Voided,
}

impl EventKind {
    fn operation(self) -> Operation {
        match self {
            Self::Captured => Operation::Capture,
            Self::Refunded => Operation::Refund,
            Self::Voided => Operation::Void,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Captured => "capture.succeeded",
            Self::Refunded => "refund.succeeded",
            Self::Voided => "authorization.voided",
        }
    }
}

/// One provider event.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderEvent {
    /// The provider's event id, unique per provider.
    pub id: String,
    /// What happened.
    #[serde(rename = "type")]
    pub kind: EventKind,
    /// The order it concerns (sent to the provider as the idempotency key).
    pub order_id: String,
    /// The provider's authorization reference.
    pub reference: String,
    /// Amount in minor units.
    pub amount_minor: i64,
}

/// What applying an event did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// Recorded in the order's payment ledger.
    Recorded,
    /// Seen before; nothing changed.
    Duplicate,
}

/// Applies `event` from `provider` once.
pub fn apply(
    conn: &mut DbConnection,
    provider: &str,
    event: &ProviderEvent,
) -> Result<Applied, DomainError> {
    if event.id.is_empty() || event.id.len() > 255 || event.amount_minor < 0 {
        return Err(DomainError::invalid(
            "id",
            "an event needs an id of 1 to 255 characters and a non-negative amount",
        ));
    }
    write_transaction(conn, |conn| {
        orders::get(conn, &event.order_id)?;
        let first_time = ledger::record_provider_event(
            conn,
            provider,
            &event.id,
            Some(&event.order_id),
            event.kind.name(),
        )?;
        if !first_time {
            return Ok(Applied::Duplicate);
        }
        ledger::record(
            conn,
            Entry {
                order_id: &event.order_id,
                provider,
                operation: event.kind.operation(),
                outcome: Outcome::Succeeded,
                amount_minor: event.amount_minor,
                reference: Some(&event.reference),
                failure_reason: None,
            },
        )?;
        Ok(Applied::Recorded)
    })
}
