//! Liveness and readiness probes.

use actix_web::{HttpResponse, get, web};
use diesel::connection::SimpleConnection;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::app::error::ApiError;
use crate::app::state::AppState;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(healthz).service(readyz);
}

/// The only value a probe's field has: a probe that fails answers a problem instead.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
enum OkStatus {
    Ok,
}

/// The readiness probe's status.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
enum ReadyStatus {
    Ready,
}

/// The process is up.
#[derive(Debug, Serialize, ToSchema)]
struct Health {
    #[schema(inline)]
    status: OkStatus,
}

/// The process is up and its database answers.
#[derive(Debug, Serialize, ToSchema)]
struct Readiness {
    #[schema(inline)]
    status: ReadyStatus,
    #[schema(inline)]
    database: OkStatus,
}

/// The process is up.
#[utoipa::path(
    operation_id = "get_health",
    tag = "service",
    responses((status = 200, description = "Up", body = Health))
)]
#[get("/healthz")]
async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health {
        status: OkStatus::Ok,
    })
}

/// The database answers; when it does not, 503 `service_unavailable`.
#[utoipa::path(
    operation_id = "get_readiness",
    tag = "service",
    responses((status = 200, description = "Ready to serve", body = Readiness))
)]
#[get("/readyz")]
async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    state
        .db(|conn| conn.batch_execute("SELECT 1").map_err(Into::into))
        .await?;
    Ok(HttpResponse::Ok().json(Readiness {
        status: ReadyStatus::Ready,
        database: OkStatus::Ok,
    }))
}
