//! `POST /v1/retailers/{retailer_id}/products/import`: CSV or a JSON array, all or nothing.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::Deserialize;

use crate::app::auth::AuthUser;
use crate::app::body::read_limited;
use crate::app::error::ApiError;
use crate::app::state::AppState;
use crate::domain::accounts::RetailerAccess;
use crate::domain::catalog::import;
use crate::domain::retailers;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(import_products);
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ImportQuery {
    /// Validate and report without writing.
    #[serde(default)]
    dry_run: bool,
}

#[derive(Debug, Clone, Copy)]
enum ImportFormat {
    Csv,
    Json,
}

fn format_of(req: &HttpRequest) -> Result<ImportFormat, ApiError> {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    match essence.to_ascii_lowercase().as_str() {
        "text/csv" => Ok(ImportFormat::Csv),
        "application/json" => Ok(ImportFormat::Json),
        _ => Err(ApiError::UnsupportedMediaType(
            "send text/csv or application/json".into(),
        )),
    }
}

/// Upserts products by SKU; `?dry_run=true` validates only.
#[post("/retailers/{retailer_id}/products/import")]
async fn import_products(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    query: web::Query<ImportQuery>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let retailer_id = path.into_inner();
    user.authorize_retailer(&retailer_id, RetailerAccess::Manage)?;
    let format = format_of(&req)?;
    let body = read_limited(payload, state.limits.import).await?;
    let dry_run = query.dry_run;
    let report = state
        .db(move |conn| {
            let retailer = retailers::get(conn, &retailer_id)?;
            let rows = match format {
                ImportFormat::Csv => import::parse_csv(&body)?,
                ImportFormat::Json => import::parse_json(&body, &retailer.currency)?,
            };
            import::apply(conn, &retailer.id, &rows, dry_run)
        })
        .await?;
    Ok(HttpResponse::Ok().json(report))
}
