//! Booking and releasing slot places. Both take the caller's connection, so checkout runs
//! them inside its own transaction. Capacity is enforced by the database: a conditional
//! `UPDATE … SET booked = booked + 1 WHERE booked < capacity` either takes a place or
//! changes nothing, however many bookings race.

use diesel::prelude::*;

use super::slots;
use crate::db::schema::{closed_dates, delivery_slots, slot_bookings};
use crate::db::{DbConnection, write_transaction};
use crate::domain::{DomainError, ids};

/// A booked place.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = slot_bookings)]
pub struct Booking {
    /// Opaque id; release by it.
    pub id: String,
    /// The slot.
    pub slot_id: String,
    /// What booked it (an order id).
    pub reference: String,
    /// When (UTC).
    pub booked_at: chrono::NaiveDateTime,
    /// When released, if it was.
    pub released_at: Option<chrono::NaiveDateTime>,
}

/// Takes one place of `slot_id` for `reference`. `Conflict` `slot_full` when no place is
/// left, `slot_unavailable` when past its cutoff or notice, closed or detached.
pub fn book(
    conn: &mut DbConnection,
    slot_id: &str,
    reference: &str,
) -> Result<Booking, DomainError> {
    write_transaction(conn, |conn| {
        let now = ids::now();
        let slot = slots::get(conn, slot_id)?;
        let closed = closed_dates::table
            .find((&slot.zone_id, &slot.local_date))
            .count()
            .get_result::<i64>(conn)?
            > 0;
        if closed || slot.detached || now >= slot.bookable_until {
            return Err(DomainError::Conflict {
                code: "slot_unavailable",
                message: "this delivery slot can no longer be booked".into(),
            });
        }
        let taken = diesel::update(
            delivery_slots::table
                .find(slot_id)
                .filter(delivery_slots::booked.lt(delivery_slots::capacity)),
        )
        .set(delivery_slots::booked.eq(delivery_slots::booked + 1))
        .execute(conn)?;
        if taken == 0 {
            return Err(DomainError::Conflict {
                code: "slot_full",
                message: "this delivery slot is full".into(),
            });
        }
        let booking = Booking {
            id: ids::new_id(),
            slot_id: slot_id.to_owned(),
            reference: reference.to_owned(),
            booked_at: now,
            released_at: None,
        };
        diesel::insert_into(slot_bookings::table)
            .values(&booking)
            .execute(conn)?;
        Ok(booking)
    })
}

/// Gives a booked place back. True when this call released it; false when it was already
/// released, so a place is freed exactly once.
pub fn release(conn: &mut DbConnection, booking_id: &str) -> Result<bool, DomainError> {
    write_transaction(conn, |conn| {
        let slot_id: String = slot_bookings::table
            .find(booking_id)
            .select(slot_bookings::slot_id)
            .first(conn)
            .optional()?
            .ok_or(DomainError::NotFound("booking"))?;
        let released = diesel::update(
            slot_bookings::table
                .find(booking_id)
                .filter(slot_bookings::released_at.is_null()),
        )
        .set(slot_bookings::released_at.eq(ids::now()))
        .execute(conn)?;
        if released == 1 {
            diesel::update(
                delivery_slots::table
                    .find(&slot_id)
                    .filter(delivery_slots::booked.gt(0)),
            )
            .set(delivery_slots::booked.eq(delivery_slots::booked - 1))
            .execute(conn)?;
        }
        Ok(released == 1)
    })
}
