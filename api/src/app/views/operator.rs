//! What delivery operators read: order lists and pick lists, as JSON and as CSV rows.
//! Both formats of a list come from the same functions, so they never disagree.

use chrono_tz::Tz;
use serde::Serialize;

use super::rfc3339;
use super::shopping::{AddressJson, DeliverySlotJson, money};
use crate::domain::delivery::calendar;
use crate::domain::money::Money;
use crate::domain::orders::listing::ListedOrder;
use crate::domain::orders::pick_list::{PickLine, PickList, PickOrder};
use crate::domain::orders::{OrderItem, OrderStatus};

/// `2× 서울우유 1L; 1× 두부 300g`: an order's lines on one line.
pub fn items_summary(items: &[OrderItem]) -> String {
    items
        .iter()
        .map(|item| format!("{}× {}", item.quantity, item.name))
        .collect::<Vec<_>>()
        .join("; ")
}

/// `7Q2K-9XJ4 ×2`: one order's share of a pick line.
pub fn pick_order_text(order: &PickOrder) -> String {
    format!("{} ×{}", order.number, order.quantity)
}

#[derive(Debug, Serialize)]
struct ListedItemJson {
    sku: String,
    name: String,
    quantity: i32,
    picked_quantity: Option<i32>,
}

/// An order in an operator's list.
#[derive(Debug, Serialize)]
pub struct ListedOrderJson {
    id: String,
    number: String,
    status: OrderStatus,
    status_reason: Option<String>,
    delivery_slot: DeliverySlotJson,
    zone_id: String,
    address: AddressJson,
    items: Vec<ListedItemJson>,
    items_summary: String,
    total: Money,
    created_at: String,
}

impl ListedOrderJson {
    /// The view of `listed`, local times in the retailer's zone `tz`.
    pub fn new(listed: ListedOrder, tz: Tz) -> Self {
        let ListedOrder {
            order,
            address,
            slot,
            items,
        } = listed;
        Self {
            items_summary: items_summary(&items),
            items: items
                .into_iter()
                .map(|item| ListedItemJson {
                    sku: item.sku,
                    name: item.name,
                    quantity: item.quantity,
                    picked_quantity: item.picked_quantity,
                })
                .collect(),
            delivery_slot: DeliverySlotJson::new(&slot, tz),
            zone_id: slot.zone_id,
            address: address.into(),
            total: money(order.total_minor, &order.currency),
            created_at: rfc3339(order.created_at),
            id: order.id,
            number: order.number,
            status: order.status,
            status_reason: order.status_reason,
        }
    }
}

/// Columns of the order list CSV.
pub const ORDER_CSV_HEADER: [&str; 11] = [
    "number",
    "slot_start",
    "slot_end",
    "name",
    "phone",
    "address",
    "postal_code",
    "items",
    "total_minor",
    "currency",
    "status",
];

/// One order as a row under [`ORDER_CSV_HEADER`]; slot times are RFC 3339 with the
/// retailer's offset.
pub fn order_csv_row(listed: &ListedOrder, tz: Tz) -> [String; 11] {
    let ListedOrder {
        order,
        address,
        slot,
        items,
    } = listed;
    let street = [&address.line1, &address.line2, &address.city]
        .into_iter()
        .map(|part| part.trim())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    [
        order.number.clone(),
        calendar::local_rfc3339(tz, slot.starts_at),
        calendar::local_rfc3339(tz, slot.ends_at),
        address.name.clone(),
        address.phone.clone(),
        street,
        address.postal_code.clone(),
        items_summary(items),
        order.total_minor.to_string(),
        order.currency.clone(),
        order.status.as_str().to_owned(),
    ]
}

#[derive(Debug, Serialize)]
struct PickOrderJson {
    id: String,
    number: String,
    quantity: i64,
}

#[derive(Debug, Serialize)]
struct PickLineJson {
    sku: String,
    gtin: Option<String>,
    name: String,
    quantity: i64,
    orders: Vec<PickOrderJson>,
}

#[derive(Debug, Serialize)]
struct ZoneRefJson {
    id: String,
    name: String,
}

/// `GET /v1/retailers/{rid}/pick-list` as JSON.
#[derive(Debug, Serialize)]
pub struct PickListJson {
    date: Option<String>,
    delivery_slot: Option<DeliverySlotJson>,
    zone: Option<ZoneRefJson>,
    order_count: usize,
    units: i64,
    lines: Vec<PickLineJson>,
}

impl PickListJson {
    /// The view of `list`, local times in the retailer's zone `tz`.
    pub fn new(list: PickList, tz: Tz) -> Self {
        Self {
            units: list.units(),
            date: list.date.map(|date| date.to_string()),
            delivery_slot: list.slot.map(|slot| DeliverySlotJson::new(&slot, tz)),
            zone: list.zone.map(|zone| ZoneRefJson {
                id: zone.id,
                name: zone.name,
            }),
            order_count: list.order_count,
            lines: list
                .lines
                .into_iter()
                .map(|line| PickLineJson {
                    sku: line.sku,
                    gtin: line.gtin,
                    name: line.name,
                    quantity: line.quantity,
                    orders: line
                        .orders
                        .into_iter()
                        .map(|order| PickOrderJson {
                            id: order.order_id,
                            number: order.number,
                            quantity: order.quantity,
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// Columns of the pick list CSV.
pub const PICK_CSV_HEADER: [&str; 5] = ["sku", "gtin", "name", "quantity", "orders"];

/// One product as a row under [`PICK_CSV_HEADER`]; `orders` reads `7Q2K-9XJ4 ×2; …`.
pub fn pick_csv_row(line: &PickLine) -> [String; 5] {
    [
        line.sku.clone(),
        line.gtin.clone().unwrap_or_default(),
        line.name.clone(),
        line.quantity.to_string(),
        line.orders
            .iter()
            .map(pick_order_text)
            .collect::<Vec<_>>()
            .join("; "),
    ]
}
