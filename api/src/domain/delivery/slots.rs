//! Concrete delivery slots: made from the templates for a rolling horizon, without
//! duplicates however many processes make them at once, and read with their availability.

use std::collections::HashSet;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use chrono_tz::Tz;
use diesel::prelude::*;

use super::calendar::{local_to_utc, weekday};
use super::templates::{self, SlotTemplate};
use super::zones::{self, Zone};
use crate::db::schema::{closed_dates, delivery_slots};
use crate::db::{DbConnection, write_transaction};
use crate::domain::{DomainError, ids};

/// Days ahead for which slots exist.
pub const HORIZON_DAYS: u32 = 14;

/// A slot as stored.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = delivery_slots)]
#[diesel(treat_none_as_default_value = false)]
pub struct Slot {
    /// Opaque id.
    pub id: String,
    /// Zone served.
    pub zone_id: String,
    /// Template it was made from.
    pub template_id: String,
    /// Local date, `YYYY-MM-DD`.
    pub local_date: String,
    /// Start (UTC).
    pub starts_at: NaiveDateTime,
    /// End (UTC).
    pub ends_at: NaiveDateTime,
    /// Orders it can take.
    pub capacity: i32,
    /// Orders booked.
    pub booked: i32,
    /// Delivery fee in minor units.
    pub fee_minor: i64,
    /// Last instant an order may book it: the earlier of start minus prior notice and the
    /// same-day cutoff (UTC).
    pub bookable_until: NaiveDateTime,
    /// Kept for its bookings after its template changed; not bookable.
    pub detached: bool,
    /// Creation time (UTC).
    pub created_at: NaiveDateTime,
}

/// A slot with what a shopper needs to know now.
#[derive(Debug, Clone)]
pub struct Availability {
    /// The slot.
    pub slot: Slot,
    /// Places left.
    pub remaining: i32,
    /// True when an order placed now may book it.
    pub bookable: bool,
    /// True when its date is closed.
    pub closed: bool,
}

impl Slot {
    /// The slot's availability at `now`, given whether its date is closed.
    pub fn availability(self, now: NaiveDateTime, closed: bool) -> Availability {
        let remaining = (self.capacity - self.booked).max(0);
        let bookable = !closed && !self.detached && remaining > 0 && now < self.bookable_until;
        Availability {
            slot: self,
            remaining,
            bookable,
            closed,
        }
    }
}

fn slot_from(template: &SlotTemplate, tz: Tz, date: NaiveDate, now: NaiveDateTime) -> Slot {
    let starts_at = local_to_utc(tz, date, template.start_minute);
    let ends_at = local_to_utc(tz, date, template.end_minute);
    let notice_deadline = starts_at - Duration::minutes(i64::from(template.prior_notice_minutes));
    let bookable_until = template
        .same_day_cutoff_minute
        .map(|minute| local_to_utc(tz, date, minute))
        .map_or(notice_deadline, |cutoff| cutoff.min(notice_deadline));
    Slot {
        id: ids::new_id(),
        zone_id: template.zone_id.clone(),
        template_id: template.id.clone(),
        local_date: date.to_string(),
        starts_at,
        ends_at,
        capacity: template.capacity,
        booked: 0,
        fee_minor: template.fee_minor,
        bookable_until,
        detached: false,
        created_at: now,
    }
}

/// The slots `templates` make on local dates `[from, from + days)`, with new ids.
fn from_templates(templates: &[SlotTemplate], tz: Tz, from: NaiveDate, days: u32) -> Vec<Slot> {
    let now = ids::now();
    (0..days)
        .filter_map(|offset| from.checked_add_days(chrono::Days::new(u64::from(offset))))
        .flat_map(|date| {
            templates
                .iter()
                .filter(move |t| t.weekday == weekday(date))
                .map(move |t| slot_from(t, tz, date, now))
        })
        .collect()
}

/// The zone's stored slots on local dates `[from, from + days)`, by start.
fn stored(
    conn: &mut DbConnection,
    zone_id: &str,
    from: NaiveDate,
    days: u32,
) -> Result<Vec<Slot>, DomainError> {
    let until = from + chrono::Days::new(u64::from(days));
    Ok(delivery_slots::table
        .filter(delivery_slots::zone_id.eq(zone_id))
        .filter(delivery_slots::local_date.ge(from.to_string()))
        .filter(delivery_slots::local_date.lt(until.to_string()))
        .order(delivery_slots::starts_at.asc())
        .select(Slot::as_select())
        .load(conn)?)
}

