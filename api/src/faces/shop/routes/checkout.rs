//! `/checkout`: step 1 (address), step 2 (slot and test card), then the order through
//! the same idempotent checkout as `POST /v1/checkout`. Signed-in customers only.

use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::NaiveDateTime;
use chrono_tz::Tz;
use serde::Deserialize;

use crate::app::checkout_flow::{self, CheckoutAnswer};
use crate::app::error::ApiError;
use crate::app::pages::form::CsrfForm;
use crate::app::pages::layer::page;
use crate::app::pages::redirect::{see_other, to_sign_in};
use crate::app::pages::render::{FieldErrors, html};
use crate::app::pages::visitor::Visitor;
use crate::app::state::AppState;
use crate::db::DbConnection;
use crate::domain::accounts::Principal;
use crate::domain::cart::{self, CartOwner, CartView};
use crate::domain::checkout::CheckoutInput;
use crate::domain::checkout::input::PaymentInput;
use crate::domain::delivery::calendar;
use crate::domain::delivery::slots::{self, Availability};
use crate::domain::delivery::zones;
use crate::domain::retailers::Retailer;
use crate::domain::{DomainError, FieldError, ids};
use crate::faces::shop::pages::checkout::{AddressForm, AddressStep, SlotStep, SlotStepInput};

/// Days of slots offered, as `GET /v1/delivery/slots` does by default.
const SLOT_DAYS: u32 = 7;
/// How long a double tap's second request waits for the first one's answer.
const IN_PROGRESS_WAIT: Duration = Duration::from_secs(15);
const IN_PROGRESS_POLL: Duration = Duration::from_millis(250);

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(page("/checkout").get(address_step).post(place_order))
        .service(page("/checkout/address").post(slot_step));
}

/// Step 2's form: the address again, the picks, and the key of this rendering.
#[derive(Debug, Deserialize)]
struct OrderForm {
    #[serde(flatten)]
    address: AddressForm,
    #[serde(default)]
    slot: String,
    #[serde(default)]
    payment_token: String,
    #[serde(default)]
    idempotency_key: String,
}

/// Step 1's form; `edit` comes from step 2's "change address" and skips the checks.
#[derive(Debug, Deserialize)]
struct AddressPost {
    #[serde(flatten)]
    address: AddressForm,
    edit: Option<String>,
}

/// What step 2 needs from the database.
struct SlotChoice {
    cart: CartView,
    retailer: Retailer,
    tz: Tz,
    /// None when no zone of the cart's retailer serves the postal code.
    slots: Option<Vec<Availability>>,
}

/// The customer's cart and its retailer when it can be checked out; `None` when it is
/// empty or has flagged lines (the cart page says why).
fn ready_cart(
    conn: &mut DbConnection,
    customer: &str,
    now: NaiveDateTime,
) -> Result<Option<(CartView, Retailer)>, DomainError> {
    let cart = cart::view(conn, &CartOwner::Customer(customer.to_owned()), now)?;
    Ok(cart
        .retailer
        .clone()
        .filter(|_| cart.ready())
        .map(|retailer| (cart, retailer)))
}

async fn cart_is_ready(state: &AppState, customer: &Principal) -> Result<bool, ApiError> {
    let customer = customer.user_id.clone();
    state
        .db(move |conn| Ok(ready_cart(conn, &customer, ids::now())?.is_some()))
        .await
}

/// The ready cart and the slots for `postal_code`.
async fn slot_choice(
    state: &AppState,
    customer: &Principal,
    postal_code: String,
) -> Result<Option<SlotChoice>, ApiError> {
    let customer = customer.user_id.clone();
    state
        .db(move |conn| {
            let now = ids::now();
            let Some((cart, retailer)) = ready_cart(conn, &customer, now)? else {
                return Ok(None);
            };
            let tz = retailer.tz()?;
            let slots = match zones::serving(conn, &retailer.id, postal_code.trim())? {
                Some(zone) => {
                    let today = calendar::local_date(tz, now);
                    Some(slots::in_zone(conn, &zone, tz, today, SLOT_DAYS, now)?)
                }
                None => None,
            };
            Ok(Some(SlotChoice {
                cart,
                retailer,
                tz,
                slots,
            }))
        })
        .await
}

/// The address form's field errors, by checkout's own rules.
fn address_errors(address: &AddressForm) -> Vec<FieldError> {
    address.to_input().field_errors()
}

/// Checkout's `address.*` field errors, renamed to the form's fields.
fn address_field_errors(errors: &[FieldError]) -> Vec<FieldError> {
    errors
        .iter()
        .filter_map(|error| {
            let field = error.field.strip_prefix("address.")?;
            Some(FieldError::new(field, error.message.clone()))
        })
        .collect()
}

fn render_address_step(
    state: &AppState,
    visitor: &Visitor,
    address: AddressForm,
    errors: FieldErrors,
) -> Result<HttpResponse, ApiError> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = AddressStep::new(visitor.lang(), visitor.csrf_token(state), address, errors);
    html(status, &page)
}

