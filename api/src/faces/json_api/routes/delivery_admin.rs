//! `/v1/retailers/{retailer_id}/delivery/…`: a retailer's zones, weekly slot templates,
//! closed dates, and the slots they produce.

use actix_web::{HttpResponse, delete, get, post, put, web};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::app::error::ApiError;
use crate::app::json::Json;
use crate::app::retailer_scope::{Manage, Read, RetailerScope};
use crate::app::state::AppState;
use crate::app::views::{SlotAvailabilityJson, SlotListJson};
use crate::domain::delivery::calendar::minute_text;
use crate::domain::delivery::slots::{self, HORIZON_DAYS};
use crate::domain::delivery::templates::{self, SlotTemplate, TemplateInput};
use crate::domain::delivery::zones::{self, ZoneDetails, ZoneInput};
use crate::domain::delivery::{calendar, closed_dates};
use crate::domain::money::Money;
use crate::domain::{DomainError, ids};

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(create_zone)
        .service(list_zones)
        .service(update_zone)
        .service(create_template)
        .service(list_templates)
        .service(update_template)
        .service(remove_template)
        .service(close_date)
        .service(reopen_date)
        .service(list_closed_dates)
        .service(zone_slots);
}

/// A delivery zone.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Zone)]
struct ZoneJson {
    id: String,
    name: String,
    /// Normalized postal codes or prefixes served: upper case, without spaces and hyphens.
    postal_codes: Vec<String>,
}

impl From<ZoneDetails> for ZoneJson {
    fn from(details: ZoneDetails) -> Self {
        Self {
            id: details.zone.id,
            name: details.zone.name,
            postal_codes: details.postal_codes,
        }
    }
}

/// A retailer's zones.
#[derive(Debug, Serialize, ToSchema)]
struct ZoneList {
    /// Oldest first.
    items: Vec<ZoneJson>,
}

/// A weekly slot template of a zone.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = SlotTemplate)]
struct TemplateJson {
    id: String,
    zone_id: String,
    /// 1 = Monday … 7 = Sunday.
    weekday: i32,
    /// Local start, `HH:MM`.
    start: String,
    /// Local end, `HH:MM` (up to `24:00`).
    end: String,
    /// Orders per slot.
    capacity: i32,
    fee: Money,
    /// Minimum minutes between ordering and the slot's start.
    prior_notice_minutes: i32,
    /// Orders for a slot on day D must be placed before this local time of day D.
    same_day_cutoff: Option<String>,
}

impl TemplateJson {
    fn new(t: SlotTemplate, currency: &str) -> Self {
        Self {
            start: minute_text(t.start_minute),
            end: minute_text(t.end_minute),
            fee: Money {
                amount_minor: t.fee_minor,
                currency: currency.to_owned(),
            },
            same_day_cutoff: t.same_day_cutoff_minute.map(minute_text),
            id: t.id,
            zone_id: t.zone_id,
            weekday: t.weekday,
            capacity: t.capacity,
            prior_notice_minutes: t.prior_notice_minutes,
        }
    }
}

/// A zone's active templates.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = SlotTemplateList)]
struct TemplateList {
    /// By weekday and start.
    items: Vec<TemplateJson>,
}

/// Creates a zone.
#[utoipa::path(
    operation_id = "create_zone",
    tag = "delivery",
    params(("retailer_id" = String, Path, description = "Opaque retailer id")),
    request_body = ZoneInput,
    responses(
        (status = 201, description = "The zone created", body = ZoneJson),
        (status = 422, description = "`validation_failed`: see `errors` (`postal_codes` \
unreadable, or one another zone of the retailer already serves)"),
    ),
    security(("bearerAuth" = []))
)]
#[post("/retailers/{retailer_id}/delivery/zones")]
async fn create_zone(
    state: web::Data<AppState>,
    scope: RetailerScope<Manage>,
    body: Json<ZoneInput>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner();
    let retailer_id = scope.retailer.id;
    let zone = state
        .db(move |conn| zones::create(conn, &retailer_id, &input))
        .await?;
    Ok(HttpResponse::Created().json(ZoneJson::from(zone)))
}

