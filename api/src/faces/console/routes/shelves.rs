//! `/console/r/{rid}/shelves`: the retailer's shelves for bloggers. Every staff member
//! sees them and their embed code; retailer admins (and platform admins) make, change
//! and delete them with forms, through the same `catalog::shelves` functions as the JSON
//! API. A refused form comes back with its errors and nothing saved.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::{Scope, retailer_scope, retailer_scope_for};
use crate::app::error::ApiError;
use crate::app::pages::form::CsrfForm;
use crate::app::pages::layer::staff_page;
use crate::app::pages::redirect::see_other;
use crate::app::pages::render::{FieldErrors, html};
use crate::app::pages::staff::StaffFrame;
use crate::app::pages::visitor::Visitor;
use crate::app::state::AppState;
use crate::domain::DomainError;
use crate::domain::accounts::{Principal, RetailerAccess};
use crate::domain::catalog::Product;
use crate::domain::catalog::products::{self, MAX_PAGE_SIZE};
use crate::domain::catalog::shelves::{self, ShelfDetails};
use crate::domain::retailers::Retailer;
use crate::faces::console::i18n::shelves::{ShelvesStrings, strings};
use crate::faces::console::pages::shelves::{
    DeleteForm, ShelfForm, ShelfPage, ShelvesPage, Values, field_errors,
};

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        staff_page("/console/r/{rid}/shelves")
            .get(list)
            .post(create),
    )
    .service(
        staff_page("/console/r/{rid}/shelves/{id}")
            .get(show)
            .post(update),
    )
    .service(staff_page("/console/r/{rid}/shelves/{id}/delete").post(remove));
}

/// A page's outcome: its notice, and the errors of the form that was refused.
type Outcome = (Option<&'static str>, FieldErrors);

#[derive(Debug, Deserialize)]
struct PageQuery {
    /// What the form that redirected here did.
    done: Option<String>,
    /// A catalogue search for the product chooser.
    q: Option<String>,
}

impl PageQuery {
    /// The catalogue search asked for, if any.
    fn search(&self) -> Option<String> {
        self.q
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_owned)
    }

    /// The notice after a redirect from a form that worked.
    fn notice(&self, s: &'static ShelvesStrings) -> Option<&'static str> {
        match self.done.as_deref() {
            Some("created") => Some(s.created),
            Some("saved") => Some(s.saved),
            Some("deleted") => Some(s.deleted),
            _ => None,
        }
    }
}

/// The products a shelf may be made of: the first page of the catalogue by SKU (of those
/// matching `search`), and the products already on `shelf` (so saving never drops one the
/// page did not list).
fn catalogue(
    conn: &mut crate::db::DbConnection,
    retailer_id: &str,
    search: Option<&str>,
    shelf: Option<&ShelfDetails>,
) -> Result<Vec<Product>, DomainError> {
    let mut listed = products::list(conn, retailer_id, search, None, MAX_PAGE_SIZE)?.items;
    for product in shelf.map_or(&[][..], |s| &s.products) {
        if !listed.iter().any(|p| p.id == product.id) {
            listed.push(product.clone());
        }
    }
    Ok(listed)
}

/// The list page with the new-shelf form holding `values`, answered with `status`.
async fn render_list(
    req: &HttpRequest,
    (state, visitor): (&AppState, &Visitor),
    (user, retailer): (&Principal, &Retailer),
    (values, search): (Values<'_>, Option<String>),
    (notice, errors): Outcome,
    status: StatusCode,
) -> Result<HttpResponse, ApiError> {
    let rid = retailer.id.clone();
    let query = search.clone();
    let (all, catalogue) = state
        .db(move |conn| {
            let found = catalogue(conn, &rid, query.as_deref(), None)?;
            Ok((shelves::list(conn, &rid)?, found))
        })
        .await?;
    let frame = StaffFrame::new(req, state, visitor, true);
    let page = ShelvesPage::new(
        (frame, &state.urls),
        (user, retailer),
        &all,
        (&catalogue, values, search.as_deref().unwrap_or_default()),
        notice,
        errors,
    );
    html(status, &page)
}

/// The page of shelf `id` with its form holding `values` (the stored shelf unless a
/// refused form is shown again), answered with `status`.
async fn render_shelf(
    req: &HttpRequest,
    (state, visitor): (&AppState, &Visitor),
    (user, retailer): (&Principal, &Retailer),
    (id, posted, search): (String, Option<&ShelfForm>, Option<String>),
    (notice, errors): Outcome,
    status: StatusCode,
) -> Result<HttpResponse, ApiError> {
    let rid = retailer.id.clone();
    let query = search.clone();
    let (details, catalogue) = state
        .db(move |conn| {
            let details = shelves::get(conn, &rid, &id)?;
            let catalogue = catalogue(conn, &rid, query.as_deref(), Some(&details))?;
            Ok((details, catalogue))
        })
        .await?;
    let values = posted.map_or(Values::Stored(&details), Values::Posted);
    let frame = StaffFrame::new(req, state, visitor, true);
    let page = ShelfPage::new(
        (frame, &state.urls),
        (user, retailer),
        &details,
        (&catalogue, values, search.as_deref().unwrap_or_default()),
        notice,
        errors,
    );
    html(status, &page)
}

async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    rid: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let (user, retailer) = match retailer_scope(&req, &state, rid.into_inner()).await? {
        Scope::Granted(user, retailer) => (user, retailer),
        Scope::Answer(answer) => return Ok(answer),
    };
    let notice = query.notice(strings(visitor.lang()));
    let outcome = (notice, FieldErrors::default());
    let who = (&user, &retailer);
    render_list(
        &req,
        (&state, &visitor),
        who,
        (Values::Blank, query.search()),
        outcome,
        StatusCode::OK,
    )
    .await
}

/// The shelf the form asks for, saved by `save`; or the form's errors.
async fn save_form(
    state: &AppState,
    form: &ShelfForm,
    s: &'static ShelvesStrings,
    save: impl FnOnce(
        &mut crate::db::DbConnection,
        &shelves::ShelfInput,
    ) -> Result<ShelfDetails, DomainError>
    + Send
    + 'static,
) -> Result<Result<ShelfDetails, FieldErrors>, ApiError> {
    let input = match form.input(s) {
        Ok(input) => input,
        Err(errors) => return Ok(Err(errors)),
    };
    match state.db(move |conn| save(conn, &input)).await {
        Ok(details) => Ok(Ok(details)),
        Err(ApiError::Domain(DomainError::Invalid(errors))) => Ok(Err(field_errors(&errors, s))),
        Err(other) => Err(other),
    }
}

async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    rid: web::Path<String>,
    CsrfForm(form): CsrfForm<ShelfForm>,
) -> Result<HttpResponse, ApiError> {
    let (user, retailer) =
        match retailer_scope_for(&req, &state, rid.into_inner(), RetailerAccess::Manage).await? {
            Scope::Granted(user, retailer) => (user, retailer),
            Scope::Answer(answer) => return Ok(answer),
        };
    let s = strings(visitor.lang());
    let rid = retailer.id.clone();
    let saved = save_form(&state, &form, s, move |conn, input| {
        shelves::create(conn, &rid, input)
    })
    .await?;
    match saved {
        Ok(details) => Ok(see_other(&format!(
            "/console/r/{}/shelves/{}?done=created",
            retailer.id, details.shelf.id
        ))),
        Err(errors) => {
            let who = (&user, &retailer);
            let values = (Values::Posted(&form), form.search().map(str::to_owned));
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            render_list(
                &req,
                (&state, &visitor),
                who,
                values,
                (None, errors),
                status,
            )
            .await
        }
    }
}

