//! `/ops/slots/{id}`: a slot's orders in loading order and its pick list;
//! `…/pick-list.pdf` and `…/pick-list.csv`: the pick list's files, made by the same glue
//! as the JSON API's pick list (`app::pick_list_files`); `…/labels`: the printable sheet
//! of bag labels, each with a QR code of the order's operator page.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::operator_scope;
use crate::app::error::ApiError;
use crate::app::pages::layer::staff_page;
use crate::app::pages::render::html;
use crate::app::pages::staff::{Scope, StaffFrame};
use crate::app::pages::visitor::Visitor;
use crate::app::pick_list_files;
use crate::app::state::AppState;
use crate::db::DbConnection;
use crate::domain::DomainError;
use crate::domain::delivery::slots::{self, Slot};
use crate::domain::delivery::zones;
use crate::domain::orders::listing::{self, Filter, FilterText, ListedOrder};
use crate::domain::orders::pick_list::{self, PickList};
use crate::domain::retailers::Retailer;
use crate::faces::ops::pages::slot::{LabelsPage, SlotPage};

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(staff_page("/ops/slots/{id}").get(show))
        .service(staff_page("/ops/slots/{id}/labels").get(labels))
        .service(staff_page("/ops/slots/{id}/pick-list.pdf").get(pick_pdf))
        .service(staff_page("/ops/slots/{id}/pick-list.csv").get(pick_csv));
}

/// The slot's filter, as the JSON API's lists spell it.
fn slot_filter(slot_id: &str) -> Result<Filter, DomainError> {
    Filter::parse(FilterText {
        slot_id: Some(slot_id),
        ..FilterText::default()
    })
}

/// The slot, its zone's name and its orders in loading order.
fn slot_orders(
    conn: &mut DbConnection,
    retailer_id: &str,
    slot_id: &str,
) -> Result<(Slot, String, Vec<ListedOrder>), DomainError> {
    let slot = slots::get(conn, slot_id)?;
    let zone = zones::get(conn, retailer_id, &slot.zone_id)?.name;
    let orders = listing::all(conn, retailer_id, &slot_filter(slot_id)?)?;
    Ok((slot, zone, orders))
}

/// The retailer of slot `id` when the signed-in staff member may operate it.
async fn slot_scope(
    req: &HttpRequest,
    state: &AppState,
    id: &str,
) -> Result<Result<Retailer, HttpResponse>, ApiError> {
    let id = id.to_owned();
    Ok(
        match operator_scope(req, state, move |conn| slots::retailer_of(conn, &id)).await? {
            Scope::Granted(_, retailer) => Ok(retailer),
            Scope::Answer(answer) => Err(answer),
        },
    )
}

async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let retailer = match slot_scope(&req, &state, &id).await? {
        Ok(retailer) => retailer,
        Err(answer) => return Ok(answer),
    };
    let retailer_id = retailer.id.clone();
    let (slot, zone, orders, list) = state
        .db(move |conn| {
            let (slot, zone, orders) = slot_orders(conn, &retailer_id, &id)?;
            let list = pick_list::build(conn, &retailer_id, slot_filter(&id)?)?;
            Ok((slot, zone, orders, list))
        })
        .await?;
    let frame = StaffFrame::new(&req, &state, &visitor, true);
    let page = SlotPage::new(frame, (&slot, &zone, retailer.tz()?), orders, list);
    html(StatusCode::OK, &page)
}

async fn labels(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let retailer = match slot_scope(&req, &state, &id).await? {
        Ok(retailer) => retailer,
        Err(answer) => return Ok(answer),
    };
    let retailer_id = retailer.id.clone();
    let (slot, zone, orders) = state
        .db(move |conn| slot_orders(conn, &retailer_id, &id))
        .await?;
    let frame = StaffFrame::new(&req, &state, &visitor, true);
    let page = LabelsPage::new(frame, (&slot, &zone, retailer.tz()?), orders, &state.urls)?;
    html(StatusCode::OK, &page)
}

/// The slot's pick list, for its files.
async fn slot_pick_list(
    req: &HttpRequest,
    state: &AppState,
    id: String,
) -> Result<Result<(PickList, Retailer), HttpResponse>, ApiError> {
    let retailer = match slot_scope(req, state, &id).await? {
        Ok(retailer) => retailer,
        Err(answer) => return Ok(Err(answer)),
    };
    let retailer_id = retailer.id.clone();
    let list = state
        .db(move |conn| pick_list::build(conn, &retailer_id, slot_filter(&id)?))
        .await?;
    Ok(Ok((list, retailer)))
}

async fn pick_pdf(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    match slot_pick_list(&req, &state, id.into_inner()).await? {
        Ok((list, retailer)) => pick_list_files::pdf_answer(list, retailer).await,
        Err(answer) => Ok(answer),
    }
}

async fn pick_csv(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    match slot_pick_list(&req, &state, id.into_inner()).await? {
        Ok((list, _)) => pick_list_files::csv_answer(&list),
        Err(answer) => Ok(answer),
    }
}
