//! A customer's orders: the list, and one order's status page (with the thank-you banner
//! right after checkout).

use askama::Template;
use chrono::NaiveDateTime;
use chrono_tz::Tz;

use crate::app::pages::i18n::notifications::{MessageStrings, strings as message_strings};
use crate::app::pages::i18n::{Lang, Strings};
use crate::app::pages::notifications::{MessageRow, rows};
use crate::domain::accounts::language::Language;
use crate::domain::notifications::DeliveryStatus;
use crate::domain::notifications::outbox::OrderMessage;
use crate::domain::orders::{Order, OrderDetails};
use crate::domain::retailers::Retailer;
use crate::domain::{DomainError, money};
use crate::faces::shop::i18n::share::{self, ShareStrings};

fn local(at: NaiveDateTime, tz: Tz) -> chrono::DateTime<Tz> {
    at.and_utc().with_timezone(&tz)
}

fn status_of(order: &Order, lang: Lang) -> (&'static str, &'static str) {
    (order.status.as_str(), lang.order_status(order.status))
}

/// One line of an order.
pub struct ItemView {
    name: String,
    quantity: i32,
    line_total: String,
}

/// One status change.
pub struct EventView {
    at: String,
    status: &'static str,
}

/// An order's page.
#[derive(Template)]
#[template(path = "order.html")]
pub struct OrderPage {
    lang: &'static str,
    t: &'static Strings,
    brand: String,
    placed: bool,
    number: String,
    status: &'static str,
    status_label: &'static str,
    items: Vec<ItemView>,
    items_total: String,
    delivery_fee: String,
    total: String,
    slot: String,
    address: Vec<String>,
    history: Vec<EventView>,
    m: &'static MessageStrings,
    messages: Vec<MessageRow>,
}

impl OrderPage {
    /// The page of `details` with the `messages` sent about it; `placed` shows the
    /// thank-you banner.
    pub fn new(
        details: &OrderDetails,
        messages: &[OrderMessage],
        lang: Lang,
        placed: bool,
    ) -> Result<Self, DomainError> {
        let tz = details.retailer.tz()?;
        let order = &details.order;
        let format = |amount| money::format(amount, &order.currency, lang.locale());
        let (status, status_label) = status_of(order, lang);
        let history = details
            .events
            .iter()
            .map(|event| EventView {
                at: lang.date_time(local(event.created_at, tz)),
                status: lang.order_status(event.to_status),
            })
            .collect();
        let address = &details.address;
        Ok(Self {
            lang: lang.code(),
            t: lang.strings(),
            brand: details.retailer.name.clone(),
            placed,
            number: order.number.clone(),
            status,
            status_label,
            items: details
                .items
                .iter()
                .map(|item| ItemView {
                    name: item.name.clone(),
                    quantity: item.quantity,
                    line_total: format(item.line_total_minor()),
                })
                .collect(),
            items_total: format(order.items_total_minor),
            delivery_fee: format(order.delivery_fee_minor),
            total: format(order.total_minor),
            slot: lang.time_range(
                local(details.slot.starts_at, tz),
                local(details.slot.ends_at, tz),
            ),
            address: [
                &address.name,
                &address.line1,
                &address.line2,
                &format!("{} {}", address.postal_code, address.city),
            ]
            .into_iter()
            .filter(|line| !line.trim().is_empty())
            .cloned()
            .collect(),
            history,
            m: message_strings(lang),
            // A channel the shop has not set up says nothing to its customer.
            messages: rows(
                &messages
                    .iter()
                    .filter(|sent| sent.status != DeliveryStatus::Skipped)
                    .cloned()
                    .collect::<Vec<_>>(),
                lang,
                tz,
            ),
        })
    }
}

/// One order in the list.
pub struct OrderSummary {
    id: String,
    number: String,
    placed_at: String,
    status: &'static str,
    status_label: &'static str,
    total: String,
}

/// The customer's choice of the language messages are written in, as the form shows it.
#[derive(Debug, Clone, Copy)]
pub struct LanguageChoice {
    /// The account's language.
    pub current: Language,
    /// Just saved: say so.
    pub saved: bool,
    /// The value sent was no choice of the list.
    pub invalid: bool,
}

/// What the customer's shared product links did, as the account page shows it.
#[derive(Debug, Clone)]
pub struct SharingSummary {
    /// The customer's referral code, the `ref` of the links they share.
    pub referral_code: String,
    /// Paid orders of others placed through those links.
    pub orders_brought: i64,
}

/// The customer's order list, with the language of their messages, what their shared
/// links brought and the sign-out button.
#[derive(Template)]
#[template(path = "orders.html")]
pub struct OrdersPage {
    lang: &'static str,
    t: &'static Strings,
    m: &'static MessageStrings,
    csrf: String,
    orders: Vec<OrderSummary>,
    language: &'static str,
    language_saved: bool,
    language_invalid: bool,
    s: &'static ShareStrings,
    sharing: SharingSummary,
}

impl OrdersPage {
    /// The list of `orders`, each with its seller (for its time zone), and the form of
    /// the account's message language.
    pub fn new(
        orders: &[(Order, Retailer)],
        choice: LanguageChoice,
        sharing: SharingSummary,
        lang: Lang,
        csrf: String,
    ) -> Result<Self, DomainError> {
        let orders = orders
            .iter()
            .map(|(order, retailer)| {
                let (status, status_label) = status_of(order, lang);
                Ok(OrderSummary {
                    id: order.id.clone(),
                    number: order.number.clone(),
                    placed_at: lang.date_time(local(order.created_at, retailer.tz()?)),
                    status,
                    status_label,
                    total: money::format(order.total_minor, &order.currency, lang.locale()),
                })
            })
            .collect::<Result<_, DomainError>>()?;
        Ok(Self {
            lang: lang.code(),
            t: lang.strings(),
            m: message_strings(lang),
            csrf,
            orders,
            language: choice.current.code(),
            language_saved: choice.saved,
            language_invalid: choice.invalid,
            s: share::strings(lang),
            sharing,
        })
    }
}
