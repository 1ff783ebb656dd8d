//! `/v1/me`: the caller's own account (with a customer's referral code and the orders
//! their shared links brought), and the language of its messages.

use actix_web::{HttpResponse, get, patch, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::app::auth::AuthUser;
use crate::app::error::ApiError;
use crate::app::json::Json;
use crate::app::state::AppState;
use crate::domain::accounts::language::Language;
use crate::domain::accounts::referrals;
use crate::domain::accounts::users::{self, UserProfile};

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(me).service(update);
}

/// The caller's account, and what the product links a customer shares brought.
#[derive(Debug, Serialize, ToSchema)]
struct CurrentUser {
    #[serde(flatten)]
    profile: UserProfile,
    /// A customer's referral code, the `ref` of the product links they share (given at
    /// registration); `null` for staff.
    referral_code: Option<String>,
    /// Paid orders of other customers placed through those links; 0 for staff.
    orders_brought: i64,
}

/// `{id, email, name, role, retailer_id, language, referral_code, orders_brought}` of the
/// caller.
#[utoipa::path(
    operation_id = "get_current_user",
    tag = "auth",
    responses((status = 200, description = "The caller's account", body = CurrentUser)),
    security(("bearerAuth" = []))
)]
#[get("/me")]
async fn me(state: web::Data<AppState>, user: AuthUser) -> Result<HttpResponse, ApiError> {
    let user_id = user.user_id.clone();
    let current = state
        .db(move |conn| {
            let profile = users::get(conn, &user_id)?.profile()?;
            let referral_code = referrals::referral_code(conn, &user_id)?;
            let orders_brought = referrals::orders_brought(conn, &user_id)?;
            Ok(CurrentUser {
                profile,
                referral_code,
                orders_brought,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(current))
}

/// What the caller may change on their account.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = AccountUpdate)]
struct UpdateBody {
    /// The language of the messages about the caller's orders.
    #[schema(value_type = Language)]
    language: String,
}

/// Changes the language the caller's messages (order updates, password links) are
/// written in.
#[utoipa::path(
    operation_id = "update_current_user",
    tag = "auth",
    request_body = UpdateBody,
    responses(
        (status = 200, description = "The caller's account", body = UserProfile),
        (status = 422, description = "`validation_failed`: see `errors` (`language`: ko or en)"),
    ),
    security(("bearerAuth" = []))
)]
#[patch("/me")]
async fn update(
    state: web::Data<AppState>,
    user: AuthUser,
    body: Json<UpdateBody>,
) -> Result<HttpResponse, ApiError> {
    let user_id = user.user_id.clone();
    let language = body.into_inner().language;
    let profile = state
        .db(move |conn| users::set_language(conn, &user_id, &language)?.profile())
        .await?;
    Ok(HttpResponse::Ok().json(profile))
}
