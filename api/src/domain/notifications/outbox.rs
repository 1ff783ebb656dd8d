//! The transactional outbox. A message is enqueued on the caller's connection, so inside
//! the caller's transaction: a status change rolled back takes its message with it. The
//! notifier claims due deliveries with a lease (`locked_until`), so of several nodes one
//! sends each; it marks them sent, or schedules the next attempt with exponential backoff
//! until [`MAX_ATTEMPTS`]. Delivery is at least once (a node dying between sending and
//! marking sends again after the lease); the message id lets receivers drop repeats.

use std::collections::HashMap;
use std::time::Duration;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::{Channel, DeliveryStatus, Kind};
use crate::db::schema::{notification_deliveries as deliveries, notifications, order_addresses};
use crate::db::{DbConnection, write_transaction};
use crate::domain::accounts::language::Language;
use crate::domain::accounts::users;
use crate::domain::orders::{Order, OrderStatus};
use crate::domain::{DomainError, ids, retailers};

/// Attempts per delivery before it is given up as `failed`.
pub const MAX_ATTEMPTS: i32 = 15;
/// Longest wait between two attempts.
pub const MAX_BACKOFF: Duration = Duration::from_secs(3600);
/// Longest error text kept for operators (an SMTP reply, an HTTP status).
const ERROR_CHARS: usize = 300;

/// What an order's message is written from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payload {
    /// The order's short number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The status the order moved to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<OrderStatus>,
    /// Why (a failed delivery's reason).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The seller's name.
    pub retailer: String,
    /// The delivery address's phone, for SMS gateways.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// A message as stored.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = notifications)]
#[diesel(treat_none_as_default_value = false)]
pub struct Notification {
    /// The stable message id (UUIDv7).
    pub id: String,
    /// Its [`Kind`]'s name.
    pub kind: String,
    /// The order it is about.
    pub order_id: Option<String>,
    /// The account it is for (none for an invitee).
    pub user_id: Option<String>,
    /// Where the email goes.
    pub email: String,
    /// The language it is written in.
    pub language: Language,
    /// [`Payload`] as JSON.
    pub payload: String,
    /// A staff link's token, until the email is sent or given up.
    pub secret: Option<String>,
    /// When it was enqueued (UTC).
    pub created_at: NaiveDateTime,
}

impl Notification {
    /// What it announces.
    pub fn kind(&self) -> Result<Kind, DomainError> {
        Kind::parse(&self.kind).ok_or_else(|| corrupt("kind", &self.kind))
    }

    /// What it is written from.
    pub fn payload(&self) -> Result<Payload, DomainError> {
        serde_json::from_str(&self.payload).map_err(DomainError::internal)
    }
}

fn corrupt(what: &str, value: &str) -> DomainError {
    DomainError::internal(anyhow::anyhow!("unknown notification {what} {value:?}"))
}

/// A message to enqueue.
#[derive(Debug, Clone)]
pub struct NewMessage<'a> {
    /// What it announces; its channels follow from it.
    pub kind: Kind,
    /// The order it is about.
    pub order_id: Option<&'a str>,
    /// The account it is for.
    pub user_id: Option<&'a str>,
    /// Where the email goes.
    pub email: &'a str,
    /// The reader's language.
    pub language: Language,
    /// What it is written from.
    pub payload: Payload,
    /// A staff link's token.
    pub secret: Option<&'a str>,
}

/// Stores `message` with a pending delivery per channel of its kind, on `conn` (inside
/// the caller's transaction, if any); returns its id.
pub fn enqueue(conn: &mut DbConnection, message: NewMessage<'_>) -> Result<String, DomainError> {
    let now = ids::now();
    let id = ids::new_time_ordered_id();
    let row = Notification {
        id: id.clone(),
        kind: message.kind.as_str().to_owned(),
        order_id: message.order_id.map(str::to_owned),
        user_id: message.user_id.map(str::to_owned),
        email: message.email.to_owned(),
        language: message.language,
        payload: serde_json::to_string(&message.payload).map_err(DomainError::internal)?,
        secret: message.secret.map(str::to_owned),
        created_at: now,
    };
    write_transaction(conn, |conn| {
        diesel::insert_into(notifications::table)
            .values(&row)
            .execute(conn)?;
        for channel in message.kind.channels() {
            diesel::insert_into(deliveries::table)
                .values((
                    deliveries::notification_id.eq(&id),
                    deliveries::channel.eq(channel.as_str()),
                    deliveries::status.eq(DeliveryStatus::Pending.as_str()),
                    deliveries::attempts.eq(0),
                    deliveries::next_attempt_at.eq(now),
                ))
                .execute(conn)?;
        }
        Ok::<_, DomainError>(())
    })?;
    Ok(id)
}

