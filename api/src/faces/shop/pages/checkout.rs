//! The two checkout steps: the delivery address, then the slot and the payment. The
//! address travels from step 1 to step 2 in hidden fields, so no server-side draft exists.

use askama::Template;
use chrono_tz::Tz;
use serde::Deserialize;

use crate::app::pages::i18n::{Lang, Strings, hours};
use crate::app::pages::render::FieldErrors;
use crate::domain::checkout::input::AddressInput;
use crate::domain::delivery::slots::Availability;
use crate::domain::money;
use crate::domain::payments::test_provider;
use crate::domain::retailers::Retailer;

/// The address fields as the forms post them.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AddressForm {
    /// Recipient.
    pub name: String,
    /// Phone for the driver.
    pub phone: String,
    /// Street and number.
    pub line1: String,
    /// Flat, floor; optional.
    pub line2: String,
    /// Postal code: decides the zone and so the slots.
    pub postal_code: String,
    /// City.
    pub city: String,
}

impl AddressForm {
    /// The address as checkout takes it.
    pub fn to_input(&self) -> AddressInput {
        AddressInput {
            name: self.name.clone(),
            phone: self.phone.clone(),
            line1: self.line1.clone(),
            line2: Some(self.line2.clone()).filter(|line| !line.trim().is_empty()),
            postal_code: self.postal_code.clone(),
            city: self.city.clone(),
        }
    }
}

/// Step 1: where to deliver.
#[derive(Template)]
#[template(path = "checkout_address.html")]
pub struct AddressStep {
    lang: &'static str,
    t: &'static Strings,
    csrf: String,
    address: AddressForm,
    errors: FieldErrors,
}

impl AddressStep {
    /// The form with what was typed so far and what is wrong with it.
    pub fn new(lang: Lang, csrf: String, address: AddressForm, errors: FieldErrors) -> Self {
        Self {
            lang: lang.code(),
            t: lang.strings(),
            csrf,
            address,
            errors,
        }
    }
}

/// A delivery slot to pick.
pub struct SlotOption {
    id: String,
    hours: String,
    fee: String,
    checked: bool,
}

/// The slots of one local date.
pub struct SlotDay {
    label: String,
    slots: Vec<SlotOption>,
}

/// A test card to pick: a test provider token and what it does.
pub struct CardOption {
    token: &'static str,
    label: &'static str,
    checked: bool,
}

/// Step 2: when to deliver and how to pay.
#[derive(Template)]
#[template(path = "checkout_slot.html")]
pub struct SlotStep {
    lang: &'static str,
    t: &'static Strings,
    brand: String,
    csrf: String,
    address: AddressForm,
    days: Vec<SlotDay>,
    cards: Vec<CardOption>,
    idempotency_key: String,
    items_total: String,
    error: Option<&'static str>,
}

/// What step 2 shows besides the slots.
pub struct SlotStepInput {
    /// The address from step 1.
    pub address: AddressForm,
    /// The slot picked before a failed attempt, kept checked.
    pub chosen_slot: String,
    /// The card picked before, kept checked.
    pub chosen_card: String,
    /// A fresh key for this rendering: a double tap posts it twice and pays once.
    pub idempotency_key: String,
    /// Why the last attempt failed.
    pub error: Option<&'static str>,
}

impl SlotStep {
    /// Step 2 for the cart's `retailer`, with its bookable `slots` and `items_total_minor`.
    pub fn new(
        lang: Lang,
        csrf: String,
        retailer: &Retailer,
        tz: Tz,
        slots: &[Availability],
        items_total_minor: i64,
        input: SlotStepInput,
    ) -> Self {
        let t = lang.strings();
        let format = |amount| money::format(amount, &retailer.currency, lang.locale());
        let local = |at: chrono::NaiveDateTime| at.and_utc().with_timezone(&tz);
        let bookable: Vec<&Availability> = slots.iter().filter(|a| a.bookable).collect();
        // The earlier pick stays checked while it is offered; else the soonest slot.
        let chosen_slot = bookable
            .iter()
            .find(|a| a.slot.id == input.chosen_slot)
            .or(bookable.first())
            .map(|a| a.slot.id.clone());
        let mut days: Vec<SlotDay> = Vec::new();
        for availability in bookable {
            let slot = &availability.slot;
            let (start, end) = (local(slot.starts_at), local(slot.ends_at));
            let label = lang.date(start.date_naive());
            let option = SlotOption {
                id: slot.id.clone(),
                hours: hours(start, end),
                fee: format(slot.fee_minor),
                checked: chosen_slot.as_deref() == Some(slot.id.as_str()),
            };
            match days.last_mut() {
                Some(day) if day.label == label => day.slots.push(option),
                _ => days.push(SlotDay {
                    label,
                    slots: vec![option],
                }),
            }
        }
        let tokens = [
            (test_provider::APPROVE, t.test_approve),
            (test_provider::DECLINE, t.test_decline),
            (test_provider::ERROR, t.test_error),
            (test_provider::TIMEOUT, t.test_timeout),
        ];
        let chosen_card = tokens
            .iter()
            .find(|(token, _)| *token == input.chosen_card)
            .map_or(test_provider::APPROVE, |(token, _)| token);
        let cards = tokens
            .into_iter()
            .map(|(token, label)| CardOption {
                token,
                label,
                checked: token == chosen_card,
            })
            .collect();
        Self {
            lang: lang.code(),
            t,
            brand: retailer.name.clone(),
            csrf,
            address: input.address,
            days,
            cards,
            idempotency_key: input.idempotency_key,
            items_total: format(items_total_minor),
            error: input.error,
        }
    }
}
