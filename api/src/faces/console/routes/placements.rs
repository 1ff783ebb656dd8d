//! `/console/r/{rid}/posters/{id}/placements/new` and `…/placements/{pid}/edit`: where,
//! when and at what cost a poster hangs. The campaign window is typed in the retailer's
//! local time and stored in UTC; the cost in the retailer's currency. A refused save shows
//! the form again with each error beside its field; nothing is stored.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

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
use crate::domain::posters::placements::{self, PlacementInput};
use crate::domain::posters::{self, Poster};
use crate::domain::retailers::Retailer;
use crate::domain::{DomainError, FieldError, money};
use crate::faces::console::pages::placements::{DATE_UNREADABLE, PlacementFields, PlacementPage};

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        staff_page("/console/r/{rid}/posters/{id}/placements/new")
            .get(new_form)
            .post(create),
    )
    .service(
        staff_page("/console/r/{rid}/posters/{id}/placements/{pid}/edit")
            .get(edit_form)
            .post(update),
    );
}

/// A local `YYYY-MM-DDTHH:MM` in `tz` as UTC; `None` when unreadable or skipped by a
/// clock change.
fn utc_of(local: &str, tz: Tz) -> Option<DateTime<Utc>> {
    let naive = NaiveDateTime::parse_from_str(local.trim(), "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(local.trim(), "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    tz.from_local_datetime(&naive)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
}

/// The input of the typed fields, or every field error: those the console finds reading
/// them and those the domain finds in the rest.
fn input_of(fields: &PlacementFields, retailer: &Retailer) -> Result<PlacementInput, ApiError> {
    let tz = retailer.tz()?;
    let mut errors = Vec::new();
    let text = |value: &str| Some(value.to_owned()).filter(|v| !v.trim().is_empty());
    let mut number = |field: &str, value: &str| {
        let value = value.trim();
        if value.is_empty() {
            return Ok(None);
        }
        let parsed = value.parse::<f64>().ok().filter(|n| n.is_finite());
        if parsed.is_none() {
            errors.push(FieldError::new(field, "not a number"));
        }
        parsed.map(Some).ok_or(())
    };
    let coordinates = (
        number("latitude", &fields.latitude),
        number("longitude", &fields.longitude),
    );
    let mut when = |field: &str, value: &str| {
        let at = utc_of(value, tz);
        if at.is_none() {
            errors.push(FieldError::new(field, DATE_UNREADABLE));
        }
        at
    };
    let window = (
        when("starts_at", &fields.starts_at),
        when("ends_at", &fields.ends_at),
    );
    let cost_minor = match fields.cost.trim() {
        "" => None,
        typed => {
            let cost = money::parse_amount(typed, &retailer.currency);
            if cost.is_none() {
                errors.push(FieldError::new("cost_minor", "not an amount"));
            }
            cost
        }
    };
    // What could not be read stands aside (a valid window, no coordinates) while the
    // domain checks the rest, so no error is reported twice.
    let (latitude, longitude) = match coordinates {
        (Ok(latitude), Ok(longitude)) => (latitude, longitude),
        _ => (None, None),
    };
    let (starts_at, ends_at) = match window {
        (Some(starts_at), Some(ends_at)) => (starts_at, ends_at),
        _ => (
            DateTime::UNIX_EPOCH,
            DateTime::UNIX_EPOCH + chrono::Duration::hours(1),
        ),
    };
    let input = PlacementInput {
        name: fields.name.clone(),
        site: text(&fields.site),
        spot: text(&fields.spot),
        city: text(&fields.city),
        latitude,
        longitude,
        starts_at,
        ends_at,
        cost_minor,
    };
    if errors.is_empty() {
        return Ok(input);
    }
    if let Err(DomainError::Invalid(found)) = input.check() {
        errors.extend(found);
    }
    Err(DomainError::Invalid(errors).into())
}

/// The signed-in admin of the retailer and the poster; or the answer instead.
async fn poster_scope(
    req: &HttpRequest,
    state: &AppState,
    rid: String,
    id: String,
) -> Result<Result<(Principal, Retailer, Poster), HttpResponse>, ApiError> {
    let (user, retailer) = match retailer_scope_for(req, state, rid, RetailerAccess::Manage).await?
    {
        Scope::Granted(user, retailer) => (user, retailer),
        Scope::Answer(answer) => return Ok(Err(answer)),
    };
    let retailer_id = retailer.id.clone();
    let poster = state
        .db(move |conn| posters::get_poster(conn, &retailer_id, &id))
        .await?;
    Ok(Ok((user, retailer, poster)))
}

async fn new_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (rid, id) = path.into_inner();
    let (user, retailer, poster) = match poster_scope(&req, &state, rid, id).await? {
        Ok(scope) => scope,
        Err(answer) => return Ok(answer),
    };
    if poster.retired_at.is_some() {
        // A retired poster is placed nowhere new: its page says so.
        return Ok(see_other(&format!(
            "/console/r/{}/posters/{}",
            retailer.id, poster.id
        )));
    }
    let frame = StaffFrame::new(&req, &state, &visitor, true);
    let page = PlacementPage::new(
        frame,
        &user,
        &retailer,
        &poster,
        None,
        PlacementFields::default(),
        &[],
    );
    html(StatusCode::OK, &page)
}

