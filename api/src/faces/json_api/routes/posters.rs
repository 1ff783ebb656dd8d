//! `/v1/retailers/{retailer_id}/posters`: create, list, read, revise, retire, and the
//! preflight and preview of a design before it is saved.

use actix_web::http::header;
use actix_web::{HttpResponse, get, post, put, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use super::media::Binary;
use crate::app::error::ApiError;
use crate::app::json::Json;
use crate::app::poster_files::{draft_preflight, draft_preview};
use crate::app::retailer_scope::{Manage, Read, RetailerScope};
use crate::app::state::AppState;
use crate::app::views::{PosterJson, SlotJson};
use crate::db::DbConnection;
use crate::domain::DomainError;
use crate::domain::posters::{self, MAX_SLOTS, PosterDetails, PosterInput};
use crate::domain::retailers::Retailer;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(preflight)
        .service(preview)
        .service(create)
        .service(list)
        .service(show)
        .service(revise)
        .service(retire);
}

/// A retailer's posters.
#[derive(Debug, Serialize, ToSchema)]
struct PosterList {
    /// Newest first, without slots.
    items: Vec<PosterJson>,
}

/// Runs a poster operation for `retailer` and answers with the poster and its slots.
async fn answer<F>(
    state: web::Data<AppState>,
    retailer: Retailer,
    created: bool,
    work: F,
) -> Result<HttpResponse, ApiError>
where
    F: FnOnce(&mut DbConnection, &str) -> Result<PosterDetails, DomainError> + Send + 'static,
{
    let retailer_id = retailer.id.clone();
    let details = state.db(move |conn| work(conn, &retailer_id)).await?;
    let slots = SlotJson::list(&state.urls, details.slots, &retailer.currency);
    let json = PosterJson::new(details.poster, Some(slots));
    Ok(if created {
        HttpResponse::Created().json(json)
    } else {
        HttpResponse::Ok().json(json)
    })
}

/// Creates a poster; every slot gets a new scan code.
#[utoipa::path(
    operation_id = "create_poster",
    tag = "posters",
    params(("retailer_id" = String, Path, description = "Opaque retailer id")),
    request_body = PosterInput,
    responses(
        (
            status = 201,
            description = "The poster; every slot has a new scan code",
            body = PosterJson
        ),
        (status = 422, description = "`validation_failed`: see `errors` (a SKU that names no \
product of the retailer, or a field out of range)"),
    ),
    security(("bearerAuth" = []))
)]
#[post("/retailers/{retailer_id}/posters")]
async fn create(
    state: web::Data<AppState>,
    scope: RetailerScope<Manage>,
    body: Json<PosterInput>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner();
    answer(state, scope.retailer, true, move |conn, rid| {
        posters::create(conn, rid, &input)
    })
    .await
}

/// The retailer's posters, newest first (without slots).
#[utoipa::path(
    operation_id = "list_posters",
    tag = "posters",
    params(("retailer_id" = String, Path, description = "Opaque retailer id")),
    responses((
        status = 200,
        description = "Posters, newest first, without slots",
        body = PosterList
    )),
    security(("bearerAuth" = []))
)]
#[get("/retailers/{retailer_id}/posters")]
async fn list(
    state: web::Data<AppState>,
    scope: RetailerScope<Read>,
) -> Result<HttpResponse, ApiError> {
    let retailer_id = scope.retailer.id;
    let all = state
        .db(move |conn| posters::list(conn, &retailer_id))
        .await?;
    let items = all.into_iter().map(|p| PosterJson::new(p, None)).collect();
    Ok(HttpResponse::Ok().json(PosterList { items }))
}

/// A poster with the slots and codes of its current version.
#[utoipa::path(
    operation_id = "get_poster",
    tag = "posters",
    params(
        ("retailer_id" = String, Path, description = "Opaque retailer id"),
        ("poster_id" = String, Path, description = "Opaque poster id"),
    ),
    responses(
        (status = 200, description = "The poster with its current slots", body = PosterJson),
        (status = 404, description = "`not_found`: no such retailer or poster"),
    ),
    security(("bearerAuth" = []))
)]
#[get("/retailers/{retailer_id}/posters/{poster_id}")]
async fn show(
    state: web::Data<AppState>,
    scope: RetailerScope<Read>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (_, poster_id) = path.into_inner();
    answer(state, scope.retailer, false, move |conn, rid| {
        posters::get(conn, rid, &poster_id)
    })
    .await
}

/// A new version of the design; unchanged products keep their codes.
#[utoipa::path(
    operation_id = "revise_poster",
    tag = "posters",
    params(
        ("retailer_id" = String, Path, description = "Opaque retailer id"),
        ("poster_id" = String, Path, description = "Opaque poster id"),
    ),
    request_body = PosterInput,
    responses(
        (status = 200, description = "The poster's new version; products that stay keep their \
codes, and old codes keep resolving", body = PosterJson),
        (status = 404, description = "`not_found`: no such retailer or poster"),
        (status = 409, description = "`poster_retired`: a retired poster cannot be revised"),
        (status = 422, description = "`validation_failed`: see `errors` (a SKU that names no \
product of the retailer, or a field out of range)"),
    ),
    security(("bearerAuth" = []))
)]
#[put("/retailers/{retailer_id}/posters/{poster_id}")]
async fn revise(
    state: web::Data<AppState>,
    scope: RetailerScope<Manage>,
    path: web::Path<(String, String)>,
    body: Json<PosterInput>,
) -> Result<HttpResponse, ApiError> {
    let (_, poster_id) = path.into_inner();
    let input = body.into_inner();
    answer(state, scope.retailer, false, move |conn, rid| {
        posters::revise(conn, rid, &poster_id, &input)
    })
    .await
}

