//! `/v1/retailers/{retailer_id}/posters`: create, list, read, revise, retire.

use actix_web::{HttpResponse, get, post, put, web};

use crate::app::auth::AuthUser;
use crate::app::error::ApiError;
use crate::app::state::AppState;
use crate::app::views::{PosterJson, SlotJson};
use crate::domain::accounts::RetailerAccess;
use crate::domain::posters::{self, PosterDetails, PosterInput};
use crate::domain::retailers;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(create)
        .service(list)
        .service(show)
        .service(revise)
        .service(retire);
}

fn details_json(state: &AppState, details: PosterDetails, currency: &str) -> PosterJson {
    let slots = SlotJson::list(&state.urls, details.slots, currency);
    PosterJson::new(details.poster, Some(slots))
}

/// Runs a poster operation for the retailer in the path and answers with the poster.
async fn answer<F>(
    state: web::Data<AppState>,
    retailer_id: String,
    created: bool,
    work: F,
) -> Result<HttpResponse, ApiError>
where
    F: FnOnce(
            &mut crate::db::DbConnection,
            &str,
        ) -> Result<PosterDetails, crate::domain::DomainError>
        + Send
        + 'static,
{
    let (currency, details) = state
        .db(move |conn| {
            let retailer = retailers::get(conn, &retailer_id)?;
            Ok((retailer.currency.clone(), work(conn, &retailer.id)?))
        })
        .await?;
    let json = details_json(&state, details, &currency);
    Ok(if created {
        HttpResponse::Created().json(json)
    } else {
        HttpResponse::Ok().json(json)
    })
}

/// Creates a poster; every slot gets a new scan code.
#[post("/retailers/{retailer_id}/posters")]
async fn create(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    body: web::Json<PosterInput>,
) -> Result<HttpResponse, ApiError> {
    let retailer_id = path.into_inner();
    user.authorize_retailer(&retailer_id, RetailerAccess::Manage)?;
    let input = body.into_inner();
    answer(state, retailer_id, true, move |conn, rid| {
        posters::create(conn, rid, &input)
    })
    .await
}

/// The retailer's posters, newest first (without slots).
#[get("/retailers/{retailer_id}/posters")]
async fn list(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let retailer_id = path.into_inner();
    user.authorize_retailer(&retailer_id, RetailerAccess::Read)?;
    let all = state
        .db(move |conn| {
            let retailer = retailers::get(conn, &retailer_id)?;
            posters::list(conn, &retailer.id)
        })
        .await?;
    let items: Vec<PosterJson> = all.into_iter().map(|p| PosterJson::new(p, None)).collect();
    Ok(HttpResponse::Ok().json(serde_json::json!({ "items": items })))
}

/// A poster with the slots and codes of its current version.
#[get("/retailers/{retailer_id}/posters/{poster_id}")]
async fn show(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (retailer_id, poster_id) = path.into_inner();
    user.authorize_retailer(&retailer_id, RetailerAccess::Read)?;
    answer(state, retailer_id, false, move |conn, rid| {
        posters::get(conn, rid, &poster_id)
    })
    .await
}

/// A new version of the design; unchanged products keep their codes.
#[put("/retailers/{retailer_id}/posters/{poster_id}")]
async fn revise(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
    body: web::Json<PosterInput>,
) -> Result<HttpResponse, ApiError> {
    let (retailer_id, poster_id) = path.into_inner();
    user.authorize_retailer(&retailer_id, RetailerAccess::Manage)?;
    let input = body.into_inner();
    answer(state, retailer_id, false, move |conn, rid| {
        posters::revise(conn, rid, &poster_id, &input)
    })
    .await
}

/// Ends the poster's campaigns; its codes keep resolving.
#[post("/retailers/{retailer_id}/posters/{poster_id}/retire")]
async fn retire(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (retailer_id, poster_id) = path.into_inner();
    user.authorize_retailer(&retailer_id, RetailerAccess::Manage)?;
    answer(state, retailer_id, false, move |conn, rid| {
        posters::retire(conn, rid, &poster_id)
    })
    .await
}