async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    path: web::Path<(String, String)>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let (rid, id) = path.into_inner();
    let (user, retailer) = match retailer_scope(&req, &state, rid).await? {
        Scope::Granted(user, retailer) => (user, retailer),
        Scope::Answer(answer) => return Ok(answer),
    };
    let notice = query.notice(strings(visitor.lang()));
    let outcome = (notice, FieldErrors::default());
    let who = (&user, &retailer);
    render_shelf(
        &req,
        (&state, &visitor),
        who,
        (id, None, query.search()),
        outcome,
        StatusCode::OK,
    )
    .await
}

async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    path: web::Path<(String, String)>,
    CsrfForm(form): CsrfForm<ShelfForm>,
) -> Result<HttpResponse, ApiError> {
    let (rid, id) = path.into_inner();
    let (user, retailer) =
        match retailer_scope_for(&req, &state, rid, RetailerAccess::Manage).await? {
            Scope::Granted(user, retailer) => (user, retailer),
            Scope::Answer(answer) => return Ok(answer),
        };
    let s = strings(visitor.lang());
    let (rid, shelf_id) = (retailer.id.clone(), id.clone());
    let saved = save_form(&state, &form, s, move |conn, input| {
        shelves::update(conn, &rid, &shelf_id, input)
    })
    .await?;
    match saved {
        Ok(_) => Ok(see_other(&format!(
            "/console/r/{}/shelves/{id}?done=saved",
            retailer.id
        ))),
        Err(errors) => {
            let who = (&user, &retailer);
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            let shelf = (id, Some(&form), form.search().map(str::to_owned));
            render_shelf(&req, (&state, &visitor), who, shelf, (None, errors), status).await
        }
    }
}

/// Deletes the shelf once the admin ticked the confirmation; without it the page comes
/// back with the error at the box.
async fn remove(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    path: web::Path<(String, String)>,
    CsrfForm(form): CsrfForm<DeleteForm>,
) -> Result<HttpResponse, ApiError> {
    let (rid, id) = path.into_inner();
    let (user, retailer) =
        match retailer_scope_for(&req, &state, rid, RetailerAccess::Manage).await? {
            Scope::Granted(user, retailer) => (user, retailer),
            Scope::Answer(answer) => return Ok(answer),
        };
    if form.confirm.is_none() {
        let errors = FieldErrors::single("confirm", strings(visitor.lang()).err_confirm);
        let who = (&user, &retailer);
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return render_shelf(
            &req,
            (&state, &visitor),
            who,
            (id, None, None),
            (None, errors),
            status,
        )
        .await;
    }
    let rid = retailer.id.clone();
    state
        .db(move |conn| shelves::delete(conn, &rid, &id))
        .await?;
    Ok(see_other(&format!(
        "/console/r/{}/shelves?done=deleted",
        retailer.id
    )))
}