/// Step 2 for `address`, or step 1 again when nothing can be delivered there.
async fn render_slot_step(
    state: &AppState,
    visitor: &Visitor,
    customer: &Principal,
    input: SlotStepInput,
    status: StatusCode,
) -> Result<HttpResponse, ApiError> {
    let t = visitor.lang().strings();
    let Some(choice) = slot_choice(state, customer, input.address.postal_code.clone()).await?
    else {
        return Ok(see_other("/cart"));
    };
    let Some(slots) = &choice.slots else {
        let errors = FieldErrors::single("postal_code", t.no_delivery);
        return render_address_step(state, visitor, input.address, errors);
    };
    let page = SlotStep::new(
        visitor.lang(),
        visitor.csrf_token(state),
        &choice.retailer,
        choice.tz,
        slots,
        choice.cart.items_total_minor(),
        input,
    );
    html(status, &page)
}

async fn address_step(
    state: web::Data<AppState>,
    visitor: Visitor,
) -> Result<HttpResponse, ApiError> {
    let Some(customer) = visitor.signed_in(&state).await? else {
        return Ok(to_sign_in("/checkout"));
    };
    if !cart_is_ready(&state, &customer).await? {
        return Ok(see_other("/cart"));
    }
    render_address_step(
        &state,
        &visitor,
        AddressForm::default(),
        FieldErrors::default(),
    )
}

async fn slot_step(
    state: web::Data<AppState>,
    visitor: Visitor,
    CsrfForm(form): CsrfForm<AddressPost>,
) -> Result<HttpResponse, ApiError> {
    let Some(customer) = visitor.signed_in(&state).await? else {
        return Ok(to_sign_in("/checkout"));
    };
    let t = visitor.lang().strings();
    let errors = address_errors(&form.address);
    if form.edit.is_some() || !errors.is_empty() {
        let errors = FieldErrors::from_domain(&errors, t);
        return render_address_step(&state, &visitor, form.address, errors);
    }
    let input = SlotStepInput {
        address: form.address,
        chosen_slot: String::new(),
        chosen_card: String::new(),
        idempotency_key: ids::new_id(),
        error: None,
    };
    render_slot_step(&state, &visitor, &customer, input, StatusCode::OK).await
}

/// Checkout with the form's key. A second tap on "pay" posts the same key while the first
/// is still running; it waits for the first one's stored answer instead of failing.
async fn checkout_once(
    state: &AppState,
    customer: &Principal,
    key: &str,
    input: &CheckoutInput,
) -> Result<Option<CheckoutAnswer>, ApiError> {
    let deadline = tokio::time::Instant::now() + IN_PROGRESS_WAIT;
    loop {
        match checkout_flow::checkout(state, customer, key.to_owned(), input.clone()).await {
            Err(ApiError::Domain(DomainError::Conflict {
                code: "idempotency_key_in_use",
                ..
            })) if tokio::time::Instant::now() < deadline => {
                tokio::time::sleep(IN_PROGRESS_POLL).await;
            }
            Err(ApiError::Domain(DomainError::Conflict {
                code: "idempotency_key_in_use",
                ..
            })) => return Ok(None),
            other => return other.map(Some),
        }
    }
}

async fn place_order(
    state: web::Data<AppState>,
    visitor: Visitor,
    CsrfForm(form): CsrfForm<OrderForm>,
) -> Result<HttpResponse, ApiError> {
    let Some(customer) = visitor.signed_in(&state).await? else {
        return Ok(to_sign_in("/checkout"));
    };
    let t = visitor.lang().strings();
    let input = CheckoutInput {
        delivery_slot_id: form.slot.clone(),
        address: form.address.to_input(),
        payment: PaymentInput {
            token: form.payment_token.clone(),
        },
    };
    let answer = checkout_once(&state, &customer, &form.idempotency_key, &input).await?;
    let Some(answer) = answer else {
        // The first tap may still be paying: keep its key, so a new tap reaches its answer
        // instead of placing a second order.
        let key = form.idempotency_key.clone();
        return retry_page(&state, &visitor, &customer, form, key, t.checkout_busy).await;
    };
    let body = answer.json();
    if answer.status.is_success() {
        let id = body["id"].as_str().unwrap_or_default();
        return Ok(see_other(&format!("/orders/{id}?placed=1")));
    }
    let message = match body["code"].as_str().unwrap_or_default() {
        "payment_declined" => t.payment_declined,
        "payment_unavailable" => t.payment_unavailable,
        "validation_failed" => {
            let errors: Vec<FieldError> = body["errors"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|error| {
                    let field = error["field"].as_str()?;
                    Some(FieldError::new(
                        field,
                        error["message"].as_str().unwrap_or_default(),
                    ))
                })
                .collect();
            let address = address_field_errors(&errors);
            if !address.is_empty() {
                let errors = FieldErrors::from_domain(&address, t);
                return render_address_step(&state, &visitor, form.address, errors);
            }
            t.check_field
        }
        _ => t.checkout_conflict,
    };
    retry_page(&state, &visitor, &customer, form, ids::new_id(), message).await
}

/// Step 2 again: the same picks, the reason, and the key the next tap uses (a new one
/// after a failure, which the old key would only replay).
async fn retry_page(
    state: &AppState,
    visitor: &Visitor,
    customer: &Principal,
    form: OrderForm,
    idempotency_key: String,
    message: &'static str,
) -> Result<HttpResponse, ApiError> {
    let input = SlotStepInput {
        address: form.address,
        chosen_slot: form.slot,
        chosen_card: form.payment_token,
        idempotency_key,
        error: Some(message),
    };
    render_slot_step(
        state,
        visitor,
        customer,
        input,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}
