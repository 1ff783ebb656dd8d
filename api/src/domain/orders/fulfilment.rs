//! The delivery state machine, moved by operators: confirmed → picking →
//! out_for_delivery → delivered, or → delivery_failed → confirmed again in another slot
//! (rescheduled) or returned. Leaving for delivery turns the held stock into deductions
//! for what was picked (a short pick gives the rest back) and captures what was picked;
//! a return puts the goods back on the shelf and refunds.

use std::collections::HashMap;

use diesel::prelude::*;
use serde::Deserialize;
use utoipa::ToSchema;

use super::{
    Change, Order, OrderDetails, OrderItem, OrderStatus, Transition, details, get, items,
    transition,
};
use crate::db::schema::{order_items, orders, products};
use crate::db::{DbConnection, DbPool, write_transaction};
use crate::domain::delivery::{booking, slots, zones};
use crate::domain::payments::PaymentProvider;
use crate::domain::payments::ledger::{self, Operation};
use crate::domain::{
    DomainError, FieldError, OrWhenMissing, analytics, connection, ids, retailers,
};

/// Units of one product actually picked.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PickedLine {
    /// The SKU of one of the order's lines, named once.
    pub sku: String,
    /// Units picked, 0 to those ordered (a line holds at most 99).
    #[schema(minimum = 0, maximum = 99)]
    pub quantity: i32,
}

/// A move asked for by staff.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = TransitionRequest)]
pub struct MoveRequest {
    /// The status to move to; which ones the order's status allows is the state machine's.
    pub to: OrderStatus,
    /// Why, for the history.
    #[serde(default)]
    #[schema(max_length = 500)]
    pub note: Option<String>,
    /// For `out_for_delivery`: what was picked, when less than ordered; lines not
    /// named were picked in full.
    #[serde(default)]
    pub picked: Vec<PickedLine>,
    /// For `confirmed` after a failed delivery: the new slot.
    #[serde(default)]
    pub delivery_slot_id: Option<String>,
}

/// Who moves the order.
#[derive(Debug, Clone, Copy)]
pub struct Mover<'a> {
    /// The retailer whose order it must be (others' orders are `NotFound`).
    pub retailer_id: &'a str,
    /// The staff member.
    pub user_id: &'a str,
}

/// Applies `request` to the order. Any move the state machine does not allow is
/// `InvalidTransition` naming the allowed ones; of two concurrent moves, one applies.
pub fn advance(
    pool: &DbPool,
    provider: &dyn PaymentProvider,
    mover: Mover<'_>,
    order_id: &str,
    request: &MoveRequest,
) -> Result<OrderDetails, DomainError> {
    let conn = &mut *connection(pool)?;
    let order = get(conn, order_id)?;
    if order.retailer_id != mover.retailer_id {
        return Err(DomainError::NotFound("order"));
    }
    if let Some(note) = &request.note
        && note.chars().count() > 500
    {
        return Err(DomainError::invalid(
            "note",
            "must be at most 500 characters",
        ));
    }
    let current = order.status;
    refuse_unless_allowed(current, request.to)?;
    // Until the capture of the trip is recorded, the van has not really left: a delivery
    // outcome now could land while a failing capture is being undone.
    if current == OrderStatus::OutForDelivery
        && ledger::succeeded_total(conn, &order.id, Operation::Capture)? == 0
    {
        return Err(DomainError::Conflict {
            code: "capture_pending",
            message: "the payment for this delivery is still being captured; retry shortly".into(),
        });
    }
    let change = Change {
        actor_id: Some(mover.user_id),
        note: request.note.as_deref(),
    };
    let moved = match (current, request.to) {
        (OrderStatus::Picking, OrderStatus::OutForDelivery) => {
            dispatch(conn, provider, &order, &request.picked, change)?
        }
        (OrderStatus::DeliveryFailed, OrderStatus::Confirmed) => {
            reschedule(conn, &order, request.delivery_slot_id.as_deref(), change)?
        }
        (OrderStatus::DeliveryFailed, OrderStatus::Returned) => {
            give_back(conn, provider, &order, change)?
        }
        (from, to) => moved_or_refused(transition(conn, &order.id, &[from], to, change)?, to)?,
    };
    details(conn, moved)
}

fn refuse_unless_allowed(current: OrderStatus, to: OrderStatus) -> Result<(), DomainError> {
    if current.delivery_moves().contains(&to) {
        Ok(())
    } else {
        Err(DomainError::InvalidTransition {
            current,
            requested: to,
            allowed: current.delivery_moves(),
        })
    }
}

/// The order after a move, or the refusal when another request moved it first.
fn moved_or_refused(outcome: Transition, to: OrderStatus) -> Result<Order, DomainError> {
    match outcome {
        Transition::Moved { order, .. } => Ok(*order),
        Transition::Refused { current } => {
            refuse_unless_allowed(current, to)?;
            Err(DomainError::Conflict {
                code: "order_changed",
                message: "the order changed meanwhile; reload it".into(),
            })
        }
    }
}

