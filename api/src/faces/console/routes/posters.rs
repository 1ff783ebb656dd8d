//! `/console/r/{rid}/posters…`: the poster list, a poster's page, its print files (the
//! same bytes as the JSON API's, from the same core function) and the retire question
//! and answer.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::{Scope, retailer_scope, retailer_scope_for};
use crate::app::error::ApiError;
use crate::app::pages::form::CsrfForm;
use crate::app::pages::layer::staff_page;
use crate::app::pages::redirect::see_other;
use crate::app::pages::render::html;
use crate::app::pages::staff::StaffFrame;
use crate::app::pages::visitor::Visitor;
use crate::app::poster_files::{print_file, print_format};
use crate::app::state::AppState;
use crate::domain::accounts::RetailerAccess;
use crate::domain::ids;
use crate::domain::posters::{self, placements, versions};
use crate::faces::console::pages::posters::{PosterPage, PostersPage, RetirePage};

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(staff_page("/console/r/{rid}/posters").get(list))
        .service(staff_page("/console/r/{rid}/posters/{id}").get(show))
        .service(staff_page("/console/r/{rid}/posters/{id}/print.{ext}").get(print))
        .service(
            staff_page("/console/r/{rid}/posters/{id}/placements/{pid}/print.{ext}")
                .get(print_placement),
        )
        .service(
            staff_page("/console/r/{rid}/posters/{id}/retire")
                .get(retire_question)
                .post(retire),
        );
}

async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    rid: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (user, retailer) = match retailer_scope(&req, &state, rid.into_inner()).await? {
        Scope::Granted(user, retailer) => (user, retailer),
        Scope::Answer(answer) => return Ok(answer),
    };
    let retailer_id = retailer.id.clone();
    let rows = state
        .db(move |conn| {
            let counts = versions::current_products(conn, &retailer_id)?;
            Ok(posters::list(conn, &retailer_id)?
                .into_iter()
                .map(|poster| {
                    let products = counts.get(&poster.id).copied().unwrap_or(0);
                    (poster, products)
                })
                .collect())
        })
        .await?;
    let frame = StaffFrame::new(&req, &state, &visitor, true);
    html(
        StatusCode::OK,
        &PostersPage::new(frame, &user, &retailer, rows),
    )
}

async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (rid, id) = path.into_inner();
    let (user, retailer) = match retailer_scope(&req, &state, rid).await? {
        Scope::Granted(user, retailer) => (user, retailer),
        Scope::Answer(answer) => return Ok(answer),
    };
    let retailer_id = retailer.id.clone();
    let (details, versions, placed) = state
        .db(move |conn| {
            let details = posters::get(conn, &retailer_id, &id)?;
            let versions = versions::list(conn, &retailer_id, &id)?;
            let placed = placements::list(conn, &retailer_id, &id)?;
            Ok((details, versions, placed))
        })
        .await?;
    let frame = StaffFrame::new(&req, &state, &visitor, true);
    let page = PosterPage::new(
        frame,
        &user,
        &retailer,
        details,
        versions,
        &placed,
        ids::now(),
    )?;
    html(StatusCode::OK, &page)
}

#[derive(Debug, Deserialize)]
struct PrintQuery {
    #[serde(default)]
    page: usize,
    dpi: Option<u32>,
}

/// A print file as a download for the signed-in staff member.
async fn send_file(
    req: &HttpRequest,
    state: web::Data<AppState>,
    rid: String,
    id: String,
    placement: Option<String>,
    ext: &str,
    query: &PrintQuery,
) -> Result<HttpResponse, ApiError> {
    let retailer = match retailer_scope(req, &state, rid).await? {
        Scope::Granted(_, retailer) => retailer,
        Scope::Answer(answer) => return Ok(answer),
    };
    let format = print_format(ext, query.page, query.dpi)?;
    let rendered = print_file(&state, retailer.id, id, placement, format).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, rendered.content_type))
        .insert_header((header::CACHE_CONTROL, "private, no-cache"))
        .body(rendered.bytes.to_vec()))
}

async fn print(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String, String)>,
    query: web::Query<PrintQuery>,
) -> Result<HttpResponse, ApiError> {
    let (rid, id, ext) = path.into_inner();
    send_file(&req, state, rid, id, None, &ext, &query).await
}

async fn print_placement(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String, String, String)>,
    query: web::Query<PrintQuery>,
) -> Result<HttpResponse, ApiError> {
    let (rid, id, pid, ext) = path.into_inner();
    send_file(&req, state, rid, id, Some(pid), &ext, &query).await
}

async fn retire_question(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (rid, id) = path.into_inner();
    let (user, retailer) =
        match retailer_scope_for(&req, &state, rid, RetailerAccess::Manage).await? {
            Scope::Granted(user, retailer) => (user, retailer),
            Scope::Answer(answer) => return Ok(answer),
        };
    let retailer_id = retailer.id.clone();
    let poster = state
        .db(move |conn| posters::get_poster(conn, &retailer_id, &id))
        .await?;
    if poster.retired_at.is_some() {
        return Ok(see_other(&format!(
            "/console/r/{}/posters/{}",
            retailer.id, poster.id
        )));
    }
    let frame = StaffFrame::new(&req, &state, &visitor, true);
    html(
        StatusCode::OK,
        &RetirePage::new(frame, &user, &retailer, poster),
    )
}

async fn retire(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    _: CsrfForm<serde::de::IgnoredAny>,
) -> Result<HttpResponse, ApiError> {
    let (rid, id) = path.into_inner();
    let retailer = match retailer_scope_for(&req, &state, rid, RetailerAccess::Manage).await? {
        Scope::Granted(_, retailer) => retailer,
        Scope::Answer(answer) => return Ok(answer),
    };
    let retailer_id = retailer.id.clone();
    let retired = state
        .db(move |conn| posters::retire(conn, &retailer_id, &id))
        .await?;
    Ok(see_other(&format!(
        "/console/r/{}/posters/{}",
        retailer.id, retired.poster.id
    )))
}
