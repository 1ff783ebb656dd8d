//! `GET /metrics`: this process's Prometheus metrics (text exposition format). Meant for
//! the scraper on the internal network; it holds counts, never customer data.

use actix_web::{HttpResponse, get, web};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::app::error::ApiError;
use crate::app::state::AppState;
use crate::domain::DomainError;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(metrics);
}

/// Requests and latency by route pattern, checkout outcomes and the like: counts only.
#[utoipa::path(
    operation_id = "get_metrics",
    tag = "service",
    responses((
        status = 200,
        description = "Prometheus text exposition format 0.0.4",
        body = String,
        content_type = "text/plain"
    ))
)]
#[get("/metrics")]
async fn metrics(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let text = state.metrics.render().map_err(DomainError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(text))
}