/// Ends the poster's campaigns; its codes keep resolving.
#[utoipa::path(
    operation_id = "retire_poster",
    tag = "posters",
    params(
        ("retailer_id" = String, Path, description = "Opaque retailer id"),
        ("poster_id" = String, Path, description = "Opaque poster id"),
    ),
    responses(
        (status = 200, description = "The retired poster (retiring again changes nothing); its \
codes still resolve, with `campaign_active: false`", body = PosterJson),
        (status = 404, description = "`not_found`: no such retailer or poster"),
    ),
    security(("bearerAuth" = []))
)]
#[post("/retailers/{retailer_id}/posters/{poster_id}/retire")]
async fn retire(
    state: web::Data<AppState>,
    scope: RetailerScope<Manage>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (_, poster_id) = path.into_inner();
    answer(state, scope.retailer, false, move |conn, rid| {
        posters::retire(conn, rid, &poster_id)
    })
    .await
}

/// One finding of the preflight.
#[derive(Debug, Serialize, ToSchema)]
struct FindingJson {
    /// `error` (the print files would be refused) or `warning` (printed anyway).
    #[schema(example = "warning")]
    severity: String,
    /// `code_too_small`, `low_resolution` (photo under 150 ppi), `text_shortened`,
    /// `not_alphanumeric`, `missing_glyphs` or `invalid`.
    #[schema(example = "low_resolution")]
    kind: String,
    /// The spec field it concerns; `slots[N]…` is the N-th product (from 0).
    #[schema(example = "slots[3].image")]
    field: String,
    /// What is wrong and what to do about it (English).
    message: String,
}

/// What the preflight finds in a design.
#[derive(Debug, Serialize, ToSchema)]
struct PreflightJson {
    /// Pages the design fills.
    pages: usize,
    /// Findings, in the order they were made.
    issues: Vec<FindingJson>,
}

/// The preflight of an unsaved design: what its print files would be refused for or
/// printed with. Nothing is stored.
#[utoipa::path(
    operation_id = "preflight_poster",
    tag = "posters",
    params(("retailer_id" = String, Path, description = "Opaque retailer id")),
    request_body = PosterInput,
    responses(
        (status = 200, description = "The findings and page count", body = PreflightJson),
        (status = 422, description = "`validation_failed`: see `errors` (a SKU that names no \
product of the retailer, or a field out of range)"),
    ),
    security(("bearerAuth" = []))
)]
#[post("/retailers/{retailer_id}/posters/preflight")]
async fn preflight(
    state: web::Data<AppState>,
    scope: RetailerScope<Manage>,
    body: Json<PosterInput>,
) -> Result<HttpResponse, ApiError> {
    let found = draft_preflight(&state, scope.retailer.id, body.into_inner()).await?;
    let issues = found
        .issues
        .into_iter()
        .map(|issue| FindingJson {
            severity: json_word(&issue.severity),
            kind: json_word(&issue.kind),
            field: issue.field,
            message: issue.message,
        })
        .collect();
    Ok(HttpResponse::Ok().json(PreflightJson {
        pages: found.pages,
        issues,
    }))
}

/// The name serde gives a unit variant.
fn json_word(value: &impl Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default()
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct PreviewQuery {
    /// 0-based page; past the design's last page is refused with 422.
    #[serde(default)]
    #[param(default = 0, maximum = 239)]
    page: usize,
}

/// One page of an unsaved design as a low-resolution PNG (36 dpi), drawn even where the
/// print would be refused for codes too small (they are shrunk to fit). Nothing is stored.
#[utoipa::path(
    operation_id = "preview_poster",
    tag = "posters",
    params(("retailer_id" = String, Path, description = "Opaque retailer id"), PreviewQuery),
    request_body = PosterInput,
    responses(
        (status = 200, description = "The page", content((inline(Binary) = "image/png"))),
        (status = 422, description = "`validation_failed`: see `errors` (a bad field, an \
unknown SKU, or `page` past the last page)"),
    ),
    security(("bearerAuth" = []))
)]
#[post("/retailers/{retailer_id}/posters/preview.png")]
async fn preview(
    state: web::Data<AppState>,
    scope: RetailerScope<Manage>,
    query: web::Query<PreviewQuery>,
    body: Json<PosterInput>,
) -> Result<HttpResponse, ApiError> {
    if query.page >= MAX_SLOTS {
        return Err(DomainError::invalid("page", "past the design's last page").into());
    }
    let png = draft_preview(&state, scope.retailer.id, body.into_inner(), query.page).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "image/png"))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(png))
}
