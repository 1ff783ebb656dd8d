//! What an open order holds: units of stock (`products.reserved`) and a place in its
//! delivery slot. Taken together at checkout, given back together when the order ends
//! without delivery, exactly once: giving back is tied to the status change that ends
//! the order, and that change happens once.

use diesel::prelude::*;

use super::{Change, OrderStatus, Transition, items, transition};
use crate::db::schema::products;
use crate::db::{DbConnection, write_transaction};
use crate::domain::DomainError;
use crate::domain::delivery::booking;

/// A product and how many units an order wants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockRequest {
    /// The product's id.
    pub product_id: String,
    /// Its SKU, to name it in errors.
    pub sku: String,
    /// Units.
    pub quantity: i64,
}

/// Reserves every request or none. Each is a conditional update that succeeds only
/// while enough is available, so concurrent checkouts can never sell below zero; they
/// are taken in product-id order so two checkouts never wait on each other's rows.
/// `Conflict` `out_of_stock` names the first product short of stock.
pub fn reserve(conn: &mut DbConnection, requests: &[StockRequest]) -> Result<(), DomainError> {
    let mut ordered: Vec<&StockRequest> = requests.iter().collect();
    ordered.sort_by(|a, b| a.product_id.cmp(&b.product_id));
    write_transaction(conn, |conn| {
        for request in ordered {
            let taken = diesel::update(
                products::table
                    .find(&request.product_id)
                    .filter(products::active.eq(true))
                    .filter(products::deleted_at.is_null())
                    .filter((products::stock_on_hand - products::reserved).ge(request.quantity)),
            )
            .set(products::reserved.eq(products::reserved + request.quantity))
            .execute(conn)?;
            if taken == 0 {
                return Err(DomainError::Conflict {
                    code: "out_of_stock",
                    message: format!("not enough of {} is left", request.sku),
                });
            }
        }
        Ok(())
    })
}

/// Moves the order to `to` (from one of `allowed_from`) and, when it moved, gives back
/// its stock and its slot place in the same transaction.
pub fn end_and_release(
    conn: &mut DbConnection,
    order_id: &str,
    allowed_from: &[OrderStatus],
    to: OrderStatus,
    change: Change<'_>,
) -> Result<Transition, DomainError> {
    write_transaction(conn, |conn| {
        let outcome = transition(conn, order_id, allowed_from, to, change)?;
        if let Transition::Moved { order, .. } = &outcome {
            let mut lines = items(conn, &order.id)?;
            // The same order of rows as `reserve`, so that two transactions never wait
            // on each other's rows (a deadlock on PostgreSQL).
            lines.sort_by(|a, b| a.product_id.cmp(&b.product_id));
            for item in lines {
                let quantity = i64::from(item.quantity);
                let released = diesel::update(
                    products::table
                        .find(&item.product_id)
                        .filter(products::reserved.ge(quantity)),
                )
                .set(products::reserved.eq(products::reserved - quantity))
                .execute(conn)?;
                if released == 0 {
                    return Err(DomainError::internal(anyhow::anyhow!(
                        "order {} held more of {} than is reserved",
                        order.id,
                        item.sku
                    )));
                }
            }
            booking::release(conn, &order.slot_booking_id)?;
        }
        Ok(outcome)
    })
}