/// A slot of a zone's plan: stored, or one that [`materialize`] would make.
#[derive(Debug, Clone)]
pub struct Planned {
    /// The slot; when not stored, its id is a placeholder that no row has.
    pub slot: Slot,
    /// True when the slot is stored (it has a page and may hold bookings).
    pub stored: bool,
}

/// The zone's slots on local dates `[from, from + days)` by start: the stored ones and,
/// for each active template without its slot yet, the slot it will make. Writes nothing,
/// so a page that only shows the plan does not create slots.
pub fn planned(
    conn: &mut DbConnection,
    zone: &Zone,
    tz: Tz,
    from: NaiveDate,
    days: u32,
) -> Result<Vec<Planned>, DomainError> {
    let existing = stored(conn, &zone.id, from, days)?;
    // The same key as `materialize`'s conflict target: a stored slot stands for its
    // template's slot of that date.
    let made: HashSet<(String, String)> = existing
        .iter()
        .map(|slot| (slot.template_id.clone(), slot.local_date.clone()))
        .collect();
    let missing = from_templates(&templates::active(conn, &zone.id)?, tz, from, days)
        .into_iter()
        .filter(|slot| !made.contains(&(slot.template_id.clone(), slot.local_date.clone())))
        .map(|slot| Planned {
            slot,
            stored: false,
        });
    let mut plan: Vec<Planned> = existing
        .into_iter()
        .map(|slot| Planned { slot, stored: true })
        .chain(missing)
        .collect();
    plan.sort_by_key(|planned| planned.slot.starts_at);
    Ok(plan)
}

/// Makes the missing slots of `zone` for `days` local dates from `from`. Concurrent calls
/// (several API processes) cannot duplicate a slot: `(template, date)` is unique and the
/// insert skips existing rows.
pub fn materialize(
    conn: &mut DbConnection,
    zone: &Zone,
    tz: Tz,
    from: NaiveDate,
    days: u32,
) -> Result<(), DomainError> {
    let rows = from_templates(&templates::active(conn, &zone.id)?, tz, from, days);
    if rows.is_empty() {
        return Ok(());
    }
    write_transaction(conn, |conn| {
        crate::on_backend!(conn, |inner| diesel::insert_into(delivery_slots::table)
            .values(&rows)
            .on_conflict((delivery_slots::template_id, delivery_slots::local_date))
            .do_nothing()
            .execute(inner))?;
        Ok(())
    })
}

/// The zone's slots on local dates `[from, from + days)`, by start, with availability.
pub fn in_zone(
    conn: &mut DbConnection,
    zone: &Zone,
    tz: Tz,
    from: NaiveDate,
    days: u32,
    now: NaiveDateTime,
) -> Result<Vec<Availability>, DomainError> {
    materialize(conn, zone, tz, from, days)?;
    let slots = stored(conn, &zone.id, from, days)?;
    let closed: HashSet<String> = closed_dates::table
        .filter(closed_dates::zone_id.eq(&zone.id))
        .select(closed_dates::local_date)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    Ok(slots
        .into_iter()
        .map(|slot| {
            let is_closed = closed.contains(&slot.local_date);
            slot.availability(now, is_closed)
        })
        .collect())
}

/// Slots for a delivery address of a retailer; empty when no zone serves the postal code.
pub fn for_address(
    conn: &mut DbConnection,
    retailer_id: &str,
    tz: Tz,
    postal_code: &str,
    from: NaiveDate,
    days: u32,
    now: NaiveDateTime,
) -> Result<Vec<Availability>, DomainError> {
    match zones::serving(conn, retailer_id, postal_code)? {
        Some(zone) => in_zone(conn, &zone, tz, from, days, now),
        None => Ok(Vec::new()),
    }
}

/// One slot by id.
pub fn get(conn: &mut DbConnection, slot_id: &str) -> Result<Slot, DomainError> {
    delivery_slots::table
        .find(slot_id)
        .select(Slot::as_select())
        .first(conn)
        .optional()?
        .ok_or(DomainError::NotFound("delivery slot"))
}

/// The retailer whose zone slot `slot_id` belongs to.
pub fn retailer_of(conn: &mut DbConnection, slot_id: &str) -> Result<String, DomainError> {
    delivery_slots::table
        .inner_join(crate::db::schema::delivery_zones::table)
        .filter(delivery_slots::id.eq(slot_id))
        .select(crate::db::schema::delivery_zones::retailer_id)
        .first(conn)
        .optional()?
        .ok_or(DomainError::NotFound("delivery slot"))
}
