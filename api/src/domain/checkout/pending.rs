//! The first half of a checkout, in one database transaction: re-price the cart, hold
//! stock for every line, book the slot, and create the order in `pending_payment`.
//! Either all of it happens or none.

use chrono::{Duration, NaiveDateTime};

use super::input::CheckoutInput;
use crate::db::{DbConnection, write_transaction};
use crate::domain::cart::{self, CartOwner, LineProblem};
use crate::domain::delivery::{booking, slots, zones};
use crate::domain::orders::holds::{self, StockRequest};
use crate::domain::orders::{self, Order, OrderAddress, OrderItem, OrderStatus};
use crate::domain::posters::codes;
use crate::domain::{DomainError, OrWhenMissing, ids};

/// A short order number for phone calls and labels: 8 random Crockford characters as
/// two groups (`7Q2K-9XJ4`), so it reveals nothing about order volume.
fn new_order_number() -> String {
    let code = codes::generate();
    format!("{}-{}", &code[..4], &code[4..])
}

fn conflict(code: &'static str, message: impl Into<String>) -> DomainError {
    DomainError::Conflict {
        code,
        message: message.into(),
    }
}

/// Creates the customer's order from their cart, holding stock and a slot place until
/// `now + reservation`.
pub fn create(
    conn: &mut DbConnection,
    customer_id: &str,
    input: &CheckoutInput,
    now: NaiveDateTime,
    reservation: Duration,
) -> Result<Order, DomainError> {
    input.validate()?;
    write_transaction(conn, |conn| {
        let cart = cart::view(conn, &CartOwner::Customer(customer_id.to_owned()), now)?;
        let Some(retailer) = cart.retailer.clone() else {
            return Err(conflict("cart_empty", "the cart is empty"));
        };
        for line in &cart.lines {
            match line.problem {
                Some(LineProblem::Unavailable) => {
                    return Err(conflict(
                        "product_unavailable",
                        format!(
                            "{} is no longer available; remove it from the cart",
                            line.product.name
                        ),
                    ));
                }
                Some(LineProblem::InsufficientStock { available }) => {
                    return Err(conflict(
                        "out_of_stock",
                        format!("only {available} of {} left", line.product.name),
                    ));
                }
                None => {}
            }
        }
        let slot = slots::get(conn, &input.delivery_slot_id)
            .invalid_when_missing("delivery_slot_id", "no such delivery slot")?;
        zones::get(conn, &retailer.id, &slot.zone_id).invalid_when_missing(
            "delivery_slot_id",
            "this shop does not deliver in that slot",
        )?;
        if !zones::serves(
            conn,
            &retailer.id,
            &input.address.postal_code,
            &slot.zone_id,
        )? {
            return Err(DomainError::invalid(
                "address.postal_code",
                "the chosen delivery slot does not deliver to this postal code",
            ));
        }

        let requests: Vec<StockRequest> = cart
            .lines
            .iter()
            .map(|line| StockRequest {
                product_id: line.product.id.clone(),
                sku: line.product.sku.clone(),
                quantity: i64::from(line.item.quantity),
            })
            .collect();
        holds::reserve(conn, &requests)?;
        let order_id = ids::new_id();
        let booking = booking::book(conn, &slot.id, &order_id)?;

        let items_total_minor = cart.items_total_minor();
        let order = Order {
            id: order_id.clone(),
            number: new_order_number(),
            retailer_id: retailer.id.clone(),
            customer_id: customer_id.to_owned(),
            status: OrderStatus::PendingPayment,
            status_reason: None,
            currency: retailer.currency.clone(),
            items_total_minor,
            delivery_fee_minor: slot.fee_minor,
            total_minor: items_total_minor + slot.fee_minor,
            delivery_slot_id: slot.id.clone(),
            slot_booking_id: booking.id,
            reserved_until: now + reservation,
            created_at: now,
            updated_at: now,
        };
        let address = &input.address;
        let address = OrderAddress {
            order_id: order_id.clone(),
            name: address.name.trim().to_owned(),
            phone: address.phone.trim().to_owned(),
            line1: address.line1.trim().to_owned(),
            line2: address
                .line2
                .as_deref()
                .unwrap_or_default()
                .trim()
                .to_owned(),
            postal_code: zones::normalize_postal_code(&address.postal_code),
            city: address.city.trim().to_owned(),
        };
        let items: Vec<OrderItem> = cart
            .lines
            .iter()
            .zip(0..)
            .map(|(line, position)| OrderItem {
                id: ids::new_id(),
                order_id: order_id.clone(),
                position,
                product_id: line.product.id.clone(),
                sku: line.product.sku.clone(),
                name: line.product.name.clone(),
                quantity: line.item.quantity,
                unit_price_minor: line.unit_price.amount_minor,
                catalog_price_minor: line.product.price_minor,
                scan_code: line.item.scan_code.clone(),
                picked_quantity: None,
                source_channel: line.item.source_channel.clone(),
                source_id: line.item.source_id.clone(),
            })
            .collect();
        orders::insert(conn, &order, &address, &items, customer_id)?;
        Ok(order)
    })
}
