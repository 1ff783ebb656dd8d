//! `/console/r/{rid}/products`: the catalogue, searched by name or SKU and paged by SKU
//! (`after`), with its CSV export (`products.csv`, the import's columns); a product's page
//! (`edit`), the CSV import (`import`) and the ZIP of photos (`photos`) below it.

mod edit;
mod import;
mod photos;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::{Scope, retailer_scope};
use crate::app::catalogue;
use crate::app::error::ApiError;
use crate::app::formats::{self, Representation};
use crate::app::pages::layer::staff_page;
use crate::app::pages::render::html;
use crate::app::pages::staff::StaffFrame;
use crate::app::pages::visitor::Visitor;
use crate::app::state::AppState;
use crate::domain::catalog::products;
use crate::faces::console::pages::catalogue::ProductsPage;

/// Products on one page of the list.
const PAGE_SIZE: i64 = 50;

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(staff_page("/console/r/{rid}/products").get(list))
        .service(staff_page("/console/r/{rid}/products.csv").get(export));
    // Before the product pages, whose `{sku}` would also match `import` and `photos`.
    import::routes(cfg);
    photos::routes(cfg);
    edit::routes(cfg);
}

#[derive(Debug, Deserialize)]
struct ListQuery {
    q: Option<String>,
    after: Option<String>,
}

async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    rid: web::Path<String>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let (user, retailer) = match retailer_scope(&req, &state, rid.into_inner()).await? {
        Scope::Granted(user, retailer) => (user, retailer),
        Scope::Answer(answer) => return Ok(answer),
    };
    let ListQuery { q, after } = query.into_inner();
    let search = q.unwrap_or_default().trim().to_owned();
    let (retailer_id, term, after_sku) = (retailer.id.clone(), search.clone(), after.clone());
    let found = state
        .db(move |conn| {
            products::list(
                conn,
                &retailer_id,
                Some(&term),
                after_sku.as_deref().filter(|sku| !sku.is_empty()),
                PAGE_SIZE,
            )
        })
        .await?;
    let frame = StaffFrame::new(&req, &state, &visitor, true);
    let paged = after.is_some_and(|sku| !sku.is_empty());
    html(
        StatusCode::OK,
        &ProductsPage::new(frame, &user, &retailer, search, paged, found),
    )
}

/// Every live product as CSV, the same document as the JSON API's export.
async fn export(
    req: HttpRequest,
    state: web::Data<AppState>,
    rid: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let retailer = match retailer_scope(&req, &state, rid.into_inner()).await? {
        Scope::Granted(_, retailer) => retailer,
        Scope::Answer(answer) => return Ok(answer),
    };
    let body = catalogue::export_csv(&state, &retailer.id).await?;
    Ok(formats::ok(Representation::Csv, Some("products.csv")).body(body))
}
