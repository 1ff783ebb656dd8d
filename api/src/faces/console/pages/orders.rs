//! View models of the orders pages: the list (search, status and date filters, pages)
//! and one order with its lines, slot, address, payment, history and, while the status
//! allows it, the form that cancels it on the customer's behalf.

use askama::Template;
use chrono::NaiveDateTime;
use chrono_tz::Tz;

use super::Nav;
use crate::app::pages::i18n::Lang;
use crate::app::pages::i18n::notifications::{self as message_strings, MessageStrings};
use crate::app::pages::notifications::{self, MessageRow};
use crate::app::pages::render::FieldErrors;
use crate::app::pages::staff::StaffFrame;
use crate::domain::DomainError;
use crate::domain::accounts::Principal;
use crate::domain::checkout;
use crate::domain::delivery::slots::Slot;
use crate::domain::money;
use crate::domain::notifications::outbox::OrderMessage;
use crate::domain::orders::listing::Page;
use crate::domain::orders::{OrderDetails, OrderStatus};
use crate::domain::payments::ledger::Summary;
use crate::domain::retailers::Retailer;
use crate::faces::console::i18n::orders::{OrdersStrings, strings};

/// The list's filters as typed.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct ListFilters {
    /// Number, phone or name.
    #[serde(default)]
    pub q: String,
    /// A status's name, or empty.
    #[serde(default)]
    pub status: String,
    /// A delivery date, `YYYY-MM-DD`, or empty.
    #[serde(default)]
    pub date: String,
    /// The page, from 1.
    pub page: Option<u32>,
}

impl ListFilters {
    /// The list's address with these filters on page `page`.
    fn href(&self, page: u32) -> String {
        let query = serde_urlencoded::to_string([
            ("q", self.q.as_str()),
            ("status", self.status.as_str()),
            ("date", self.date.as_str()),
            ("page", &page.to_string()),
        ])
        .unwrap_or_default();
        format!("orders?{query}")
    }
}

/// A status choice of the filter.
pub struct StatusChoice {
    value: &'static str,
    label: &'static str,
    selected: bool,
}

/// An order's row.
pub struct OrderRow {
    id: String,
    number: String,
    customer: String,
    phone: String,
    slot: String,
    total: String,
    status: &'static str,
}

/// When a slot is, in the retailer's time and the page's language.
fn slot_text(lang: Lang, slot: &Slot, tz: Tz) -> String {
    lang.time_range(
        slot.starts_at.and_utc().with_timezone(&tz),
        slot.ends_at.and_utc().with_timezone(&tz),
    )
}

/// The order list.
#[derive(Template)]
#[template(path = "console_orders.html")]
pub struct OrdersPage {
    frame: StaffFrame,
    nav: Nav,
    o: &'static OrdersStrings,
    retailer: String,
    filters: ListFilters,
    statuses: Vec<StatusChoice>,
    errors: FieldErrors,
    rows: Vec<OrderRow>,
    previous_href: Option<String>,
    next_href: Option<String>,
}

impl OrdersPage {
    /// The page of orders `found` with `filters` (an empty one when they were refused
    /// with `errors`).
    pub fn new(
        frame: StaffFrame,
        user: &Principal,
        retailer: &Retailer,
        filters: ListFilters,
        errors: FieldErrors,
        found: Page,
    ) -> Result<Self, DomainError> {
        let tz = retailer.tz()?;
        let lang = frame.language();
        let locale = lang.locale();
        let page = filters.page.unwrap_or(1).max(1);
        Ok(Self {
            o: strings(lang),
            rows: found
                .orders
                .into_iter()
                .map(|listed| OrderRow {
                    id: listed.order.id,
                    number: listed.order.number,
                    customer: listed.address.name,
                    phone: listed.address.phone,
                    slot: slot_text(lang, &listed.slot, tz),
                    total: money::format(listed.order.total_minor, &listed.order.currency, locale),
                    status: lang.order_status(listed.order.status),
                })
                .collect(),
            statuses: OrderStatus::ALL
                .into_iter()
                .map(|status| StatusChoice {
                    value: status.as_str(),
                    label: lang.order_status(status),
                    selected: filters.status == status.as_str(),
                })
                .collect(),
            previous_href: (page > 1).then(|| filters.href(page - 1)),
            next_href: found.next_page.map(|next| filters.href(next)),
            frame,
            nav: Nav::new(user, retailer, "orders"),
            retailer: retailer.name.clone(),
            filters,
            errors,
        })
    }
}

