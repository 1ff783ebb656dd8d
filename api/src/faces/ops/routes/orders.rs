//! `/ops/orders/{id}`: an order with its lines, address, payment, history and the
//! messages its customer was sent, and one
//! form per move its status allows; `…/move`: applies one with
//! `orders::fulfilment::advance`, the function the JSON API's transitions call. Each
//! form carries the status the operator saw: when another operator moved the order
//! first, the page says what it is now instead of failing. A move that went through
//! comes back to the page (POST, redirect, GET) with a confirmation.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::operator_scope;
use crate::app::error::ApiError;
use crate::app::pages::form::CsrfForm;
use crate::app::pages::layer::staff_page;
use crate::app::pages::redirect::see_other;
use crate::app::pages::render::{FieldErrors, html};
use crate::app::pages::staff::{Scope, StaffFrame};
use crate::app::pages::visitor::Visitor;
use crate::app::state::AppState;
use crate::db::DbConnection;
use crate::domain::accounts::Principal;
use crate::domain::delivery::calendar::local_date;
use crate::domain::delivery::{slots, zones};
use crate::domain::notifications::outbox;
use crate::domain::orders::fulfilment::{self, MoveRequest, Mover, PickedLine};
use crate::domain::orders::{self, OrderDetails, OrderStatus};
use crate::domain::payments::ledger;
use crate::domain::retailers::Retailer;
use crate::domain::{DomainError, ids};
use crate::faces::ops::i18n::ops::{OpsStrings, strings};
use crate::faces::ops::pages::order::{Banner, MoveForm, OrderPage};

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(staff_page("/ops/orders/{id}").get(show))
        .service(
            staff_page("/ops/orders/{id}/move")
                .get(to_order)
                .post(move_order),
        );
}

/// A refused move's page is answered at the form's address, which the language switch
/// comes back to: that leads to the order.
async fn to_order(id: web::Path<String>) -> HttpResponse {
    see_other(&format!("/ops/orders/{id}"))
}

/// The staff member and the retailer of order `id`, when they may operate it.
async fn order_scope(
    req: &HttpRequest,
    state: &AppState,
    id: &str,
) -> Result<Result<(Principal, Retailer), HttpResponse>, ApiError> {
    let id = id.to_owned();
    let owner =
        move |conn: &mut DbConnection| orders::get(conn, &id).map(|order| order.retailer_id);
    Ok(match operator_scope(req, state, owner).await? {
        Scope::Granted(user, retailer) => Ok((user, retailer)),
        Scope::Answer(answer) => Err(answer),
    })
}

/// The order page of `order_id` with `banner` and `form`, answered with `status`.
async fn render(
    (req, state, visitor): (&HttpRequest, &AppState, &Visitor),
    retailer: Retailer,
    order_id: String,
    (banner, form, status): (Banner, MoveForm, StatusCode),
) -> Result<HttpResponse, ApiError> {
    let tz = retailer.tz()?;
    let (details, zone, captured, offers, messages) = state
        .db(move |conn| {
            let details = orders::get_for_retailer(conn, &retailer.id, &order_id)?;
            let zone = zones::get(conn, &retailer.id, &details.slot.zone_id)?;
            let captured = ledger::summary(conn, &order_id)?.captured;
            let messages = outbox::for_order(conn, &order_id)?;
            // Only a failed delivery is rescheduled: only then are the zone's slots read.
            let offers = if details.order.status == OrderStatus::DeliveryFailed {
                let now = ids::now();
                let today = local_date(tz, now);
                slots::in_zone(conn, &zone, tz, today, slots::HORIZON_DAYS, now)?
            } else {
                Vec::new()
            };
            Ok((details, zone.name, captured, offers, messages))
        })
        .await?;
    let frame = StaffFrame::new(req, state, visitor, true);
    let page = OrderPage::new(frame, details, (zone, captured), offers, banner, form)?
        .with_messages(&messages, tz);
    html(status, &page)
}

#[derive(Debug, Deserialize)]
struct ShowQuery {
    done: Option<String>,
}

async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    id: web::Path<String>,
    query: web::Query<ShowQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let (_, retailer) = match order_scope(&req, &state, &id).await? {
        Ok(scope) => scope,
        Err(answer) => return Ok(answer),
    };
    let banner = if query.done.is_some() {
        Banner::Done
    } else {
        Banner::None
    };
    let parts = (banner, MoveForm::default(), StatusCode::OK);
    render((&req, state.get_ref(), &visitor), retailer, id, parts).await
}

/// A posted move: its fields by name.
struct Posted(Vec<(String, String)>);

impl Posted {
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    fn text(&self, name: &str) -> String {
        self.get(name).unwrap_or_default().trim().to_owned()
    }

    fn status(&self, name: &str) -> Result<OrderStatus, ApiError> {
        self.get(name)
            .and_then(OrderStatus::parse)
            .ok_or_else(|| ApiError::BadRequest(format!("{name} must name an order status")))
    }

    /// What was typed, to show again: the picked units per line (the ordered units when
    /// the form had none), the reason, its details and the chosen slot.
    fn form(&self, details: &OrderDetails) -> MoveForm {
        MoveForm {
            picked: details
                .items
                .iter()
                .map(|item| {
                    let typed = self.get(&format!("picked:{}", item.sku)).map_or_else(
                        || item.quantity.to_string(),
                        |typed| typed.trim().to_owned(),
                    );
                    (item.sku.clone(), typed)
                })
                .collect(),
            reason: self.text("reason"),
            details: self.text("details"),
            slot: self.text("slot"),
            ..MoveForm::default()
        }
    }
}

