//! `/v1/cart`: the signed-in customer's cart. Lines are set by quantity, so a retried
//! request changes nothing.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use serde::Deserialize;
use serde::de::IgnoredAny;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::app::auth::AuthUser;
use crate::app::error::ApiError;
use crate::app::json::Json;
use crate::app::state::AppState;
use crate::app::views::shopping::CartJson;
use crate::domain::accounts::Principal;
use crate::domain::cart::{self, CartOwner, ItemRef};
use crate::domain::{DomainError, ids};

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(show)
        .service(set_item)
        .service(update_item)
        .service(remove_item);
}

/// Only customers have carts.
fn owner(principal: &Principal) -> Result<CartOwner, ApiError> {
    Ok(CartOwner::Customer(
        principal.require_customer()?.to_owned(),
    ))
}

/// The product whose line to set, by scan code or by SKU, and the line's quantity. Any
/// other JSON (both, neither, other fields) is 422.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(untagged)]
#[schema(as = SetCartItemRequest)]
enum SetItemBody {
    ByCode(ItemByCode),
    BySku(ItemBySku),
    /// Any other JSON, which the handler refuses as a field error. `skip_serializing`
    /// (the type is never serialized) keeps it out of the schema, which lists the shapes
    /// the server accepts.
    #[serde(skip_serializing)]
    Other(IgnoredAny),
}

/// A product as scanned: the line remembers the code, for the poster's price promise
/// and for attribution.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = CartItemByCode)]
struct ItemByCode {
    /// The scan code (8 Crockford base32 characters, case-insensitive); an unknown code
    /// is 404.
    code: String,
    /// Units, 1 to 99.
    #[schema(minimum = 1, maximum = 99)]
    quantity: i32,
}

/// A product by its retailer and SKU.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = CartItemBySku)]
struct ItemBySku {
    /// An unknown retailer or SKU is 404.
    retailer_id: String,
    sku: String,
    /// Units, 1 to 99.
    #[schema(minimum = 1, maximum = 99)]
    quantity: i32,
}

impl SetItemBody {
    fn into_parts(self) -> Result<(ItemRef, i32), ApiError> {
        match self {
            Self::ByCode(ItemByCode { code, quantity }) => Ok((ItemRef::Code(code), quantity)),
            Self::BySku(ItemBySku {
                retailer_id,
                sku,
                quantity,
            }) => Ok((ItemRef::Sku { retailer_id, sku }, quantity)),
            Self::Other(_) => Err(DomainError::invalid(
                "code",
                "send either a scan code, or a retailer_id and a sku, with an integer quantity",
            )
            .into()),
        }
    }
}

/// A line's new quantity.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = QuantityRequest)]
struct QuantityBody {
    /// Units, 1 to 99.
    #[schema(minimum = 1, maximum = 99)]
    quantity: i32,
}

/// The cart, priced now.
#[utoipa::path(
    operation_id = "get_cart",
    tag = "shopping",
    responses(
        (status = 200, description = "The cart (empty when there is none)", body = CartJson),
        (status = 403, description = "`forbidden`: only customers have carts"),
    ),
    security(("bearerAuth" = []))
)]
#[get("/cart")]
async fn show(state: web::Data<AppState>, user: AuthUser) -> Result<HttpResponse, ApiError> {
    let owner = owner(&user)?;
    let cart = state
        .db(move |conn| cart::view(conn, &owner, ids::now()))
        .await?;
    Ok(HttpResponse::Ok().json(CartJson::new(&state.urls, &cart)))
}

/// Sets a product's line (by scan code or SKU) to the given quantity, adding it when
/// missing; a retry changes nothing.
#[utoipa::path(
    operation_id = "set_cart_item",
    tag = "shopping",
    request_body = SetItemBody,
    responses(
        (status = 200, description = "The cart", body = CartJson),
        (status = 403, description = "`forbidden`: only customers have carts"),
        (status = 404, description = "`not_found`: no such scan code, retailer or product"),
        (status = 409, description = "`cart_retailer_mismatch`: the cart holds another retailer's products; `product_unavailable`: the product is not sold; `insufficient_stock`: fewer units are available"),
        (status = 422, description = "`validation_failed`: the body is neither shape, or `quantity` is not 1 to 99"),
    ),
    security(("bearerAuth" = []))
)]
#[post("/cart/items")]
async fn set_item(
    state: web::Data<AppState>,
    user: AuthUser,
    body: Json<SetItemBody>,
) -> Result<HttpResponse, ApiError> {
    let owner = owner(&user)?;
    let (item, quantity) = body.into_inner().into_parts()?;
    let cart = state
        .db(move |conn| cart::set_item(conn, &owner, &item, quantity, ids::now()))
        .await?;
    Ok(HttpResponse::Ok().json(CartJson::new(&state.urls, &cart)))
}

/// Changes a line's quantity.
#[utoipa::path(
    operation_id = "update_cart_item",
    tag = "shopping",
    params(("id" = String, Path, description = "The cart line's id")),
    request_body = QuantityBody,
    responses(
        (status = 200, description = "The cart", body = CartJson),
        (status = 403, description = "`forbidden`: only customers have carts"),
        (status = 404, description = "`not_found`: no such line in the caller's cart"),
        (status = 409, description = "`product_unavailable`: the product is no longer sold; `insufficient_stock`: fewer units are available"),
        (status = 422, description = "`validation_failed`: `quantity` is not 1 to 99"),
    ),
    security(("bearerAuth" = []))
)]
#[patch("/cart/items/{id}")]
async fn update_item(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    body: Json<QuantityBody>,
) -> Result<HttpResponse, ApiError> {
    let owner = owner(&user)?;
    let (item_id, quantity) = (path.into_inner(), body.quantity);
    let cart = state
        .db(move |conn| cart::update_item(conn, &owner, &item_id, quantity, ids::now()))
        .await?;
    Ok(HttpResponse::Ok().json(CartJson::new(&state.urls, &cart)))
}

/// Removes a line.
#[utoipa::path(
    operation_id = "remove_cart_item",
    tag = "shopping",
    params(("id" = String, Path, description = "The cart line's id")),
    responses(
        (status = 200, description = "The cart", body = CartJson),
        (status = 403, description = "`forbidden`: only customers have carts"),
        (status = 404, description = "`not_found`: no such line in the caller's cart"),
    ),
    security(("bearerAuth" = []))
)]
#[delete("/cart/items/{id}")]
async fn remove_item(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let owner = owner(&user)?;
    let item_id = path.into_inner();
    let cart = state
        .db(move |conn| cart::remove_item(conn, &owner, &item_id, ids::now()))
        .await?;
    Ok(HttpResponse::Ok().json(CartJson::new(&state.urls, &cart)))
}
