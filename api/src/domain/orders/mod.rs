//! Orders: what a customer bought, for which slot, and every status it went through.
//! Checkout creates them; payments, the reservation sweeper, cancellation and (later)
//! delivery move them, always through [`transition`].

pub mod expiry;
pub mod fulfilment;
pub mod holds;
pub mod listing;
pub mod pick_list;
pub mod status;

use chrono::NaiveDateTime;
use diesel::prelude::*;

pub use status::OrderStatus;

use crate::db::schema::{order_addresses, order_events, order_items, orders};
use crate::db::{DbConnection, write_transaction};
use crate::domain::delivery::slots::{self, Slot};
use crate::domain::retailers::{self, Retailer};
use crate::domain::{DomainError, ids, notifications};

/// An order as stored.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = orders)]
#[diesel(treat_none_as_default_value = false)]
pub struct Order {
    /// Opaque id.
    pub id: String,
    /// Short number for phone calls and labels (`7Q2K-9XJ4`).
    pub number: String,
    /// The seller.
    pub retailer_id: String,
    /// The buyer.
    pub customer_id: String,
    /// Where it stands.
    pub status: OrderStatus,
    /// Why the order is in its status, when that needs saying (a declined payment).
    pub status_reason: Option<String>,
    /// ISO 4217 code of every amount.
    pub currency: String,
    /// Sum of the lines, minor units.
    pub items_total_minor: i64,
    /// Delivery fee of the slot, minor units.
    pub delivery_fee_minor: i64,
    /// What the customer pays: lines plus fee.
    pub total_minor: i64,
    /// The delivery slot.
    pub delivery_slot_id: String,
    /// The place it holds in that slot.
    pub slot_booking_id: String,
    /// While `pending_payment`: when the held stock and slot are given back.
    pub reserved_until: NaiveDateTime,
    /// Creation time (UTC).
    pub created_at: NaiveDateTime,
    /// Last change (UTC).
    pub updated_at: NaiveDateTime,
}

/// Where an order goes.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = order_addresses)]
pub struct OrderAddress {
    /// The order.
    pub order_id: String,
    /// Recipient.
    pub name: String,
    /// Phone for the driver.
    pub phone: String,
    /// Street and number.
    pub line1: String,
    /// Flat, floor; may be empty.
    pub line2: String,
    /// Postal code, as the zone matched it.
    pub postal_code: String,
    /// City.
    pub city: String,
}

/// One product line, priced when the order was placed.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = order_items)]
#[diesel(treat_none_as_default_value = false)]
pub struct OrderItem {
    /// Opaque id.
    pub id: String,
    /// The order.
    pub order_id: String,
    /// Line order, from 0.
    pub position: i32,
    /// The product.
    pub product_id: String,
    /// Its SKU then.
    pub sku: String,
    /// Its name then.
    pub name: String,
    /// Units ordered.
    pub quantity: i32,
    /// What one unit costs in this order (the poster's price when the promise applied).
    pub unit_price_minor: i64,
    /// The catalogue price then.
    pub catalog_price_minor: i64,
    /// The scan code the line came from, for attribution.
    pub scan_code: Option<String>,
    /// Units picked in the warehouse (fewer than ordered for a short pick); none until
    /// the order leaves for delivery.
    pub picked_quantity: Option<i32>,
    /// The analytics channel of the source the line was created from.
    pub source_channel: Option<String>,
    /// The source within the channel (for `poster`, the code).
    pub source_id: Option<String>,
}

impl OrderItem {
    /// Quantity times unit price.
    pub fn line_total_minor(&self) -> i64 {
        i64::from(self.quantity) * self.unit_price_minor
    }
}

/// One status change: who, when, from what, why.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = order_events)]
#[diesel(treat_none_as_default_value = false)]
pub struct OrderEvent {
    /// Opaque, time-ordered id.
    pub id: String,
    /// The order.
    pub order_id: String,
    /// Previous status; none for creation.
    pub from_status: Option<OrderStatus>,
    /// New status.
    pub to_status: OrderStatus,
    /// Who made the change; none for the system (sweeper, payment outcome).
    pub actor_id: Option<String>,
    /// Why, in words.
    pub note: Option<String>,
    /// When (UTC).
    pub created_at: NaiveDateTime,
}

/// Everything an order page shows.
#[derive(Debug, Clone)]
pub struct OrderDetails {
    /// The order.
    pub order: Order,
    /// Its seller.
    pub retailer: Retailer,
    /// Delivery address.
    pub address: OrderAddress,
    /// Lines in order.
    pub items: Vec<OrderItem>,
    /// The delivery slot.
    pub slot: Slot,
    /// Status history, oldest first.
    pub events: Vec<OrderEvent>,
    /// The names of the users in the history, by id (who did what, for the staff).
    pub actor_names: std::collections::HashMap<String, String>,
}

/// Who changes an order's status, and why.
#[derive(Debug, Clone, Copy)]
pub struct Change<'a> {
    /// The user acting; `None` for the system.
    pub actor_id: Option<&'a str>,
    /// Why; shown in the history and, for failures, as the order's reason.
    pub note: Option<&'a str>,
}

impl Change<'static> {
    /// A change made by the system for `note`.
    pub fn system(note: &'static str) -> Self {
        Self {
            actor_id: None,
            note: Some(note),
        }
    }
}

/// What [`transition`] did.
#[derive(Debug)]
pub enum Transition {
    /// The order moved from `from`; here it is afterwards.
    Moved {
        /// The status it left.
        from: OrderStatus,
        /// The order as it is now.
        order: Box<Order>,
    },
    /// The order was not in an allowed status; nothing changed.
    Refused {
        /// The status it is in.
        current: OrderStatus,
    },
}

