//! `GET /v1/retailers/{retailer_id}/pick-list?date=&slot_id=&zone_id=`: what to pick for
//! a day or a slot, as JSON, CSV (`Accept: text/csv`) or a printable A4 PDF
//! (`Accept: application/pdf`).

use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Deserialize;

use crate::app::auth::AuthUser;
use crate::app::error::ApiError;
use crate::app::formats::{self, Representation, negotiate};
use crate::app::state::AppState;
use crate::app::views::operator::{PICK_CSV_HEADER, PickListJson, pick_csv_row};
use crate::documents::csv;
use crate::documents::pick_list_pdf;
use crate::domain::accounts::RetailerAccess;
use crate::domain::orders::listing::{Filter, FilterText};
use crate::domain::orders::pick_list::{self, PickList};
use crate::domain::{DomainError, ids, retailers};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(show);
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PickQuery {
    /// Local date, `YYYY-MM-DD`; this or `slot_id` is required.
    date: Option<String>,
    slot_id: Option<String>,
    zone_id: Option<String>,
}

/// `pick-list-2026-11-24.csv`, named after the day of the list.
fn filename(list: &PickList, extension: &str) -> String {
    let day = list
        .slot
        .as_ref()
        .map(|slot| slot.local_date.clone())
        .or_else(|| list.date.map(|date| date.to_string()))
        .unwrap_or_default();
    format!("pick-list-{day}.{extension}")
}

/// The pick list of the orders in `confirmed` or `picking` for the day or slot.
#[get("/retailers/{retailer_id}/pick-list")]
async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    query: web::Query<PickQuery>,
) -> Result<HttpResponse, ApiError> {
    let retailer_id = path.into_inner();
    user.authorize_retailer(&retailer_id, RetailerAccess::Read)?;
    let query = query.into_inner();
    let filter = Filter::parse(FilterText {
        date: query.date.as_deref(),
        slot_id: query.slot_id.as_deref(),
        zone_id: query.zone_id.as_deref(),
        status: None,
    })?;
    let representation = negotiate(
        &req,
        &[
            Representation::Json,
            Representation::Csv,
            Representation::Pdf,
        ],
    );
    let (retailer, list) = state
        .db(move |conn| {
            let retailer = retailers::get(conn, &retailer_id)?;
            let list = pick_list::build(conn, &retailer.id, filter)?;
            Ok((retailer, list))
        })
        .await?;
    match representation {
        Representation::Json => {
            let tz = retailer.tz()?;
            Ok(formats::ok(representation, None).json(PickListJson::new(list, tz)))
        }
        Representation::Csv => {
            let body = csv::document(&PICK_CSV_HEADER, list.lines.iter().map(pick_csv_row))?;
            Ok(formats::ok(representation, Some(&filename(&list, "csv"))).body(body))
        }
        Representation::Pdf => {
            let name = filename(&list, "pdf");
            // Text shaping and PDF writing take a while: off the async workers.
            let pdf = web::block(move || pick_list_pdf::render(&list, &retailer, ids::now()))
                .await
                .map_err(|e| DomainError::internal(anyhow::anyhow!("pick list PDF task: {e}")))??;
            Ok(formats::ok(representation, Some(&name)).body(pdf))
        }
    }
}
