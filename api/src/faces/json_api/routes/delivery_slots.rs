//! `GET /v1/delivery/slots`: the delivery slots a shopper can choose for an address.

use actix_web::{HttpResponse, get, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::app::error::ApiError;
use crate::app::state::AppState;
use crate::app::views::{SlotAvailabilityJson, SlotListJson};
use crate::domain::delivery::slots::{self, HORIZON_DAYS};
use crate::domain::{DomainError, ids, retailers};

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list);
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct SlotQuery {
    /// The retailer delivering (opaque id).
    retailer_id: String,
    /// The delivery address's postal code; spaces and hyphens are ignored. One that no
    /// zone of the retailer serves (an empty one included) has no slots.
    postal_code: String,
    /// First local date, in the retailer's time zone: today (the default) to 13 days on.
    from: Option<NaiveDate>,
    /// Days listed, cut short at the end of the 14-day horizon.
    // Signed, so that a negative count is refused like any other count out of range.
    #[param(minimum = 1, maximum = 14, default = 7)]
    days: Option<i64>,
    /// Also list full, closed and past-cutoff slots.
    #[serde(default)]
    #[param(default = false)]
    include_unavailable: bool,
}

/// Slots of the zone serving the postal code.
#[utoipa::path(
    operation_id = "list_delivery_slots",
    tag = "delivery",
    params(SlotQuery),
    responses(
        (status = 200, description = "Slots of the zone serving the postal code, by start \
(none when no zone serves it)", body = SlotListJson),
        (status = 404, description = "`not_found`: no such retailer"),
        (status = 422, description = "`validation_failed`: `days` out of 1 to 14, or `from` \
before today or after the horizon (see `errors`)"),
    )
)]
#[get("/delivery/slots")]
async fn list(
    state: web::Data<AppState>,
    query: web::Query<SlotQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let Some(days) = u32::try_from(query.days.unwrap_or(7))
        .ok()
        .filter(|days| (1..=HORIZON_DAYS).contains(days))
    else {
        return Err(DomainError::invalid("days", format!("must be 1 to {HORIZON_DAYS}")).into());
    };
    // Not an id this service issued: no query (PostgreSQL refuses some bytes in text).
    if !ids::is_well_formed(&query.retailer_id) {
        return Err(DomainError::NotFound("retailer").into());
    }
    let (retailer, tz, found) = state
        .db(move |conn| {
            let retailer = retailers::get(conn, &query.retailer_id)?;
            let tz = retailer.tz()?;
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
            Ok((retailer, tz, found))
        })
        .await?;
    let items: Vec<SlotAvailabilityJson> = found
        .into_iter()
        .filter(|a| query.include_unavailable || a.bookable)
        .map(|a| SlotAvailabilityJson::new(a, tz, &retailer.currency))
        .collect();
    Ok(HttpResponse::Ok().json(SlotListJson::new(items)))
}
