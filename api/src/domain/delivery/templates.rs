//! Weekly slot templates per zone: weekday, local start and end, capacity, fee, prior
//! notice and an optional same-day cutoff. A change applies to slots nobody booked yet;
//! booked slots that no longer match are kept and flagged (`detached`).

use diesel::prelude::*;
use serde::Deserialize;
use utoipa::ToSchema;

use super::calendar::parse_minute;
use crate::db::schema::{delivery_slots, delivery_zones, slot_templates};
use crate::db::{DbConnection, write_transaction};
use crate::domain::catalog::input::{MAX_PRICE_MINOR, PriceInput};
use crate::domain::{DomainError, FieldError, ids};

/// A template as stored. Times are minutes after local midnight.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = slot_templates)]
pub struct SlotTemplate {
    /// Opaque id.
    pub id: String,
    /// Zone it belongs to.
    pub zone_id: String,
    /// ISO weekday, 1 = Monday … 7 = Sunday.
    pub weekday: i32,
    /// Local start, minutes after midnight.
    pub start_minute: i32,
    /// Local end, minutes after midnight (1440 = midnight at the end of the day).
    pub end_minute: i32,
    /// Orders per slot.
    pub capacity: i32,
    /// Delivery fee in minor units.
    pub fee_minor: i64,
    /// Minimum minutes between ordering and the slot's start.
    pub prior_notice_minutes: i32,
    /// Orders for a slot on day D must be placed before this local minute of day D.
    pub same_day_cutoff_minute: Option<i32>,
    /// False once removed; its booked slots stay.
    pub active: bool,
    /// Creation time (UTC).
    pub created_at: chrono::NaiveDateTime,
    /// Last change (UTC).
    pub updated_at: chrono::NaiveDateTime,
}

/// A template as submitted.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = SlotTemplateInput)]
pub struct TemplateInput {
    /// 1 = Monday … 7 = Sunday.
    #[schema(minimum = 1, maximum = 7)]
    pub weekday: i32,
    /// Local start, `HH:MM`.
    #[schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub start: String,
    /// Local end, `HH:MM` up to `24:00`, after the start (422 otherwise).
    #[schema(pattern = "^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$")]
    pub end: String,
    /// Orders per slot.
    #[schema(minimum = 0, maximum = 10_000)]
    pub capacity: i32,
    /// Delivery fee, in the retailer's currency (another currency is refused with 422).
    pub fee: PriceInput,
    /// Minimum minutes between ordering and slot start, at most a week.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 10_080, default = 0)]
    pub prior_notice_minutes: i32,
    /// Same-day cutoff, local `HH:MM`, e.g. `13:00`: orders for a slot on day D must be
    /// placed before this time of day D.
    #[schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub same_day_cutoff: Option<String>,
}

/// Most orders a slot can take.
const MAX_CAPACITY: i32 = 10_000;

impl TemplateInput {
    /// Every field error of the input, found without the database: a face that could not
    /// read some fields reports these beside its own.
    pub fn check(&self, currency: &str) -> Result<(), DomainError> {
        self.validate(currency).map(|_| ())
    }