/// Tells the customer of `order` (as it is after the change) about its move from `from`,
/// when the move is one they hear of ([`Kind::of_change`]). Called by
/// [`crate::domain::orders::transition`] inside its transaction. A dispatch undone
/// because the capture failed (out for delivery → picking) withdraws the "out for
/// delivery" message if it has not gone out yet.
pub fn order_changed(
    conn: &mut DbConnection,
    order: &Order,
    from: OrderStatus,
) -> Result<(), DomainError> {
    if (from, order.status) == (OrderStatus::OutForDelivery, OrderStatus::Picking) {
        return withdraw(conn, &order.id, Kind::OutForDelivery);
    }
    let Some(kind) = Kind::of_change(from, order.status) else {
        return Ok(());
    };
    let customer = users::get(conn, &order.customer_id)?;
    let retailer = retailers::get(conn, &order.retailer_id)?;
    let phone = order_addresses::table
        .find(&order.id)
        .select(order_addresses::phone)
        .first::<String>(conn)
        .optional()?;
    enqueue(
        conn,
        NewMessage {
            kind,
            order_id: Some(&order.id),
            user_id: Some(&customer.id),
            email: &customer.email,
            language: customer.language,
            payload: Payload {
                number: Some(order.number.clone()),
                status: Some(order.status),
                reason: order.status_reason.clone(),
                retailer: retailer.name,
                phone,
            },
            secret: None,
        },
    )
    .map(drop)
}

