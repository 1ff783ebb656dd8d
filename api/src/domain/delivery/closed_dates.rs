//! Dates a zone does not deliver (holidays). Slots on them are shown as not bookable.

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::db::schema::closed_dates;
use crate::db::{DbConnection, write_transaction};
use crate::domain::DomainError;

/// Closes `date` for the zone (idempotent).
pub fn close(conn: &mut DbConnection, zone_id: &str, date: NaiveDate) -> Result<(), DomainError> {
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

/// Opens `date` again.
pub fn reopen(conn: &mut DbConnection, zone_id: &str, date: NaiveDate) -> Result<(), DomainError> {
    write_transaction(conn, |conn| {
        diesel::delete(closed_dates::table.find((zone_id, date.to_string()))).execute(conn)?;
        Ok(())
    })
}

/// Closed dates of a zone from `from` on, as `YYYY-MM-DD`.
pub fn list(
    conn: &mut DbConnection,
    zone_id: &str,
    from: NaiveDate,
) -> Result<Vec<String>, DomainError> {
    Ok(closed_dates::table
        .filter(closed_dates::zone_id.eq(zone_id))
        .filter(closed_dates::local_date.ge(from.to_string()))
        .order(closed_dates::local_date.asc())
        .select(closed_dates::local_date)
        .load(conn)?)
}
