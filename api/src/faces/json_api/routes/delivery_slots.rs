//! `GET /v1/delivery/slots`: the delivery slots a shopper can choose for an address.

use actix_web::{HttpResponse, get, web};
use chrono::NaiveDate;
use serde::Deserialize;

use crate::app::error::ApiError;
use crate::app::state::AppState;
use crate::app::views::SlotAvailabilityJson;
use crate::domain::delivery::slots::{self, HORIZON_DAYS};
use crate::domain::{DomainError, OrWhenMissing, ids, retailers};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list);
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SlotQuery {
    retailer_id: String,
    postal_code: String,
    /// Local date in the retailer's time zone; today by default.
    from: Option<NaiveDate>,
    /// 1 to 14, default 7.
    days: Option<u32>,
    /// Also list full, closed and past-cutoff slots.
    #[serde(default)]
    include_unavailable: bool,
}

/// Slots of the zone serving the postal code.
#[get("/delivery/slots")]
async fn list(
    state: web::Data<AppState>,
    query: web::Query<SlotQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let days = query.days.unwrap_or(7);
    if !(1..=HORIZON_DAYS).contains(&days) {
        return Err(DomainError::invalid("days", format!("must be 1 to {HORIZON_DAYS}")).into());
    }
    let (retailer, found) = state
        .db(move |conn| {
            let retailer = retailers::get(conn, &query.retailer_id)
                .invalid_when_missing("retailer_id", "no such retailer")?;
            let tz: chrono_tz::Tz = retailer.time_zone.parse().map_err(DomainError::internal)?;
            let now = ids::now();
            let today = crate::domain::delivery::calendar::local_date(tz, now);
            let from = query.from.unwrap_or(today);
            let last = today + chrono::Days::new(u64::from(HORIZON_DAYS - 1));
            if from < today || from > last {
                return Err(DomainError::invalid(
                    "from",
                    format!("must be a local date from {today} to {last}"),
                ));
            }
            let days = days.min(u32::try_from((last - from).num_days() + 1).unwrap_or(1));
            let found =
                slots::for_address(conn, &retailer.id, tz, &query.postal_code, from, days, now)?;
            Ok((retailer, found))
        })
        .await?;
    let tz: chrono_tz::Tz = retailer.time_zone.parse().map_err(DomainError::internal)?;
    let items: Vec<SlotAvailabilityJson> = found
        .into_iter()
        .filter(|a| query.include_unavailable || a.bookable)
        .map(|a| SlotAvailabilityJson::new(a, tz, &retailer.currency))
        .collect();
    Ok(HttpResponse::Ok().json(serde_json::json!({ "slots": items })))
}
