//! `/v1/me`: the caller's own account.

use actix_web::{HttpResponse, get, web};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::app::auth::AuthUser;
use crate::app::error::ApiError;
use crate::app::state::AppState;
use crate::domain::accounts::users::{self, UserProfile};

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(me);
}

/// `{id, email, name, role, retailer_id}` of the caller.
#[utoipa::path(
    operation_id = "get_current_user",
    tag = "auth",
    responses((status = 200, description = "The caller's account", body = UserProfile)),
    security(("bearerAuth" = []))
)]
#[get("/me")]
async fn me(state: web::Data<AppState>, user: AuthUser) -> Result<HttpResponse, ApiError> {
    let user_id = user.user_id.clone();
    let profile = state
        .db(move |conn| users::get(conn, &user_id)?.profile())
        .await?;
    Ok(HttpResponse::Ok().json(profile))
}
