//! `/v1/me`: the caller's own account.

use actix_web::{HttpResponse, get, web};

use crate::app::auth::AuthUser;
use crate::app::error::ApiError;
use crate::app::state::AppState;
use crate::domain::accounts::users;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(me);
}

/// `{id, email, name, role, retailer_id}` of the caller.
#[get("/me")]
async fn me(state: web::Data<AppState>, user: AuthUser) -> Result<HttpResponse, ApiError> {
    let user_id = user.user_id.clone();
    let profile = state
        .db(move |conn| users::get(conn, &user_id)?.profile())
        .await?;
    Ok(HttpResponse::Ok().json(profile))
}