/// Marks the unsent deliveries of `order_id`'s `kind` messages skipped.
fn withdraw(conn: &mut DbConnection, order_id: &str, kind: Kind) -> Result<(), DomainError> {
    let messages = notifications::table
        .filter(notifications::order_id.eq(order_id))
        .filter(notifications::kind.eq(kind.as_str()))
        .select(notifications::id);
    diesel::update(
        deliveries::table
            .filter(deliveries::notification_id.eq_any(messages))
            .filter(deliveries::status.eq(DeliveryStatus::Pending.as_str())),
    )
    .set((
        deliveries::status.eq(DeliveryStatus::Skipped.as_str()),
        deliveries::locked_until.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)?;
    Ok(())
}

/// A delivery the caller now holds the lease of, with its message.
#[derive(Debug, Clone)]
pub struct Claimed {
    /// The message.
    pub message: Notification,
    /// The channel to send it on.
    pub channel: Channel,
    /// Attempts so far, this one included.
    pub attempts: i32,
}

/// True when some delivery is due at `now`: a cheap read, so an idle worker does not
/// take the write lock every poll.
pub fn any_due(conn: &mut DbConnection, now: NaiveDateTime) -> Result<bool, DomainError> {
    Ok(diesel::select(diesel::dsl::exists(
        deliveries::table
            .filter(deliveries::status.eq(DeliveryStatus::Pending.as_str()))
            .filter(deliveries::next_attempt_at.le(now))
            .filter(
                deliveries::locked_until
                    .is_null()
                    .or(deliveries::locked_until.le(now)),
            ),
    ))
    .get_result(conn)?)
}

/// Claims up to `limit` deliveries due at `now` for `lease`, counting the attempt. On
/// PostgreSQL the due rows are locked `FOR UPDATE SKIP LOCKED`, so nodes claiming at once
/// take different rows; SQLite's write transactions run one at a time. A lease that runs
/// out (its node died mid-send) makes the delivery due again.
pub fn claim_due(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    lease: Duration,
    limit: i64,
) -> Result<Vec<Claimed>, DomainError> {
    let until = now + chrono::Duration::from_std(lease).map_err(DomainError::internal)?;
    write_transaction(conn, |conn| {
        macro_rules! due {
            () => {
                deliveries::table
                    .filter(deliveries::status.eq(DeliveryStatus::Pending.as_str()))
                    .filter(deliveries::next_attempt_at.le(now))
                    .filter(
                        deliveries::locked_until
                            .is_null()
                            .or(deliveries::locked_until.le(now)),
                    )
                    .order((
                        deliveries::next_attempt_at.asc(),
                        deliveries::notification_id.asc(),
                    ))
                    .limit(limit)
                    .select((deliveries::notification_id, deliveries::channel))
            };
        }
        let keys: Vec<(String, String)> = match conn {
            DbConnection::Postgresql(pg) => due!().for_update().skip_locked().load(pg)?,
            DbConnection::Sqlite(lite) => due!().load(lite)?,
        };
        let ids: Vec<&String> = keys.iter().map(|(id, _)| id).collect();
        let messages: HashMap<String, Notification> = notifications::table
            .filter(notifications::id.eq_any(ids))
            .select(Notification::as_select())
            .load(conn)?
            .into_iter()
            .map(|message| (message.id.clone(), message))
            .collect();
        let mut claimed = Vec::with_capacity(keys.len());
        for (id, channel) in keys {
            // The attempt counted and its count read back in one statement.
            let attempts: i32 = crate::on_backend!(conn, |inner| diesel::update(
                deliveries::table.find((&id, &channel))
            )
            .set((
                deliveries::locked_until.eq(until),
                deliveries::attempts.eq(deliveries::attempts + 1),
            ))
            .returning(deliveries::attempts)
            .get_result(inner))?;
            let message = messages
                .get(&id)
                .cloned()
                .ok_or(DomainError::NotFound("notification"))?;
            claimed.push(Claimed {
                channel: Channel::parse(&channel).ok_or_else(|| corrupt("channel", &channel))?,
                message,
                attempts,
            });
        }
        Ok(claimed)
    })
}

/// Ends a delivery with `status` (sent, skipped or failed) and forgets the message's
/// secret once no delivery of it is pending.
fn finish(
    conn: &mut DbConnection,
    delivery: &Claimed,
    status: DeliveryStatus,
    error: Option<&str>,
    now: NaiveDateTime,
) -> Result<(), DomainError> {
    let id = &delivery.message.id;
    write_transaction(conn, |conn| {
        diesel::update(deliveries::table.find((id, delivery.channel.as_str())))
            .set((
                deliveries::status.eq(status.as_str()),
                deliveries::locked_until.eq(None::<NaiveDateTime>),
                deliveries::sent_at.eq((status == DeliveryStatus::Sent).then_some(now)),
                deliveries::last_error.eq(error.map(short)),
            ))
            .execute(conn)?;
        let pending: i64 = deliveries::table
            .filter(deliveries::notification_id.eq(id))
            .filter(deliveries::status.eq(DeliveryStatus::Pending.as_str()))
            .count()
            .get_result(conn)?;
        if pending == 0 {
            diesel::update(notifications::table.find(id))
                .set(notifications::secret.eq(None::<String>))
                .execute(conn)?;
        }
        Ok(())
    })
}

/// The delivery went out at `now`.
pub fn mark_sent(
    conn: &mut DbConnection,
    delivery: &Claimed,
    now: NaiveDateTime,
) -> Result<(), DomainError> {
    finish(conn, delivery, DeliveryStatus::Sent, None, now)
}

/// The delivery's channel is not configured: it is not sent, and not retried.
pub fn mark_skipped(
    conn: &mut DbConnection,
    delivery: &Claimed,
    now: NaiveDateTime,
) -> Result<(), DomainError> {
    finish(conn, delivery, DeliveryStatus::Skipped, None, now)
}

/// The attempt failed with `error`: the delivery waits `base` doubled per earlier
/// attempt (at most [`MAX_BACKOFF`]) and is tried again, or is `failed` after
/// [`MAX_ATTEMPTS`]. Returns the status it is left in.
pub fn mark_failed(
    conn: &mut DbConnection,
    delivery: &Claimed,
    error: &str,
    base: Duration,
    now: NaiveDateTime,
) -> Result<DeliveryStatus, DomainError> {
    if delivery.attempts >= MAX_ATTEMPTS {
        finish(conn, delivery, DeliveryStatus::Failed, Some(error), now)?;
        return Ok(DeliveryStatus::Failed);
    }
    let wait = backoff(base, delivery.attempts);
    diesel::update(deliveries::table.find((&delivery.message.id, delivery.channel.as_str())))
        .set((
            deliveries::locked_until.eq(None::<NaiveDateTime>),
            deliveries::next_attempt_at
                .eq(now + chrono::Duration::from_std(wait).map_err(DomainError::internal)?),
            deliveries::last_error.eq(short(error)),
        ))
        .execute(conn)?;
    Ok(DeliveryStatus::Pending)
}

/// The wait after the `attempts`-th failed attempt: `base`, doubled per attempt before
/// it, capped at [`MAX_BACKOFF`].
pub fn backoff(base: Duration, attempts: i32) -> Duration {
    let doublings = u32::try_from(attempts.saturating_sub(1))
        .unwrap_or(0)
        .min(30);
    base.saturating_mul(1 << doublings).min(MAX_BACKOFF)
}

fn short(error: &str) -> String {
    error.chars().take(ERROR_CHARS).collect()
}

/// One message of an order on one channel, as the order pages list them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderMessage {
    /// The stable message id.
    pub id: String,
    /// What it announces.
    pub kind: Kind,
    /// How it travels.
    pub channel: Channel,
    /// Where it stands.
    pub status: DeliveryStatus,
    /// Attempts so far.
    pub attempts: i32,
    /// When it was enqueued (UTC).
    pub created_at: NaiveDateTime,
    /// When it went out (UTC).
    pub sent_at: Option<NaiveDateTime>,
    /// While pending: when it is tried next (UTC).
    pub next_attempt_at: NaiveDateTime,
}

