//! Events a payment provider sends on its own (a refund or capture made in its
//! dashboard, an authorization that lapsed, and reports of our own operations). Each is
//! recorded once per event id, with its order, as the provider's account of what
//! happened; a replayed event, which providers send whenever they are unsure we got it,
//! changes nothing. The payment ledger keeps only our own operations: a provider reports
//! our captures too, so adding its events to the ledger would count them twice.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ledger;
use crate::db::{DbConnection, write_transaction};
use crate::domain::{DomainError, orders};

/// What happened at the provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[schema(as = ProviderEventType)]
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
    fn name(self) -> &'static str {
        match self {
            Self::Captured => "capture.succeeded",
            Self::Refunded => "refund.succeeded",
            Self::Voided => "authorization.voided",
        }
    }
}

/// One provider event.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProviderEvent {
    /// The provider's event id, unique per provider; a repeated id changes nothing.
    #[schema(min_length = 1, max_length = 255)]
    pub id: String,
    /// What happened.
    #[serde(rename = "type")]
    pub kind: EventKind,
    /// The order it concerns (sent to the provider as the idempotency key); an unknown
    /// one is 404.
    pub order_id: String,
    /// The provider's authorization reference.
    pub reference: String,
    /// Amount in minor units.
    #[schema(minimum = 0)]
    pub amount_minor: i64,
}

/// What applying an event did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = ProviderEventOutcome)]
pub enum Applied {
    /// Recorded for the first time.
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
    if event.id.is_empty() || event.id.chars().count() > 255 || event.amount_minor < 0 {
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
        Ok(Applied::Recorded)
    })
}
