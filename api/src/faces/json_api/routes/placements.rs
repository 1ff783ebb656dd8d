//! `/v1/retailers/{retailer_id}/posters/{poster_id}/placements`: where and when a poster
//! hangs, each with its own codes.

use actix_web::{HttpResponse, get, post, put, web};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::app::error::ApiError;
use crate::app::json::Json;
use crate::app::retailer_scope::{Manage, Read, RetailerScope};
use crate::app::state::AppState;
use crate::app::views::{PlacementJson, SlotJson};
use crate::domain::posters::{self, placements};

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(create)
        .service(list)
        .service(show)
        .service(update);
}

/// A poster's placements.
#[derive(Debug, Serialize, ToSchema)]
struct PlacementList {
    /// By campaign start, without slots.
    items: Vec<PlacementJson>,
}

/// Places the poster; every slot gets a code of this placement.
#[utoipa::path(
    operation_id = "create_placement",
    tag = "posters",
    params(
        ("retailer_id" = String, Path, description = "Opaque retailer id"),
        ("poster_id" = String, Path, description = "Opaque poster id"),
    ),
    request_body = placements::PlacementInput,
    responses(
        (status = 201, description = "The placement with its own codes", body = PlacementJson),
        (status = 404, description = "`not_found`: no such retailer or poster"),
        (status = 409, description = "`poster_retired`: a retired poster cannot be placed"),
        (status = 422, description = "`validation_failed`: see `errors` (`ends_at` not after \
`starts_at`, only one of `latitude` and `longitude`, a field out of range)"),
    ),
    security(("bearerAuth" = []))
)]
#[post("/retailers/{retailer_id}/posters/{poster_id}/placements")]
async fn create(
    state: web::Data<AppState>,
    scope: RetailerScope<Manage>,
    path: web::Path<(String, String)>,
    body: Json<placements::PlacementInput>,
) -> Result<HttpResponse, ApiError> {
    let (_, poster_id) = path.into_inner();
    let input = body.into_inner();
    let retailer_id = scope.retailer.id;
    let (poster, details) = state
        .db(move |conn| {
            let details = placements::create(conn, &retailer_id, &poster_id, &input)?;
            let poster = posters::get_poster(conn, &retailer_id, &poster_id)?;
            Ok((poster, details))
        })
        .await?;
    let slots = SlotJson::list(&state.urls, details.slots, &scope.retailer.currency);
    Ok(HttpResponse::Created().json(PlacementJson::new(&poster, details.placement, Some(slots))))
}

/// The poster's placements (without slots).
#[utoipa::path(
    operation_id = "list_placements",
    tag = "posters",
    params(
        ("retailer_id" = String, Path, description = "Opaque retailer id"),
        ("poster_id" = String, Path, description = "Opaque poster id"),
    ),
    responses(
        (
            status = 200,
            description = "Placements by campaign start, without slots",
            body = PlacementList
        ),
        (status = 404, description = "`not_found`: no such retailer or poster"),
    ),
    security(("bearerAuth" = []))
)]
#[get("/retailers/{retailer_id}/posters/{poster_id}/placements")]
async fn list(
    state: web::Data<AppState>,
    scope: RetailerScope<Read>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (_, poster_id) = path.into_inner();
    let retailer_id = scope.retailer.id;
    let (poster, all) = state
        .db(move |conn| {
            let all = placements::list(conn, &retailer_id, &poster_id)?;
            Ok((posters::get_poster(conn, &retailer_id, &poster_id)?, all))
        })
        .await?;
    let items = all
        .into_iter()
        .map(|p| PlacementJson::new(&poster, p, None))
        .collect();
    Ok(HttpResponse::Ok().json(PlacementList { items }))
}

/// One placement with its codes.
#[utoipa::path(
    operation_id = "get_placement",
    tag = "posters",
    params(
        ("retailer_id" = String, Path, description = "Opaque retailer id"),
        ("poster_id" = String, Path, description = "Opaque poster id"),
        ("placement_id" = String, Path, description = "Opaque placement id"),
    ),
    responses(
        (status = 200, description = "The placement with its codes", body = PlacementJson),
        (status = 404, description = "`not_found`: no such retailer, poster or placement"),
    ),
    security(("bearerAuth" = []))
)]
#[get("/retailers/{retailer_id}/posters/{poster_id}/placements/{placement_id}")]
async fn show(
    state: web::Data<AppState>,
    scope: RetailerScope<Read>,
    path: web::Path<(String, String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (_, poster_id, placement_id) = path.into_inner();
    let retailer_id = scope.retailer.id;
    let (poster, details) = state
        .db(move |conn| placements::get(conn, &retailer_id, &poster_id, &placement_id))
        .await?;
    let slots = SlotJson::list(&state.urls, details.slots, &scope.retailer.currency);
    Ok(HttpResponse::Ok().json(PlacementJson::new(&poster, details.placement, Some(slots))))
}

/// Changes where, when and at what cost the poster hangs; its codes stay.
#[utoipa::path(
    operation_id = "update_placement",
    tag = "posters",
    params(
        ("retailer_id" = String, Path, description = "Opaque retailer id"),
        ("poster_id" = String, Path, description = "Opaque poster id"),
        ("placement_id" = String, Path, description = "Opaque placement id"),
    ),
    request_body = placements::PlacementInput,
    responses(
        (status = 200, description = "The placement, every field replaced, with its \
unchanged codes", body = PlacementJson),
        (status = 404, description = "`not_found`: no such retailer, poster or placement"),
        (status = 422, description = "`validation_failed`: see `errors` (`ends_at` not after \
`starts_at`, only one of `latitude` and `longitude`, a field out of range)"),
    ),
    security(("bearerAuth" = []))
)]
#[put("/retailers/{retailer_id}/posters/{poster_id}/placements/{placement_id}")]
async fn update(
    state: web::Data<AppState>,
    scope: RetailerScope<Manage>,
    path: web::Path<(String, String, String)>,
    body: Json<placements::PlacementInput>,
) -> Result<HttpResponse, ApiError> {
    let (_, poster_id, placement_id) = path.into_inner();
    let input = body.into_inner();
    let retailer_id = scope.retailer.id;
    let (poster, details) = state
        .db(move |conn| {
            let details =
                placements::update(conn, &retailer_id, &poster_id, &placement_id, &input)?;
            Ok((
                posters::get_poster(conn, &retailer_id, &poster_id)?,
                details,
            ))
        })
        .await?;
    let slots = SlotJson::list(&state.urls, details.slots, &scope.retailer.currency);
    Ok(HttpResponse::Ok().json(PlacementJson::new(&poster, details.placement, Some(slots))))
}