/// Reads an order.
pub fn get(conn: &mut DbConnection, order_id: &str) -> Result<Order, DomainError> {
    orders::table
        .find(order_id)
        .select(Order::as_select())
        .first(conn)
        .optional()?
        .ok_or(DomainError::NotFound("order"))
}

/// The lines of an order, in order.
pub fn items(conn: &mut DbConnection, order_id: &str) -> Result<Vec<OrderItem>, DomainError> {
    Ok(order_items::table
        .filter(order_items::order_id.eq(order_id))
        .order(order_items::position.asc())
        .select(OrderItem::as_select())
        .load(conn)?)
}

/// Moves an order to `to` when its status is one of `allowed_from`, recording the change
/// and enqueueing the customer's message about it. A conditional update: of two
/// concurrent moves from the same status, one applies.
pub fn transition(
    conn: &mut DbConnection,
    order_id: &str,
    allowed_from: &[OrderStatus],
    to: OrderStatus,
    change: Change<'_>,
) -> Result<Transition, DomainError> {
    write_transaction(conn, |conn| {
        let order = get(conn, order_id)?;
        let current = order.status;
        if !allowed_from.contains(&current) {
            return Ok(Transition::Refused { current });
        }
        let now = ids::now();
        let moved = diesel::update(
            orders::table
                .find(order_id)
                .filter(orders::status.eq(current)),
        )
        .set((
            orders::status.eq(to),
            orders::status_reason.eq(change.note),
            orders::updated_at.eq(now),
        ))
        .execute(conn)?;
        if moved == 0 {
            return Ok(Transition::Refused { current });
        }
        record_event(conn, order_id, Some(current), to, change, now)?;
        let order = get(conn, order_id)?;
        // In this transaction: a change rolled back takes its message with it.
        notifications::outbox::order_changed(conn, &order, current)?;
        Ok(Transition::Moved {
            from: current,
            order: Box::new(order),
        })
    })
}

/// Stores a new order with its address and lines, and its creation by `actor_id` in
/// the history.
pub fn insert(
    conn: &mut DbConnection,
    order: &Order,
    address: &OrderAddress,
    items: &[OrderItem],
    actor_id: &str,
) -> Result<(), DomainError> {
    diesel::insert_into(orders::table)
        .values(order)
        .execute(conn)?;
    diesel::insert_into(order_addresses::table)
        .values(address)
        .execute(conn)?;
    crate::on_backend!(conn, |inner| diesel::insert_into(order_items::table)
        .values(items)
        .execute(inner))?;
    record_event(
        conn,
        &order.id,
        None,
        order.status,
        Change {
            actor_id: Some(actor_id),
            note: None,
        },
        order.created_at,
    )
}

/// Appends a status change to an order's history.
fn record_event(
    conn: &mut DbConnection,
    order_id: &str,
    from: Option<OrderStatus>,
    to: OrderStatus,
    change: Change<'_>,
    at: NaiveDateTime,
) -> Result<(), DomainError> {
    diesel::insert_into(order_events::table)
        .values(&OrderEvent {
            id: ids::new_time_ordered_id(),
            order_id: order_id.to_owned(),
            from_status: from,
            to_status: to,
            actor_id: change.actor_id.map(str::to_owned),
            note: change.note.map(str::to_owned),
            created_at: at,
        })
        .execute(conn)?;
    Ok(())
}

/// Everything about an order, for its page.
pub fn details(conn: &mut DbConnection, order: Order) -> Result<OrderDetails, DomainError> {
    let retailer = retailers::get(conn, &order.retailer_id)?;
    let address = order_addresses::table
        .find(&order.id)
        .select(OrderAddress::as_select())
        .first(conn)?;
    let items = items(conn, &order.id)?;
    let slot = slots::get(conn, &order.delivery_slot_id)?;
    let events = order_events::table
        .filter(order_events::order_id.eq(&order.id))
        .order(order_events::id.asc())
        .select(OrderEvent::as_select())
        .load(conn)?;
    let actors: Vec<&str> = events
        .iter()
        .filter_map(|event| event.actor_id.as_deref())
        .collect();
    let actor_names = crate::domain::accounts::users::names(conn, &actors)?;
    Ok(OrderDetails {
        order,
        retailer,
        address,
        items,
        slot,
        events,
        actor_names,
    })
}

/// A customer's own order; another customer's is `NotFound`.
pub fn get_for_customer(
    conn: &mut DbConnection,
    customer_id: &str,
    order_id: &str,
) -> Result<OrderDetails, DomainError> {
    let order = get(conn, order_id)?;
    if order.customer_id != customer_id {
        return Err(DomainError::NotFound("order"));
    }
    details(conn, order)
}

/// An order of the retailer, for its staff; another retailer's is `NotFound`.
pub fn get_for_retailer(
    conn: &mut DbConnection,
    retailer_id: &str,
    order_id: &str,
) -> Result<OrderDetails, DomainError> {
    let order = get(conn, order_id)?;
    if order.retailer_id != retailer_id {
        return Err(DomainError::NotFound("order"));
    }
    details(conn, order)
}

/// Most orders a customer list shows.
pub const CUSTOMER_LIST_LIMIT: i64 = 100;

/// A customer's orders, newest first (at most [`CUSTOMER_LIST_LIMIT`]).
pub fn list_for_customer(
    conn: &mut DbConnection,
    customer_id: &str,
) -> Result<Vec<Order>, DomainError> {
    Ok(orders::table
        .filter(orders::customer_id.eq(customer_id))
        .order((orders::created_at.desc(), orders::id.desc()))
        .limit(CUSTOMER_LIST_LIMIT)
        .select(Order::as_select())
        .load(conn)?)
}
