//! `/v1/retailers/{retailer_id}/delivery/…`: a retailer's zones, weekly slot templates,
//! closed dates, and the slots they produce.

use actix_web::{HttpResponse, delete, get, post, put, web};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::app::auth::AuthUser;
use crate::app::error::ApiError;
use crate::app::state::AppState;
use crate::app::views::SlotAvailabilityJson;
use crate::domain::accounts::RetailerAccess;
use crate::domain::delivery::calendar::minute_text;
use crate::domain::delivery::slots::{self, HORIZON_DAYS};
use crate::domain::delivery::templates::{self, SlotTemplate, TemplateInput};
use crate::domain::delivery::zones::{self, ZoneDetails, ZoneInput};
use crate::domain::delivery::{calendar, closed_dates};
use crate::domain::money::Money;
use crate::domain::retailers::{self, Retailer};
use crate::domain::{DomainError, ids};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(create_zone)
        .service(list_zones)
        .service(create_template)
        .service(list_templates)
        .service(update_template)
        .service(remove_template)
        .service(close_date)
        .service(reopen_date)
        .service(zone_slots);
}

#[derive(Debug, Serialize)]
struct ZoneJson {
    id: String,
    name: String,
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

#[derive(Debug, Serialize)]
struct TemplateJson {
    id: String,
    zone_id: String,
    weekday: i32,
    start: String,
    end: String,
    capacity: i32,
    fee: Money,
    prior_notice_minutes: i32,
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

/// Checks access, then runs `work` with the retailer loaded.
async fn with_retailer<T, F>(
    state: &AppState,
    user: &AuthUser,
    retailer_id: String,
    access: RetailerAccess,
    work: F,
) -> Result<(Retailer, T), ApiError>
where
    F: FnOnce(&mut crate::db::DbConnection, &Retailer) -> Result<T, DomainError> + Send + 'static,
    T: Send + 'static,
{
    user.authorize_retailer(&retailer_id, access)?;
    state
        .db(move |conn| {
            let retailer = retailers::get(conn, &retailer_id)?;
            let value = work(conn, &retailer)?;
            Ok((retailer, value))
        })
        .await
}

/// Creates a zone.
#[post("/retailers/{retailer_id}/delivery/zones")]
async fn create_zone(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    body: web::Json<ZoneInput>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner();
    let (_, zone) = with_retailer(
        &state,
        &user,
        path.into_inner(),
        RetailerAccess::Manage,
        move |conn, r| zones::create(conn, &r.id, &input),
    )
    .await?;
    Ok(HttpResponse::Created().json(ZoneJson::from(zone)))
}

/// The retailer's zones.
#[get("/retailers/{retailer_id}/delivery/zones")]
async fn list_zones(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (_, all) = with_retailer(
        &state,
        &user,
        path.into_inner(),
        RetailerAccess::Read,
        |conn, r| zones::list(conn, &r.id),
    )
    .await?;
    let items: Vec<ZoneJson> = all.into_iter().map(ZoneJson::from).collect();
    Ok(HttpResponse::Ok().json(serde_json::json!({ "items": items })))
}

/// Adds a weekly template to a zone.
#[post("/retailers/{retailer_id}/delivery/zones/{zone_id}/templates")]
async fn create_template(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
    body: web::Json<TemplateInput>,
) -> Result<HttpResponse, ApiError> {
    let (retailer_id, zone_id) = path.into_inner();
    let input = body.into_inner();
    let (retailer, template) = with_retailer(
        &state,
        &user,
        retailer_id,
        RetailerAccess::Manage,
        move |conn, r| {
            let zone = zones::get(conn, &r.id, &zone_id)?;
            templates::create(conn, &zone.id, &r.currency, &input)
        },
    )
    .await?;
    Ok(HttpResponse::Created().json(TemplateJson::new(template, &retailer.currency)))
}

/// A zone's active templates.
#[get("/retailers/{retailer_id}/delivery/zones/{zone_id}/templates")]
async fn list_templates(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (retailer_id, zone_id) = path.into_inner();
    let (retailer, all) = with_retailer(
        &state,
        &user,
        retailer_id,
        RetailerAccess::Read,
        move |conn, r| {
            let zone = zones::get(conn, &r.id, &zone_id)?;
            templates::active(conn, &zone.id)
        },
    )
    .await?;
    let items: Vec<TemplateJson> = all
        .into_iter()
        .map(|t| TemplateJson::new(t, &retailer.currency))
        .collect();
    Ok(HttpResponse::Ok().json(serde_json::json!({ "items": items })))
}

/// Changes a template: unbooked future slots follow; booked ones are kept and flagged.
#[put("/retailers/{retailer_id}/delivery/zones/{zone_id}/templates/{template_id}")]
async fn update_template(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String, String)>,
    body: web::Json<TemplateInput>,
) -> Result<HttpResponse, ApiError> {
    let (retailer_id, zone_id, template_id) = path.into_inner();
    let input = body.into_inner();
    let (retailer, template) = with_retailer(
        &state,
        &user,
        retailer_id,
        RetailerAccess::Manage,
        move |conn, r| {
            let zone = zones::get(conn, &r.id, &zone_id)?;
            templates::update(conn, &zone.id, &template_id, &r.currency, &input)
        },
    )
    .await?;
    Ok(HttpResponse::Ok().json(TemplateJson::new(template, &retailer.currency)))
}

/// Removes a template; booked future slots stay, flagged.
#[delete("/retailers/{retailer_id}/delivery/zones/{zone_id}/templates/{template_id}")]
async fn remove_template(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (retailer_id, zone_id, template_id) = path.into_inner();
    with_retailer(
        &state,
        &user,
        retailer_id,
        RetailerAccess::Manage,
        move |conn, r| {
            let zone = zones::get(conn, &r.id, &zone_id)?;
            templates::deactivate(conn, &zone.id, &template_id)
        },
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Closes a date (holiday) for the zone.
#[put("/retailers/{retailer_id}/delivery/zones/{zone_id}/closed-dates/{date}")]
async fn close_date(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String, NaiveDate)>,
) -> Result<HttpResponse, ApiError> {
    set_closed(&state, &user, path.into_inner(), true).await
}

/// Opens a closed date again.
#[delete("/retailers/{retailer_id}/delivery/zones/{zone_id}/closed-dates/{date}")]
async fn reopen_date(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String, NaiveDate)>,
) -> Result<HttpResponse, ApiError> {
    set_closed(&state, &user, path.into_inner(), false).await
}

async fn set_closed(
    state: &AppState,
    user: &AuthUser,
    (retailer_id, zone_id, date): (String, String, NaiveDate),
    closed: bool,
) -> Result<HttpResponse, ApiError> {
    with_retailer(
        state,
        user,
        retailer_id,
        RetailerAccess::Manage,
        move |conn, r| {
            let zone = zones::get(conn, &r.id, &zone_id)?;
            if closed {
                closed_dates::close(conn, &zone.id, date)
            } else {
                closed_dates::reopen(conn, &zone.id, date)
            }
        },
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ZoneSlotsQuery {
    from: Option<NaiveDate>,
    days: Option<u32>,
}

/// Every slot of a zone (booked, full, closed and detached included).
#[get("/retailers/{retailer_id}/delivery/zones/{zone_id}/slots")]
async fn zone_slots(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
    query: web::Query<ZoneSlotsQuery>,
) -> Result<HttpResponse, ApiError> {
    let (retailer_id, zone_id) = path.into_inner();
    let days = query.days.unwrap_or(HORIZON_DAYS).clamp(1, HORIZON_DAYS);
    let from = query.from;
    let (retailer, found) = with_retailer(
        &state,
        &user,
        retailer_id,
        RetailerAccess::Read,
        move |conn, r| {
            let zone = zones::get(conn, &r.id, &zone_id)?;
            let tz: chrono_tz::Tz = r.time_zone.parse().map_err(DomainError::internal)?;
            let now = ids::now();
            let from = from.unwrap_or_else(|| calendar::local_date(tz, now));
            slots::in_zone(conn, &zone, tz, from, days, now)
        },
    )
    .await?;
    let tz: chrono_tz::Tz = retailer.time_zone.parse().map_err(DomainError::internal)?;
    let items: Vec<SlotAvailabilityJson> = found
        .into_iter()
        .map(|a| SlotAvailabilityJson::new(a, tz, &retailer.currency))
        .collect();
    Ok(HttpResponse::Ok().json(serde_json::json!({ "slots": items })))
}
