//! `GET /metrics`: this process's Prometheus metrics (text exposition format). Meant for
//! the scraper on the internal network; it holds counts, never customer data.

use actix_web::{HttpResponse, get, web};

use crate::app::error::ApiError;
use crate::app::state::AppState;
use crate::domain::DomainError;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(metrics);
}

#[get("/metrics")]
async fn metrics(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let text = state.metrics.render().map_err(DomainError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(text))
}
