//! The one order status and the moves between its values.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::expression::AsExpression;
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::Text;
use serde::{Deserialize, Serialize};

/// Where an order stands. Stored as its snake_case name, in a text column on both
/// backends; a stored name that is none of these fails to load.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
    AsExpression,
    FromSqlRow,
)]
#[diesel(sql_type = Text)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Stock and slot are held; the payment is being authorized.
    PendingPayment,
    /// The provider declined or failed; stock and slot were released.
    PaymentFailed,
    /// Nobody finished paying before the reservation ran out; released.
    Expired,
    /// Cancelled by the customer before picking; released, authorization voided.
    Cancelled,
    /// Paid (authorized) and waiting for its slot.
    Confirmed,
    /// Being picked in the warehouse.
    Picking,
    /// On the van.
    OutForDelivery,
    /// Handed over.
    Delivered,
    /// Nobody could take it; to be rescheduled or returned.
    DeliveryFailed,
    /// Came back to the warehouse; refunded.
    Returned,
}

impl OrderStatus {
    /// Every status, in lifecycle order.
    pub const ALL: [Self; 10] = [
        Self::PendingPayment,
        Self::PaymentFailed,
        Self::Expired,
        Self::Cancelled,
        Self::Confirmed,
        Self::Picking,
        Self::OutForDelivery,
        Self::Delivered,
        Self::DeliveryFailed,
        Self::Returned,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PendingPayment => "pending_payment",
            Self::PaymentFailed => "payment_failed",
            Self::Expired => "expired",
            Self::Cancelled => "cancelled",
            Self::Confirmed => "confirmed",
            Self::Picking => "picking",
            Self::OutForDelivery => "out_for_delivery",
            Self::Delivered => "delivered",
            Self::DeliveryFailed => "delivery_failed",
            Self::Returned => "returned",
        }
    }

    /// The status with this stored name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == name)
    }

    /// Where staff may move an order in this status: the delivery state machine.
    pub fn delivery_moves(self) -> &'static [Self] {
        match self {
            Self::Confirmed => &[Self::Picking],
            Self::Picking => &[Self::OutForDelivery],
            Self::OutForDelivery => &[Self::Delivered, Self::DeliveryFailed],
            Self::DeliveryFailed => &[Self::Confirmed, Self::Returned],
            Self::PendingPayment
            | Self::PaymentFailed
            | Self::Expired
            | Self::Cancelled
            | Self::Delivered
            | Self::Returned => &[],
        }
    }

    /// The statuses of an order that counts as a sale: paid and not cancelled (a returned
    /// order was a sale, whose return is counted apart). The retailer's reports and the
    /// orders a customer's shared links brought both count these.
    pub const SALES: [Self; 6] = [
        Self::Confirmed,
        Self::Picking,
        Self::OutForDelivery,
        Self::Delivered,
        Self::DeliveryFailed,
        Self::Returned,
    ];

    /// True while the order is still to be loaded and handed over: paid, and not yet
    /// delivered, failed, returned or cancelled (what gets a bag label).
    pub fn awaits_delivery(self) -> bool {
        matches!(self, Self::Confirmed | Self::Picking | Self::OutForDelivery)
    }

    /// True while the customer may still cancel (picking has not started).
    pub fn cancellable(self) -> bool {
        matches!(self, Self::PendingPayment | Self::Confirmed)
    }

    /// True while the retailer's staff may cancel on the customer's behalf: paid and not
    /// yet on the van (nothing is captured before it leaves, so voiding the authorization
    /// gives the money back). A pending order is the checkout's to settle.
    pub fn staff_cancellable(self) -> bool {
        matches!(self, Self::Confirmed | Self::Picking)
    }
}

impl std::fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<DB> ToSql<Text, DB> for OrderStatus
where
    DB: Backend,
    str: ToSql<Text, DB>,
{
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
        self.as_str().to_sql(out)
    }
}

impl<DB> FromSql<Text, DB> for OrderStatus
where
    DB: Backend,
    String: FromSql<Text, DB>,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
        let name = String::from_sql(bytes)?;
        Self::parse(&name).ok_or_else(|| format!("unknown order status {name:?}").into())
    }
}

#[cfg(test)]
mod tests {
    use super::OrderStatus;

    #[test]
    fn the_delivery_path_and_its_detours() {
        use OrderStatus as S;
        assert_eq!(S::Confirmed.delivery_moves(), [S::Picking]);
        assert_eq!(
            S::OutForDelivery.delivery_moves(),
            [S::Delivered, S::DeliveryFailed]
        );
        assert_eq!(
            S::DeliveryFailed.delivery_moves(),
            [S::Confirmed, S::Returned]
        );
        assert!(S::Delivered.delivery_moves().is_empty());
        assert!(S::PendingPayment.delivery_moves().is_empty());
    }

    #[test]
    fn names_round_trip() {
        for status in OrderStatus::ALL {
            assert_eq!(OrderStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(OrderStatus::parse("shipped"), None);
    }

    #[test]
    fn stored_as_its_name_and_an_unknown_name_fails_to_load() {
        use diesel::dsl::sql;
        use diesel::prelude::*;
        use diesel::sql_types::Text;

        let sqlite = SqliteConnection::establish(":memory:").expect("in-memory SQLite");
        let mut conn = crate::db::DbConnection::Sqlite(sqlite);
        for status in OrderStatus::ALL {
            let stored: String = diesel::select(status.into_sql::<Text>())
                .get_result(&mut conn)
                .expect("bind");
            assert_eq!(stored, status.as_str());
            let loaded: OrderStatus = diesel::select(sql::<Text>(&format!("'{stored}'")))
                .get_result(&mut conn)
                .expect("load");
            assert_eq!(loaded, status);
        }
        let unknown = diesel::select(sql::<Text>("'shipped'")).get_result::<OrderStatus>(&mut conn);
        assert!(
            matches!(unknown, Err(diesel::result::Error::DeserializationError(_))),
            "{unknown:?}"
        );
    }
}