    fn validate(&self, currency: &str) -> Result<(i32, i32, Option<i32>), DomainError> {
        let mut errors = Vec::new();
        if !(1..=7).contains(&self.weekday) {
            errors.push(FieldError::new(
                "weekday",
                "must be 1 (Monday) to 7 (Sunday)",
            ));
        }
        let start = parse_minute(&self.start).filter(|m| *m < 1440);
        if start.is_none() {
            errors.push(FieldError::new("start", "must be a local time HH:MM"));
        }
        let end = parse_minute(&self.end);
        match (start, end) {
            (_, None) => errors.push(FieldError::new("end", "must be a local time HH:MM")),
            (Some(s), Some(e)) if e <= s => {
                errors.push(FieldError::new("end", "must be after start"))
            }
            _ => {}
        }
        if !(0..=MAX_CAPACITY).contains(&self.capacity) {
            errors.push(FieldError::new(
                "capacity",
                format!("must be 0 to {MAX_CAPACITY}"),
            ));
        }
        if !(0..=MAX_PRICE_MINOR).contains(&self.fee.amount_minor) {
            errors.push(FieldError::new(
                "fee.amount_minor",
                format!("must be between 0 and {MAX_PRICE_MINOR} minor units"),
            ));
        }
        if self.fee.currency.as_deref().is_some_and(|c| c != currency) {
            errors.push(FieldError::new(
                "fee.currency",
                format!("must be the retailer's currency, {currency}"),
            ));
        }
        if !(0..=7 * 24 * 60).contains(&self.prior_notice_minutes) {
            errors.push(FieldError::new(
                "prior_notice_minutes",
                "must be 0 to 10080 (a week)",
            ));
        }
        let cutoff = match &self.same_day_cutoff {
            None => None,
            Some(text) => match parse_minute(text).filter(|m| *m < 1440) {
                Some(minute) => Some(minute),
                None => {
                    errors.push(FieldError::new(
                        "same_day_cutoff",
                        "must be a local time HH:MM",
                    ));
                    None
                }
            },
        };
        match (start, end) {
            (Some(s), Some(e)) if errors.is_empty() => Ok((s, e, cutoff)),
            _ => Err(DomainError::Invalid(errors)),
        }
    }
}

fn refuse_overlap(
    conn: &mut DbConnection,
    zone_id: &str,
    weekday: i32,
    (start, end): (i32, i32),
    except: Option<&str>,
) -> Result<(), DomainError> {
    let mut query = slot_templates::table
        .filter(slot_templates::zone_id.eq(zone_id))
        .filter(slot_templates::weekday.eq(weekday))
        .filter(slot_templates::active.eq(true))
        .filter(slot_templates::start_minute.lt(end))
        .filter(slot_templates::end_minute.gt(start))
        .select(slot_templates::id)
        .into_boxed();
    if let Some(id) = except {
        query = query.filter(slot_templates::id.ne(id.to_owned()));
    }
    match query.first::<String>(conn).optional()? {
        Some(other) => Err(DomainError::Conflict {
            code: "template_overlap",
            message: format!("overlaps template {other} on the same weekday"),
        }),
        None => Ok(()),
    }
}

/// Adds a template to a zone; one overlapping an active template of the same weekday is
/// refused.
pub fn create(
    conn: &mut DbConnection,
    zone_id: &str,
    currency: &str,
    input: &TemplateInput,
) -> Result<SlotTemplate, DomainError> {
    let (start, end, cutoff) = input.validate(currency)?;
    write_transaction(conn, |conn| {
        refuse_overlap(conn, zone_id, input.weekday, (start, end), None)?;
        let now = ids::now();
        let template = SlotTemplate {
            id: ids::new_id(),
            zone_id: zone_id.to_owned(),
            weekday: input.weekday,
            start_minute: start,
            end_minute: end,
            capacity: input.capacity,
            fee_minor: input.fee.amount_minor,
            prior_notice_minutes: input.prior_notice_minutes,
            same_day_cutoff_minute: cutoff,
            active: true,
            created_at: now,
            updated_at: now,
        };
        diesel::insert_into(slot_templates::table)
            .values(&template)
            .execute(conn)?;
        Ok(template)
    })
}

/// The zone's template with this id.
pub fn get(
    conn: &mut DbConnection,
    zone_id: &str,
    template_id: &str,
) -> Result<SlotTemplate, DomainError> {
    slot_templates::table
        .find(template_id)
        .filter(slot_templates::zone_id.eq(zone_id))
        .select(SlotTemplate::as_select())
        .first(conn)
        .optional()?
        .ok_or(DomainError::NotFound("template"))
}

