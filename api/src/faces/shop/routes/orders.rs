//! `/orders` and `/orders/{id}`: the signed-in customer's orders, read through the same
//! domain functions as `/v1/orders`; an order's page lists the messages sent about it.
//! `/account/language` changes the language of the customer's messages, from a form on
//! the order list (the customer's account page), which also shows the customer's referral
//! code and the orders their shared links brought.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::app::error::ApiError;
use crate::app::pages::form::CsrfForm;
use crate::app::pages::layer::page;
use crate::app::pages::redirect::{see_other, to_sign_in};
use crate::app::pages::render::html;
use crate::app::pages::visitor::Visitor;
use crate::app::state::AppState;
use crate::domain::accounts::{referrals, users};
use crate::domain::notifications::outbox;
use crate::domain::{DomainError, orders, retailers};
use crate::faces::shop::pages::orders::{LanguageChoice, OrderPage, OrdersPage, SharingSummary};

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(page("/orders").get(list))
        .service(page("/orders/{id}").get(show))
        .service(page("/account/language").post(set_language));
}

#[derive(Debug, Deserialize)]
struct ShowQuery {
    /// `1` right after checkout: show the thank-you banner.
    placed: Option<String>,
}

#[derive(Debug, Deserialize)]
struct ListQuery {
    /// `saved` right after the language was changed.
    language: Option<String>,
}

#[derive(Debug, Deserialize)]
struct LanguageForm {
    language: String,
}

async fn list(
    state: web::Data<AppState>,
    visitor: Visitor,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let Some(customer) = visitor.signed_in(&state).await? else {
        return Ok(to_sign_in("/orders"));
    };
    let saved = query.language.as_deref() == Some("saved");
    render_list(&state, &visitor, customer.user_id, (saved, false)).await
}

/// Changes the language of the customer's messages (`users::set_language`, as
/// `PATCH /v1/me` does); a value that is no choice of the list gets the page again with
/// the error beside the field, changing nothing.
async fn set_language(
    state: web::Data<AppState>,
    visitor: Visitor,
    CsrfForm(form): CsrfForm<LanguageForm>,
) -> Result<HttpResponse, ApiError> {
    let Some(customer) = visitor.signed_in(&state).await? else {
        return Ok(to_sign_in("/orders"));
    };
    let user_id = customer.user_id.clone();
    let changed = state
        .db(move |conn| users::set_language(conn, &user_id, &form.language))
        .await;
    match changed {
        Ok(_) => Ok(see_other("/orders?language=saved")),
        Err(ApiError::Domain(DomainError::Invalid(_))) => {
            render_list(&state, &visitor, customer.user_id, (false, true)).await
        }
        Err(other) => Err(other),
    }
}

/// The order list of `customer_id` with the language form, `(saved, invalid)`.
async fn render_list(
    state: &AppState,
    visitor: &Visitor,
    customer_id: String,
    (saved, invalid): (bool, bool),
) -> Result<HttpResponse, ApiError> {
    let (found, (current, sharing)) = state
        .db(move |conn| {
            let language = users::get(conn, &customer_id)?.language;
            let sharing = SharingSummary {
                referral_code: referrals::referral_code(conn, &customer_id)?.unwrap_or_default(),
                orders_brought: referrals::orders_brought(conn, &customer_id)?,
            };
            let list = orders::list_for_customer(conn, &customer_id)?;
            // Usually one shop for all of them: read each seller once.
            let mut sellers = HashMap::new();
            list.into_iter()
                .map(|order| {
                    if !sellers.contains_key(&order.retailer_id) {
                        let seller = retailers::get(conn, &order.retailer_id)?;
                        sellers.insert(order.retailer_id.clone(), seller);
                    }
                    let seller = sellers[&order.retailer_id].clone();
                    Ok((order, seller))
                })
                .collect::<Result<Vec<_>, DomainError>>()
                .map(|found| (found, (language, sharing)))
        })
        .await?;
    let choice = LanguageChoice {
        current,
        saved,
        invalid,
    };
    let page = OrdersPage::new(
        &found,
        choice,
        sharing,
        visitor.lang(),
        visitor.csrf_token(state),
    )?;
    let status = if invalid {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    html(status, &page)
}

async fn show(
    state: web::Data<AppState>,
    visitor: Visitor,
    path: web::Path<String>,
    query: web::Query<ShowQuery>,
) -> Result<HttpResponse, ApiError> {
    let order_id = path.into_inner();
    let Some(customer) = visitor.signed_in(&state).await? else {
        return Ok(to_sign_in(&format!("/orders/{order_id}")));
    };
    let (details, messages) = state
        .db(move |conn| {
            let details = orders::get_for_customer(conn, &customer.user_id, &order_id)?;
            Ok((details, outbox::for_order(conn, &order_id)?))
        })
        .await?;
    let placed = query.placed.as_deref() == Some("1");
    html(
        StatusCode::OK,
        &OrderPage::new(&details, &messages, visitor.lang(), placed)?,
    )
}
