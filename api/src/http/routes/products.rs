//! `/v1/retailers/{retailer_id}/products`: list, search, read, create, update, delete.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use serde::Deserialize;

use crate::domain::accounts::RetailerAccess;
use crate::domain::catalog::input::ProductJson;
use crate::domain::catalog::products::{self, SaveMode};
use crate::domain::{DomainError, retailers};
use crate::http::auth::AuthUser;
use crate::http::error::ApiError;
use crate::http::state::AppState;
use crate::http::views::ProductView;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(show)
        .service(update)
        .service(remove);
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    /// Matches name or SKU.
    q: Option<String>,
    /// SKU of the last product of the previous page.
    after: Option<String>,
    /// Page size, 1 to 200.
    limit: Option<i64>,
}

/// Pages of products by SKU, optionally filtered by `q`.
#[get("/retailers/{retailer_id}/products")]
async fn list(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let retailer_id = path.into_inner();
    user.authorize_retailer(&retailer_id, RetailerAccess::Read)?;
    let ListQuery { q, after, limit } = query.into_inner();
    let limit = limit.unwrap_or(50);
    if !(1..=products::MAX_PAGE_SIZE).contains(&limit) {
        return Err(DomainError::invalid("limit", "must be between 1 and 200").into());
    }
    let (retailer, page) = state
        .db(move |conn| {
            let retailer = retailers::get(conn, &retailer_id)?;
            let page = products::list(conn, &retailer.id, q.as_deref(), after.as_deref(), limit)?;
            Ok((retailer, page))
        })
        .await?;
    let items: Vec<ProductView> = page
        .items
        .into_iter()
        .map(|p| ProductView::new(&state, p, &retailer.currency))
        .collect();
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "items": items,
        "next_after": page.next_after,
    })))
}

/// Creates a product; an existing SKU is 409 `sku_taken`.
#[post("/retailers/{retailer_id}/products")]
async fn create(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    body: web::Json<ProductJson>,
) -> Result<HttpResponse, ApiError> {
    let retailer_id = path.into_inner();
    user.authorize_retailer(&retailer_id, RetailerAccess::Manage)?;
    let json = body.into_inner();
    save(state, retailer_id, None, json, SaveMode::Create).await
}

/// Changes the given fields of a product.
#[patch("/retailers/{retailer_id}/products/{sku}")]
async fn update(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
    body: web::Json<ProductJson>,
) -> Result<HttpResponse, ApiError> {
    let (retailer_id, sku) = path.into_inner();
    user.authorize_retailer(&retailer_id, RetailerAccess::Manage)?;
    save(
        state,
        retailer_id,
        Some(sku),
        body.into_inner(),
        SaveMode::Update,
    )
    .await
}

async fn save(
    state: web::Data<AppState>,
    retailer_id: String,
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
    let (retailer, product) = state
        .db(move |conn| {
            let retailer = retailers::get(conn, &retailer_id)?;
            let input = json
                .into_input(sku, &retailer.currency)
                .map_err(DomainError::Invalid)?;
            let product = products::save_one(conn, &retailer.id, input, mode)?;
            Ok((retailer, product))
        })
        .await?;
    let view = ProductView::new(&state, product, &retailer.currency);
    Ok(match mode {
        SaveMode::Create => HttpResponse::Created().json(view),
        SaveMode::Update | SaveMode::Upsert => HttpResponse::Ok().json(view),
    })
}

/// One product by SKU.
#[get("/retailers/{retailer_id}/products/{sku}")]
async fn show(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (retailer_id, sku) = path.into_inner();
    user.authorize_retailer(&retailer_id, RetailerAccess::Read)?;
    let (retailer, product) = state
        .db(move |conn| {
            let retailer = retailers::get(conn, &retailer_id)?;
            let product = products::get(conn, &retailer.id, &sku)?;
            Ok((retailer, product))
        })
        .await?;
    Ok(HttpResponse::Ok().json(ProductView::new(&state, product, &retailer.currency)))
}

/// Soft-deletes a product.
#[delete("/retailers/{retailer_id}/products/{sku}")]
async fn remove(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (retailer_id, sku) = path.into_inner();
    user.authorize_retailer(&retailer_id, RetailerAccess::Manage)?;
    state
        .db(move |conn| products::delete(conn, &retailer_id, &sku))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