/// Active templates of a zone, by weekday and start.
pub fn active(conn: &mut DbConnection, zone_id: &str) -> Result<Vec<SlotTemplate>, DomainError> {
    Ok(slot_templates::table
        .filter(slot_templates::zone_id.eq(zone_id))
        .filter(slot_templates::active.eq(true))
        .order((
            slot_templates::weekday.asc(),
            slot_templates::start_minute.asc(),
        ))
        .select(SlotTemplate::as_select())
        .load(conn)?)
}

/// How many active templates each zone of a retailer has, by zone id (zones without any
/// are absent), in one grouped query.
pub fn active_counts(
    conn: &mut DbConnection,
    retailer_id: &str,
) -> Result<std::collections::HashMap<String, i64>, DomainError> {
    let rows: Vec<(String, i64)> = slot_templates::table
        .inner_join(delivery_zones::table)
        .filter(delivery_zones::retailer_id.eq(retailer_id))
        .filter(slot_templates::active.eq(true))
        .group_by(slot_templates::zone_id)
        .select((slot_templates::zone_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

/// Future slots of a changed or removed template: unbooked ones go (and are made again
/// from the template on the next read); booked ones stay, flagged as detached.
fn reconcile(conn: &mut DbConnection, template_id: &str) -> Result<(), DomainError> {
    let now = ids::now();
    let future = delivery_slots::table
        .filter(delivery_slots::template_id.eq(template_id))
        .filter(delivery_slots::starts_at.gt(now));
    diesel::delete(future.filter(delivery_slots::booked.eq(0))).execute(conn)?;
    diesel::update(future.filter(delivery_slots::booked.gt(0)))
        .set(delivery_slots::detached.eq(true))
        .execute(conn)?;
    Ok(())
}

/// Changes a template.
pub fn update(
    conn: &mut DbConnection,
    zone_id: &str,
    template_id: &str,
    currency: &str,
    input: &TemplateInput,
) -> Result<SlotTemplate, DomainError> {
    let (start, end, cutoff) = input.validate(currency)?;
    write_transaction(conn, |conn| {
        let current = get(conn, zone_id, template_id)?;
        if !current.active {
            return Err(DomainError::NotFound("template"));
        }
        refuse_overlap(
            conn,
            zone_id,
            input.weekday,
            (start, end),
            Some(template_id),
        )?;
        let next = SlotTemplate {
            weekday: input.weekday,
            start_minute: start,
            end_minute: end,
            capacity: input.capacity,
            fee_minor: input.fee.amount_minor,
            prior_notice_minutes: input.prior_notice_minutes,
            same_day_cutoff_minute: cutoff,
            updated_at: ids::now(),
            ..current.clone()
        };
        let unchanged = SlotTemplate {
            updated_at: current.updated_at,
            ..next.clone()
        } == current;
        if unchanged {
            return Ok(current);
        }
        diesel::update(slot_templates::table.find(template_id))
            .set((
                slot_templates::weekday.eq(next.weekday),
                slot_templates::start_minute.eq(next.start_minute),
                slot_templates::end_minute.eq(next.end_minute),
                slot_templates::capacity.eq(next.capacity),
                slot_templates::fee_minor.eq(next.fee_minor),
                slot_templates::prior_notice_minutes.eq(next.prior_notice_minutes),
                slot_templates::same_day_cutoff_minute.eq(next.same_day_cutoff_minute),
                slot_templates::updated_at.eq(next.updated_at),
            ))
            .execute(conn)?;
        reconcile(conn, template_id)?;
        Ok(next)
    })
}

/// Removes a template; its booked future slots stay, flagged.
pub fn deactivate(
    conn: &mut DbConnection,
    zone_id: &str,
    template_id: &str,
) -> Result<(), DomainError> {
    write_transaction(conn, |conn| {
        get(conn, zone_id, template_id)?;
        diesel::update(slot_templates::table.find(template_id))
            .set((
                slot_templates::active.eq(false),
                slot_templates::updated_at.eq(ids::now()),
            ))
            .execute(conn)?;
        reconcile(conn, template_id)
    })
}
