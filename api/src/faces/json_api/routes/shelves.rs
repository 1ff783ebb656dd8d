//! `/v1/retailers/{retailer_id}/shelves`: a retailer's shelves, the named selections of
//! products a blogger embeds. Any staff reads them; only an admin makes, changes or
//! deletes one.

use actix_web::{HttpResponse, delete, get, post, put, web};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::app::error::ApiError;
use crate::app::json::Json;
use crate::app::retailer_scope::{Manage, Read, RetailerScope};
use crate::app::state::AppState;
use crate::app::urls::{PublicUrls, SHELF_EMBED_HEIGHT_PX};
use crate::app::views::rfc3339;
use crate::domain::catalog::shelves::{self, ShelfDetails, ShelfInput};
use crate::domain::money::Money;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(show)
        .service(update)
        .service(remove);
}

/// A product on a shelf.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ShelfProduct)]
struct ShelfProductJson {
    /// Opaque product id.
    id: String,
    sku: String,
    name: String,
    /// Today's price.
    price: Money,
    /// Whether it is on sale; inactive products are left out of the embed.
    active: bool,
    /// The product's share page.
    #[schema(format = "uri")]
    share_url: String,
}

/// A shelf with its products and what a blogger pastes to embed it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Shelf)]
struct ShelfJson {
    id: String,
    /// 1 to 80 characters.
    name: String,
    /// Its live products in shelf order (deleted ones drop out).
    products: Vec<ShelfProductJson>,
    /// `{public_base_url}/embed/shelves/{id}`: the embeddable page, also the URL to paste
    /// where a site embeds by oEmbed.
    #[schema(format = "uri")]
    embed_url: String,
    /// The `<iframe>` HTML to paste into a post.
    embed_snippet: String,
    #[schema(format = DateTime)]
    created_at: String,
    #[schema(format = DateTime)]
    updated_at: String,
}

impl ShelfJson {
    fn new(urls: &PublicUrls, details: ShelfDetails, currency: &str) -> Self {
        let shelf = details.shelf;
        Self {
            products: details
                .products
                .into_iter()
                .map(|p| ShelfProductJson {
                    share_url: urls.share_url(&p.share_code),
                    price: Money {
                        amount_minor: p.price_minor,
                        currency: currency.to_owned(),
                    },
                    id: p.id,
                    sku: p.sku,
                    name: p.name,
                    active: p.active,
                })
                .collect(),
            embed_url: urls.shelf_embed_url(&shelf.id),
            embed_snippet: urls.shelf_embed_snippet(
                &shelf.id,
                &shelf.name,
                None,
                SHELF_EMBED_HEIGHT_PX,
            ),
            created_at: rfc3339(shelf.created_at),
            updated_at: rfc3339(shelf.updated_at),
            id: shelf.id,
            name: shelf.name,
        }
    }
}

/// The retailer's shelves.
#[derive(Debug, Serialize, ToSchema)]
struct ShelfList {
    /// Newest first.
    items: Vec<ShelfJson>,
}

/// The retailer's shelves, newest first.
#[utoipa::path(
    operation_id = "list_shelves",
    tag = "catalog",
    params(("retailer_id" = String, Path, description = "Opaque retailer id")),
    responses(
        (status = 200, description = "The shelves, newest first", body = ShelfList),
        (status = 404, description = "`not_found`: no such retailer"),
    ),
    security(("bearerAuth" = []))
)]
#[get("/retailers/{retailer_id}/shelves")]
async fn list(
    state: web::Data<AppState>,
    scope: RetailerScope<Read>,
) -> Result<HttpResponse, ApiError> {
    let retailer_id = scope.retailer.id.clone();
    let all = state
        .db(move |conn| shelves::list(conn, &retailer_id))
        .await?;
    let items = all
        .into_iter()
        .map(|s| ShelfJson::new(&state.urls, s, &scope.retailer.currency))
        .collect();
    Ok(HttpResponse::Ok().json(ShelfList { items }))
}

