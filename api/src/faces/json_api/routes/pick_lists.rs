//! `GET /v1/retailers/{retailer_id}/pick-list?date=&slot_id=&zone_id=`: what to pick for
//! a day or a slot, as JSON, CSV (`Accept: text/csv`) or a printable A4 PDF
//! (`Accept: application/pdf`).

use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::app::error::ApiError;
use crate::app::formats::{self, Representation, negotiate};
use crate::app::pick_list_files;
use crate::app::retailer_scope::{Read, RetailerScope};
use crate::app::state::AppState;
use crate::app::views::operator::PickListJson;
use crate::domain::orders::listing::{Filter, FilterText};
use crate::domain::orders::pick_list;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(show);
}

/// `date` or `slot_id` is required (neither: 422); an empty value is no filter.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct PickQuery {
    /// Local date of the delivery slots, `YYYY-MM-DD`; not a calendar date
    /// (`2026-02-30`): 422.
    #[param(pattern = r"^\s*([0-9]{4}-[0-9]{2}-[0-9]{2})?\s*$")]
    date: Option<String>,
    /// One delivery slot; none of this retailer's: 422.
    slot_id: Option<String>,
    /// Narrows the day or slot to one delivery zone; none of this retailer's: 422.
    zone_id: Option<String>,
}

/// The pick list of the orders in `confirmed` or `picking` for the day or slot.
#[utoipa::path(
    operation_id = "get_pick_list",
    tag = "operations",
    params(("retailer_id" = String, Path, description = "The retailer's id"), PickQuery),
    responses(
        (status = 200, description = "The orders in `confirmed` or `picking`, product by product: JSON (the default); \
with `Accept: text/csv`, CSV (`attachment; filename=\"pick-list-{day}.csv\"`, UTF-8 with a BOM) with the columns \
`sku,gtin,name,quantity,orders` (`orders` reads `7Q2K-9XJ4 ×2; …`); with `Accept: application/pdf`, a printable A4 PDF \
(`inline; filename=\"pick-list-{day}.pdf\"`). Never cached; varies by `Accept`.",
            content((PickListJson = "application/json"), (String = "text/csv"), ([u8] = "application/pdf"))),
        (status = 422, description = "`validation_failed`: see `errors` (neither `date` nor `slot_id`, a bad `date`, a `slot_id` \
or `zone_id` that is not this retailer's); `too_many_orders`: more than 10,000 orders to pick"),
    ),
    security(("bearerAuth" = []))
)]
#[get("/retailers/{retailer_id}/pick-list")]
async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    scope: RetailerScope<Read>,
    query: web::Query<PickQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let filter = Filter::parse(FilterText {
        date: query.date.as_deref(),
        slot_id: query.slot_id.as_deref(),
        zone_id: query.zone_id.as_deref(),
        status: None,
        q: None,
    })?;
    let representation = negotiate(
        &req,
        &[
            Representation::Json,
            Representation::Csv,
            Representation::Pdf,
        ],
    );
    let retailer_id = scope.retailer.id.clone();
    let list = state
        .db(move |conn| pick_list::build(conn, &retailer_id, filter))
        .await?;
    let retailer = scope.retailer;
    match representation {
        Representation::Json => {
            let tz = retailer.tz()?;
            Ok(formats::ok(representation, None).json(PickListJson::new(list, tz)))
        }
        Representation::Csv => pick_list_files::csv_answer(&list),
        Representation::Pdf => pick_list_files::pdf_answer(list, retailer).await,
    }
}
