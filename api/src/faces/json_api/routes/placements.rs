//! `/v1/retailers/{retailer_id}/posters/{poster_id}/placements`: where and when a poster
//! hangs, each with its own codes.

use actix_web::{HttpResponse, get, post, web};

use crate::app::auth::AuthUser;
use crate::app::error::ApiError;
use crate::app::state::AppState;
use crate::app::views::{PlacementJson, SlotJson};
use crate::domain::accounts::RetailerAccess;
use crate::domain::posters::{self, placements};
use crate::domain::retailers;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(create).service(list).service(show);
}

/// Places the poster; every slot gets a code of this placement.
#[post("/retailers/{retailer_id}/posters/{poster_id}/placements")]
async fn create(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
    body: web::Json<placements::PlacementInput>,
) -> Result<HttpResponse, ApiError> {
    let (retailer_id, poster_id) = path.into_inner();
    user.authorize_retailer(&retailer_id, RetailerAccess::Manage)?;
    let input = body.into_inner();
    let (currency, poster, details) = state
        .db(move |conn| {
            let retailer = retailers::get(conn, &retailer_id)?;
            let details = placements::create(conn, &retailer.id, &poster_id, &input)?;
            let poster = posters::get_poster(conn, &retailer.id, &poster_id)?;
            Ok((retailer.currency, poster, details))
        })
        .await?;
    let slots = SlotJson::list(&state.urls, details.slots, &currency);
    Ok(HttpResponse::Created().json(PlacementJson::new(&poster, details.placement, Some(slots))))
}

/// The poster's placements (without slots).
#[get("/retailers/{retailer_id}/posters/{poster_id}/placements")]
async fn list(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (retailer_id, poster_id) = path.into_inner();
    user.authorize_retailer(&retailer_id, RetailerAccess::Read)?;
    let (poster, all) = state
        .db(move |conn| {
            let retailer = retailers::get(conn, &retailer_id)?;
            let all = placements::list(conn, &retailer.id, &poster_id)?;
            Ok((posters::get_poster(conn, &retailer.id, &poster_id)?, all))
        })
        .await?;
    let items: Vec<PlacementJson> = all
        .into_iter()
        .map(|p| PlacementJson::new(&poster, p, None))
        .collect();
    Ok(HttpResponse::Ok().json(serde_json::json!({ "items": items })))
}

/// One placement with its codes.
#[get("/retailers/{retailer_id}/posters/{poster_id}/placements/{placement_id}")]
async fn show(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (retailer_id, poster_id, placement_id) = path.into_inner();
    user.authorize_retailer(&retailer_id, RetailerAccess::Read)?;
    let (currency, poster, details) = state
        .db(move |conn| {
            let retailer = retailers::get(conn, &retailer_id)?;
            let (poster, details) = placements::get(conn, &retailer.id, &poster_id, &placement_id)?;
            Ok((retailer.currency, poster, details))
        })
        .await?;
    let slots = SlotJson::list(&state.urls, details.slots, &currency);
    Ok(HttpResponse::Ok().json(PlacementJson::new(&poster, details.placement, Some(slots))))
}