/// Makes a shelf of the retailer's products.
#[utoipa::path(
    operation_id = "create_shelf",
    tag = "catalog",
    params(("retailer_id" = String, Path, description = "Opaque retailer id")),
    request_body = ShelfInput,
    responses(
        (status = 201, description = "The shelf", body = ShelfJson),
        (status = 404, description = "`not_found`: no such retailer"),
        (status = 422, description = "`validation_failed`: see `errors` (`name` blank or \
too long; `skus` empty, more than 24, repeated, or naming no live product of this retailer)"),
    ),
    security(("bearerAuth" = []))
)]
#[post("/retailers/{retailer_id}/shelves")]
async fn create(
    state: web::Data<AppState>,
    scope: RetailerScope<Manage>,
    body: Json<ShelfInput>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner();
    let retailer_id = scope.retailer.id.clone();
    let details = state
        .db(move |conn| shelves::create(conn, &retailer_id, &input))
        .await?;
    let json = ShelfJson::new(&state.urls, details, &scope.retailer.currency);
    Ok(HttpResponse::Created().json(json))
}

/// One shelf with its products and embed snippet.
#[utoipa::path(
    operation_id = "get_shelf",
    tag = "catalog",
    params(
        ("retailer_id" = String, Path, description = "Opaque retailer id"),
        ("shelf_id" = String, Path, description = "Opaque shelf id"),
    ),
    responses(
        (status = 200, description = "The shelf", body = ShelfJson),
        (status = 404, description = "`not_found`: no such retailer or shelf"),
    ),
    security(("bearerAuth" = []))
)]
#[get("/retailers/{retailer_id}/shelves/{shelf_id}")]
async fn show(
    state: web::Data<AppState>,
    scope: RetailerScope<Read>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (_, shelf_id) = path.into_inner();
    let retailer_id = scope.retailer.id.clone();
    let details = state
        .db(move |conn| shelves::get(conn, &retailer_id, &shelf_id))
        .await?;
    let json = ShelfJson::new(&state.urls, details, &scope.retailer.currency);
    Ok(HttpResponse::Ok().json(json))
}

/// Renames the shelf and replaces its products; its embed URL stays.
#[utoipa::path(
    operation_id = "update_shelf",
    tag = "catalog",
    params(
        ("retailer_id" = String, Path, description = "Opaque retailer id"),
        ("shelf_id" = String, Path, description = "Opaque shelf id"),
    ),
    request_body = ShelfInput,
    responses(
        (status = 200, description = "The shelf as changed", body = ShelfJson),
        (status = 404, description = "`not_found`: no such retailer or shelf"),
        (status = 422, description = "`validation_failed`: see `errors`, as for creating one"),
    ),
    security(("bearerAuth" = []))
)]
#[put("/retailers/{retailer_id}/shelves/{shelf_id}")]
async fn update(
    state: web::Data<AppState>,
    scope: RetailerScope<Manage>,
    path: web::Path<(String, String)>,
    body: Json<ShelfInput>,
) -> Result<HttpResponse, ApiError> {
    let (_, shelf_id) = path.into_inner();
    let input = body.into_inner();
    let retailer_id = scope.retailer.id.clone();
    let details = state
        .db(move |conn| shelves::update(conn, &retailer_id, &shelf_id, &input))
        .await?;
    let json = ShelfJson::new(&state.urls, details, &scope.retailer.currency);
    Ok(HttpResponse::Ok().json(json))
}

/// Deletes the shelf: its embed answers 404 from now on, on every site that shows it.
#[utoipa::path(
    operation_id = "delete_shelf",
    tag = "catalog",
    params(
        ("retailer_id" = String, Path, description = "Opaque retailer id"),
        ("shelf_id" = String, Path, description = "Opaque shelf id"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "`not_found`: no such retailer or shelf"),
    ),
    security(("bearerAuth" = []))
)]
#[delete("/retailers/{retailer_id}/shelves/{shelf_id}")]
async fn remove(
    state: web::Data<AppState>,
    scope: RetailerScope<Manage>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (_, shelf_id) = path.into_inner();
    let retailer_id = scope.retailer.id;
    state
        .db(move |conn| shelves::delete(conn, &retailer_id, &shelf_id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
