//! Pick lists: what to take off the shelves for the orders of a day or a slot, product by
//! product, with the orders each unit goes to.

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::prelude::*;

use super::OrderStatus;
use super::listing::{self, Filter, ListedOrder};
use crate::db::DbConnection;
use crate::db::schema::products;
use crate::domain::delivery::slots::{self, Slot};
use crate::domain::delivery::zones::{self, Zone};
use crate::domain::{DomainError, FieldError};

/// Orders that still need their products picked.
pub const PICKABLE: [OrderStatus; 2] = [OrderStatus::Confirmed, OrderStatus::Picking];

/// Units of one product for one order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickOrder {
    /// The order's id.
    pub order_id: String,
    /// Its short number, as on the label.
    pub number: String,
    /// Units ordered.
    pub quantity: i64,
}

/// One product to pick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickLine {
    /// SKU.
    pub sku: String,
    /// GTIN, for scanning the shelf.
    pub gtin: Option<String>,
    /// The product's current name (what the shelf label says).
    pub name: String,
    /// Storage key of the product's photo, if it has one.
    pub image_key: Option<String>,
    /// Units to pick in all.
    pub quantity: i64,
    /// The orders they go to, in loading order (slot, postal code, number).
    pub orders: Vec<PickOrder>,
}

/// Everything to pick for a day or a slot.
#[derive(Debug, Clone)]
pub struct PickList {
    /// The local date asked for.
    pub date: Option<NaiveDate>,
    /// The slot asked for.
    pub slot: Option<Slot>,
    /// The zone asked for.
    pub zone: Option<Zone>,
    /// Orders covered.
    pub order_count: usize,
    /// Products by SKU.
    pub lines: Vec<PickLine>,
}

impl PickList {
    /// Units to pick in all.
    pub fn units(&self) -> i64 {
        self.lines.iter().map(|line| line.quantity).sum()
    }
}

/// The pick list of the retailer's orders in `confirmed` or `picking` on the filter's
/// date or slot (one of the two is required; a zone narrows either). The filter's
/// statuses are replaced by [`PICKABLE`].
pub fn build(
    conn: &mut DbConnection,
    retailer_id: &str,
    filter: Filter,
) -> Result<PickList, DomainError> {
    if filter.date.is_none() && filter.slot_id.is_none() {
        let message = "give a date or a slot_id: a pick list covers a day or a slot";
        return Err(DomainError::Invalid(vec![
            FieldError::new("date", message),
            FieldError::new("slot_id", message),
        ]));
    }
    let filter = Filter {
        statuses: PICKABLE.to_vec(),
        ..filter
    };
    let orders = listing::all(conn, retailer_id, &filter)?;
    let slot = filter
        .slot_id
        .as_deref()
        .map(|id| slots::get(conn, id))
        .transpose()?;
    let zone = filter
        .zone_id
        .as_deref()
        .map(|id| zones::get(conn, retailer_id, id))
        .transpose()?;
    let lines = lines(conn, &orders)?;
    Ok(PickList {
        date: filter.date,
        slot,
        zone,
        order_count: orders.len(),
        lines,
    })
}

/// Sums the orders' lines per product, sorted by SKU.
fn lines(conn: &mut DbConnection, orders: &[ListedOrder]) -> Result<Vec<PickLine>, DomainError> {
    let mut by_product: HashMap<&str, Vec<PickOrder>> = HashMap::new();
    for listed in orders {
        // Lines picked on an earlier trip (a rescheduled order) are set aside already.
        for item in listed
            .items
            .iter()
            .filter(|item| item.picked_quantity.is_none())
        {
            by_product
                .entry(item.product_id.as_str())
                .or_default()
                .push(PickOrder {
                    order_id: listed.order.id.clone(),
                    number: listed.order.number.clone(),
                    quantity: i64::from(item.quantity),
                });
        }
    }
    let ids: Vec<&str> = by_product.keys().copied().collect();
    type ProductRow = (String, String, Option<String>, String, Option<String>);
    let products: Vec<ProductRow> = products::table
        .filter(products::id.eq_any(&ids))
        .select((
            products::id,
            products::sku,
            products::gtin,
            products::name,
            products::image_key,
        ))
        .load(conn)?;
    let mut lines: Vec<PickLine> = products
        .into_iter()
        .filter_map(|(id, sku, gtin, name, image_key)| {
            let orders = by_product.remove(id.as_str())?;
            Some(PickLine {
                sku,
                gtin,
                name,
                image_key,
                quantity: orders.iter().map(|o| o.quantity).sum(),
                orders,
            })
        })
        .collect();
    lines.sort_by(|a, b| a.sku.cmp(&b.sku));
    Ok(lines)
}