/// The move to `to` that `form` asks for; or, when a field is wrong, none and the form's
/// errors say which.
fn request_of(
    s: &'static OpsStrings,
    form: &mut MoveForm,
    to: OrderStatus,
    details: &OrderDetails,
) -> Option<MoveRequest> {
    let mut errors = Vec::new();
    let mut request = MoveRequest {
        to,
        note: None,
        picked: Vec::new(),
        delivery_slot_id: None,
    };
    match to {
        OrderStatus::OutForDelivery => {
            for (index, (item, (_, typed))) in details.items.iter().zip(&form.picked).enumerate() {
                match typed.parse::<i32>() {
                    Ok(quantity) if quantity == item.quantity => {}
                    Ok(quantity) => request.picked.push(PickedLine {
                        sku: item.sku.clone(),
                        quantity,
                    }),
                    Err(_) => errors.push((format!("picked-{index}"), s.err_picked)),
                }
            }
        }
        OrderStatus::DeliveryFailed => {
            let reason = s
                .reasons
                .iter()
                .find(|(value, _)| *value == form.reason)
                .map(|(_, text)| *text);
            request.note = match (reason, form.details.as_str()) {
                (None, "") => {
                    errors.push(("reason".to_owned(), s.err_reason));
                    None
                }
                (Some(reason), "") => Some(reason.to_owned()),
                (None, details) => Some(details.to_owned()),
                (Some(reason), details) => Some(format!("{reason}: {details}")),
            };
        }
        OrderStatus::Confirmed if form.slot.is_empty() => {
            errors.push(("slot".to_owned(), s.err_slot));
        }
        OrderStatus::Confirmed => request.delivery_slot_id = Some(form.slot.clone()),
        _ => {}
    }
    if errors.is_empty() {
        return Some(request);
    }
    form.errors = errors.into_iter().collect();
    None
}

async fn move_order(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    id: web::Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let (user, retailer) = match order_scope(&req, &state, &id).await? {
        Ok(scope) => scope,
        Err(answer) => return Ok(answer),
    };
    let posted = Posted(fields);
    let (to, seen) = (posted.status("to")?, posted.status("seen")?);
    let s = strings(visitor.lang());
    let (retailer_id, order_id) = (retailer.id.clone(), id.clone());
    let details = state
        .db(move |conn| orders::get_for_retailer(conn, &retailer_id, &order_id))
        .await?;
    let page = (&req, state.get_ref(), &visitor);
    if details.order.status != seen {
        let parts = (
            Banner::MovedMeanwhile,
            MoveForm::default(),
            StatusCode::CONFLICT,
        );
        return render(page, retailer, id, parts).await;
    }
    let mut form = posted.form(&details);
    let Some(request) = request_of(s, &mut form, to, &details) else {
        let parts = (Banner::None, form, StatusCode::UNPROCESSABLE_ENTITY);
        return render(page, retailer, id, parts).await;
    };
    let (retailer_id, user_id, order_id) = (retailer.id.clone(), user.user_id, id.clone());
    let picked = request.picked.clone();
    let outcome = state
        .with_payments(move |pool, provider| {
            let mover = Mover {
                retailer_id: &retailer_id,
                user_id: &user_id,
            };
            fulfilment::advance(pool, provider, mover, &order_id, &request)
        })
        .await;
    let parts = match outcome {
        Ok(_) => return Ok(see_other(&format!("/ops/orders/{id}?done=1"))),
        Err(error) => refusal(s, error, form, (&details, &picked))?,
    };
    render(page, retailer, id, parts).await
}

/// The page's answer to the domain's refusal of a move: the notice when another
/// operator moved the order first, else the form again with what is wrong (in the page's
/// language). Errors no form can fix stay errors.
fn refusal(
    s: &'static OpsStrings,
    error: DomainError,
    mut form: MoveForm,
    (details, picked): (&OrderDetails, &[PickedLine]),
) -> Result<(Banner, MoveForm, StatusCode), ApiError> {
    let status = match error {
        DomainError::InvalidTransition { .. }
        | DomainError::Conflict {
            code: "order_changed",
            ..
        } => {
            return Ok((
                Banner::MovedMeanwhile,
                MoveForm::default(),
                StatusCode::CONFLICT,
            ));
        }
        DomainError::Conflict { code, .. } if code == "slot_full" || code == "slot_unavailable" => {
            form.errors = FieldErrors::single("slot", s.err_slot_full);
            StatusCode::CONFLICT
        }
        DomainError::Conflict { code, message } => {
            form.problem = Some(match code {
                "capture_failed" => s.err_capture,
                "capture_pending" => s.err_capture_pending,
                "stock_below_picked" => s.err_stock,
                _ => return Err(DomainError::Conflict { code, message }.into()),
            });
            StatusCode::CONFLICT
        }
        DomainError::Invalid(errors) => {
            let mut fields = Vec::new();
            for error in &errors {
                match error.field.as_str() {
                    "picked" => form.problem = Some(s.err_nothing_picked),
                    "note" => fields.push(("details".to_owned(), s.err_note)),
                    "delivery_slot_id" => fields.push(("slot".to_owned(), s.err_slot)),
                    field => {
                        // `picked[n]` names the n-th line sent, which names its SKU.
                        let line = field
                            .strip_prefix("picked[")
                            .and_then(|rest| rest.strip_suffix(']'))
                            .and_then(|n| n.parse::<usize>().ok())
                            .and_then(|n| picked.get(n))
                            .and_then(|sent| {
                                details.items.iter().position(|item| item.sku == sent.sku)
                            });
                        match line {
                            Some(line) => fields.push((format!("picked-{line}"), s.err_picked)),
                            None => return Err(DomainError::Invalid(errors).into()),
                        }
                    }
                }
            }
            form.errors = fields.into_iter().collect();
            StatusCode::UNPROCESSABLE_ENTITY
        }
        other => return Err(other.into()),
    };
    Ok((Banner::None, form, status))
}
