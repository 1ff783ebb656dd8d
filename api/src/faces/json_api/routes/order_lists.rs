//! `GET /v1/retailers/{retailer_id}/orders`: a retailer's orders for its staff, by day,
//! slot, zone and status, in loading order; JSON pages, or every match as CSV with
//! `Accept: text/csv`.

use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Deserialize;

use crate::app::auth::AuthUser;
use crate::app::error::ApiError;
use crate::app::formats::{self, Representation, negotiate};
use crate::app::state::AppState;
use crate::app::views::operator::{ListedOrderJson, ORDER_CSV_HEADER, order_csv_row};
use crate::documents::csv;
use crate::domain::accounts::RetailerAccess;
use crate::domain::orders::listing::{self, Filter, FilterText, PageRequest};
use crate::domain::retailers;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list);
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    /// Local date of the delivery slot, `YYYY-MM-DD`.
    date: Option<String>,
    slot_id: Option<String>,
    zone_id: Option<String>,
    /// One status; without it, every order that was ever confirmed.
    status: Option<String>,
    /// 1-based page of the JSON list.
    page: Option<u32>,
    /// Orders per JSON page, at most 500.
    per_page: Option<u32>,
}

/// The orders matching the filters: a JSON page, or all of them as CSV.
#[get("/retailers/{retailer_id}/orders")]
async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let retailer_id = path.into_inner();
    user.authorize_retailer(&retailer_id, RetailerAccess::Read)?;
    let query = query.into_inner();
    let filter = Filter::parse(FilterText {
        date: query.date.as_deref(),
        slot_id: query.slot_id.as_deref(),
        zone_id: query.zone_id.as_deref(),
        status: query.status.as_deref(),
    })?;
    let request = PageRequest::new(query.page, query.per_page)?;
    if negotiate(&req, &[Representation::Json, Representation::Csv]) == Representation::Csv {
        let filename = match filter.date {
            Some(date) => format!("orders-{date}.csv"),
            None => "orders.csv".to_owned(),
        };
        let (retailer, orders) = state
            .db(move |conn| {
                let retailer = retailers::get(conn, &retailer_id)?;
                let orders = listing::all(conn, &retailer.id, &filter)?;
                Ok((retailer, orders))
            })
            .await?;
        let tz = retailer.tz()?;
        let body = csv::document(
            &ORDER_CSV_HEADER,
            orders.iter().map(|listed| order_csv_row(listed, tz)),
        )?;
        return Ok(formats::ok(Representation::Csv, Some(&filename)).body(body));
    }
    let (retailer, page) = state
        .db(move |conn| {
            let retailer = retailers::get(conn, &retailer_id)?;
            let page = listing::page(conn, &retailer.id, &filter, request)?;
            Ok((retailer, page))
        })
        .await?;
    let tz = retailer.tz()?;
    let orders: Vec<ListedOrderJson> = page
        .orders
        .into_iter()
        .map(|listed| ListedOrderJson::new(listed, tz))
        .collect();
    Ok(
        formats::ok(Representation::Json, None).json(serde_json::json!({
            "orders": orders,
            "page": request.page,
            "per_page": request.per_page,
            "next_page": page.next_page,
        })),
    )
}