/// One row of [`for_order`]'s join.
#[derive(Queryable)]
struct MessageRow {
    id: String,
    kind: String,
    created_at: NaiveDateTime,
    channel: String,
    status: String,
    attempts: i32,
    sent_at: Option<NaiveDateTime>,
    next_attempt_at: NaiveDateTime,
}

/// The messages of order `order_id`, oldest first, email before webhook.
pub fn for_order(
    conn: &mut DbConnection,
    order_id: &str,
) -> Result<Vec<OrderMessage>, DomainError> {
    let rows: Vec<MessageRow> = notifications::table
        .inner_join(deliveries::table)
        .filter(notifications::order_id.eq(order_id))
        .order((notifications::id.asc(), deliveries::channel.asc()))
        .select((
            notifications::id,
            notifications::kind,
            notifications::created_at,
            deliveries::channel,
            deliveries::status,
            deliveries::attempts,
            deliveries::sent_at,
            deliveries::next_attempt_at,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|row| {
            Ok(OrderMessage {
                kind: Kind::parse(&row.kind).ok_or_else(|| corrupt("kind", &row.kind))?,
                channel: Channel::parse(&row.channel)
                    .ok_or_else(|| corrupt("channel", &row.channel))?,
                status: DeliveryStatus::parse(&row.status)
                    .ok_or_else(|| corrupt("status", &row.status))?,
                id: row.id,
                attempts: row.attempts,
                created_at: row.created_at,
                sent_at: row.sent_at,
                next_attempt_at: row.next_attempt_at,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let base = Duration::from_secs(5);
        assert_eq!(backoff(base, 1), Duration::from_secs(5));
        assert_eq!(backoff(base, 2), Duration::from_secs(10));
        assert_eq!(backoff(base, 4), Duration::from_secs(40));
        assert_eq!(backoff(base, 12), MAX_BACKOFF);
        assert_eq!(backoff(base, i32::MAX), MAX_BACKOFF);
    }
}