/// The retailer's zones.
#[utoipa::path(
    operation_id = "list_zones",
    tag = "delivery",
    params(("retailer_id" = String, Path, description = "Opaque retailer id")),
    responses((status = 200, description = "The zones, oldest first", body = ZoneList)),
    security(("bearerAuth" = []))
)]
#[get("/retailers/{retailer_id}/delivery/zones")]
async fn list_zones(
    state: web::Data<AppState>,
    scope: RetailerScope<Read>,
) -> Result<HttpResponse, ApiError> {
    let retailer_id = scope.retailer.id;
    let all = state
        .db(move |conn| zones::list(conn, &retailer_id))
        .await?;
    let items = all.into_iter().map(ZoneJson::from).collect();
    Ok(HttpResponse::Ok().json(ZoneList { items }))
}

/// Renames a zone and replaces its postal codes.
#[utoipa::path(
    operation_id = "update_zone",
    tag = "delivery",
    params(
        ("retailer_id" = String, Path, description = "Opaque retailer id"),
        ("zone_id" = String, Path, description = "Opaque delivery zone id"),
    ),
    request_body = ZoneInput,
    responses(
        (status = 200, description = "The zone; addresses follow its new postal codes at \
once, booked slots stay booked", body = ZoneJson),
        (status = 404, description = "`not_found`: no such retailer or zone"),
        (status = 422, description = "`validation_failed`: see `errors` (`postal_codes` \
unreadable, or one another zone of the retailer already serves)"),
    ),
    security(("bearerAuth" = []))
)]
#[put("/retailers/{retailer_id}/delivery/zones/{zone_id}")]
async fn update_zone(
    state: web::Data<AppState>,
    scope: RetailerScope<Manage>,
    path: web::Path<(String, String)>,
    body: Json<ZoneInput>,
) -> Result<HttpResponse, ApiError> {
    let (_, zone_id) = path.into_inner();
    let input = body.into_inner();
    let retailer_id = scope.retailer.id;
    let zone = state
        .db(move |conn| zones::update(conn, &retailer_id, &zone_id, &input))
        .await?;
    Ok(HttpResponse::Ok().json(ZoneJson::from(zone)))
}

/// Adds a weekly template to a zone.
#[utoipa::path(
    operation_id = "create_slot_template",
    tag = "delivery",
    params(
        ("retailer_id" = String, Path, description = "Opaque retailer id"),
        ("zone_id" = String, Path, description = "Opaque delivery zone id"),
    ),
    request_body = TemplateInput,
    responses(
        (status = 201, description = "The template created", body = TemplateJson),
        (status = 404, description = "`not_found`: no such retailer or zone"),
        (status = 409, description = "`template_overlap`: it overlaps an active template of \
the zone on the same weekday"),
        (status = 422, description = "`validation_failed`: see `errors` (`end` not after \
`start`, a fee in another currency than the retailer's)"),
    ),
    security(("bearerAuth" = []))
)]
#[post("/retailers/{retailer_id}/delivery/zones/{zone_id}/templates")]
async fn create_template(
    state: web::Data<AppState>,
    scope: RetailerScope<Manage>,
    path: web::Path<(String, String)>,
    body: Json<TemplateInput>,
) -> Result<HttpResponse, ApiError> {
    let (_, zone_id) = path.into_inner();
    let input = body.into_inner();
    let retailer = scope.retailer;
    let (retailer_id, currency) = (retailer.id.clone(), retailer.currency.clone());
    let template = state
        .db(move |conn| {
            let zone = zones::get(conn, &retailer_id, &zone_id)?;
            templates::create(conn, &zone.id, &currency, &input)
        })
        .await?;
    Ok(HttpResponse::Created().json(TemplateJson::new(template, &retailer.currency)))
}

