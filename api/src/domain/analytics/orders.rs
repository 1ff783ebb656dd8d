//! Attributed order lines: written in the transaction that confirms an order, updated in
//! the one that takes it back. Reports join `orders` for its current status, so an order
//! cancelled after its confirmation drops out of every figure.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{date_key, local_date_hour};
use crate::db::DbConnection;
use crate::db::schema::{analytics_order_lines, scan_codes};
use crate::domain::DomainError;
use crate::domain::orders::OrderItem;
use crate::domain::retailers::Retailer;

#[derive(Insertable)]
#[diesel(table_name = analytics_order_lines)]
#[diesel(treat_none_as_default_value = false)]
struct LineRow {
    order_id: String,
    position: i32,
    retailer_id: String,
    channel: String,
    source_id: String,
    poster_id: Option<String>,
    placement_id: Option<String>,
    product_id: String,
    local_date: String,
    local_hour: i32,
    units: i64,
    revenue_minor: i64,
    returned_local_date: Option<String>,
    refunded_minor: i64,
}

/// Records the attributed lines of an order confirmed at `at` (lines without a source
/// are not attributed to anything and left out).
pub fn record_confirmed(
    conn: &mut DbConnection,
    retailer: &Retailer,
    items: &[OrderItem],
    at: NaiveDateTime,
) -> Result<(), DomainError> {
    let (date, hour) = local_date_hour(retailer.tz()?, at);
    let mut rows = Vec::new();
    for item in items {
        let (Some(channel), Some(source_id)) = (&item.source_channel, &item.source_id) else {
            continue;
        };
        let (poster_id, placement_id) = if channel == super::POSTER {
            scan_codes::table
                .find(source_id)
                .select((scan_codes::poster_id.nullable(), scan_codes::placement_id))
                .first::<(Option<String>, Option<String>)>(conn)
                .optional()?
                .unwrap_or_default()
        } else {
            (None, None)
        };
        rows.push(LineRow {
            order_id: item.order_id.clone(),
            position: item.position,
            retailer_id: retailer.id.clone(),
            channel: channel.clone(),
            source_id: source_id.clone(),
            poster_id,
            placement_id,
            product_id: item.product_id.clone(),
            local_date: date_key(date),
            local_hour: i32::try_from(hour).unwrap_or_default(),
            units: i64::from(item.quantity),
            revenue_minor: item.line_total_minor(),
            returned_local_date: None,
            refunded_minor: 0,
        });
    }
    if !rows.is_empty() {
        // Confirming is a conditional status change, so this runs once per order;
        // ignoring conflicts keeps a replay harmless all the same.
        crate::on_backend!(conn, |inner| diesel::insert_into(
            analytics_order_lines::table
        )
        .values(&rows)
        .on_conflict_do_nothing()
        .execute(inner))?;
    }
    Ok(())
}

/// Records the return of an order at `at`: each attributed line's picked units at the
/// price charged are refunded on that local day.
pub fn record_return(
    conn: &mut DbConnection,
    retailer: &Retailer,
    items: &[OrderItem],
    at: NaiveDateTime,
) -> Result<(), DomainError> {
    let (date, _) = local_date_hour(retailer.tz()?, at);
    let date = date_key(date);
    for item in items {
        let refunded = i64::from(item.picked_quantity.unwrap_or(0)) * item.unit_price_minor;
        diesel::update(analytics_order_lines::table.find((&item.order_id, item.position)))
            .set((
                analytics_order_lines::returned_local_date.eq(&date),
                analytics_order_lines::refunded_minor.eq(refunded),
            ))
            .execute(conn)?;
    }
    Ok(())
}