async fn edit_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    path: web::Path<(String, String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (rid, id, pid) = path.into_inner();
    let (user, retailer, poster) = match poster_scope(&req, &state, rid, id).await? {
        Ok(scope) => scope,
        Err(answer) => return Ok(answer),
    };
    let (retailer_id, poster_id) = (retailer.id.clone(), poster.id.clone());
    let (_, details) = state
        .db(move |conn| placements::get(conn, &retailer_id, &poster_id, &pid))
        .await?;
    let fields = PlacementFields::of(&details.placement, retailer.tz()?, &retailer.currency);
    let frame = StaffFrame::new(&req, &state, &visitor, true);
    let page = PlacementPage::new(
        frame,
        &user,
        &retailer,
        &poster,
        Some(&details.placement.id),
        fields,
        &[],
    );
    html(StatusCode::OK, &page)
}

/// Saves the posted fields (a new placement when `placement_id` is `None`) and goes back
/// to the poster, or shows the form again with its errors.
async fn save(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    (rid, id, placement_id): (String, String, Option<String>),
    fields: PlacementFields,
) -> Result<HttpResponse, ApiError> {
    let (user, retailer, poster) = match poster_scope(&req, &state, rid, id).await? {
        Ok(scope) => scope,
        Err(answer) => return Ok(answer),
    };
    let saved = match input_of(&fields, &retailer) {
        Ok(input) => {
            let (retailer_id, poster_id) = (retailer.id.clone(), poster.id.clone());
            let placement = placement_id.clone();
            state
                .db(move |conn| match placement {
                    Some(pid) => placements::update(conn, &retailer_id, &poster_id, &pid, &input),
                    None => placements::create(conn, &retailer_id, &poster_id, &input),
                })
                .await
        }
        Err(refused) => Err(refused),
    };
    match saved {
        Ok(_) => Ok(see_other(&format!(
            "/console/r/{}/posters/{}",
            retailer.id, poster.id
        ))),
        Err(ApiError::Domain(DomainError::Invalid(errors))) => {
            let frame = StaffFrame::new(&req, &state, &visitor, true);
            let page = PlacementPage::new(
                frame,
                &user,
                &retailer,
                &poster,
                placement_id.as_deref(),
                fields,
                &errors,
            );
            html(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(other),
    }
}

async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    path: web::Path<(String, String)>,
    CsrfForm(fields): CsrfForm<PlacementFields>,
) -> Result<HttpResponse, ApiError> {
    let (rid, id) = path.into_inner();
    save(req, state, visitor, (rid, id, None), fields).await
}

async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    path: web::Path<(String, String, String)>,
    CsrfForm(fields): CsrfForm<PlacementFields>,
) -> Result<HttpResponse, ApiError> {
    let (rid, id, pid) = path.into_inner();
    save(req, state, visitor, (rid, id, Some(pid)), fields).await
}
