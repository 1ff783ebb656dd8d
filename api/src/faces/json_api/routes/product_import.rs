//! `POST /v1/retailers/{retailer_id}/products/import`: CSV or a JSON array, all or nothing.

use std::borrow::Cow;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::Deserialize;
use utoipa::openapi::schema::{AllOfBuilder, ArrayBuilder, ObjectBuilder, Schema};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{IntoParams, PartialSchema, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::app::body::read_limited;
use crate::app::error::ApiError;
use crate::app::retailer_scope::{Manage, RetailerScope};
use crate::app::state::AppState;
use crate::domain::catalog::import::{self, ImportReport};
use crate::domain::catalog::input::ProductJson;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(import_products);
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct ImportQuery {
    /// Validate and report without writing.
    #[serde(default)]
    #[param(default = false)]
    dry_run: bool,
}

/// The JSON import's body: a non-empty array of product objects, each naming its `sku`
/// (the row's key). The rows are read one by one (`import::parse_json`), so this schema
/// is written out rather than derived from a type.
struct ProductImport;

impl PartialSchema for ProductImport {
    fn schema() -> RefOr<Schema> {
        let row = AllOfBuilder::new()
            .item(Ref::from_schema_name(ProductJson::name()))
            .item(
                ObjectBuilder::new()
                    .property("sku", String::schema())
                    .required("sku"),
            );
        ArrayBuilder::new().items(row).min_items(Some(1)).into()
    }
}

impl ToSchema for ProductImport {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("ProductImport")
    }

    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((ProductJson::name().into(), ProductJson::schema()));
        ProductJson::schemas(schemas);
    }
}

#[derive(Debug, Clone, Copy)]
enum ImportFormat {
    Csv,
    Json,
}

fn format_of(req: &HttpRequest) -> Result<ImportFormat, ApiError> {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    match essence.to_ascii_lowercase().as_str() {
        "text/csv" => Ok(ImportFormat::Csv),
        "application/json" => Ok(ImportFormat::Json),
        _ => Err(ApiError::UnsupportedMediaType(
            "send text/csv or application/json".into(),
        )),
    }
}

/// Upserts products by SKU, all rows or none.
///
/// `?dry_run=true` validates and reports without writing. Columns or fields left out keep
/// the stored values of existing products.
#[utoipa::path(
    operation_id = "import_products",
    tag = "catalog",
    params(("retailer_id" = String, Path, description = "The retailer's id"), ImportQuery),
    request_body(
        description = "CSV: UTF-8 (a BOM is skipped), a header row, then one product a row; \
columns in any order among `sku,name,description,price_minor,stock_on_hand,gtin,active,image` \
(`sku` required; `image` is ignored: photos are uploaded one by one; `active` is \
true/false/1/0/yes/no; a cell starting with `'` before `=`, `+`, `-` or `@`, as exports defuse \
formulas, is read without the `'`). JSON: an array of product objects, each with its `sku`.",
        content(
            (String = "text/csv", example = "sku,name,price_minor,stock_on_hand\nMILK-1L,Milk 1 L,2500,40\n"),
            (ProductImport = "application/json"),
        )
    ),
    responses(
        (status = 200, description = "What the import did (or, on a dry run, would do)", body = ImportReport),
        (status = 422, description = "`validation_failed`: nothing is written; `errors` lists \
every problem with its `row` (CSV: the header is row 1; JSON: the first object is row 1): an \
unknown, repeated or missing (`sku`) column, an invalid field, a repeated SKU, a new product \
without `name` or `price`, a body with no products or that is not a JSON array"),
    ),
    security(("bearerAuth" = []))
)]
#[post("/retailers/{retailer_id}/products/import")]
async fn import_products(
    req: HttpRequest,
    state: web::Data<AppState>,
    scope: RetailerScope<Manage>,
    query: web::Query<ImportQuery>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let format = format_of(&req)?;
    let body = read_limited(payload, state.limits.import).await?;
    let dry_run = query.dry_run;
    let retailer = scope.retailer;
    let report = state
        .db(move |conn| {
            let rows = match format {
                ImportFormat::Csv => import::parse_csv(&body)?,
                ImportFormat::Json => import::parse_json(&body, &retailer.currency)?,
            };
            import::apply(conn, &retailer.id, &rows, dry_run)
        })
        .await?;
    Ok(HttpResponse::Ok().json(report))
}
