//! `/v1/retailers`: platform admins create and list retailers; staff read their own.

use actix_web::{HttpResponse, get, post, web};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::app::auth::AuthUser;
use crate::app::error::ApiError;
use crate::app::json::Json;
use crate::app::retailer_scope::{Read, RetailerScope};
use crate::app::state::AppState;
use crate::domain::retailers::{self, NewRetailer, Retailer};

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(create).service(list).service(show);
}

/// Every retailer.
#[derive(Debug, Serialize, ToSchema)]
struct RetailerList {
    /// Oldest first.
    items: Vec<Retailer>,
}

/// Creates a retailer (platform admins only).
#[utoipa::path(
    operation_id = "create_retailer",
    tag = "catalog",
    request_body = NewRetailer,
    responses(
        (status = 201, description = "The retailer created", body = Retailer),
        (status = 403, description = "`forbidden`: the caller is not a platform admin"),
        (status = 422, description = "`validation_failed`: see `errors` (an unsupported \
`currency`, an unknown `time_zone`)"),
    ),
    security(("bearerAuth" = []))
)]
#[post("/retailers")]
async fn create(
    state: web::Data<AppState>,
    user: AuthUser,
    body: Json<NewRetailer>,
) -> Result<HttpResponse, ApiError> {
    user.require_platform_admin()?;
    let input = body.into_inner();
    let retailer = state
        .db(move |conn| retailers::create(conn, &input))
        .await?;
    Ok(HttpResponse::Created().json(retailer))
}

/// Every retailer (platform admins only).
#[utoipa::path(
    operation_id = "list_retailers",
    tag = "catalog",
    responses(
        (status = 200, description = "Every retailer", body = RetailerList),
        (status = 403, description = "`forbidden`: the caller is not a platform admin"),
    ),
    security(("bearerAuth" = []))
)]
#[get("/retailers")]
async fn list(state: web::Data<AppState>, user: AuthUser) -> Result<HttpResponse, ApiError> {
    user.require_platform_admin()?;
    let items = state.db(retailers::list).await?;
    Ok(HttpResponse::Ok().json(RetailerList { items }))
}

/// One retailer, for its staff and platform admins.
#[utoipa::path(
    operation_id = "get_retailer",
    tag = "catalog",
    params(("retailer_id" = String, Path, description = "The retailer's id")),
    responses((status = 200, description = "The retailer", body = Retailer)),
    security(("bearerAuth" = []))
)]
#[get("/retailers/{retailer_id}")]
async fn show(scope: RetailerScope<Read>) -> HttpResponse {
    HttpResponse::Ok().json(scope.retailer)
}
