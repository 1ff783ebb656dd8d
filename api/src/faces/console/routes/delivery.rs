//! `/console/r/{rid}/delivery…`: the delivery settings. The zone list and a new zone; a
//! zone's page with its name and postal codes and its weekly slots (add, edit, remove);
//! its month calendar, where each date from today on is closed or reopened with one
//! button. Every change goes through the domain functions the JSON API calls; a refused
//! form is shown again with each error beside its field and nothing stored.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use super::{Scope, retailer_scope_for};
use crate::app::error::ApiError;
use crate::app::pages::form::CsrfForm;
use crate::app::pages::layer::staff_page;
use crate::app::pages::redirect::see_other;
use crate::app::pages::render::html;
use crate::app::pages::staff::StaffFrame;
use crate::app::pages::visitor::Visitor;
use crate::app::state::AppState;
use crate::domain::accounts::{Principal, RetailerAccess};
use crate::domain::delivery::templates::{self, SlotTemplate};
use crate::domain::delivery::zones::{self, ZoneDetails};
use crate::domain::delivery::{calendar, closed_dates};
use crate::domain::retailers::Retailer;
use crate::domain::{DomainError, FieldError, ids};
use crate::faces::console::pages::delivery::{
    CalendarPage, OVERLAP, Refused, TemplateFields, ZoneFields, ZonePage, ZonesPage, month_of,
};

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        staff_page("/console/r/{rid}/delivery")
            .get(list)
            .post(create_zone),
    )
    .service(
        staff_page("/console/r/{rid}/delivery/zones/{zid}")
            .get(show)
            .post(update_zone),
    )
    .service(staff_page("/console/r/{rid}/delivery/zones/{zid}/templates").post(add_slot))
    .service(staff_page("/console/r/{rid}/delivery/zones/{zid}/templates/{tid}").post(update_slot))
    .service(
        staff_page("/console/r/{rid}/delivery/zones/{zid}/templates/{tid}/remove")
            .post(remove_slot),
    )
    .service(
        staff_page("/console/r/{rid}/delivery/zones/{zid}/calendar")
            .get(month)
            .post(change_date),
    );
}

/// The signed-in staff member allowed `access` to retailer `rid`, and the retailer; or
/// the answer instead.
async fn scope(
    req: &HttpRequest,
    state: &AppState,
    rid: String,
    access: RetailerAccess,
) -> Result<Result<(Principal, Retailer), HttpResponse>, ApiError> {
    Ok(match retailer_scope_for(req, state, rid, access).await? {
        Scope::Granted(user, retailer) => Ok((user, retailer)),
        Scope::Answer(answer) => Err(answer),
    })
}

/// The retailer's local date now.
fn today(retailer: &Retailer) -> Result<NaiveDate, ApiError> {
    Ok(calendar::local_date(retailer.tz()?, ids::now()))
}

fn zone_path(retailer: &Retailer, zone_id: &str) -> String {
    format!("/console/r/{}/delivery/zones/{zone_id}", retailer.id)
}

/// The zone list with the new-zone form (`fields`, `errors`), answered with `status`.
async fn zones_page(
    (req, state, visitor): (&HttpRequest, &AppState, &Visitor),
    (user, retailer): (&Principal, &Retailer),
    fields: ZoneFields,
    errors: &[FieldError],
    status: StatusCode,
) -> Result<HttpResponse, ApiError> {
    let retailer_id = retailer.id.clone();
    let today = today(retailer)?;
    let horizon = today + chrono::Days::new(366);
    let (all, counts, closed) = state
        .db(move |conn| {
            Ok((
                zones::list(conn, &retailer_id)?,
                templates::active_counts(conn, &retailer_id)?,
                closed_dates::of_retailer(conn, &retailer_id, today, horizon)?,
            ))
        })
        .await?;
    let zones = all
        .into_iter()
        .map(|details| {
            let slots = counts.get(&details.zone.id).copied().unwrap_or(0);
            let next: Vec<NaiveDate> = closed
                .iter()
                .filter(|(zone, _)| *zone == details.zone.id)
                .map(|(_, date)| *date)
                .take(3)
                .collect();
            (details, slots, next)
        })
        .collect();
    let frame = StaffFrame::new(req, state, visitor, true);
    let page = ZonesPage::new(frame, user, retailer, zones, fields, errors);
    html(status, &page)
}

async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    rid: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (user, retailer) = match scope(&req, &state, rid.into_inner(), RetailerAccess::Read).await?
    {
        Ok(scope) => scope,
        Err(answer) => return Ok(answer),
    };
    zones_page(
        (&req, &state, &visitor),
        (&user, &retailer),
        ZoneFields::default(),
        &[],
        StatusCode::OK,
    )
    .await
}

