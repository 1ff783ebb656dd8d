//! `GET /v1/retailers/{retailer_id}/orders`: a retailer's orders for its staff, by day,
//! slot, zone, status and search term, in loading order; JSON pages, or every match as CSV with
//! `Accept: text/csv`.

use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::{Deserialize, Serialize};
use utoipa::openapi::Ref;
use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Schema, Type};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::app::error::ApiError;
use crate::app::formats::{self, Representation, negotiate};
use crate::app::retailer_scope::{Read, RetailerScope};
use crate::app::state::AppState;
use crate::app::views::operator::{ListedOrderJson, ORDER_CSV_HEADER, order_csv_row};
use crate::documents::csv;
use crate::domain::orders::OrderStatus;
use crate::domain::orders::listing::{self, Filter, FilterText, PageRequest};

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list);
}

/// Every filter is optional; an empty value is no filter.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct ListQuery {
    /// Local date of the delivery slot, `YYYY-MM-DD`; not a calendar date (`2026-02-30`):
    /// 422.
    #[param(pattern = r"^\s*([0-9]{4}-[0-9]{2}-[0-9]{2})?\s*$")]
    date: Option<String>,
    /// One delivery slot; none of this retailer's: 422.
    slot_id: Option<String>,
    /// The slot's delivery zone; none of this retailer's: 422.
    zone_id: Option<String>,
    /// See [`status_filter`], which gives its schema and description.
    #[param(schema_with = status_filter)]
    status: Option<String>,
    /// Search: part of the order number (dash and case optional), of the recipient's
    /// name, or of the phone (a term of digits and separators, 3 digits or more); at most
    /// 100 characters.
    #[param(max_length = 100)]
    q: Option<String>,
    /// 1-based page of the JSON list (CSV lists every match); a page past the last is
    /// empty.
    #[param(minimum = 1, maximum = 4294967295_i64, format = Int64, default = 1)]
    page: Option<u32>,
    /// Orders per JSON page.
    #[param(minimum = 1, maximum = 500, default = 100)]
    per_page: Option<u32>,
}

/// The `status` filter: an order status, or blank for none. A parameter given its schema
/// this way takes no description of its own, so the schema carries it.
fn status_filter() -> Schema {
    OneOfBuilder::new()
        .description(Some(
            "One status (else 422); without it, every order that was ever confirmed \
             (cancelled ones included)",
        ))
        .item(Ref::from_schema_name(<OrderStatus as ToSchema>::name()))
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some(r"^\s*$")),
        )
        .build()
        .into()
}

/// A page of a retailer's orders.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OrderList)]
struct OrderPage {
    /// In loading order: slot start, then postal code, then number.
    orders: Vec<ListedOrderJson>,
    /// This page's number.
    #[schema(minimum = 1)]
    page: u32,
    /// The page size asked for.
    #[schema(minimum = 1, maximum = 500)]
    per_page: u32,
    /// The next page's number; `null` on the last page.
    next_page: Option<u32>,
}

/// The orders matching the filters: a JSON page, or all of them as CSV.
#[utoipa::path(
    operation_id = "list_retailer_orders",
    tag = "operations",
    params(("retailer_id" = String, Path, description = "The retailer's id"), ListQuery),
    responses(
        (status = 200, description = "A JSON page (the default), or with `Accept: text/csv` every match as CSV \
(UTF-8 with a BOM; formula-like cells neutralized; `attachment; filename=\"orders-{date}.csv\"`) with the columns \
`number,slot_start,slot_end,name,phone,address,postal_code,items,total_minor,currency,status`. Never cached; varies by `Accept`.",
            content((OrderPage = "application/json"), (String = "text/csv"))),
        (status = 422, description = "`validation_failed`: see `errors` (a bad `date` or `status`, `q` over 100 characters, `page` or `per_page` out of \
range, a `slot_id` or `zone_id` that is not this retailer's); `too_many_orders`: the CSV would hold more than 10,000 orders"),
    ),
    security(("bearerAuth" = []))
)]
#[get("/retailers/{retailer_id}/orders")]
async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    scope: RetailerScope<Read>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let filter = Filter::parse(FilterText {
        date: query.date.as_deref(),
        slot_id: query.slot_id.as_deref(),
        zone_id: query.zone_id.as_deref(),
        status: query.status.as_deref(),
        q: query.q.as_deref(),
    })?;
    let request = PageRequest::new(query.page, query.per_page)?;
    if negotiate(&req, &[Representation::Json, Representation::Csv]) == Representation::Csv {
        let filename = match filter.date {
            Some(date) => format!("orders-{date}.csv"),
            None => "orders.csv".to_owned(),
        };
        let retailer_id = scope.retailer.id.clone();
        let orders = state
            .db(move |conn| listing::all(conn, &retailer_id, &filter))
            .await?;
        let tz = scope.retailer.tz()?;
        let body = csv::document(
            &ORDER_CSV_HEADER,
            orders.iter().map(|listed| order_csv_row(listed, tz)),
        )?;
        return Ok(formats::ok(Representation::Csv, Some(&filename)).body(body));
    }
    let retailer_id = scope.retailer.id.clone();
    let page = state
        .db(move |conn| listing::page(conn, &retailer_id, &filter, request))
        .await?;
    let tz = scope.retailer.tz()?;
    Ok(formats::ok(Representation::Json, None).json(OrderPage {
        orders: page
            .orders
            .into_iter()
            .map(|listed| ListedOrderJson::new(listed, tz))
            .collect(),
        page: request.page,
        per_page: request.per_page,
        next_page: page.next_page,
    }))
}
