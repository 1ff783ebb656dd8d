//! `/v1/retailers`: platform admins create and list retailers; staff read their own.

use actix_web::{HttpResponse, get, post, web};

use crate::app::auth::AuthUser;
use crate::app::error::ApiError;
use crate::app::state::AppState;
use crate::domain::accounts::RetailerAccess;
use crate::domain::retailers::{self, NewRetailer};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(create).service(list).service(show);
}

/// Creates a retailer (platform admins only).
#[post("/retailers")]
async fn create(
    state: web::Data<AppState>,
    user: AuthUser,
    body: web::Json<NewRetailer>,
) -> Result<HttpResponse, ApiError> {
    user.require_platform_admin()?;
    let input = body.into_inner();
    let retailer = state
        .db(move |conn| retailers::create(conn, &input))
        .await?;
    Ok(HttpResponse::Created().json(retailer))
}

/// Every retailer (platform admins only).
#[get("/retailers")]
async fn list(state: web::Data<AppState>, user: AuthUser) -> Result<HttpResponse, ApiError> {
    user.require_platform_admin()?;
    let all = state.db(retailers::list).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "items": all })))
}

/// One retailer, for its staff and platform admins.
#[get("/retailers/{retailer_id}")]
async fn show(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let retailer_id = path.into_inner();
    user.authorize_retailer(&retailer_id, RetailerAccess::Read)?;
    let retailer = state
        .db(move |conn| retailers::get(conn, &retailer_id))
        .await?;
    Ok(HttpResponse::Ok().json(retailer))
}
