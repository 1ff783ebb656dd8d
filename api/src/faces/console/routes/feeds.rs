//! `/console/r/{rid}/feeds`: the catalogue feed URLs of the retailer. Every staff member
//! sees them; retailer admins (and platform admins) make them with the form, which asks
//! for a confirmation once URLs exist because regenerating retires them. The GET never
//! makes URLs, so reading the page writes nothing. The rules are `app::feeds`, the same
//! the JSON API's feed routes call.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::{Scope, retailer_scope, retailer_scope_for};
use crate::app::error::ApiError;
use crate::app::feeds::{self, FeedUrls};
use crate::app::pages::form::CsrfForm;
use crate::app::pages::layer::staff_page;
use crate::app::pages::redirect::see_other;
use crate::app::pages::render::{FieldErrors, html};
use crate::app::pages::staff::StaffFrame;
use crate::app::pages::visitor::Visitor;
use crate::app::state::AppState;
use crate::domain::DomainError;
use crate::domain::accounts::{Principal, RetailerAccess};
use crate::domain::retailers::Retailer;
use crate::faces::console::i18n::feeds::strings;
use crate::faces::console::pages::feeds::{FeedsPage, RegenerateForm};

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(staff_page("/console/r/{rid}/feeds").get(show).post(make));
}

/// The retailer's current URLs, or none before an admin made them.
async fn current(state: &AppState, retailer_id: &str) -> Result<Option<FeedUrls>, ApiError> {
    match feeds::current(state, retailer_id).await {
        Ok(urls) => Ok(Some(urls)),
        Err(ApiError::Domain(DomainError::NotFound(_))) => Ok(None),
        Err(other) => Err(other),
    }
}

/// The page, answered with `status`.
async fn render(
    req: &HttpRequest,
    state: &AppState,
    visitor: &Visitor,
    (user, retailer): (Principal, Retailer),
    (notice, errors): (Option<&'static str>, FieldErrors),
    status: StatusCode,
) -> Result<HttpResponse, ApiError> {
    let urls = current(state, &retailer.id).await?;
    let frame = StaffFrame::new(req, state, visitor, true);
    let page = FeedsPage::new(frame, &user, &retailer, urls, notice, errors)?;
    html(status, &page)
}

#[derive(Debug, Deserialize)]
struct ShowQuery {
    done: Option<String>,
}

async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    rid: web::Path<String>,
    query: web::Query<ShowQuery>,
) -> Result<HttpResponse, ApiError> {
    let scope = match retailer_scope(&req, &state, rid.into_inner()).await? {
        Scope::Granted(user, retailer) => (user, retailer),
        Scope::Answer(answer) => return Ok(answer),
    };
    let notice = (query.done.as_deref() == Some("made")).then(|| strings(visitor.lang()).made);
    let outcome = (notice, FieldErrors::default());
    render(&req, &state, &visitor, scope, outcome, StatusCode::OK).await
}

/// Makes the first URLs, or new ones once the admin confirmed that the current ones stop
/// working; without that confirmation the page comes back with the error at the box.
async fn make(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    rid: web::Path<String>,
    CsrfForm(form): CsrfForm<RegenerateForm>,
) -> Result<HttpResponse, ApiError> {
    let scope =
        match retailer_scope_for(&req, &state, rid.into_inner(), RetailerAccess::Manage).await? {
            Scope::Granted(user, retailer) => (user, retailer),
            Scope::Answer(answer) => return Ok(answer),
        };
    let exists = current(&state, &scope.1.id).await?.is_some();
    if exists && form.confirm.is_none() {
        let errors = FieldErrors::single("confirm", strings(visitor.lang()).err_confirm);
        let outcome = (None, errors);
        return render(
            &req,
            &state,
            &visitor,
            scope,
            outcome,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    feeds::regenerate(&state, &scope.1.id).await?;
    Ok(see_other(&format!(
        "/console/r/{}/feeds?done=made",
        scope.1.id
    )))
}