/// Picked units per line: those named in `picked`, the ordered quantity otherwise.
fn picked_quantities(items: &[OrderItem], picked: &[PickedLine]) -> Result<Vec<i32>, DomainError> {
    let mut named: HashMap<&str, i32> = HashMap::new();
    let mut errors = Vec::new();
    for (index, line) in picked.iter().enumerate() {
        let field = format!("picked[{index}]");
        match items.iter().find(|item| item.sku == line.sku) {
            None => errors.push(FieldError::new(field, "this SKU is not in the order")),
            Some(item) if !(0..=item.quantity).contains(&line.quantity) => {
                errors.push(FieldError::new(
                    field,
                    format!("must be 0 to the {} ordered", item.quantity),
                ));
            }
            Some(_) if named.insert(&line.sku, line.quantity).is_some() => {
                errors.push(FieldError::new(field, "this SKU is named twice"));
            }
            Some(_) => {}
        }
    }
    if !errors.is_empty() {
        return Err(DomainError::Invalid(errors));
    }
    let quantities: Vec<i32> = items
        .iter()
        .map(|item| {
            named
                .get(item.sku.as_str())
                .copied()
                .unwrap_or(item.quantity)
        })
        .collect();
    if quantities.iter().all(|&q| q == 0) {
        return Err(DomainError::invalid(
            "picked",
            "nothing was picked; an empty order cannot go out for delivery",
        ));
    }
    Ok(quantities)
}

/// Moves stock between "held" and "gone" for the picked lines: leaving (`sign` 1) takes
/// the picked units off the shelf and drops the holds; undoing (`sign` -1) reverses it.
fn settle_stock(
    conn: &mut DbConnection,
    items: &[OrderItem],
    picked: &[i32],
    sign: i64,
) -> Result<(), DomainError> {
    let mut lines: Vec<(&OrderItem, i32)> = items.iter().zip(picked.iter().copied()).collect();
    // Product-id order, as everywhere stock rows are locked (no deadlocks on PostgreSQL).
    lines.sort_by(|a, b| a.0.product_id.cmp(&b.0.product_id));
    for (item, picked) in lines {
        let (picked, ordered) = (sign * i64::from(picked), sign * i64::from(item.quantity));
        let changed = diesel::update(
            products::table
                .find(&item.product_id)
                .filter(products::stock_on_hand.ge(picked))
                .filter(products::reserved.ge(ordered)),
        )
        .set((
            products::stock_on_hand.eq(products::stock_on_hand - picked),
            products::reserved.eq(products::reserved - ordered),
        ))
        .execute(conn)?;
        if changed == 0 {
            // Stock edits set stock_on_hand and leave holds alone, so the warehouse may
            // record fewer units than were picked: the operator corrects the stock or
            // records the short pick. A hold smaller than its line is a broken invariant.
            let on_hand: i64 = products::table
                .find(&item.product_id)
                .select(products::stock_on_hand)
                .first(conn)?;
            if on_hand < picked {
                return Err(DomainError::Conflict {
                    code: "stock_below_picked",
                    message: format!(
                        "the recorded stock of {} ({on_hand}) is below the {picked} picked; \
                         correct the stock or record a short pick",
                        item.sku
                    ),
                });
            }
            return Err(DomainError::internal(anyhow::anyhow!(
                "holds of {} do not cover order line {}",
                item.sku,
                item.id
            )));
        }
        diesel::update(order_items::table.find(&item.id))
            .set(order_items::picked_quantity.eq((sign > 0).then_some(picked as i32)))
            .execute(conn)?;
    }
    Ok(())
}

/// The authorization reference of an order, which captures and refunds name.
fn authorization_reference(conn: &mut DbConnection, order: &Order) -> Result<String, DomainError> {
    ledger::authorization(conn, &order.id)?
        .and_then(|payment| payment.provider_reference)
        .ok_or_else(|| {
            DomainError::internal(anyhow::anyhow!("order {} has no authorization", order.id))
        })
}

