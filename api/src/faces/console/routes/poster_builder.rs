//! `/console/r/{rid}/posters/new` and `…/posters/{id}/edit`: the poster builder. The
//! draft lives in the form (hidden `sku` fields in order, the design's inputs); every
//! button posts it back with one change (add, move, remove, search) and the page is drawn
//! again, storing nothing, until "save" creates the poster or its next version.
//! `…/posters/preview.png?draft=…&page=N` draws one page of a draft carried in the URL
//! (a GET that stores nothing) through the same preflight and rendering as the print
//! files.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;

use super::{Scope, retailer_scope, retailer_scope_for};
use crate::app::error::ApiError;
use crate::app::pages::form::CsrfForm;
use crate::app::pages::layer::staff_page;
use crate::app::pages::redirect::see_other;
use crate::app::pages::render::html;
use crate::app::pages::staff::StaffFrame;
use crate::app::pages::visitor::Visitor;
use crate::app::poster_files::{draft_preflight, draft_preview};
use crate::app::state::AppState;
use crate::domain::DomainError;
use crate::domain::accounts::{Principal, RetailerAccess};
use crate::domain::catalog::products;
use crate::domain::posters::{self, MAX_SLOTS, PosterInput, SlotInput};
use crate::domain::retailers::Retailer;
use crate::faces::console::pages::poster_builder::{
    Builder, BuilderPage, Checked, DraftFields, DraftProduct,
};

/// Longest draft a preview URL may carry (240 SKUs of 32 characters fit).
const MAX_DRAFT_CHARS: usize = 16 * 1024;
/// Products one search shows.
const FOUND_LIMIT: i64 = 50;

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        staff_page("/console/r/{rid}/posters/new")
            .get(new_form)
            .post(new_post),
    )
    .service(staff_page("/console/r/{rid}/posters/preview.png").get(preview))
    .service(
        staff_page("/console/r/{rid}/posters/{id}/edit")
            .get(edit_form)
            .post(edit_post),
    );
}

/// The draft as the form posts it.
#[derive(Debug, Clone, Default)]
struct Draft {
    fields: DraftFields,
    skus: Vec<String>,
}

/// What a button asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Op {
    Refresh,
    Search,
    Add(String),
    AddFound,
    AddCatalogue,
    Up(usize),
    Down(usize),
    Remove(usize),
    Save,
}

impl Draft {
    /// The draft and the button of a posted builder form, and the search term.
    fn of_form(pairs: Vec<(String, String)>) -> (Self, Op, String) {
        let mut draft = Self::default();
        let mut op = Op::Refresh;
        let mut search = String::new();
        let index = |value: &str| value.parse::<usize>().ok();
        for (name, value) in pairs {
            match name.as_str() {
                "title" => draft.fields.title = value,
                "page_size" => draft.fields.page_size = value,
                "layout" => draft.fields.layout = value,
                "scan_distance_m" => draft.fields.scan_distance = value,
                "sku" if draft.skus.len() < MAX_SLOTS => draft.skus.push(value),
                "q" => search = value,
                "add" => op = Op::Add(value),
                "up" => op = index(&value).map_or(Op::Refresh, Op::Up),
                "down" => op = index(&value).map_or(Op::Refresh, Op::Down),
                "remove" => op = index(&value).map_or(Op::Refresh, Op::Remove),
                "op" => {
                    op = match value.as_str() {
                        "search" => Op::Search,
                        "add_found" => Op::AddFound,
                        "add_catalogue" => Op::AddCatalogue,
                        "save" => Op::Save,
                        _ => Op::Refresh,
                    }
                }
                _ => {}
            }
        }
        (draft, op, search)
    }

    fn of_poster(details: &posters::PosterDetails) -> Self {
        let poster = &details.poster;
        Self {
            fields: DraftFields {
                title: poster.title.clone(),
                page_size: poster.page_size.clone(),
                layout: poster.layout.clone(),
                scan_distance: (f64::from(poster.scan_distance_mm) / 1000.0).to_string(),
            },
            skus: details.slots.iter().map(|slot| slot.sku.clone()).collect(),
        }
    }

    fn new_poster() -> Self {
        Self {
            fields: DraftFields {
                title: String::new(),
                page_size: posters::default_page_size(),
                layout: posters::default_layout(),
                scan_distance: "1.5".into(),
            },
            skus: Vec::new(),
        }
    }

    /// Adds `sku` at the end unless it is already there (or the poster is full).
    fn add(&mut self, sku: String) {
        if !self.skus.contains(&sku) && self.skus.len() < MAX_SLOTS {
            self.skus.push(sku);
        }
    }

    fn input(&self) -> PosterInput {
        PosterInput {
            title: self.fields.title.clone(),
            page_size: self.fields.page_size.clone(),
            layout: self.fields.layout.trim().to_owned(),
            // Unreadable text becomes NaN, which the domain refuses on the field.
            scan_distance_m: self.fields.scan_distance.trim().parse().unwrap_or(f64::NAN),
            slots: self
                .skus
                .iter()
                .map(|sku| SlotInput { sku: sku.clone() })
                .collect(),
        }
    }
}

