//! `/orders` and `/orders/{id}`: the signed-in customer's orders, read through the same
//! domain functions as `/v1/orders`.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::app::error::ApiError;
use crate::app::pages::layer::page;
use crate::app::pages::redirect::to_sign_in;
use crate::app::pages::render::html;
use crate::app::pages::visitor::Visitor;
use crate::app::state::AppState;
use crate::domain::{orders, retailers};
use crate::faces::shop::pages::orders::{OrderPage, OrdersPage};

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(page("/orders").get(list))
        .service(page("/orders/{id}").get(show));
}

#[derive(Debug, Deserialize)]
struct ShowQuery {
    /// `1` right after checkout: show the thank-you banner.
    placed: Option<String>,
}

async fn list(state: web::Data<AppState>, visitor: Visitor) -> Result<HttpResponse, ApiError> {
    let Some(customer) = visitor.signed_in(&state).await? else {
        return Ok(to_sign_in("/orders"));
    };
    let found = state
        .db(move |conn| {
            let list = orders::list_for_customer(conn, &customer.user_id)?;
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
                .collect::<Result<Vec<_>, _>>()
        })
        .await?;
    let page = OrdersPage::new(&found, visitor.lang(), visitor.csrf_token(&state))?;
    html(StatusCode::OK, &page)
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
    let details = state
        .db(move |conn| orders::get_for_customer(conn, &customer.user_id, &order_id))
        .await?;
    let placed = query.placed.as_deref() == Some("1");
    html(
        StatusCode::OK,
        &OrderPage::new(&details, visitor.lang(), placed)?,
    )
}
