//! Poster files for every face: a stored poster's print files and an unsaved draft's
//! preflight and preview, prepared on the database pool and drawn on the media pool (a
//! render holds no connection). The JSON API and the console serve the same bytes.

use actix_web::web;

use super::error::ApiError;
use super::state::AppState;
use crate::domain::DomainError;
use crate::domain::posters::printing::{
    self, MAX_PNG_DPI, MIN_PNG_DPI, Preflight, PrintFormat, PrintJob, Rendered,
};
use crate::domain::posters::{MAX_SLOTS, PosterInput};

/// The format of `extension` (`pdf`, `png`, `svg`) at `page` and `dpi` (150 when
/// omitted). Page and resolution are checked whatever the format, so a link that asks
/// for nonsense is refused the same way for each.
pub fn print_format(
    extension: &str,
    page: usize,
    dpi: Option<u32>,
) -> Result<PrintFormat, ApiError> {
    let dpi = dpi.unwrap_or(150);
    if !(MIN_PNG_DPI..=MAX_PNG_DPI).contains(&dpi) {
        return Err(DomainError::invalid(
            "dpi",
            format!("must be between {MIN_PNG_DPI} and {MAX_PNG_DPI}"),
        )
        .into());
    }
    if page >= MAX_SLOTS {
        return Err(DomainError::invalid(
            "page",
            format!("must be below {MAX_SLOTS}: no poster has more pages"),
        )
        .into());
    }
    match extension {
        "pdf" => Ok(PrintFormat::Pdf),
        "svg" => Ok(PrintFormat::Svg { page }),
        "png" => Ok(PrintFormat::Png { page, dpi }),
        _ => Err(DomainError::NotFound("print format").into()),
    }
}

/// The print file of the retailer's poster (or of one placement's copy, with its codes).
pub async fn print_file(
    state: &web::Data<AppState>,
    retailer_id: String,
    poster_id: String,
    placement_id: Option<String>,
    format: PrintFormat,
) -> Result<Rendered, ApiError> {
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
    match cached? {
        Some(cached) => Ok(cached),
        None => {
            // `render` looks in the cache again: a render of the same file queued ahead
            // of this one may have made it meanwhile.
            let blobs = state.blobs.clone();
            state
                .cpu
                .media
                .run(move || job.render(blobs.as_ref(), format))
                .await
        }
    }
}

async fn draft_job(
    state: &web::Data<AppState>,
    retailer_id: String,
    input: PosterInput,
) -> Result<PrintJob, ApiError> {
    let payload_state = state.clone();
    state
        .db(move |conn| {
            printing::prepare_draft(conn, &retailer_id, &input, |code| {
                payload_state.urls.qr_payload(code)
            })
        })
        .await
}

/// The preflight of an unsaved design (422 on a bad field or an unknown SKU).
pub async fn draft_preflight(
    state: &web::Data<AppState>,
    retailer_id: String,
    input: PosterInput,
) -> Result<Preflight, ApiError> {
    let job = draft_job(state, retailer_id, input).await?;
    let blobs = state.blobs.clone();
    state
        .cpu
        .media
        .run(move || job.preflight(blobs.as_ref()))
        .await
}

/// One page of an unsaved design as a low-resolution PNG.
pub async fn draft_preview(
    state: &web::Data<AppState>,
    retailer_id: String,
    input: PosterInput,
    page: usize,
) -> Result<Vec<u8>, ApiError> {
    let job = draft_job(state, retailer_id, input).await?;
    let blobs = state.blobs.clone();
    state
        .cpu
        .media
        .run(move || job.preview_png(blobs.as_ref(), page))
        .await
}
