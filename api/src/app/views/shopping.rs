//! JSON shapes of the commuter's cart and orders.

use serde::Serialize;
use utoipa::ToSchema;

use super::rfc3339;
use crate::app::urls::PublicUrls;
use crate::domain::cart::{CartLine, CartView, LineProblem};
use crate::domain::delivery::calendar;
use crate::domain::delivery::slots::Slot;
use crate::domain::money::Money;
use crate::domain::orders::{Order, OrderAddress, OrderDetails, OrderStatus};

/// `amount_minor` in `currency`, as JSON shows money.
pub(super) fn money(amount_minor: i64, currency: &str) -> Money {
    Money {
        amount_minor,
        currency: currency.to_owned(),
    }
}

/// One cart line.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = CartLine)]
pub struct CartLineJson {
    /// The line's id, which changes and removes it.
    id: String,
    sku: String,
    name: String,
    image_url: Option<String>,
    /// Units wanted, 1 to 99.
    #[schema(minimum = 1, maximum = 99)]
    quantity: i32,
    /// What one unit costs now: the catalogue price, or the printed one when the price
    /// promise applies.
    unit_price: Money,
    catalog_price: Money,
    /// The poster's price, for lines added by scan.
    printed_price: Option<Money>,
    price_promise_applied: bool,
    line_total: Money,
    /// The code the line was added from, if scanned.
    scan_code: Option<String>,
    /// Units that can be sold now.
    available: i64,
    /// Why the line blocks checkout; `null` when it does not.
    problem: Option<CartLineProblem>,
}

/// Why a cart line cannot be bought as it is.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
enum CartLineProblem {
    /// The product was deactivated or deleted.
    Unavailable,
    /// Fewer units are available than the line wants.
    InsufficientStock,
}

impl From<LineProblem> for CartLineProblem {
    fn from(problem: LineProblem) -> Self {
        match problem {
            LineProblem::Unavailable => Self::Unavailable,
            LineProblem::InsufficientStock { .. } => Self::InsufficientStock,
        }
    }
}

impl CartLineJson {
    fn new(urls: &PublicUrls, line: &CartLine, currency: &str) -> Self {
        Self {
            id: line.item.id.clone(),
            sku: line.product.sku.clone(),
            name: line.product.name.clone(),
            image_url: line.product.image_key.as_deref().map(|k| urls.image_url(k)),
            quantity: line.item.quantity,
            unit_price: money(line.unit_price.amount_minor, currency),
            catalog_price: money(line.product.price_minor, currency),
            printed_price: line.printed_price_minor.map(|p| money(p, currency)),
            price_promise_applied: line.unit_price.promised,
            line_total: money(line.line_total_minor(), currency),
            scan_code: line.item.scan_code.clone(),
            available: line.product.available(),
            problem: line.problem.map(CartLineProblem::from),
        }
    }
}

/// A retailer as a cart or order names it.
#[derive(Debug, Serialize, ToSchema)]
pub struct RetailerRef {
    id: String,
    name: String,
}

/// `GET /v1/cart`.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Cart)]
pub struct CartJson {
    /// `null` while the cart was never written.
    id: Option<String>,
    /// A cart holds one retailer's products; `null` while it is empty.
    retailer: Option<RetailerRef>,
    /// Lines, oldest first.
    items: Vec<CartLineJson>,
    /// `null` while the cart is empty.
    items_total: Option<Money>,
    /// True when it has lines and none has a `problem`.
    ready_for_checkout: bool,
}

impl CartJson {
    /// The view of `cart`.
    pub fn new(urls: &PublicUrls, cart: &CartView) -> Self {
        let currency = cart.retailer.as_ref().map(|r| r.currency.as_str());
        Self {
            id: cart.id.clone(),
            retailer: cart.retailer.as_ref().map(|r| RetailerRef {
                id: r.id.clone(),
                name: r.name.clone(),
            }),
            items: cart
                .lines
                .iter()
                .map(|line| CartLineJson::new(urls, line, currency.unwrap_or_default()))
                .collect(),
            items_total: currency.map(|c| money(cart.items_total_minor(), c)),
            ready_for_checkout: cart.ready(),
        }
    }
}

/// An order in a list.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OrderSummary)]
pub struct OrderSummaryJson {
    id: String,
    /// Short human-readable number (`7Q2K-9XJ4`).
    number: String,
    status: OrderStatus,
    total: Money,
    #[schema(format = DateTime)]
    created_at: String,
}

impl OrderSummaryJson {
    /// The summary of `order`.
    pub fn new(order: &Order) -> Self {
        Self {
            id: order.id.clone(),
            number: order.number.clone(),
            status: order.status,
            total: money(order.total_minor, &order.currency),
            created_at: rfc3339(order.created_at),
        }
    }
}

/// One line of an order, priced as it was bought.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OrderItem)]
struct OrderItemJson {
    sku: String,
    name: String,
    quantity: i32,
    unit_price: Money,
    catalog_price: Money,
    line_total: Money,
    /// The code the line was added from, if scanned.
    scan_code: Option<String>,
    /// Units picked; set once the order left for delivery.
    picked_quantity: Option<i32>,
}

