//! `/v1/retailers/{retailer_id}/products`: list, search, read, create, update, delete; the
//! whole catalogue as CSV (the import's columns) with `Accept: text/csv`.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::app::catalogue;
use crate::app::error::ApiError;
use crate::app::formats::{self, Representation, negotiate};
use crate::app::json::Json;
use crate::app::retailer_scope::{Manage, Read, RetailerScope};
use crate::app::state::AppState;
use crate::app::views::ProductView;
use crate::domain::DomainError;
use crate::domain::catalog::input::ProductJson;
use crate::domain::catalog::products::{self, SaveMode};
use crate::domain::retailers::Retailer;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(show)
        .service(update)
        .service(remove);
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct ListQuery {
    /// Matches name or SKU.
    q: Option<String>,
    /// SKU of the last product of the previous page (its `next_after`).
    after: Option<String>,
    /// Page size.
    #[param(minimum = 1, maximum = 200, default = 50)]
    limit: Option<i64>,
}

/// A page of products.
#[derive(Debug, Serialize, ToSchema)]
struct ProductPage {
    items: Vec<ProductView>,
    /// Pass as `after` for the next page; absent on the last page.
    next_after: Option<String>,
}

/// Pages of products by SKU, optionally filtered by `q`; or, with `Accept: text/csv`, every
/// live product as CSV, ready to import again.
#[utoipa::path(
    operation_id = "list_products",
    tag = "catalog",
    params(("retailer_id" = String, Path), ListQuery),
    responses(
        (status = 200, description = "A JSON page of products (the default), or with `Accept: text/csv` \
every live product by SKU, whatever `q` and `after`, as CSV (UTF-8 with a BOM; formula-like cells neutralized; \
`attachment; filename=\"products.csv\"`) in the import's columns `sku,name,description,price_minor,\
stock_on_hand,gtin,active`, so that importing it again changes nothing. Never cached; varies by `Accept`.",
            content((ProductPage = "application/json"), (String = "text/csv"))),
        (status = 422, description = "`validation_failed`: `limit` out of range"),
    ),
    security(("bearerAuth" = []))
)]
#[get("/retailers/{retailer_id}/products")]
async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    scope: RetailerScope<Read>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let ListQuery { q, after, limit } = query.into_inner();
    let limit = limit.unwrap_or(50);
    if !(1..=products::MAX_PAGE_SIZE).contains(&limit) {
        return Err(DomainError::invalid("limit", "must be between 1 and 200").into());
    }
    if negotiate(&req, &[Representation::Json, Representation::Csv]) == Representation::Csv {
        let body = catalogue::export_csv(&state, &scope.retailer.id).await?;
        return Ok(formats::ok(Representation::Csv, Some("products.csv")).body(body));
    }
    let retailer_id = scope.retailer.id.clone();
    let page = state
        .db(move |conn| products::list(conn, &retailer_id, q.as_deref(), after.as_deref(), limit))
        .await?;
    let currency = &scope.retailer.currency;
    Ok(formats::ok(Representation::Json, None).json(ProductPage {
        items: page
            .items
            .into_iter()
            .map(|p| ProductView::new(&state.urls, p, currency))
            .collect(),
        next_after: page.next_after,
    }))
}

/// Creates a product; an existing SKU is 409 `sku_taken`.
#[utoipa::path(
    operation_id = "create_product",
    tag = "catalog",
    params(("retailer_id" = String, Path)),
    request_body = ProductJson,
    responses(
        (status = 201, description = "The product created", body = ProductView),
        (status = 409, description = "`sku_taken`: a product with this SKU exists"),
        (status = 422, description = "`validation_failed`: see `errors` (`sku`, `name` and `price` are required)"),
    ),
    security(("bearerAuth" = []))
)]
#[post("/retailers/{retailer_id}/products")]
async fn create(
    state: web::Data<AppState>,
    scope: RetailerScope<Manage>,
    body: Json<ProductJson>,
) -> Result<HttpResponse, ApiError> {
    save(
        state,
        scope.retailer,
        None,
        body.into_inner(),
        SaveMode::Create,
    )
    .await
}

/// Changes the given fields of a product.
#[utoipa::path(
    operation_id = "update_product",
    tag = "catalog",
    params(("retailer_id" = String, Path), ("sku" = String, Path)),
    request_body = ProductJson,
    responses(
        (status = 200, description = "The product changed", body = ProductView),
        (status = 404, description = "`not_found`: no such retailer or product"),
        (status = 422, description = "`validation_failed`: see `errors`"),
    ),
    security(("bearerAuth" = []))
)]
#[patch("/retailers/{retailer_id}/products/{sku}")]
async fn update(
    state: web::Data<AppState>,
    scope: RetailerScope<Manage>,
    path: web::Path<(String, String)>,
    body: Json<ProductJson>,
) -> Result<HttpResponse, ApiError> {
    let (_, sku) = path.into_inner();
    save(
        state,
        scope.retailer,
        Some(sku),
        body.into_inner(),
        SaveMode::Update,
    )
    .await
}

async fn save(
    state: web::Data<AppState>,
    retailer: Retailer,
    path_sku: Option<String>,
    json: ProductJson,
    mode: SaveMode,
) -> Result<HttpResponse, ApiError> {
    if let (Some(path_sku), Some(body_sku)) = (&path_sku, &json.sku)
        && path_sku != body_sku
    {
        return Err(
            DomainError::invalid("sku", "cannot be changed; it addresses the product").into(),
        );
    }
    let sku = path_sku.or_else(|| json.sku.clone()).unwrap_or_default();
    let input = json
        .into_input(sku, &retailer.currency)
        .map_err(DomainError::Invalid)?;
    let retailer_id = retailer.id.clone();
    let product = state
        .db(move |conn| products::save_one(conn, &retailer_id, input, mode))
        .await?;
    let view = ProductView::new(&state.urls, product, &retailer.currency);
    Ok(match mode {
        SaveMode::Create => HttpResponse::Created().json(view),
        SaveMode::Update | SaveMode::Upsert => HttpResponse::Ok().json(view),
    })
}

/// One product by SKU.
#[utoipa::path(
    operation_id = "get_product",
    tag = "catalog",
    params(("retailer_id" = String, Path), ("sku" = String, Path)),
    responses(
        (status = 200, description = "The product", body = ProductView),
        (status = 404, description = "`not_found`: no such retailer or product"),
    ),
    security(("bearerAuth" = []))
)]
#[get("/retailers/{retailer_id}/products/{sku}")]
async fn show(
    state: web::Data<AppState>,
    scope: RetailerScope<Read>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (_, sku) = path.into_inner();
    let retailer_id = scope.retailer.id.clone();
    let product = state
        .db(move |conn| products::get(conn, &retailer_id, &sku))
        .await?;
    Ok(HttpResponse::Ok().json(ProductView::new(
        &state.urls,
        product,
        &scope.retailer.currency,
    )))
}

/// Soft-deletes a product: it can no longer be sold; its codes still resolve.
#[utoipa::path(
    operation_id = "delete_product",
    tag = "catalog",
    params(("retailer_id" = String, Path), ("sku" = String, Path)),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "`not_found`: no such retailer or product"),
    ),
    security(("bearerAuth" = []))
)]
#[delete("/retailers/{retailer_id}/products/{sku}")]
async fn remove(
    state: web::Data<AppState>,
    scope: RetailerScope<Manage>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (_, sku) = path.into_inner();
    let retailer_id = scope.retailer.id;
    state
        .db(move |conn| products::delete(conn, &retailer_id, &sku))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
