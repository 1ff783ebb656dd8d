//! `/cart`: the cart page, and the forms that change it (adding comes from the product
//! page). A guest's cart belongs to the device, a signed-in customer's to the account.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::app::error::ApiError;
use crate::app::pages::form::CsrfForm;
use crate::app::pages::layer::page;
use crate::app::pages::redirect::see_other;
use crate::app::pages::render::html;
use crate::app::pages::visitor::Visitor;
use crate::app::state::AppState;
use crate::domain::analytics::attribution::Link;
use crate::domain::cart::{self, ItemRef};
use crate::domain::{DomainError, ids};
use crate::faces::shop::pages::cart::CartPage;
use crate::faces::shop::sharing;

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(page("/cart").get(show))
        .service(page("/cart/items").post(add))
        .service(page("/cart/items/{id}").post(change))
        .service(page("/cart/items/{id}/remove").post(remove));
}

#[derive(Debug, Deserialize)]
struct AddForm {
    /// The scanned code, from a `/s/` page.
    code: Option<String>,
    /// The share code, from a `/p/` page.
    share: Option<String>,
    /// The `/p/` page link's `utm_medium`, for attribution.
    utm_medium: Option<String>,
    /// The `/p/` page link's `utm_source`, for attribution.
    utm_source: Option<String>,
    /// The `/p/` page link's `ref` (the sharer's referral code), for attribution.
    #[serde(rename = "ref")]
    referral: Option<String>,
    quantity: i32,
}

#[derive(Debug, Deserialize)]
struct QuantityForm {
    quantity: i32,
}

async fn show(state: web::Data<AppState>, visitor: Visitor) -> Result<HttpResponse, ApiError> {
    let owner = visitor.cart_owner(&state).await?;
    let cart = state
        .db(move |conn| cart::view(conn, &owner, ids::now()))
        .await?;
    html(
        StatusCode::OK,
        &CartPage::new(&cart, visitor.lang(), visitor.csrf_token(&state)),
    )
}

/// Sets the line of the scanned or shared product to the quantity (so a double tap adds
/// nothing twice). A shared product's line counts under the page link's channel, else the
/// one the device remembers.
async fn add(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    CsrfForm(form): CsrfForm<AddForm>,
) -> Result<HttpResponse, ApiError> {
    let item = match (form.code, form.share) {
        (Some(code), None) => ItemRef::Code(code),
        (None, Some(share_code)) => ItemRef::Share {
            share_code,
            link: Link {
                utm_medium: form.utm_medium,
                utm_source: form.utm_source,
                referral: form.referral,
            },
            remembered: sharing::remembered(&req),
        },
        // Neither product page posts this: there is no product to add.
        _ => return Err(DomainError::NotFound("product").into()),
    };
    let owner = visitor.cart_owner(&state).await?;
    state
        .db(move |conn| cart::set_item(conn, &owner, &item, form.quantity, ids::now()))
        .await?;
    Ok(see_other("/cart"))
}

async fn change(
    state: web::Data<AppState>,
    visitor: Visitor,
    path: web::Path<String>,
    CsrfForm(form): CsrfForm<QuantityForm>,
) -> Result<HttpResponse, ApiError> {
    let owner = visitor.cart_owner(&state).await?;
    let item_id = path.into_inner();
    state
        .db(move |conn| cart::update_item(conn, &owner, &item_id, form.quantity, ids::now()))
        .await?;
    Ok(see_other("/cart"))
}

async fn remove(
    state: web::Data<AppState>,
    visitor: Visitor,
    path: web::Path<String>,
    _: CsrfForm<serde::de::IgnoredAny>,
) -> Result<HttpResponse, ApiError> {
    let owner = visitor.cart_owner(&state).await?;
    let item_id = path.into_inner();
    state
        .db(move |conn| cart::remove_item(conn, &owner, &item_id, ids::now()))
        .await?;
    Ok(see_other("/cart"))
}