/// picking → out_for_delivery: the move is claimed first (so two operators cannot both
/// capture), then the picked amount is captured; a failed capture undoes the move and
/// leaves the order in `picking` with the provider's reason.
fn dispatch(
    conn: &mut DbConnection,
    provider: &dyn PaymentProvider,
    order: &Order,
    picked: &[PickedLine],
    change: Change<'_>,
) -> Result<Order, DomainError> {
    let lines = items(conn, &order.id)?;
    // A rescheduled order was picked and paid on its first trip.
    let first_trip = lines.iter().all(|item| item.picked_quantity.is_none());
    let quantities = if first_trip {
        picked_quantities(&lines, picked)?
    } else {
        Vec::new()
    };
    let left = write_transaction(conn, |conn| {
        let outcome = transition(
            conn,
            &order.id,
            &[OrderStatus::Picking],
            OrderStatus::OutForDelivery,
            change,
        )?;
        let left = moved_or_refused(outcome, OrderStatus::OutForDelivery)?;
        if first_trip {
            settle_stock(conn, &lines, &quantities, 1)?;
        }
        Ok::<_, DomainError>(left)
    })?;
    if !first_trip {
        return Ok(left);
    }
    let amount = order.delivery_fee_minor
        + lines
            .iter()
            .zip(&quantities)
            .map(|(item, &q)| i64::from(q) * item.unit_price_minor)
            .sum::<i64>();
    let reference = authorization_reference(conn, order)?;
    let captured = provider.capture(&reference, amount);
    let record = |conn: &mut DbConnection| {
        ledger::record_call(
            conn,
            &order.id,
            provider.name(),
            Operation::Capture,
            amount,
            &reference,
            &captured,
        )
    };
    let Err(error) = &captured else {
        record(conn)?;
        return Ok(left);
    };
    let reason = format!("capture failed: {error}");
    write_transaction(conn, |conn| {
        record(conn)?;
        let back = transition(
            conn,
            &order.id,
            &[OrderStatus::OutForDelivery],
            OrderStatus::Picking,
            Change {
                actor_id: None,
                note: Some(&reason),
            },
        )?;
        moved_or_refused(back, OrderStatus::Picking)?;
        settle_stock(conn, &lines, &quantities, -1)
    })?;
    Err(DomainError::Conflict {
        code: "capture_failed",
        message: format!("{reason}; the order stays in picking"),
    })
}

/// delivery_failed → confirmed in another slot of the order's zone: the new place is
/// booked and the old one freed in one transaction, or nothing changes.
fn reschedule(
    conn: &mut DbConnection,
    order: &Order,
    slot_id: Option<&str>,
    change: Change<'_>,
) -> Result<Order, DomainError> {
    let slot_id = slot_id.ok_or_else(|| {
        DomainError::invalid("delivery_slot_id", "name the slot to deliver in instead")
    })?;
    write_transaction(conn, |conn| {
        let slot = slots::get(conn, slot_id)
            .invalid_when_missing("delivery_slot_id", "no such delivery slot")?;
        let postal_code: String = crate::db::schema::order_addresses::table
            .find(&order.id)
            .select(crate::db::schema::order_addresses::postal_code)
            .first(conn)?;
        if !zones::serves(conn, &order.retailer_id, &postal_code, &slot.zone_id)? {
            return Err(DomainError::invalid(
                "delivery_slot_id",
                "that slot does not deliver to the order's address",
            ));
        }
        let booked = booking::book(conn, &slot.id, &order.id)?;
        booking::release(conn, &order.slot_booking_id)?;
        diesel::update(orders::table.find(&order.id))
            .set((
                orders::delivery_slot_id.eq(&slot.id),
                orders::slot_booking_id.eq(&booked.id),
            ))
            .execute(conn)?;
        let outcome = transition(
            conn,
            &order.id,
            &[OrderStatus::DeliveryFailed],
            OrderStatus::Confirmed,
            change,
        )?;
        moved_or_refused(outcome, OrderStatus::Confirmed)
    })
}

/// delivery_failed → returned: the picked goods go back on the shelf and what was
/// captured is refunded. A failed refund is recorded and named in the order's reason.
fn give_back(
    conn: &mut DbConnection,
    provider: &dyn PaymentProvider,
    order: &Order,
    change: Change<'_>,
) -> Result<Order, DomainError> {
    let returned = write_transaction(conn, |conn| {
        let outcome = transition(
            conn,
            &order.id,
            &[OrderStatus::DeliveryFailed],
            OrderStatus::Returned,
            change,
        )?;
        let returned = moved_or_refused(outcome, OrderStatus::Returned)?;
        let mut lines = items(conn, &order.id)?;
        let retailer = retailers::get(conn, &order.retailer_id)?;
        analytics::orders::record_return(conn, &retailer, &lines, ids::now())?;
        lines.sort_by(|a, b| a.product_id.cmp(&b.product_id));
        for item in lines {
            let units = i64::from(item.picked_quantity.unwrap_or(0));
            diesel::update(products::table.find(&item.product_id))
                .set(products::stock_on_hand.eq(products::stock_on_hand + units))
                .execute(conn)?;
        }
        Ok::<_, DomainError>(returned)
    })?;
    let amount = ledger::succeeded_total(conn, &order.id, Operation::Capture)?;
    if amount == 0 {
        return Ok(returned);
    }
    let reference = authorization_reference(conn, order)?;
    let refunded = provider.refund(&reference, amount);
    ledger::record_call(
        conn,
        &order.id,
        provider.name(),
        Operation::Refund,
        amount,
        &reference,
        &refunded,
    )?;
    if let Err(error) = refunded {
        let reason = format!("refund failed: {error}");
        tracing::error!(order = %order.id, reason, "refund of a returned order failed");
        diesel::update(orders::table.find(&order.id))
            .set((
                orders::status_reason.eq(&reason),
                orders::updated_at.eq(ids::now()),
            ))
            .execute(conn)?;
        return get(conn, &order.id);
    }
    Ok(returned)
}
