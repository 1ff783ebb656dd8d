//! Telling people what happened: a message for each order status change the customer
//! cares about, and the staff links (invitations, password resets), written to an outbox
//! in the transaction of the change itself ([`outbox`]) and sent later by the notifier
//! (`crate::notifier`), each in its reader's language ([`messages`]).

pub mod messages;
pub mod outbox;

use serde::{Deserialize, Serialize};

use crate::domain::orders::OrderStatus;

/// What a message announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = NotificationKind)]
pub enum Kind {
    /// The payment went through: the order is confirmed.
    Confirmed,
    /// The order left on the van.
    OutForDelivery,
    /// The order was handed over.
    Delivered,
    /// Nobody could take the order (the operator's reason follows).
    Failed,
    /// A failed delivery got another slot.
    Rescheduled,
    /// The order came back and was refunded.
    Refunded,
    /// A paid order was cancelled (by the customer or by staff for them).
    Cancelled,
    /// A staff member's password reset link.
    PasswordReset,
    /// An invitation to join a retailer's staff.
    StaffInvitation,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Self; 9] = [
        Self::Confirmed,
        Self::OutForDelivery,
        Self::Delivered,
        Self::Failed,
        Self::Rescheduled,
        Self::Refunded,
        Self::Cancelled,
        Self::PasswordReset,
        Self::StaffInvitation,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Confirmed => "confirmed",
            Self::OutForDelivery => "out_for_delivery",
            Self::Delivered => "delivered",
            Self::Failed => "failed",
            Self::Rescheduled => "rescheduled",
            Self::Refunded => "refunded",
            Self::Cancelled => "cancelled",
            Self::PasswordReset => "password_reset",
            Self::StaffInvitation => "staff_invitation",
        }
    }

    /// The kind with this stored name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == name)
    }

    /// The message an order's move from `from` to `to` sends its customer, if any. Moves
    /// the customer learns of at checkout (a declined payment, an expiry) and the
    /// warehouse's own steps (picking) send none.
    pub fn of_change(from: OrderStatus, to: OrderStatus) -> Option<Self> {
        use OrderStatus as S;
        match (from, to) {
            (S::PendingPayment, S::Confirmed) => Some(Self::Confirmed),
            (S::DeliveryFailed, S::Confirmed) => Some(Self::Rescheduled),
            (S::Picking, S::OutForDelivery) => Some(Self::OutForDelivery),
            (_, S::Delivered) => Some(Self::Delivered),
            (_, S::DeliveryFailed) => Some(Self::Failed),
            (_, S::Returned) => Some(Self::Refunded),
            (S::Confirmed | S::Picking, S::Cancelled) => Some(Self::Cancelled),
            _ => None,
        }
    }

    /// The channels the message goes out on: a staff link holds a secret and goes by
    /// email only, never to the SMS gateway.
    pub fn channels(self) -> &'static [Channel] {
        match self {
            Self::PasswordReset | Self::StaffInvitation => &[Channel::Email],
            _ => &[Channel::Email, Channel::Webhook],
        }
    }
}

/// How a message travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = NotificationChannel)]
pub enum Channel {
    /// Email over SMTP.
    Email,
    /// A signed HTTP POST to the configured gateway (SMS, messengers).
    Webhook,
}

impl Channel {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Webhook => "webhook",
        }
    }

    /// The channel with this stored name.
    pub fn parse(name: &str) -> Option<Self> {
        [Self::Email, Self::Webhook]
            .into_iter()
            .find(|channel| channel.as_str() == name)
    }
}

/// Where a message stands on one channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = NotificationStatus)]
pub enum DeliveryStatus {
    /// Not sent yet: waiting for the worker, or for its next attempt after a failure.
    Pending,
    /// Accepted by the mail server or the webhook receiver.
    Sent,
    /// Given up after the last attempt.
    Failed,
    /// Not sent because the channel is not configured.
    Skipped,
}

impl DeliveryStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Sent => "sent",
            Self::Failed => "failed",
            Self::Skipped => "skipped",
        }
    }

    /// The status with this stored name.
    pub fn parse(name: &str) -> Option<Self> {
        [Self::Pending, Self::Sent, Self::Failed, Self::Skipped]
            .into_iter()
            .find(|status| status.as_str() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_changes_map_to_the_customers_messages() {
        use OrderStatus as S;
        let of = Kind::of_change;
        assert_eq!(of(S::PendingPayment, S::Confirmed), Some(Kind::Confirmed));
        assert_eq!(of(S::DeliveryFailed, S::Confirmed), Some(Kind::Rescheduled));
        assert_eq!(
            of(S::Picking, S::OutForDelivery),
            Some(Kind::OutForDelivery)
        );
        assert_eq!(of(S::OutForDelivery, S::Delivered), Some(Kind::Delivered));
        assert_eq!(of(S::OutForDelivery, S::DeliveryFailed), Some(Kind::Failed));
        assert_eq!(of(S::DeliveryFailed, S::Returned), Some(Kind::Refunded));
        assert_eq!(of(S::Picking, S::Cancelled), Some(Kind::Cancelled));
        assert_eq!(of(S::PendingPayment, S::Cancelled), None);
        assert_eq!(of(S::Confirmed, S::Picking), None);
        assert_eq!(of(S::OutForDelivery, S::Picking), None);
        assert_eq!(of(S::PendingPayment, S::PaymentFailed), None);
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
        }
    }
}
