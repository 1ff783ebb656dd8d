//! `/v1/cart`: the signed-in customer's cart. Lines are set by quantity, so a retried
//! request changes nothing.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use serde::Deserialize;

use crate::app::auth::AuthUser;
use crate::app::error::ApiError;
use crate::app::state::AppState;
use crate::app::views::shopping::CartJson;
use crate::domain::accounts::Principal;
use crate::domain::cart::{self, CartOwner, ItemRef};
use crate::domain::{DomainError, ids};

pub fn routes(cfg: &mut web::ServiceConfig) {
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SetItemBody {
    code: Option<String>,
    retailer_id: Option<String>,
    sku: Option<String>,
    quantity: i32,
}

impl SetItemBody {
    fn item(self) -> Result<(ItemRef, i32), ApiError> {
        let item = match (self.code, self.retailer_id, self.sku) {
            (Some(code), None, None) => ItemRef::Code(code),
            (None, Some(retailer_id), Some(sku)) => ItemRef::Sku { retailer_id, sku },
            _ => {
                return Err(DomainError::invalid(
                    "code",
                    "send either a scan code, or a retailer_id and a sku",
                )
                .into());
            }
        };
        Ok((item, self.quantity))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuantityBody {
    quantity: i32,
}

/// The cart, priced now.
#[get("/cart")]
async fn show(state: web::Data<AppState>, user: AuthUser) -> Result<HttpResponse, ApiError> {
    let owner = owner(&user)?;
    let cart = state
        .db(move |conn| cart::view(conn, &owner, ids::now()))
        .await?;
    Ok(HttpResponse::Ok().json(CartJson::new(&state.urls, &cart)))
}

/// Sets a product's line (by scan code or SKU) to the given quantity.
#[post("/cart/items")]
async fn set_item(
    state: web::Data<AppState>,
    user: AuthUser,
    body: web::Json<SetItemBody>,
) -> Result<HttpResponse, ApiError> {
    let owner = owner(&user)?;
    let (item, quantity) = body.into_inner().item()?;
    let cart = state
        .db(move |conn| cart::set_item(conn, &owner, &item, quantity, ids::now()))
        .await?;
    Ok(HttpResponse::Ok().json(CartJson::new(&state.urls, &cart)))
}

/// Changes a line's quantity.
#[patch("/cart/items/{id}")]
async fn update_item(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    body: web::Json<QuantityBody>,
) -> Result<HttpResponse, ApiError> {
    let owner = owner(&user)?;
    let (item_id, quantity) = (path.into_inner(), body.quantity);
    let cart = state
        .db(move |conn| cart::update_item(conn, &owner, &item_id, quantity, ids::now()))
        .await?;
    Ok(HttpResponse::Ok().json(CartJson::new(&state.urls, &cart)))
}

/// Removes a line.
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