/// The retailer's products matching `term` (all when `None`), at most `limit`: (SKU,
/// name, price).
async fn find(
    state: &AppState,
    retailer_id: &str,
    term: Option<&str>,
    limit: i64,
) -> Result<Vec<(String, String, i64)>, ApiError> {
    let (rid, term) = (retailer_id.to_owned(), term.map(|t| t.trim().to_owned()));
    let page = state
        .db(move |conn| products::list(conn, &rid, term.as_deref(), None, limit))
        .await?;
    Ok(page
        .items
        .into_iter()
        .map(|product| (product.sku, product.name, product.price_minor))
        .collect())
}

/// Applies a button's change to the draft; the search's results, shown while a term is
/// typed (so products are added one after another) or when asked for.
async fn apply(
    state: &AppState,
    retailer_id: &str,
    draft: &mut Draft,
    op: &Op,
    search: &str,
) -> Result<Option<Vec<(String, String, i64)>>, ApiError> {
    let len = draft.skus.len();
    match op {
        Op::Add(sku) => draft.add(sku.clone()),
        Op::Up(i) if (1..len).contains(i) => draft.skus.swap(*i, i - 1),
        Op::Down(i) if i + 1 < len => draft.skus.swap(*i, i + 1),
        Op::Remove(i) if *i < len => {
            draft.skus.remove(*i);
        }
        Op::AddFound | Op::AddCatalogue => {
            let (term, limit) = if *op == Op::AddFound {
                (Some(search), FOUND_LIMIT)
            } else {
                (None, MAX_SLOTS as i64)
            };
            for (sku, _, _) in find(state, retailer_id, term, limit).await? {
                draft.add(sku);
            }
        }
        _ => {}
    }
    // Enter in the search field presses the form's first button, "update preview"; with a
    // term typed, the results show all the same.
    if *op == Op::Search || !search.trim().is_empty() {
        Ok(Some(
            find(state, retailer_id, Some(search), FOUND_LIMIT).await?,
        ))
    } else {
        Ok(None)
    }
}

/// The draft's products with their names and prices (`None` for a SKU gone from the
/// catalogue).
async fn draft_products(
    state: &AppState,
    retailer_id: &str,
    skus: &[String],
) -> Result<Vec<DraftProduct>, ApiError> {
    let (rid, skus) = (retailer_id.to_owned(), skus.to_vec());
    state
        .db(move |conn| {
            skus.into_iter()
                .map(|sku| match products::get(conn, &rid, &sku) {
                    Ok(product) => Ok((sku, Some((product.name, product.price_minor)))),
                    Err(DomainError::NotFound(_)) => Ok((sku, None)),
                    Err(other) => Err(other),
                })
                .collect()
        })
        .await
}

/// The preview URL of page `page` (from 0) of `input`.
fn preview_url(retailer_id: &str, input: &PosterInput, page: usize) -> Result<String, ApiError> {
    let json = serde_json::to_vec(input).map_err(DomainError::internal)?;
    Ok(format!(
        "/console/r/{retailer_id}/posters/preview.png?page={page}&draft={}",
        URL_SAFE_NO_PAD.encode(json)
    ))
}

/// The preflight of the draft, if it has products.
async fn check(
    state: &web::Data<AppState>,
    retailer_id: &str,
    draft: &Draft,
) -> Result<Checked, ApiError> {
    if draft.skus.is_empty() {
        return Ok(Checked::Nothing);
    }
    let input = draft.input();
    match draft_preflight(state, retailer_id.to_owned(), input.clone()).await {
        Ok(found) => Ok(Checked::Found {
            previews: (0..found.pages)
                .map(|page| preview_url(retailer_id, &input, page))
                .collect::<Result<_, _>>()?,
            issues: found.issues,
        }),
        Err(ApiError::Domain(DomainError::Invalid(errors))) => Ok(Checked::Invalid(errors)),
        Err(other) => Err(other),
    }
}

/// The request a builder page answers: who asks, for which retailer, about which poster.
struct Request<'a> {
    req: &'a HttpRequest,
    state: &'a web::Data<AppState>,
    visitor: &'a Visitor,
    user: &'a Principal,
    retailer: &'a Retailer,
    /// The form's address.
    action: String,
    /// The poster being revised: (id, title); `None` for a new one.
    poster: Option<(String, String)>,
}

