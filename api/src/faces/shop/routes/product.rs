//! A product's commuter page. The one a QR code opens: `GET /s/{code}` and `GET /S/{code}`
//! (printed QR payloads are upper case, typed links usually lower case); a client asking
//! for `application/json` gets the scan JSON instead. Resolution, its cache and the scan
//! event are the core's (`crate::app::scans`). And the product's share page,
//! `GET /p/{share_code}`: its canonical URL on every channel, which scan pages name as
//! canonical too.

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::app::error::ApiError;
use crate::app::pages::layer::{script_page, wants_json};
use crate::app::pages::render::html;
use crate::app::pages::visitor::Visitor;
use crate::app::state::AppState;
use crate::domain::accounts::Principal;
use crate::domain::analytics::attribution::{self, Attribution, Link};
use crate::domain::catalog::products::{self, Product};
use crate::domain::retailers::Retailer;
use crate::domain::{DomainError, analytics, ids, retailers};
use crate::faces::shop::pages::product::{NotFoundPage, Preview, ProductPage, ShareAction};
use crate::faces::shop::sharing;

use super::assets::SHARE_SCRIPT_PATH;

pub fn routes(cfg: &mut web::ServiceConfig) {
    // A page resource: its errors render as pages, and a first visit gets its device
    // cookie (the add-to-cart form's CSRF token is bound to it). Its Share control is the
    // one script any page runs.
    cfg.service(script_page("/s/{code}", SHARE_SCRIPT_PATH).get(scan_page))
        .service(script_page("/S/{code}", SHARE_SCRIPT_PATH).get(scan_page))
        .service(script_page("/p/{share_code}", SHARE_SCRIPT_PATH).get(share_page));
}

async fn scan_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let json = wants_json(&req);
    // An HTML answer is a page view as well as a scan.
    let resolved = state
        .scans
        .resolve_and_record_visit(&req, &path, !json)
        .await;
    if json {
        return Ok(resolved?.json_response());
    }
    let visitor = Visitor::of(&req);
    let cached = match resolved {
        Ok(cached) => cached,
        Err(ApiError::Domain(DomainError::NotFound(_))) => {
            return html(StatusCode::NOT_FOUND, &NotFoundPage::new(visitor.lang()));
        }
        Err(other) => return Err(other),
    };
    let scan = &cached.scan;
    let viewer = visitor.signed_in(&state).await?;
    let image_url = scan
        .product
        .image_key
        .as_deref()
        .map(|key| state.urls.image_url(key));
    let page = ProductPage::new(
        scan,
        visitor.lang(),
        image_url,
        visitor.csrf_token(&state),
        ids::now(),
        preview_and_share(
            &state,
            &visitor,
            viewer.as_ref(),
            &scan.product,
            &scan.retailer,
        )
        .await?,
    );
    html(StatusCode::OK, &page)
}

/// The share page of a live, active product; anything else is the shop's 404 page. Each
/// view is a visit of its link's channel, else of the one the device remembers
/// (`attribution::resolve`); a link naming a source is remembered from now on.
async fn share_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let visitor = Visitor::of(&req);
    let share_code = path.into_inner();
    let link: Link = web::Query::from_query(req.query_string())
        .map(web::Query::into_inner)
        .unwrap_or_default();
    let (page_link, remembered) = (link.clone(), sharing::remembered(&req));
    // Looked up once: the visit's attribution and the page's share link both need it.
    let viewer = visitor.signed_in(&state).await?;
    let viewer_id = viewer.as_ref().map(|principal| principal.user_id.clone());
    let found = state
        .db(move |conn| {
            let product = products::by_share_code(conn, &share_code)?;
            let retailer = retailers::get(conn, &product.retailer_id)?;
            let resolved = attribution::resolve(
                conn,
                &retailer.id,
                (&page_link, remembered.as_deref()),
                viewer_id.as_deref(),
                ids::now(),
            )?;
            Ok((product, retailer, resolved))
        })
        .await;
    let (product, retailer, resolved) = match found {
        Ok(found) => found,
        Err(ApiError::Domain(DomainError::NotFound(_))) => {
            return html(StatusCode::NOT_FOUND, &NotFoundPage::new(visitor.lang()));
        }
        Err(other) => return Err(other),
    };
    let Attribution { channel, source_id } = &resolved.attribution;
    let source = analytics::Source::of_product_page(&retailer, &product.id, channel, source_id)?;
    state.scans.record_visit(&req, Arc::new(source), true);
    let image_url = product
        .image_key
        .as_deref()
        .map(|key| state.urls.image_url(key));
    let preview_and_share =
        preview_and_share(&state, &visitor, viewer.as_ref(), &product, &retailer).await?;
    let page = ProductPage::shared(
        &product,
        &retailer,
        &link,
        visitor.lang(),
        image_url,
        visitor.csrf_token(&state),
        preview_and_share,
    );
    let mut response = html(StatusCode::OK, &page)?;
    sharing::remember(&state, &mut response, &resolved)?;
    Ok(response)
}

/// The link preview of `product` and the page's share control, which gives a signed-in
/// customer's own link.
async fn preview_and_share(
    state: &AppState,
    visitor: &Visitor,
    viewer: Option<&Principal>,
    product: &Product,
    retailer: &Retailer,
) -> Result<(Preview, ShareAction), ApiError> {
    let preview = Preview::of(&state.urls, product, retailer);
    let referral = sharing::referral_code(state, viewer).await?;
    let share = ShareAction::new(&preview, referral.as_deref(), visitor.lang());
    Ok((preview, share))
}
