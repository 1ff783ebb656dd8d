//! `/console/r/{rid}/products/photos`: a ZIP of photos named by SKU, stored by the same
//! core function as the JSON API's `POST …/products/photos`; the answer is the report of
//! what matched. Posting the same ZIP again stores the same files (photos are kept under
//! their content's hash), so a reload does no harm.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::super::{Scope, retailer_scope, retailer_scope_for};
use crate::app::catalogue;
use crate::app::error::ApiError;
use crate::app::pages::layer::staff_page;
use crate::app::pages::render::html;
use crate::app::pages::staff::StaffFrame;
use crate::app::pages::upload::Upload;
use crate::app::pages::visitor::Visitor;
use crate::app::state::AppState;
use crate::domain::DomainError;
use crate::domain::accounts::RetailerAccess;
use crate::faces::console::i18n::catalogue::strings;
use crate::faces::console::pages::catalogue::PhotosPage;

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        staff_page("/console/r/{rid}/products/photos")
            .get(form)
            .post(upload),
    );
}

async fn form(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    rid: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (user, retailer) = match retailer_scope(&req, &state, rid.into_inner()).await? {
        Scope::Granted(user, retailer) => (user, retailer),
        Scope::Answer(answer) => return Ok(answer),
    };
    let frame = StaffFrame::new(&req, &state, &visitor, true);
    html(
        StatusCode::OK,
        &PhotosPage::new(frame, &user, &retailer, Ok(None), state.limits.import),
    )
}

async fn upload(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    rid: web::Path<String>,
    payload: Multipart,
) -> Result<HttpResponse, ApiError> {
    let upload = Upload::read(&req, payload, state.limits.import).await?;
    let (user, retailer) =
        match retailer_scope_for(&req, &state, rid.into_inner(), RetailerAccess::Manage).await? {
            Scope::Granted(user, retailer) => (user, retailer),
            Scope::Answer(answer) => return Ok(answer),
        };
    let c = strings(visitor.lang());
    let outcome = match upload.file("zip") {
        None => Err(c.err_no_file),
        Some(file) if file.too_large => Err(c.err_too_large),
        Some(file) => {
            match catalogue::upload_photo_zip(&state, &retailer.id, file.bytes.clone()).await {
                Ok(report) => Ok(Some(report)),
                Err(ApiError::Domain(DomainError::Invalid(_))) => Err(c.err_zip),
                Err(other) => return Err(other),
            }
        }
    };
    let status = if outcome.is_ok() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let frame = StaffFrame::new(&req, &state, &visitor, true);
    html(
        status,
        &PhotosPage::new(frame, &user, &retailer, outcome, state.limits.import),
    )
}