/// A delivery slot as an order shows it: UTC and the retailer's local times.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OrderSlot)]
pub(super) struct DeliverySlotJson {
    id: String,
    /// UTC.
    #[schema(format = DateTime)]
    starts_at: String,
    /// UTC.
    #[schema(format = DateTime)]
    ends_at: String,
    /// With the retailer's offset.
    #[schema(format = DateTime)]
    local_start: String,
    /// With the retailer's offset.
    #[schema(format = DateTime)]
    local_end: String,
}

impl DeliverySlotJson {
    /// The view of `slot` in the retailer's zone `tz`.
    pub(super) fn new(slot: &Slot, tz: chrono_tz::Tz) -> Self {
        Self {
            id: slot.id.clone(),
            starts_at: rfc3339(slot.starts_at),
            ends_at: rfc3339(slot.ends_at),
            local_start: calendar::local_rfc3339(tz, slot.starts_at),
            local_end: calendar::local_rfc3339(tz, slot.ends_at),
        }
    }
}

/// A delivery address, trimmed; `line2` is empty when none was given.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Address)]
pub(super) struct AddressJson {
    name: String,
    phone: String,
    line1: String,
    line2: String,
    postal_code: String,
    city: String,
}

impl From<OrderAddress> for AddressJson {
    fn from(address: OrderAddress) -> Self {
        Self {
            name: address.name,
            phone: address.phone,
            line1: address.line1,
            line2: address.line2,
            postal_code: address.postal_code,
            city: address.city,
        }
    }
}

/// One change of an order's status.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = StatusChange)]
struct StatusChangeJson {
    /// `null` for the order's creation.
    from: Option<OrderStatus>,
    to: OrderStatus,
    #[schema(format = DateTime)]
    at: String,
    by: Actor,
    /// The staff member's name, for changes by the retailer's staff, in the retailer's
    /// views of the order (never the customer's).
    by_name: Option<String>,
    note: Option<String>,
}

/// Who changed an order's status.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = StatusChangeActor)]
enum Actor {
    /// The service itself (payment outcomes, expiry).
    System,
    /// The order's customer.
    Customer,
    /// The retailer's staff.
    Staff,
}

/// `GET /v1/orders/{id}` and the checkout answer.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Order)]
pub struct OrderJson {
    id: String,
    /// Short human-readable number (`7Q2K-9XJ4`).
    number: String,
    status: OrderStatus,
    /// Why it is in its status, when the service knows (a declined payment's reason).
    status_reason: Option<String>,
    retailer: RetailerRef,
    items: Vec<OrderItemJson>,
    items_total: Money,
    delivery_fee: Money,
    total: Money,
    delivery_slot: DeliverySlotJson,
    address: AddressJson,
    /// While `pending_payment`: when the hold on stock and slot ends.
    #[schema(format = DateTime)]
    reserved_until: Option<String>,
    /// Every status change, oldest first.
    history: Vec<StatusChangeJson>,
    #[schema(format = DateTime)]
    created_at: String,
}

impl OrderJson {
    /// The customer's view of an order.
    pub fn new(details: OrderDetails) -> Self {
        Self::build(details, false)
    }

    /// The retailer staff's view of an order: the history names the staff who moved it.
    pub fn for_staff(details: OrderDetails) -> Self {
        Self::build(details, true)
    }

    fn build(details: OrderDetails, for_staff: bool) -> Self {
        let OrderDetails {
            order,
            retailer,
            address,
            items,
            slot,
            events,
            actor_names,
        } = details;
        let currency = order.currency.as_str();
        let tz: chrono_tz::Tz = retailer.time_zone.parse().unwrap_or(chrono_tz::UTC);
        let pending = order.status == OrderStatus::PendingPayment;
        Self {
            items: items
                .iter()
                .map(|item| OrderItemJson {
                    sku: item.sku.clone(),
                    name: item.name.clone(),
                    quantity: item.quantity,
                    unit_price: money(item.unit_price_minor, currency),
                    catalog_price: money(item.catalog_price_minor, currency),
                    line_total: money(item.line_total_minor(), currency),
                    scan_code: item.scan_code.clone(),
                    picked_quantity: item.picked_quantity,
                })
                .collect(),
            items_total: money(order.items_total_minor, currency),
            delivery_fee: money(order.delivery_fee_minor, currency),
            total: money(order.total_minor, currency),
            delivery_slot: DeliverySlotJson::new(&slot, tz),
            address: address.into(),
            reserved_until: pending.then(|| rfc3339(order.reserved_until)),
            history: events
                .into_iter()
                .map(|event| StatusChangeJson {
                    by: match event.actor_id.as_deref() {
                        None => Actor::System,
                        Some(actor) if actor == order.customer_id => Actor::Customer,
                        Some(_) => Actor::Staff,
                    },
                    by_name: event
                        .actor_id
                        .as_deref()
                        .filter(|actor| for_staff && *actor != order.customer_id)
                        .and_then(|actor| actor_names.get(actor).cloned()),
                    from: event.from_status,
                    to: event.to_status,
                    at: rfc3339(event.created_at),
                    note: event.note,
                })
                .collect(),
            retailer: RetailerRef {
                id: retailer.id,
                name: retailer.name,
            },
            created_at: rfc3339(order.created_at),
            id: order.id,
            number: order.number,
            status: order.status,
            status_reason: order.status_reason,
        }
    }
}