/// A zone's active templates.
#[utoipa::path(
    operation_id = "list_slot_templates",
    tag = "delivery",
    params(
        ("retailer_id" = String, Path, description = "Opaque retailer id"),
        ("zone_id" = String, Path, description = "Opaque delivery zone id"),
    ),
    responses(
        (
            status = 200,
            description = "The active templates, by weekday and start",
            body = TemplateList
        ),
        (status = 404, description = "`not_found`: no such retailer or zone"),
    ),
    security(("bearerAuth" = []))
)]
#[get("/retailers/{retailer_id}/delivery/zones/{zone_id}/templates")]
async fn list_templates(
    state: web::Data<AppState>,
    scope: RetailerScope<Read>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (_, zone_id) = path.into_inner();
    let retailer_id = scope.retailer.id;
    let all = state
        .db(move |conn| {
            let zone = zones::get(conn, &retailer_id, &zone_id)?;
            templates::active(conn, &zone.id)
        })
        .await?;
    let items = all
        .into_iter()
        .map(|t| TemplateJson::new(t, &scope.retailer.currency))
        .collect();
    Ok(HttpResponse::Ok().json(TemplateList { items }))
}

/// Changes a template: unbooked future slots follow; booked ones are kept and flagged.
#[utoipa::path(
    operation_id = "update_slot_template",
    tag = "delivery",
    params(
        ("retailer_id" = String, Path, description = "Opaque retailer id"),
        ("zone_id" = String, Path, description = "Opaque delivery zone id"),
        ("template_id" = String, Path, description = "Opaque slot template id"),
    ),
    request_body = TemplateInput,
    responses(
        (status = 200, description = "The template; its unbooked future slots follow, booked \
ones are kept and flagged `detached`", body = TemplateJson),
        (status = 404, description = "`not_found`: no such retailer, zone or active template"),
        (status = 409, description = "`template_overlap`: it would overlap another active \
template of the zone on the same weekday"),
        (status = 422, description = "`validation_failed`: see `errors` (`end` not after \
`start`, a fee in another currency than the retailer's)"),
    ),
    security(("bearerAuth" = []))
)]
#[put("/retailers/{retailer_id}/delivery/zones/{zone_id}/templates/{template_id}")]
async fn update_template(
    state: web::Data<AppState>,
    scope: RetailerScope<Manage>,
    path: web::Path<(String, String, String)>,
    body: Json<TemplateInput>,
) -> Result<HttpResponse, ApiError> {
    let (_, zone_id, template_id) = path.into_inner();
    let input = body.into_inner();
    let retailer = scope.retailer;
    let (retailer_id, currency) = (retailer.id.clone(), retailer.currency.clone());
    let template = state
        .db(move |conn| {
            let zone = zones::get(conn, &retailer_id, &zone_id)?;
            templates::update(conn, &zone.id, &template_id, &currency, &input)
        })
        .await?;
    Ok(HttpResponse::Ok().json(TemplateJson::new(template, &retailer.currency)))
}

