//! `GET /p/{share_code}/card.png`: the product's share card, the picture its link
//! previews show (`og:image`). Drawn on the media pool once per content and cached in the
//! blob store like print files; the ETag names the content, so previewers revalidate
//! without downloading a card that did not change. A plain resource, not a
//! [`page`](crate::app::pages::layer::page): previewers fetching an image get no device
//! cookie, and a missing card is a problem, not an HTML page.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::app::error::ApiError;
use crate::app::state::AppState;
use crate::domain::DomainError;
use crate::domain::catalog::share_cards;

/// Anyone may cache the card, but must ask again before reusing it: its URL stays the same
/// when the price or the name changes.
const CACHE_CONTROL: &str = "public, no-cache";

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/p/{share_code}/card.png").get(card));
}

async fn card(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let share_code = path.into_inner();
    let urls = state.urls.clone();
    let job = state
        .db(move |conn| share_cards::prepare(conn, &share_code, |code| urls.share_url(code)))
        .await?;
    let etag = format!("\"{}\"", job.fingerprint());
    let unchanged = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|tag| tag.trim() == etag));
    if unchanged {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .insert_header((header::CACHE_CONTROL, CACHE_CONTROL))
            .finish());
    }
    // A cached card is read on a blocking thread; only a miss queues for the media pool.
    let blobs = state.blobs.clone();
    let (job, cached) = web::block(move || {
        let cached = job.cached(blobs.as_ref());
        (job, cached)
    })
    .await
    .map_err(DomainError::internal)?;
    let png = match cached? {
        Some(png) => png,
        None => {
            let blobs = state.blobs.clone();
            state
                .cpu
                .media
                .run(move || job.render(blobs.as_ref()))
                .await?
        }
    };
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "image/png"))
        .insert_header((header::CACHE_CONTROL, CACHE_CONTROL))
        .insert_header((header::ETAG, etag))
        .body(png))
}
