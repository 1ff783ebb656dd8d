//! `/console/r/{rid}/orders`: the retailer's orders, searched by number, phone or name
//! and filtered by status and delivery date (the listing the JSON API's order list uses);
//! `/console/r/{rid}/orders/{id}`: one order with its lines, slot, address, payment and
//! history; `…/{id}/cancel`: staff cancel it on the customer's behalf with
//! `checkout::cancel_for_customer`, as `POST /v1/retailers/{rid}/orders/{id}/cancel`
//! does. Operators may cancel, as they may move orders through delivery.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::{Scope, retailer_scope, retailer_scope_for};
use crate::app::error::ApiError;
use crate::app::pages::form::CsrfForm;
use crate::app::pages::layer::staff_page;
use crate::app::pages::redirect::see_other;
use crate::app::pages::render::{FieldErrors, html};
use crate::app::pages::staff::StaffFrame;
use crate::app::pages::visitor::Visitor;
use crate::app::state::AppState;
use crate::domain::DomainError;
use crate::domain::accounts::{Principal, RetailerAccess};
use crate::domain::checkout::{self, StaffCancel};
use crate::domain::notifications::outbox;
use crate::domain::orders::listing::{self, Filter, FilterText, Page, PageRequest};
use crate::domain::orders::{self, OrderDetails};
use crate::domain::payments::ledger;
use crate::faces::console::i18n::orders::strings;
use crate::faces::console::pages::orders::{CancelForm, ListFilters, OrderPage, OrdersPage};

/// Orders on one page of the list.
const PAGE_SIZE: u32 = 50;

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(staff_page("/console/r/{rid}/orders").get(list))
        .service(staff_page("/console/r/{rid}/orders/{id}").get(show))
        .service(staff_page("/console/r/{rid}/orders/{id}/cancel").post(cancel));
}

async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    rid: web::Path<String>,
    query: web::Query<ListFilters>,
) -> Result<HttpResponse, ApiError> {
    let (user, retailer) = match retailer_scope(&req, &state, rid.into_inner()).await? {
        Scope::Granted(user, retailer) => (user, retailer),
        Scope::Answer(answer) => return Ok(answer),
    };
    let filters = query.into_inner();
    let o = strings(visitor.lang());
    let parsed = Filter::parse(FilterText {
        date: Some(&filters.date),
        slot_id: None,
        zone_id: None,
        status: Some(&filters.status),
        q: Some(&filters.q),
    })
    .and_then(|filter| Ok((filter, PageRequest::new(filters.page, Some(PAGE_SIZE))?)));
    let (status, errors, found) = match parsed {
        Ok((filter, request)) => {
            let retailer_id = retailer.id.clone();
            let found = state
                .db(move |conn| listing::page(conn, &retailer_id, &filter, request))
                .await?;
            (StatusCode::OK, FieldErrors::default(), found)
        }
        Err(DomainError::Invalid(errors)) => {
            // Only the search and the date can be typed wrong; a status or page edited
            // into the address gets the summary alone.
            let errors = FieldErrors::worded(&errors, |error| match error.field.as_str() {
                "q" => o.err_q,
                "date" => o.err_date,
                _ => o.not_found_filter,
            });
            let empty = Page {
                orders: Vec::new(),
                next_page: None,
            };
            (StatusCode::UNPROCESSABLE_ENTITY, errors, empty)
        }
        Err(other) => return Err(other.into()),
    };
    let frame = StaffFrame::new(&req, &state, &visitor, true);
    let page = OrdersPage::new(frame, &user, &retailer, filters, errors, found)?;
    html(status, &page)
}

/// The order page of `details`, with its payments and the messages its customer was sent.
async fn render(
    req: &HttpRequest,
    state: &AppState,
    visitor: &Visitor,
    user: &Principal,
    details: OrderDetails,
    (form, status): (CancelForm, StatusCode),
) -> Result<HttpResponse, ApiError> {
    let order_id = details.order.id.clone();
    let (summary, messages) = state
        .db(move |conn| {
            let summary = ledger::summary(conn, &order_id)?;
            Ok((summary, outbox::for_order(conn, &order_id)?))
        })
        .await?;
    let tz = details.retailer.tz()?;
    let frame = StaffFrame::new(req, state, visitor, true);
    let page = OrderPage::new(frame, user, details, summary, form)?.with_messages(&messages, tz);
    html(status, &page)
}

#[derive(Debug, Deserialize)]
struct ShowQuery {
    cancelled: Option<String>,
}

async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    path: web::Path<(String, String)>,
    query: web::Query<ShowQuery>,
) -> Result<HttpResponse, ApiError> {
    let (rid, order_id) = path.into_inner();
    let (user, retailer) = match retailer_scope(&req, &state, rid).await? {
        Scope::Granted(user, retailer) => (user, retailer),
        Scope::Answer(answer) => return Ok(answer),
    };
    let details = state
        .db(move |conn| orders::get_for_retailer(conn, &retailer.id, &order_id))
        .await?;
    let form = CancelForm {
        cancelled: query.cancelled.is_some(),
        ..CancelForm::default()
    };
    render(
        &req,
        &state,
        &visitor,
        &user,
        details,
        (form, StatusCode::OK),
    )
    .await
}

#[derive(Debug, Deserialize)]
struct CancelFields {
    #[serde(default)]
    reason: String,
}

async fn cancel(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    path: web::Path<(String, String)>,
    CsrfForm(form): CsrfForm<CancelFields>,
) -> Result<HttpResponse, ApiError> {
    let (rid, order_id) = path.into_inner();
    let (user, retailer) =
        match retailer_scope_for(&req, &state, rid, RetailerAccess::Operate).await? {
            Scope::Granted(user, retailer) => (user, retailer),
            Scope::Answer(answer) => return Ok(answer),
        };
    let (retailer_id, user_id, id) = (retailer.id.clone(), user.user_id.clone(), order_id.clone());
    let reason = form.reason.clone();
    let outcome = state
        .with_payments(move |pool, provider| {
            let staff = StaffCancel {
                retailer_id: &retailer_id,
                user_id: &user_id,
                reason: &reason,
            };
            checkout::cancel_for_customer(pool, provider, staff, &id)
        })
        .await;
    let (form, status) = match outcome {
        Ok(_) => {
            return Ok(see_other(&format!(
                "/console/r/{}/orders/{order_id}?cancelled=1",
                retailer.id
            )));
        }
        Err(DomainError::Invalid(_)) => (
            CancelForm {
                errors: FieldErrors::single("reason", strings(visitor.lang()).err_reason),
                reason: form.reason,
                ..CancelForm::default()
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(DomainError::Conflict {
            code: "order_not_cancellable",
            ..
        }) => (
            CancelForm {
                refused: true,
                ..CancelForm::default()
            },
            StatusCode::CONFLICT,
        ),
        Err(other) => return Err(other.into()),
    };
    let details = state
        .db(move |conn| orders::get_for_retailer(conn, &retailer.id, &order_id))
        .await?;
    render(&req, &state, &visitor, &user, details, (form, status)).await
}