/// Removes a template; booked future slots stay, flagged.
#[utoipa::path(
    operation_id = "delete_slot_template",
    tag = "delivery",
    params(
        ("retailer_id" = String, Path, description = "Opaque retailer id"),
        ("zone_id" = String, Path, description = "Opaque delivery zone id"),
        ("template_id" = String, Path, description = "Opaque slot template id"),
    ),
    responses(
        (status = 204, description = "Removed (removing again changes nothing); booked future \
slots stay, flagged `detached`"),
        (status = 404, description = "`not_found`: no such retailer, zone or template"),
    ),
    security(("bearerAuth" = []))
)]
#[delete("/retailers/{retailer_id}/delivery/zones/{zone_id}/templates/{template_id}")]
async fn remove_template(
    state: web::Data<AppState>,
    scope: RetailerScope<Manage>,
    path: web::Path<(String, String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (_, zone_id, template_id) = path.into_inner();
    let retailer_id = scope.retailer.id;
    state
        .db(move |conn| {
            let zone = zones::get(conn, &retailer_id, &zone_id)?;
            templates::deactivate(conn, &zone.id, &template_id)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Closes a date (holiday) for the zone.
#[utoipa::path(
    operation_id = "close_date",
    tag = "delivery",
    params(
        ("retailer_id" = String, Path, description = "Opaque retailer id"),
        ("zone_id" = String, Path, description = "Opaque delivery zone id"),
        ("date" = NaiveDate, Path, description = "Local date, `YYYY-MM-DD`"),
    ),
    responses(
        (status = 204, description = "Closed (closing again changes nothing); its slots are \
not bookable"),
        (status = 404, description = "`not_found`: no such retailer or zone"),
        (status = 422, description = "`validation_failed`: `date` is before the retailer's \
local today"),
    ),
    security(("bearerAuth" = []))
)]
#[put("/retailers/{retailer_id}/delivery/zones/{zone_id}/closed-dates/{date}")]
async fn close_date(
    state: web::Data<AppState>,
    scope: RetailerScope<Manage>,
    path: web::Path<(String, String, NaiveDate)>,
) -> Result<HttpResponse, ApiError> {
    set_closed(&state, scope, path.into_inner(), true).await
}

/// Opens a closed date again.
#[utoipa::path(
    operation_id = "reopen_date",
    tag = "delivery",
    params(
        ("retailer_id" = String, Path, description = "Opaque retailer id"),
        ("zone_id" = String, Path, description = "Opaque delivery zone id"),
        ("date" = NaiveDate, Path, description = "Local date, `YYYY-MM-DD`"),
    ),
    responses(
        (status = 204, description = "Open (also when it was not closed)"),
        (status = 404, description = "`not_found`: no such retailer or zone"),
        (status = 422, description = "`validation_failed`: `date` is before the retailer's \
local today"),
    ),
    security(("bearerAuth" = []))
)]
#[delete("/retailers/{retailer_id}/delivery/zones/{zone_id}/closed-dates/{date}")]
async fn reopen_date(
    state: web::Data<AppState>,
    scope: RetailerScope<Manage>,
    path: web::Path<(String, String, NaiveDate)>,
) -> Result<HttpResponse, ApiError> {
    set_closed(&state, scope, path.into_inner(), false).await
}

