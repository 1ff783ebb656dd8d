//! Print files: `…/posters/{id}/print.{pdf,png,svg}` and
//! `…/posters/{id}/placements/{pid}/print.{pdf,png,svg}`, rendered by the shelf-generator
//! with the configured public base URL in every QR code, cached until something printed
//! changes.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

use super::media::Binary;
use crate::app::error::ApiError;
use crate::app::retailer_scope::{Read, RetailerScope};
use crate::app::state::AppState;
use crate::domain::DomainError;
use crate::domain::posters::MAX_SLOTS;
use crate::domain::posters::printing::{self, MAX_PNG_DPI, MIN_PNG_DPI, PrintFormat};

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(poster_print).service(placement_print);
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct PrintQuery {
    /// 0-based page, for PNG and SVG (checked for every format); past the poster's last
    /// page is refused with 422.
    // A poster holds at most MAX_SLOTS products, and a page at least one.
    #[serde(default)]
    #[param(default = 0, maximum = 239)]
    page: usize,
    /// PNG resolution in dots per inch (checked for every format).
    #[param(minimum = 36, maximum = 300, default = 150)]
    dpi: Option<u32>,
}

/// The answer of both print operations.
const PRINTED: &str = "The print file, rendered by the shelf-generator with the public base \
URL in every QR code, and cached until something printed changes (`Cache-Control: private, \
no-cache`)";
/// The refusals of both print operations.
const PRINT_REFUSED: &str = "`validation_failed`: see `errors` (`dpi` out of range, `page` \
past the last page, or a poster its page cannot hold)";

fn format_of(extension: &str, query: &PrintQuery) -> Result<PrintFormat, ApiError> {
    // Checked whatever the format, as the document's ranges say, though a PDF uses neither.
    let dpi = query.dpi.unwrap_or(150);
    if !(MIN_PNG_DPI..=MAX_PNG_DPI).contains(&dpi) {
        return Err(DomainError::invalid(
            "dpi",
            format!("must be between {MIN_PNG_DPI} and {MAX_PNG_DPI}"),
        )
        .into());
    }
    if query.page >= MAX_SLOTS {
        return Err(DomainError::invalid(
            "page",
            format!("must be below {MAX_SLOTS}: no poster has more pages"),
        )
        .into());
    }
    match extension {
        "pdf" => Ok(PrintFormat::Pdf),
        "svg" => Ok(PrintFormat::Svg { page: query.page }),
        "png" => Ok(PrintFormat::Png {
            page: query.page,
            dpi,
        }),
        _ => Err(DomainError::NotFound("print format").into()),
    }
}

async fn print(
    state: web::Data<AppState>,
    retailer_id: String,
    poster_id: String,
    placement_id: Option<String>,
    extension: &str,
    query: PrintQuery,
) -> Result<HttpResponse, ApiError> {
    let format = format_of(extension, &query)?;
    let payload_state = state.clone();
    let job = state
        .db(move |conn| {
            printing::prepare(
                conn,
                &retailer_id,
                &poster_id,
                placement_id.as_deref(),
                |code| payload_state.urls.qr_payload(code),
            )
        })
        .await?;
    // A cached file is read on a blocking thread; only a miss queues for the media pool.
    let blobs = state.blobs.clone();
    let (job, cached) = web::block(move || {
        let cached = job.cached(blobs.as_ref(), format);
        (job, cached)
    })
    .await
    .map_err(DomainError::internal)?;
    let rendered = match cached? {
        Some(cached) => cached,
        None => {
            // `render` looks in the cache again: a render of the same file queued ahead
            // of this one may have made it meanwhile.
            let blobs = state.blobs.clone();
            state
                .cpu
                .media
                .run(move || job.render(blobs.as_ref(), format))
                .await?
        }
    };
    let mut response = HttpResponse::Ok();
    response
        .insert_header((header::CONTENT_TYPE, rendered.content_type))
        .insert_header((header::CACHE_CONTROL, "private, no-cache"));
    if !rendered.warnings.is_empty() {
        response.insert_header(("x-preflight-warnings", rendered.warnings.len().to_string()));
    }
    Ok(response.body(rendered.bytes.to_vec()))
}

/// The poster design's print file.
#[utoipa::path(
    operation_id = "print_poster",
    tag = "posters",
    params(
        ("retailer_id" = String, Path, description = "Opaque retailer id"),
        ("poster_id" = String, Path, description = "Opaque poster id"),
        ("extension" = String, Path, description = "The print file's format: `pdf` (every \
page), `png` or `svg` (one page)", pattern = "^(pdf|png|svg)$"),
        PrintQuery,
    ),
    responses(
        (status = 200, description = PRINTED, content(
            (inline(Binary) = "application/pdf"),
            (inline(Binary) = "image/png"),
            (String = "image/svg+xml"),
        ), headers(("x-preflight-warnings" = u32, description = "How many preflight \
warnings (photos below print resolution, …) the render gave; absent when none, and on a \
file served from the cache"))),
        (status = 404, description = "`not_found`: no such retailer or poster, or another \
extension"),
        (status = 422, description = PRINT_REFUSED),
    ),
    security(("bearerAuth" = []))
)]
#[get("/retailers/{retailer_id}/posters/{poster_id}/print.{extension}")]
async fn poster_print(
    state: web::Data<AppState>,
    scope: RetailerScope<Read>,
    path: web::Path<(String, String, String)>,
    query: web::Query<PrintQuery>,
) -> Result<HttpResponse, ApiError> {
    let (_, poster_id, extension) = path.into_inner();
    print(
        state,
        scope.retailer.id,
        poster_id,
        None,
        &extension,
        query.into_inner(),
    )
    .await
}

/// One placement's print file, with that placement's codes.
#[utoipa::path(
    operation_id = "print_placement",
    tag = "posters",
    params(
        ("retailer_id" = String, Path, description = "Opaque retailer id"),
        ("poster_id" = String, Path, description = "Opaque poster id"),
        ("placement_id" = String, Path, description = "Opaque placement id"),
        ("extension" = String, Path, description = "The print file's format: `pdf` (every \
page), `png` or `svg` (one page)", pattern = "^(pdf|png|svg)$"),
        PrintQuery,
    ),
    responses(
        (status = 200, description = PRINTED, content(
            (inline(Binary) = "application/pdf"),
            (inline(Binary) = "image/png"),
            (String = "image/svg+xml"),
        ), headers(("x-preflight-warnings" = u32, description = "How many preflight \
warnings (photos below print resolution, …) the render gave; absent when none, and on a \
file served from the cache"))),
        (status = 404, description = "`not_found`: no such retailer, poster or placement, or \
another extension"),
        (status = 422, description = PRINT_REFUSED),
    ),
    security(("bearerAuth" = []))
)]
#[get("/retailers/{retailer_id}/posters/{poster_id}/placements/{placement_id}/print.{extension}")]
async fn placement_print(
    state: web::Data<AppState>,
    scope: RetailerScope<Read>,
    path: web::Path<(String, String, String, String)>,
    query: web::Query<PrintQuery>,
) -> Result<HttpResponse, ApiError> {
    let (_, poster_id, placement_id, extension) = path.into_inner();
    print(
        state,
        scope.retailer.id,
        poster_id,
        Some(placement_id),
        &extension,
        query.into_inner(),
    )
    .await
}