/// The builder drawn with `draft`; `refused` holds the errors of a refused save.
async fn render(
    request: Request<'_>,
    draft: Draft,
    search: String,
    found: Option<Vec<(String, String, i64)>>,
    refused: Option<Vec<crate::domain::FieldError>>,
) -> Result<HttpResponse, ApiError> {
    let Request {
        req,
        state,
        visitor,
        user,
        retailer,
        action,
        poster,
    } = request;
    let products = draft_products(state, &retailer.id, &draft.skus).await?;
    let not_saved = refused.is_some();
    let checked = match refused {
        Some(errors) => Checked::Invalid(errors),
        None => check(state, &retailer.id, &draft).await?,
    };
    let frame = StaffFrame::new(req, state, visitor, true);
    let status = if not_saved {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let builder = Builder {
        action,
        editing: poster.map(|(_, title)| title),
        draft: draft.fields,
        products,
        search,
        found,
        checked,
        not_saved,
    };
    html(status, &BuilderPage::new(frame, user, retailer, builder))
}

async fn new_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    rid: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (user, retailer) =
        match retailer_scope_for(&req, &state, rid.into_inner(), RetailerAccess::Manage).await? {
            Scope::Granted(user, retailer) => (user, retailer),
            Scope::Answer(answer) => return Ok(answer),
        };
    let request = Request {
        req: &req,
        state: &state,
        visitor: &visitor,
        user: &user,
        action: format!("/console/r/{}/posters/new", retailer.id),
        retailer: &retailer,
        poster: None,
    };
    render(request, Draft::new_poster(), String::new(), None, None).await
}

async fn edit_form(
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
    let details = state
        .db(move |conn| posters::get(conn, &retailer_id, &id))
        .await?;
    if details.poster.retired_at.is_some() {
        // A retired poster takes no new version: its page says so.
        return Ok(see_other(&format!(
            "/console/r/{}/posters/{}",
            retailer.id, details.poster.id
        )));
    }
    let request = Request {
        req: &req,
        state: &state,
        visitor: &visitor,
        user: &user,
        action: format!(
            "/console/r/{}/posters/{}/edit",
            retailer.id, details.poster.id
        ),
        retailer: &retailer,
        poster: Some((details.poster.id.clone(), details.poster.title.clone())),
    };
    render(
        request,
        Draft::of_poster(&details),
        String::new(),
        None,
        None,
    )
    .await
}

async fn new_post(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    rid: web::Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<HttpResponse, ApiError> {
    let (user, retailer) =
        match retailer_scope_for(&req, &state, rid.into_inner(), RetailerAccess::Manage).await? {
            Scope::Granted(user, retailer) => (user, retailer),
            Scope::Answer(answer) => return Ok(answer),
        };
    let request = Request {
        req: &req,
        state: &state,
        visitor: &visitor,
        user: &user,
        action: format!("/console/r/{}/posters/new", retailer.id),
        retailer: &retailer,
        poster: None,
    };
    posted(request, pairs).await
}

async fn edit_post(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    path: web::Path<(String, String)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
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
    let request = Request {
        req: &req,
        state: &state,
        visitor: &visitor,
        user: &user,
        action: format!("/console/r/{}/posters/{}/edit", retailer.id, poster.id),
        retailer: &retailer,
        poster: Some((poster.id, poster.title)),
    };
    posted(request, pairs).await
}

/// A posted builder: the change applied and the page drawn again, or the draft saved.
async fn posted(
    request: Request<'_>,
    pairs: Vec<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (mut draft, op, search) = Draft::of_form(pairs);
    let (state, rid) = (request.state, request.retailer.id.clone());
    if op == Op::Save {
        let input = draft.input();
        let (retailer_id, editing) = (
            rid.clone(),
            request.poster.as_ref().map(|(id, _)| id.clone()),
        );
        let saved = state
            .db(move |conn| match editing {
                Some(id) => posters::revise(conn, &retailer_id, &id, &input),
                None => posters::create(conn, &retailer_id, &input),
            })
            .await;
        return match saved {
            Ok(details) => Ok(see_other(&format!(
                "/console/r/{rid}/posters/{}",
                details.poster.id
            ))),
            Err(ApiError::Domain(DomainError::Invalid(errors))) => {
                render(request, draft, search, None, Some(errors)).await
            }
            Err(other) => Err(other),
        };
    }
    let found = apply(state, &rid, &mut draft, &op, &search).await?;
    render(request, draft, search, found, None).await
}

#[derive(Debug, Deserialize)]
struct PreviewQuery {
    draft: String,
    #[serde(default)]
    page: usize,
}

async fn preview(
    req: HttpRequest,
    state: web::Data<AppState>,
    rid: web::Path<String>,
    query: web::Query<PreviewQuery>,
) -> Result<HttpResponse, ApiError> {
    let retailer = match retailer_scope(&req, &state, rid.into_inner()).await? {
        Scope::Granted(_, retailer) => retailer,
        Scope::Answer(answer) => return Ok(answer),
    };
    let PreviewQuery { draft, page } = query.into_inner();
    if draft.len() > MAX_DRAFT_CHARS {
        return Err(DomainError::invalid("draft", "too long").into());
    }
    if page >= MAX_SLOTS {
        return Err(DomainError::invalid("page", "past the design's last page").into());
    }
    let input: PosterInput = URL_SAFE_NO_PAD
        .decode(draft.as_bytes())
        .ok()
        .and_then(|json| serde_json::from_slice(&json).ok())
        .ok_or_else(|| DomainError::invalid("draft", "not a poster design"))?;
    let png = draft_preview(&state, retailer.id, input, page).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "image/png"))
        .insert_header((header::CACHE_CONTROL, "private, max-age=300"))
        .body(png))
}
