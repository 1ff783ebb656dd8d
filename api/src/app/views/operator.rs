//! What delivery operators read: order lists and pick lists, as JSON and as CSV rows.
//! Both formats of a list come from the same functions, so they never disagree.

use chrono_tz::Tz;
use serde::Serialize;
use utoipa::ToSchema;

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

/// One line of a listed order.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ListedOrderItem)]
struct ListedItemJson {
    sku: String,
    name: String,
    quantity: i32,
    /// Units picked; set once the order left for delivery.
    picked_quantity: Option<i32>,
}

/// An order in an operator's list.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ListedOrder)]
pub struct ListedOrderJson {
    id: String,
    /// Short human-readable number (`7Q2K-9XJ4`).
    number: String,
    status: OrderStatus,
    status_reason: Option<String>,
    delivery_slot: DeliverySlotJson,
    /// The slot's delivery zone.
    zone_id: String,
    address: AddressJson,
    items: Vec<ListedItemJson>,
    /// The lines on one line: `2× 서울우유 1L; 1× 두부 300g`.
    items_summary: String,
    total: Money,
    #[schema(format = DateTime)]
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

/// One order's share of a pick line.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = PickLineOrder)]
struct PickOrderJson {
    /// The order's id.
    id: String,
    /// Its short number, as on the label.
    number: String,
    /// Units of the line's product it gets.
    quantity: i64,
}

/// One product to pick, with the orders its units go to in loading order.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = PickLine)]
struct PickLineJson {
    sku: String,
    /// For scanning the shelf.
    gtin: Option<String>,
    /// The product's current name, as on the shelf label.
    name: String,
    /// Units to pick in all.
    quantity: i64,
    orders: Vec<PickOrderJson>,
}

/// A delivery zone as a pick list names it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ZoneRef)]
struct ZoneRefJson {
    id: String,
    name: String,
}

/// `GET /v1/retailers/{rid}/pick-list` as JSON.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = PickList)]
pub struct PickListJson {
    /// The local date asked for, if any.
    #[schema(format = Date)]
    date: Option<String>,
    /// The slot asked for, if any.
    delivery_slot: Option<DeliverySlotJson>,
    /// The zone asked for, if any.
    zone: Option<ZoneRefJson>,
    /// Orders covered.
    order_count: usize,
    /// Units to pick in all.
    units: i64,
    /// One line per product, by SKU.
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