async fn create_zone(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    rid: web::Path<String>,
    CsrfForm(fields): CsrfForm<ZoneFields>,
) -> Result<HttpResponse, ApiError> {
    let (user, retailer) =
        match scope(&req, &state, rid.into_inner(), RetailerAccess::Manage).await? {
            Ok(scope) => scope,
            Err(answer) => return Ok(answer),
        };
    let (retailer_id, input) = (retailer.id.clone(), fields.input());
    match state
        .db(move |conn| zones::create(conn, &retailer_id, &input))
        .await
    {
        Ok(zone) => Ok(see_other(&zone_path(&retailer, &zone.zone.id))),
        Err(ApiError::Domain(DomainError::Invalid(errors))) => {
            zones_page(
                (&req, &state, &visitor),
                (&user, &retailer),
                fields,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(other) => Err(other),
    }
}

/// A zone's page: `edit` fills the slot form with that slot; `refused` shows a refused
/// form again.
async fn zone_page(
    (req, state, visitor): (&HttpRequest, &AppState, &Visitor),
    (user, retailer): (&Principal, &Retailer),
    zone_id: String,
    edit: Option<String>,
    refused: Refused<'_>,
    status: StatusCode,
) -> Result<HttpResponse, ApiError> {
    let retailer_id = retailer.id.clone();
    let (zone, active, editing): (ZoneDetails, Vec<SlotTemplate>, Option<SlotTemplate>) = state
        .db(move |conn| {
            let zone = zones::details(conn, &retailer_id, &zone_id)?;
            let active = templates::active(conn, &zone.zone.id)?;
            let editing = match edit {
                Some(id) => Some(
                    active
                        .iter()
                        .find(|t| t.id == id)
                        .cloned()
                        .ok_or(DomainError::NotFound("template"))?,
                ),
                None => None,
            };
            Ok((zone, active, editing))
        })
        .await?;
    let frame = StaffFrame::new(req, state, visitor, true);
    let page = ZonePage::new(
        frame,
        user,
        retailer,
        &zone,
        &active,
        editing.as_ref(),
        refused,
    );
    html(status, &page)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ZoneQuery {
    /// The slot whose values fill the slot form.
    edit: Option<String>,
}

async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    path: web::Path<(String, String)>,
    query: web::Query<ZoneQuery>,
) -> Result<HttpResponse, ApiError> {
    let (rid, zid) = path.into_inner();
    let (user, retailer) = match scope(&req, &state, rid, RetailerAccess::Read).await? {
        Ok(scope) => scope,
        Err(answer) => return Ok(answer),
    };
    zone_page(
        (&req, &state, &visitor),
        (&user, &retailer),
        zid,
        query.into_inner().edit,
        Refused::Nothing,
        StatusCode::OK,
    )
    .await
}

async fn update_zone(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    path: web::Path<(String, String)>,
    CsrfForm(fields): CsrfForm<ZoneFields>,
) -> Result<HttpResponse, ApiError> {
    let (rid, zid) = path.into_inner();
    let (user, retailer) = match scope(&req, &state, rid, RetailerAccess::Manage).await? {
        Ok(scope) => scope,
        Err(answer) => return Ok(answer),
    };
    let (retailer_id, zone_id, input) = (retailer.id.clone(), zid.clone(), fields.input());
    match state
        .db(move |conn| zones::update(conn, &retailer_id, &zone_id, &input))
        .await
    {
        Ok(_) => Ok(see_other(&zone_path(&retailer, &zid))),
        Err(ApiError::Domain(DomainError::Invalid(errors))) => {
            zone_page(
                (&req, &state, &visitor),
                (&user, &retailer),
                zid,
                None,
                Refused::Zone(fields, &errors),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(other) => Err(other),
    }
}

/// Saves the posted slot (a new one when `template_id` is `None`) and goes back to the
/// zone's page, or shows the slot form again with its errors: an overlap with another
/// slot of the weekday beside the start.
async fn save_slot(
    (req, state, visitor): (HttpRequest, web::Data<AppState>, Visitor),
    (rid, zid, template_id): (String, String, Option<String>),
    fields: TemplateFields,
) -> Result<HttpResponse, ApiError> {
    let (user, retailer) = match scope(&req, &state, rid, RetailerAccess::Manage).await? {
        Ok(scope) => scope,
        Err(answer) => return Ok(answer),
    };
    let saved = match fields.input(&retailer.currency) {
        Ok(input) => {
            let (retailer_id, zone_id) = (retailer.id.clone(), zid.clone());
            let (currency, template) = (retailer.currency.clone(), template_id.clone());
            state
                .db(move |conn| {
                    let zone = zones::get(conn, &retailer_id, &zone_id)?;
                    match template {
                        Some(id) => templates::update(conn, &zone.id, &id, &currency, &input),
                        None => templates::create(conn, &zone.id, &currency, &input),
                    }
                })
                .await
        }
        Err(refused) => Err(refused.into()),
    };
    let (errors, status) = match saved {
        Ok(template) => {
            return Ok(see_other(&format!(
                "{}#weekday-{}",
                zone_path(&retailer, &zid),
                template.weekday
            )));
        }
        Err(ApiError::Domain(DomainError::Invalid(errors))) => {
            (errors, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(ApiError::Domain(DomainError::Conflict {
            code: "template_overlap",
            ..
        })) => (
            vec![FieldError::new("start", OVERLAP)],
            StatusCode::CONFLICT,
        ),
        Err(other) => return Err(other),
    };
    zone_page(
        (&req, &state, &visitor),
        (&user, &retailer),
        zid,
        None,
        Refused::Slot(template_id, fields, &errors),
        status,
    )
    .await
}

async fn add_slot(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    path: web::Path<(String, String)>,
    CsrfForm(fields): CsrfForm<TemplateFields>,
) -> Result<HttpResponse, ApiError> {
    let (rid, zid) = path.into_inner();
    save_slot((req, state, visitor), (rid, zid, None), fields).await
}

async fn update_slot(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    path: web::Path<(String, String, String)>,
    CsrfForm(fields): CsrfForm<TemplateFields>,
) -> Result<HttpResponse, ApiError> {
    let (rid, zid, tid) = path.into_inner();
    save_slot((req, state, visitor), (rid, zid, Some(tid)), fields).await
}

async fn remove_slot(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String, String)>,
    _: CsrfForm<serde::de::IgnoredAny>,
) -> Result<HttpResponse, ApiError> {
    let (rid, zid, tid) = path.into_inner();
    let (_, retailer) = match scope(&req, &state, rid, RetailerAccess::Manage).await? {
        Ok(scope) => scope,
        Err(answer) => return Ok(answer),
    };
    let (retailer_id, zone_id) = (retailer.id.clone(), zid.clone());
    state
        .db(move |conn| {
            let zone = zones::get(conn, &retailer_id, &zone_id)?;
            templates::deactivate(conn, &zone.id, &tid)
        })
        .await?;
    Ok(see_other(&zone_path(&retailer, &zid)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MonthQuery {
    /// `YYYY-MM`; the retailer's current month by default.
    month: Option<String>,
}

async fn month(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    path: web::Path<(String, String)>,
    query: web::Query<MonthQuery>,
) -> Result<HttpResponse, ApiError> {
    let (rid, zid) = path.into_inner();
    let (user, retailer) = match scope(&req, &state, rid, RetailerAccess::Read).await? {
        Ok(scope) => scope,
        Err(answer) => return Ok(answer),
    };
    let today = today(&retailer)?;
    let first = match query.into_inner().month {
        None => today.with_day(1).unwrap_or(today),
        Some(text) => month_of(&text)
            .ok_or_else(|| DomainError::invalid("month", "must be a month, YYYY-MM"))?,
    };
    let last = first + chrono::Months::new(1) - chrono::Days::new(1);
    let retailer_id = retailer.id.clone();
    let (zone, closed) = state
        .db(move |conn| {
            let zone = zones::details(conn, &retailer_id, &zid)?;
            let closed = closed_dates::list(conn, &zone.zone.id, first, last)?;
            Ok((zone, closed))
        })
        .await?;
    let frame = StaffFrame::new(&req, &state, &visitor, true);
    let page = CalendarPage::new(frame, &user, &retailer, &zone, first, &closed, today);
    html(StatusCode::OK, &page)
}

/// A calendar button: the date and whether to close or reopen it.
#[derive(Debug, Deserialize)]
struct DateChange {
    #[serde(default)]
    date: String,
    #[serde(default)]
    action: String,
}

async fn change_date(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    CsrfForm(change): CsrfForm<DateChange>,
) -> Result<HttpResponse, ApiError> {
    let (rid, zid) = path.into_inner();
    let (_, retailer) = match scope(&req, &state, rid, RetailerAccess::Manage).await? {
        Ok(scope) => scope,
        Err(answer) => return Ok(answer),
    };
    let date = NaiveDate::parse_from_str(&change.date, "%Y-%m-%d")
        .map_err(|_| DomainError::invalid("date", "must be a date, YYYY-MM-DD"))?;
    let close = match change.action.as_str() {
        "close" => true,
        "reopen" => false,
        _ => return Err(DomainError::invalid("action", "must be close or reopen").into()),
    };
    let today = today(&retailer)?;
    let (retailer_id, zone_id) = (retailer.id.clone(), zid.clone());
    state
        .db(move |conn| {
            let zone = zones::get(conn, &retailer_id, &zone_id)?;
            if close {
                closed_dates::close(conn, &zone.id, date, today)
            } else {
                closed_dates::reopen(conn, &zone.id, date, today)
            }
        })
        .await?;
    Ok(see_other(&format!(
        "{}/calendar?month={}#d-{date}",
        zone_path(&retailer, &zid),
        date.format("%Y-%m")
    )))
}
