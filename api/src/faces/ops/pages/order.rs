//! An order as the operator works it: lines, address, payment, history, the messages
//! its customer was sent, and one form per
//! move the state machine allows now.

use askama::Template;
use chrono::NaiveDateTime;
use chrono_tz::Tz;

use super::{address_lines, map_url, slot_when, tel_url};
use crate::app::pages::i18n::notifications::{self as message_strings, MessageStrings};
use crate::app::pages::notifications::{self, MessageRow};
use crate::app::pages::render::FieldErrors;
use crate::app::pages::staff::StaffFrame;
use crate::domain::DomainError;
use crate::domain::delivery::slots::Availability;
use crate::domain::money;
use crate::domain::notifications::outbox::OrderMessage;
use crate::domain::orders::{OrderDetails, OrderStatus};
use crate::faces::ops::i18n::ops::{OpsStrings, strings};

/// What the operator typed into the move forms, and what is wrong with it.
#[derive(Debug, Default)]
pub struct MoveForm {
    /// Picked units as typed, by SKU.
    pub picked: Vec<(String, String)>,
    /// The chosen reason of a failed delivery.
    pub reason: String,
    /// Its free text.
    pub details: String,
    /// The slot chosen to reschedule to.
    pub slot: String,
    /// Messages by field (`picked-{line}`, `reason`, `details`, `slot`).
    pub errors: FieldErrors,
    /// Why the move could not be made, when it is not one field's fault.
    pub problem: Option<&'static str>,
}

/// What the top of the page says about the last move, naming the order's status now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Banner {
    /// Nothing.
    None,
    /// The move went through.
    Done,
    /// Another operator moved the order first.
    MovedMeanwhile,
}

/// One line of the order.
pub struct LineView {
    index: usize,
    sku: String,
    name: String,
    quantity: i32,
    picked: Option<i32>,
    typed: String,
    error: Option<&'static str>,
}

/// One change of the history.
pub struct EventRow {
    when: String,
    change: String,
    by: String,
    note: String,
}

/// The moves the order's status allows.
#[derive(Debug, Default)]
pub struct Moves {
    picking: bool,
    out: bool,
    delivered: bool,
    failed: bool,
    returned: bool,
    reschedule: bool,
}

impl Moves {
    fn of(status: OrderStatus) -> Self {
        let allows = |to| status.delivery_moves().contains(&to);
        Self {
            picking: allows(OrderStatus::Picking),
            out: allows(OrderStatus::OutForDelivery),
            delivered: allows(OrderStatus::Delivered),
            failed: allows(OrderStatus::DeliveryFailed),
            returned: allows(OrderStatus::Returned),
            reschedule: allows(OrderStatus::Confirmed),
        }
    }

    fn any(&self) -> bool {
        self.picking || self.out || self.delivered || self.failed || self.returned
    }
}

/// The order's page.
#[derive(Template)]
#[template(path = "ops_order.html")]
pub struct OrderPage {
    frame: StaffFrame,
    s: &'static OpsStrings,
    id: String,
    number: String,
    status: &'static str,
    seen: &'static str,
    banner: Option<(&'static str, &'static str, &'static str)>,
    slot_id: String,
    when: String,
    zone: String,
    address: Vec<String>,
    map: String,
    tel: String,
    phone: String,
    captured: String,
    lines: Vec<LineView>,
    history: Vec<EventRow>,
    moves: Moves,
    slots: Vec<(String, String)>,
    form: MoveForm,
    m: &'static MessageStrings,
    messages: Vec<MessageRow>,
}

impl OrderPage {
    /// The page of `details` in `zone`, `captured` minor units taken so far; `slots` are
    /// the zone's slots (offered for a reschedule when bookable), `banner` and `form`
    /// what the last move left to say.
    pub fn new(
        frame: StaffFrame,
        details: OrderDetails,
        (zone, captured): (String, i64),
        slots: Vec<Availability>,
        banner: Banner,
        form: MoveForm,
    ) -> Result<Self, DomainError> {
        let lang = frame.language();
        let s = strings(lang);
        let tz: Tz = details.retailer.tz()?;
        let OrderDetails {
            order,
            address,
            items,
            slot,
            events,
            actor_names,
            ..
        } = details;
        let when = |at: NaiveDateTime| lang.date_time(at.and_utc().with_timezone(&tz));
        let lines = items
            .into_iter()
            .enumerate()
            .map(|(index, item)| {
                let typed = form
                    .picked
                    .iter()
                    .find(|(sku, _)| *sku == item.sku)
                    .map_or_else(|| item.quantity.to_string(), |(_, typed)| typed.clone());
                LineView {
                    error: form.errors.get(&format!("picked-{index}")),
                    index,
                    sku: item.sku,
                    name: item.name,
                    quantity: item.quantity,
                    picked: item.picked_quantity,
                    typed,
                }
            })
            .collect();
        let history = events
            .into_iter()
            .map(|event| EventRow {
                when: when(event.created_at),
                change: match event.from_status {
                    None => lang.order_status(event.to_status).to_owned(),
                    Some(from) => format!(
                        "{} → {}",
                        lang.order_status(from),
                        lang.order_status(event.to_status)
                    ),
                },
                by: match event.actor_id.as_deref() {
                    None => s.by_system.to_owned(),
                    Some(actor) if actor == order.customer_id => s.by_customer.to_owned(),
                    Some(actor) => actor_names.get(actor).cloned().unwrap_or_default(),
                },
                note: event.note.unwrap_or_default(),
            })
            .collect();
        let now = lang.order_status(order.status);
        let banner = match banner {
            Banner::None => None,
            Banner::Done => Some(("done", s.done, now)),
            Banner::MovedMeanwhile => Some(("moved", s.moved_meanwhile, now)),
        };
        let slots = slots
            .into_iter()
            .filter(|offer| offer.bookable && offer.slot.id != slot.id)
            .map(|offer| {
                let label = slot_when(lang, &offer.slot, tz);
                (offer.slot.id, label)
            })
            .collect();
        Ok(Self {
            s,
            id: order.id,
            number: order.number,
            status: now,
            seen: order.status.as_str(),
            banner,
            when: slot_when(lang, &slot, tz),
            slot_id: slot.id,
            zone,
            map: map_url(&address),
            tel: tel_url(&address.phone),
            address: address_lines(&address),
            phone: address.phone,
            captured: money::format(captured, &order.currency, lang.locale()),
            lines,
            history,
            moves: Moves::of(order.status),
            slots,
            form,
            m: message_strings::strings(lang),
            messages: Vec::new(),
            frame,
        })
    }

    /// The page listing `messages`, what the customer was sent, at times in `tz`.
    pub fn with_messages(self, messages: &[OrderMessage], tz: Tz) -> Self {
        let messages = notifications::rows(messages, self.frame.language(), tz);
        Self { messages, ..self }
    }
}
