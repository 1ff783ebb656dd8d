//! `/console/r/{rid}/products/{sku}`: a product's page. Retailer admins edit its fields
//! through the same domain save as the JSON API's `PATCH` (`products::save_one`, update
//! only) and upload its photo (`…/{sku}/photo`) through the same core function as
//! `PUT …/image`; operators read. A form with errors comes back as typed, each message
//! next to its field, and nothing is saved.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::super::{Scope, retailer_scope, retailer_scope_for};
use crate::app::catalogue;
use crate::app::error::ApiError;
use crate::app::pages::form::CsrfForm;
use crate::app::pages::layer::staff_page;
use crate::app::pages::redirect::see_other;
use crate::app::pages::render::{FieldErrors, html};
use crate::app::pages::staff::StaffFrame;
use crate::app::pages::upload::Upload;
use crate::app::pages::visitor::Visitor;
use crate::app::state::AppState;
use crate::domain::DomainError;
use crate::domain::accounts::{Principal, RetailerAccess};
use crate::domain::catalog::Product;
use crate::domain::catalog::products::{self, SaveMode};
use crate::domain::retailers::Retailer;
use crate::faces::console::i18n::catalogue::strings;
use crate::faces::console::pages::catalogue::{
    ProductForm, ProductNotice, ProductPage, product_errors,
};

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        staff_page("/console/r/{rid}/products/{sku}")
            .get(show)
            .post(save),
    )
    .service(staff_page("/console/r/{rid}/products/{sku}/photo").post(photo));
}

#[derive(Debug, Deserialize)]
struct NoticeQuery {
    saved: Option<String>,
}

async fn product(state: &AppState, retailer: &Retailer, sku: &str) -> Result<Product, ApiError> {
    let (retailer_id, sku) = (retailer.id.clone(), sku.to_owned());
    state
        .db(move |conn| products::get(conn, &retailer_id, &sku))
        .await
}

/// The page after a redirect: `?saved=fields` or `?saved=photo` say what was saved.
async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    path: web::Path<(String, String)>,
    query: web::Query<NoticeQuery>,
) -> Result<HttpResponse, ApiError> {
    let (rid, sku) = path.into_inner();
    let (user, retailer) = match retailer_scope(&req, &state, rid).await? {
        Scope::Granted(user, retailer) => (user, retailer),
        Scope::Answer(answer) => return Ok(answer),
    };
    let product = product(&state, &retailer, &sku).await?;
    let notice = match query.saved.as_deref() {
        Some("fields") => Some(ProductNotice::Saved),
        Some("photo") => Some(ProductNotice::PhotoSaved),
        _ => None,
    };
    let form = ProductForm::of(&product, &retailer.currency);
    let page = Page {
        req: &req,
        state: &state,
        visitor: &visitor,
        user: &user,
        retailer: &retailer,
        product: &product,
    };
    page.render(StatusCode::OK, form, FieldErrors::default(), notice, None)
}

/// What every answer of a product page is made of.
struct Page<'a> {
    req: &'a HttpRequest,
    state: &'a AppState,
    visitor: &'a Visitor,
    user: &'a Principal,
    retailer: &'a Retailer,
    product: &'a Product,
}

impl Page<'_> {
    fn render(
        &self,
        status: StatusCode,
        form: ProductForm,
        errors: FieldErrors,
        notice: Option<ProductNotice>,
        photo_error: Option<&'static str>,
    ) -> Result<HttpResponse, ApiError> {
        let frame = StaffFrame::new(self.req, self.state, self.visitor, true);
        html(
            status,
            &ProductPage::new(
                frame,
                self.user,
                self.retailer,
                self.product,
                form,
                errors,
                notice,
                photo_error,
                self.state.limits.image,
            ),
        )
    }
}

/// Back to the product's page. `sku` names a stored product, so it is letters, digits,
/// `.`, `_` and `-` only: safe in a path as it is.
fn saved(retailer: &Retailer, sku: &str, what: &str) -> HttpResponse {
    see_other(&format!(
        "/console/r/{}/products/{sku}?saved={what}",
        retailer.id
    ))
}

async fn save(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    path: web::Path<(String, String)>,
    form: CsrfForm<ProductForm>,
) -> Result<HttpResponse, ApiError> {
    let (rid, sku) = path.into_inner();
    let (user, retailer) =
        match retailer_scope_for(&req, &state, rid, RetailerAccess::Manage).await? {
            Scope::Granted(user, retailer) => (user, retailer),
            Scope::Answer(answer) => return Ok(answer),
        };
    let product = product(&state, &retailer, &sku).await?;
    let CsrfForm(form) = form;
    let (input, mut errors) = form.input(&sku, &retailer.currency);
    // Every field's problem at once: those the domain finds as well as unreadable numbers.
    if let Err(more) = input.clone().normalized() {
        errors.extend(more);
    }
    if errors.is_empty() {
        let retailer_id = retailer.id.clone();
        match state
            .db(move |conn| products::save_one(conn, &retailer_id, input, SaveMode::Update))
            .await
        {
            Ok(_) => return Ok(saved(&retailer, &sku, "fields")),
            Err(ApiError::Domain(DomainError::Invalid(found))) => errors = found,
            Err(other) => return Err(other),
        }
    }
    let c = strings(visitor.lang());
    let page = Page {
        req: &req,
        state: &state,
        visitor: &visitor,
        user: &user,
        retailer: &retailer,
        product: &product,
    };
    page.render(
        StatusCode::UNPROCESSABLE_ENTITY,
        form,
        product_errors(&errors, c),
        None,
        None,
    )
}

async fn photo(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    path: web::Path<(String, String)>,
    payload: Multipart,
) -> Result<HttpResponse, ApiError> {
    let (rid, sku) = path.into_inner();
    let upload = Upload::read(&req, payload, state.limits.image).await?;
    let (user, retailer) =
        match retailer_scope_for(&req, &state, rid, RetailerAccess::Manage).await? {
            Scope::Granted(user, retailer) => (user, retailer),
            Scope::Answer(answer) => return Ok(answer),
        };
    let product = product(&state, &retailer, &sku).await?;
    let c = strings(visitor.lang());
    let refusal = match upload.file("photo") {
        None => c.err_no_file,
        Some(file) if file.too_large => c.err_too_large,
        Some(file) => {
            match catalogue::upload_photo(&state, &retailer.id, &sku, file.bytes.clone()).await {
                Ok(_) => return Ok(saved(&retailer, &sku, "photo")),
                Err(ApiError::Domain(DomainError::Invalid(_))) => c.err_not_image,
                Err(other) => return Err(other),
            }
        }
    };
    let page = Page {
        req: &req,
        state: &state,
        visitor: &visitor,
        user: &user,
        retailer: &retailer,
        product: &product,
    };
    page.render(
        StatusCode::UNPROCESSABLE_ENTITY,
        ProductForm::of(&product, &retailer.currency),
        FieldErrors::default(),
        None,
        Some(refusal),
    )
}
