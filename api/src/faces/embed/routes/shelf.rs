//! `GET /embed/shelves/{id}`: a shelf on a blogger's page. Public: the id is the shelf's
//! only secret, and the shelf shows what the shop sells anyway.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::app::error::ApiError;
use crate::app::pages::i18n::Lang;
use crate::app::pages::layer::embed_page;
use crate::app::pages::render::{html, shared_html};
use crate::app::state::AppState;
use crate::domain::catalog::shelves;
use crate::domain::{DomainError, retailers};
use crate::faces::embed::pages::shelf::{NotFoundPage, ShelfPage};

/// How long caches may keep a shelf: its prices and stock are at most this old on a blog.
const CACHE_SECS: u32 = 60;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(embed_page("/embed/shelves/{id}").get(shelf_page));
}

#[derive(Debug, Deserialize)]
struct EmbedQuery {
    /// `ko` or `en`: the blogger's choice, over the reader's `Accept-Language`.
    lang: Option<String>,
}

async fn shelf_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<EmbedQuery>,
) -> Result<HttpResponse, ApiError> {
    // Never the language cookie: caches key the page on `Accept-Language` only, so a
    // staff member's chosen language must not reach the readers it is cached for.
    let lang = query
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_else(|| Lang::of_accept_language(&req));
    let shelf_id = path.into_inner();
    let found = state
        .db(move |conn| {
            let details = shelves::public(conn, &shelf_id)?;
            let retailer = retailers::get(conn, &details.shelf.retailer_id)?;
            Ok((details, retailer))
        })
        .await;
    match found {
        Ok((details, retailer)) => shared_html(
            StatusCode::OK,
            &ShelfPage::new(&state.urls, &details, &retailer, lang),
            CACHE_SECS,
        ),
        Err(ApiError::Domain(DomainError::NotFound(_))) => {
            html(StatusCode::NOT_FOUND, &NotFoundPage::new(lang))
        }
        Err(other) => Err(other),
    }
}
