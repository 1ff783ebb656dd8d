//! Dates a zone does not deliver (holidays). Slots on them are shown as not bookable.
//! Dates before the retailer's today are history: they are neither closed nor reopened.

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::db::schema::{closed_dates, delivery_zones};
use crate::db::{DbConnection, write_transaction};
use crate::domain::DomainError;

/// Refuses a date before `today` (the retailer's local date): its deliveries happened.
fn refuse_past(date: NaiveDate, today: NaiveDate) -> Result<(), DomainError> {
    if date < today {
        return Err(DomainError::invalid(
            "date",
            format!("must be today ({today}) or later"),
        ));
    }
    Ok(())
}

/// Closes `date` for the zone (idempotent); `today` is the retailer's local date.
pub fn close(
    conn: &mut DbConnection,
    zone_id: &str,
    date: NaiveDate,
    today: NaiveDate,
) -> Result<(), DomainError> {
    refuse_past(date, today)?;
    let date = date.to_string();
    write_transaction(conn, |conn| {
        let exists = closed_dates::table
            .find((zone_id, &date))
            .count()
            .get_result::<i64>(conn)?
            > 0;
        if !exists {
            diesel::insert_into(closed_dates::table)
                .values((
                    closed_dates::zone_id.eq(zone_id),
                    closed_dates::local_date.eq(&date),
                ))
                .execute(conn)?;
        }
        Ok(())
    })
}

/// Opens `date` again; `today` is the retailer's local date.
pub fn reopen(
    conn: &mut DbConnection,
    zone_id: &str,
    date: NaiveDate,
    today: NaiveDate,
) -> Result<(), DomainError> {
    refuse_past(date, today)?;
    write_transaction(conn, |conn| {
        diesel::delete(closed_dates::table.find((zone_id, date.to_string()))).execute(conn)?;
        Ok(())
    })
}

/// Closed dates of a zone from `from` to `to` (both included), in order.
pub fn list(
    conn: &mut DbConnection,
    zone_id: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<NaiveDate>, DomainError> {
    let stored: Vec<String> = closed_dates::table
        .filter(closed_dates::zone_id.eq(zone_id))
        .filter(closed_dates::local_date.ge(from.to_string()))
        .filter(closed_dates::local_date.le(to.to_string()))
        .order(closed_dates::local_date.asc())
        .select(closed_dates::local_date)
        .load(conn)?;
    stored
        .iter()
        .map(|date| date.parse().map_err(DomainError::internal))
        .collect()
}

/// Closed dates of every zone of a retailer from `from` to `to` (both included), as
/// (zone id, date) in date order, in one query.
pub fn of_retailer(
    conn: &mut DbConnection,
    retailer_id: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(String, NaiveDate)>, DomainError> {
    let stored: Vec<(String, String)> = closed_dates::table
        .inner_join(delivery_zones::table)
        .filter(delivery_zones::retailer_id.eq(retailer_id))
        .filter(closed_dates::local_date.ge(from.to_string()))
        .filter(closed_dates::local_date.le(to.to_string()))
        .order(closed_dates::local_date.asc())
        .select((closed_dates::zone_id, closed_dates::local_date))
        .load(conn)?;
    stored
        .into_iter()
        .map(|(zone, date)| Ok((zone, date.parse().map_err(DomainError::internal)?)))
        .collect()
}
