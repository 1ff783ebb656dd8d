//! A pick list's files: the CSV and the printable A4 PDF, as the JSON API's pick list
//! answers them and the operator pages link them; one glue for both.

use actix_web::{HttpResponse, web};

use crate::app::error::ApiError;
use crate::app::formats::{self, Representation};
use crate::app::views::operator::{PICK_CSV_HEADER, pick_csv_row};
use crate::documents::{csv, pick_list_pdf};
use crate::domain::orders::pick_list::PickList;
use crate::domain::retailers::Retailer;
use crate::domain::{DomainError, ids};

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

/// The list as a CSV download (`sku,gtin,name,quantity,orders`).
pub fn csv_answer(list: &PickList) -> Result<HttpResponse, ApiError> {
    let body = csv::document(&PICK_CSV_HEADER, list.lines.iter().map(pick_csv_row))?;
    Ok(formats::ok(Representation::Csv, Some(&filename(list, "csv"))).body(body))
}

/// The list as an A4 PDF shown inline, local times in `retailer`'s zone.
pub async fn pdf_answer(list: PickList, retailer: Retailer) -> Result<HttpResponse, ApiError> {
    let name = filename(&list, "pdf");
    // Text shaping and PDF writing take a while: off the async workers.
    let pdf = web::block(move || pick_list_pdf::render(&list, &retailer, ids::now()))
        .await
        .map_err(|e| DomainError::internal(anyhow::anyhow!("pick list PDF task: {e}")))??;
    Ok(formats::ok(Representation::Pdf, Some(&name)).body(pdf))
}
