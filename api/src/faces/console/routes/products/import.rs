//! `/console/r/{rid}/products/import`: the CSV import, in two posts. The first checks the
//! file with the import's dry run (the domain's `parse_csv` and `apply`, as the JSON API's
//! `POST …/products/import?dry_run=true`): every bad field in a table with its line and
//! SKU, or the counts of what would change and an Import button. The second
//! (`import/confirm`) imports, all rows or none, and comes back to this page with the
//! counts.
//!
//! Between the two the file travels back with the confirmation, base64 in a hidden field
//! of the dry run's page, instead of being kept on the server: nothing to expire or clean
//! up, nothing another node must find, and the admin confirms exactly the bytes that were
//! checked (base64, because browsers rewrite line ends in posted text). A changed file
//! gains nothing: the confirmation validates everything again, against the catalogue as
//! it is then.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::Deserialize;

use super::super::{Scope, retailer_scope, retailer_scope_for};
use crate::app::error::ApiError;
use crate::app::pages::layer::staff_page;
use crate::app::pages::redirect::see_other;
use crate::app::pages::render::html;
use crate::app::pages::staff::StaffFrame;
use crate::app::pages::upload::Upload;
use crate::app::pages::visitor::Visitor;
use crate::app::state::AppState;
use crate::domain::DomainError;
use crate::domain::accounts::{Principal, RetailerAccess};
use crate::domain::catalog::import::{self, ImportReport};
use crate::domain::retailers::Retailer;
use crate::faces::console::i18n::catalogue::strings;
use crate::faces::console::pages::catalogue::{ImportPage, ImportStage};

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        staff_page("/console/r/{rid}/products/import")
            .get(form)
            .post(check),
    )
    .service(staff_page("/console/r/{rid}/products/import/confirm").post(confirm));
}

/// The counts of an import just written, carried by the redirect that ends it.
#[derive(Debug, Deserialize)]
struct DoneQuery {
    rows: Option<usize>,
    created: Option<usize>,
    updated: Option<usize>,
    unchanged: Option<usize>,
}

fn render(
    req: &HttpRequest,
    state: &AppState,
    visitor: &Visitor,
    (user, retailer): (&Principal, &Retailer),
    status: StatusCode,
    stage: ImportStage,
) -> Result<HttpResponse, ApiError> {
    let frame = StaffFrame::new(req, state, visitor, true);
    html(
        status,
        &ImportPage::new(frame, user, retailer, stage, state.limits.import),
    )
}

async fn form(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    rid: web::Path<String>,
    query: web::Query<DoneQuery>,
) -> Result<HttpResponse, ApiError> {
    let (user, retailer) = match retailer_scope(&req, &state, rid.into_inner()).await? {
        Scope::Granted(user, retailer) => (user, retailer),
        Scope::Answer(answer) => return Ok(answer),
    };
    let stage = match *query {
        DoneQuery {
            rows: Some(rows),
            created: Some(created),
            updated: Some(updated),
            unchanged: Some(unchanged),
        } => ImportStage::Done(ImportReport {
            rows,
            created,
            updated,
            unchanged,
            dry_run: false,
        }),
        _ => ImportStage::Form { file_error: None },
    };
    render(
        &req,
        &state,
        &visitor,
        (&user, &retailer),
        StatusCode::OK,
        stage,
    )
}

/// Parses and applies `csv`, writing nothing on a dry run.
async fn run(
    state: &AppState,
    retailer: &Retailer,
    csv: Vec<u8>,
    dry_run: bool,
) -> Result<Result<ImportReport, ImportStage>, ApiError> {
    let retailer_id = retailer.id.clone();
    let body = csv.clone();
    let outcome = state
        .db(move |conn| {
            let rows = import::parse_csv(&body)?;
            import::apply(conn, &retailer_id, &rows, dry_run)
        })
        .await;
    match outcome {
        Ok(report) => Ok(Ok(report)),
        Err(ApiError::Domain(DomainError::Invalid(errors))) => Ok(Err(ImportStage::Bad {
            errors,
            skus: import::row_skus(&csv),
        })),
        Err(other) => Err(other),
    }
}

async fn check(
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
    let who = (&user, &retailer);
    let c = strings(visitor.lang());
    let file = match upload.file("csv") {
        None => Err(c.err_no_file),
        Some(file) if file.too_large => Err(c.err_too_large),
        Some(file) => Ok(file.bytes.to_vec()),
    };
    let csv = match file {
        Ok(csv) => csv,
        Err(message) => {
            let stage = ImportStage::Form {
                file_error: Some(message),
            };
            return render(
                &req,
                &state,
                &visitor,
                who,
                StatusCode::UNPROCESSABLE_ENTITY,
                stage,
            );
        }
    };
    let encoded = STANDARD.encode(&csv);
    match run(&state, &retailer, csv, true).await? {
        Ok(report) => {
            let stage = ImportStage::Checked {
                report,
                csv: encoded,
            };
            render(&req, &state, &visitor, who, StatusCode::OK, stage)
        }
        Err(bad) => render(
            &req,
            &state,
            &visitor,
            who,
            StatusCode::UNPROCESSABLE_ENTITY,
            bad,
        ),
    }
}

async fn confirm(
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
    let csv = STANDARD
        .decode(upload.text("csv").unwrap_or_default().trim())
        .map_err(|_| ApiError::BadRequest("the checked file did not come back".into()))?;
    match run(&state, &retailer, csv, false).await? {
        Ok(report) => {
            let query = serde_urlencoded::to_string([
                ("rows", report.rows),
                ("created", report.created),
                ("updated", report.updated),
                ("unchanged", report.unchanged),
            ])
            .unwrap_or_default();
            Ok(see_other(&format!(
                "/console/r/{}/products/import?{query}",
                retailer.id
            )))
        }
        Err(bad) => render(
            &req,
            &state,
            &visitor,
            (&user, &retailer),
            StatusCode::UNPROCESSABLE_ENTITY,
            bad,
        ),
    }
}