async fn set_closed(
    state: &AppState,
    scope: RetailerScope<Manage>,
    (_, zone_id, date): (String, String, NaiveDate),
    closed: bool,
) -> Result<HttpResponse, ApiError> {
    let tz = scope.retailer.tz()?;
    let retailer_id = scope.retailer.id;
    state
        .db(move |conn| {
            let zone = zones::get(conn, &retailer_id, &zone_id)?;
            let today = calendar::local_date(tz, ids::now());
            if closed {
                closed_dates::close(conn, &zone.id, date, today)
            } else {
                closed_dates::reopen(conn, &zone.id, date, today)
            }
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct ClosedDatesQuery {
    /// First local date listed; the retailer's today by default.
    from: Option<NaiveDate>,
    /// Last local date listed (included); a year after `from` by default.
    to: Option<NaiveDate>,
}

/// A zone's closed dates in a range.
#[derive(Debug, Serialize, ToSchema)]
struct ClosedDateList {
    /// Local dates, `YYYY-MM-DD`, in order.
    items: Vec<NaiveDate>,
}

/// A zone's closed dates.
#[utoipa::path(
    operation_id = "list_closed_dates",
    tag = "delivery",
    params(
        ("retailer_id" = String, Path, description = "Opaque retailer id"),
        ("zone_id" = String, Path, description = "Opaque delivery zone id"),
        ClosedDatesQuery,
    ),
    responses(
        (status = 200, description = "The closed dates from `from` to `to`, in order",
            body = ClosedDateList),
        (status = 404, description = "`not_found`: no such retailer or zone"),
        (status = 422, description = "`validation_failed`: `to` before `from`, or a date not \
between 0000-01-01 and 9999-12-31 (see `errors`)"),
    ),
    security(("bearerAuth" = []))
)]
#[get("/retailers/{retailer_id}/delivery/zones/{zone_id}/closed-dates")]
async fn list_closed_dates(
    state: web::Data<AppState>,
    scope: RetailerScope<Read>,
    path: web::Path<(String, String)>,
    query: web::Query<ClosedDatesQuery>,
) -> Result<HttpResponse, ApiError> {
    let (_, zone_id) = path.into_inner();
    let ClosedDatesQuery { from, to } = query.into_inner();
    let tz = scope.retailer.tz()?;
    let from = from.unwrap_or_else(|| calendar::local_date(tz, ids::now()));
    let to = to.unwrap_or_else(|| {
        let last = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(from);
        from.checked_add_days(chrono::Days::new(365))
            .map_or(last, |later| later.min(last))
    });
    // Dates are stored as text, which compares as dates only with four-digit years.
    for (field, date) in [("from", from), ("to", to)] {
        if !(0..=9999).contains(&date.year()) {
            return Err(DomainError::invalid(
                field,
                "must be a date from 0000-01-01 to 9999-12-31",
            )
            .into());
        }
    }
    if to < from {
        return Err(DomainError::invalid("to", "must not be before `from`").into());
    }
    let retailer_id = scope.retailer.id;
    let items = state
        .db(move |conn| {
            let zone = zones::get(conn, &retailer_id, &zone_id)?;
            closed_dates::list(conn, &zone.id, from, to)
        })
        .await?;
    Ok(HttpResponse::Ok().json(ClosedDateList { items }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct ZoneSlotsQuery {
    /// First local date, in the retailer's time zone; today by default. Past dates list
    /// the slots the zone's current templates make for them.
    from: Option<NaiveDate>,
    /// Days listed.
    // Signed, so that a negative count is refused like any other count out of range.
    #[param(minimum = 1, maximum = 14, default = 14)]
    days: Option<i64>,
}

/// Every slot of a zone (booked, full, closed and detached included).
#[utoipa::path(
    operation_id = "list_zone_slots",
    tag = "delivery",
    params(
        ("retailer_id" = String, Path, description = "Opaque retailer id"),
        ("zone_id" = String, Path, description = "Opaque delivery zone id"),
        ZoneSlotsQuery,
    ),
    responses(
        (status = 200, description = "The zone's slots by start, booked, full, closed and \
detached ones included", body = SlotListJson),
        (status = 404, description = "`not_found`: no such retailer or zone"),
        (status = 422, description = "`validation_failed`: `days` out of 1 to 14, or `from` \
not between 0000-01-01 and 9999-12-31 (see `errors`)"),
    ),
    security(("bearerAuth" = []))
)]
#[get("/retailers/{retailer_id}/delivery/zones/{zone_id}/slots")]
async fn zone_slots(
    state: web::Data<AppState>,
    scope: RetailerScope<Read>,
    path: web::Path<(String, String)>,
    query: web::Query<ZoneSlotsQuery>,
) -> Result<HttpResponse, ApiError> {
    let (_, zone_id) = path.into_inner();
    let Some(days) = u32::try_from(query.days.unwrap_or(i64::from(HORIZON_DAYS)))
        .ok()
        .filter(|days| (1..=HORIZON_DAYS).contains(days))
    else {
        return Err(DomainError::invalid("days", format!("must be 1 to {HORIZON_DAYS}")).into());
    };
    let from = query.from;
    // The query parser also takes the signed years of more than four digits that RFC 3339
    // dates cannot have, where adding the listed days overflows and the databases' time
    // stamps end.
    if from.is_some_and(|date| !(0..=9999).contains(&date.year())) {
        return Err(
            DomainError::invalid("from", "must be a date from 0000-01-01 to 9999-12-31").into(),
        );
    }
    let retailer = scope.retailer;
    let tz = retailer.tz()?;
    let retailer_id = retailer.id.clone();
    let found = state
        .db(move |conn| {
            let zone = zones::get(conn, &retailer_id, &zone_id)?;
            let now = ids::now();
            let from = from.unwrap_or_else(|| calendar::local_date(tz, now));
            slots::in_zone(conn, &zone, tz, from, days, now)
        })
        .await?;
    let items = found
        .into_iter()
        .map(|a| SlotAvailabilityJson::new(a, tz, &retailer.currency))
        .collect();
    Ok(HttpResponse::Ok().json(SlotListJson::new(items)))
}