/// A line of the order.
pub struct LineRow {
    sku: String,
    name: String,
    quantity: i32,
    picked: Option<i32>,
    unit_price: String,
    total: String,
}

/// A change in the order's history.
pub struct EventRow {
    when: String,
    change: String,
    by: String,
    note: String,
}

/// The order's money, as written.
pub struct PaymentView {
    authorized: String,
    captured: String,
    voided: String,
    refunded: String,
}

/// The cancellation form's state.
#[derive(Default)]
pub struct CancelForm {
    /// The reason typed.
    pub reason: String,
    /// Its errors.
    pub errors: FieldErrors,
    /// Why the order could not be cancelled, when a post was refused.
    pub refused: bool,
    /// Whether it was just cancelled.
    pub cancelled: bool,
}

/// One order.
#[derive(Template)]
#[template(path = "console_order.html")]
pub struct OrderPage {
    frame: StaffFrame,
    nav: Nav,
    o: &'static OrdersStrings,
    retailer: String,
    id: String,
    number: String,
    status: &'static str,
    status_reason: Option<String>,
    lines: Vec<LineRow>,
    items_total: String,
    delivery_fee: String,
    total: String,
    slot: String,
    address: Vec<String>,
    phone: String,
    payment: PaymentView,
    history: Vec<EventRow>,
    can_cancel: bool,
    form: CancelForm,
    m: &'static MessageStrings,
    messages: Vec<MessageRow>,
}

impl OrderPage {
    /// The page of `details` with its payment `summary`.
    pub fn new(
        frame: StaffFrame,
        user: &Principal,
        details: OrderDetails,
        summary: Summary,
        form: CancelForm,
    ) -> Result<Self, DomainError> {
        let lang = frame.language();
        let o = strings(lang);
        let tz = details.retailer.tz()?;
        let OrderDetails {
            order,
            retailer,
            address,
            items,
            slot,
            events,
            actor_names,
        } = details;
        let currency = order.currency.clone();
        let cash = |amount: i64| money::format(amount, &currency, lang.locale());
        let when = |at: NaiveDateTime| lang.date_time(at.and_utc().with_timezone(&tz));
        Ok(Self {
            lines: items
                .iter()
                .map(|item| LineRow {
                    sku: item.sku.clone(),
                    name: item.name.clone(),
                    quantity: item.quantity,
                    picked: item.picked_quantity,
                    unit_price: cash(item.unit_price_minor),
                    total: cash(item.line_total_minor()),
                })
                .collect(),
            history: events
                .into_iter()
                .map(|event| EventRow {
                    when: when(event.created_at),
                    change: match event.from_status {
                        None => format!("{} → {}", o.created, lang.order_status(event.to_status)),
                        Some(from) => format!(
                            "{} → {}",
                            lang.order_status(from),
                            lang.order_status(event.to_status)
                        ),
                    },
                    by: match event.actor_id.as_deref() {
                        None => o.by_system.to_owned(),
                        Some(actor) if actor == order.customer_id => o.by_customer.to_owned(),
                        Some(actor) => actor_names.get(actor).cloned().unwrap_or_default(),
                    },
                    note: event.note.unwrap_or_default(),
                })
                .collect(),
            payment: PaymentView {
                authorized: cash(summary.authorized),
                captured: cash(summary.captured),
                voided: cash(summary.voided),
                refunded: cash(summary.refunded),
            },
            items_total: cash(order.items_total_minor),
            delivery_fee: cash(order.delivery_fee_minor),
            total: cash(order.total_minor),
            slot: slot_text(lang, &slot, tz),
            address: [
                address.name,
                address.line1,
                address.line2,
                format!("{} {}", address.postal_code, address.city),
            ]
            .into_iter()
            .filter(|line| !line.trim().is_empty())
            .collect(),
            phone: address.phone,
            can_cancel: checkout::staff_may_cancel(&order, &items),
            status: lang.order_status(order.status),
            status_reason: order.status_reason,
            id: order.id,
            number: order.number,
            nav: Nav::new(user, &retailer, "orders"),
            retailer: retailer.name,
            m: message_strings::strings(lang),
            messages: Vec::new(),
            frame,
            o,
            form,
        })
    }

    /// The page listing `messages`, what the customer was sent, at times in `tz`.
    pub fn with_messages(self, messages: &[OrderMessage], tz: Tz) -> Self {
        let messages = notifications::rows(messages, self.frame.language(), tz);
        Self { messages, ..self }
    }
}
