//! JSON shapes of the commuter's cart and orders.

use serde::Serialize;

use super::rfc3339;
use crate::app::urls::PublicUrls;
use crate::domain::cart::{CartLine, CartView};
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
#[derive(Debug, Serialize)]
pub struct CartLineJson {
    id: String,
    sku: String,
    name: String,
    image_url: Option<String>,
    quantity: i32,
    unit_price: Money,
    catalog_price: Money,
    printed_price: Option<Money>,
    price_promise_applied: bool,
    line_total: Money,
    scan_code: Option<String>,
    available: i64,
    problem: Option<&'static str>,
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
            problem: line.problem.map(|p| p.code()),
        }
    }
}

/// A retailer as a cart or order names it.
#[derive(Debug, Serialize)]
pub struct RetailerRef {
    id: String,
    name: String,
}

/// `GET /v1/cart`.
#[derive(Debug, Serialize)]
pub struct CartJson {
    id: Option<String>,
    retailer: Option<RetailerRef>,
    items: Vec<CartLineJson>,
    items_total: Option<Money>,
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
#[derive(Debug, Serialize)]
pub struct OrderSummaryJson {
    id: String,
    number: String,
    status: OrderStatus,
    total: Money,
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

#[derive(Debug, Serialize)]
struct OrderItemJson {
    sku: String,
    name: String,
    quantity: i32,
    unit_price: Money,
    catalog_price: Money,
    line_total: Money,
    scan_code: Option<String>,
    picked_quantity: Option<i32>,
}

/// A delivery slot as an order shows it: UTC and the retailer's local times.
#[derive(Debug, Serialize)]
pub(super) struct DeliverySlotJson {
    id: String,
    starts_at: String,
    ends_at: String,
    local_start: String,
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

/// A delivery address.
#[derive(Debug, Serialize)]
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

#[derive(Debug, Serialize)]
struct StatusChangeJson {
    from: Option<OrderStatus>,
    to: OrderStatus,
    at: String,
    by: &'static str,
    note: Option<String>,
}

/// `GET /v1/orders/{id}` and the checkout answer.
#[derive(Debug, Serialize)]
pub struct OrderJson {
    id: String,
    number: String,
    status: OrderStatus,
    status_reason: Option<String>,
    retailer: RetailerRef,
    items: Vec<OrderItemJson>,
    items_total: Money,
    delivery_fee: Money,
    total: Money,
    delivery_slot: DeliverySlotJson,
    address: AddressJson,
    reserved_until: Option<String>,
    history: Vec<StatusChangeJson>,
    created_at: String,
}

impl OrderJson {
    /// The view of an order.
    pub fn new(details: OrderDetails) -> Self {
        let OrderDetails {
            order,
            retailer,
            address,
            items,
            slot,
            events,
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
                        None => "system",
                        Some(actor) if actor == order.customer_id => "customer",
                        Some(_) => "staff",
                    },
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
