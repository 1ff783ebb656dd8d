//! What the customer was sent about an order, as the order pages of every face list it
//! (from [`crate::domain::notifications::outbox::for_order`]): when, which message, which channel, and where it stands.

use chrono_tz::Tz;

use super::i18n::Lang;
use super::i18n::notifications::{MessageStrings, strings};
use crate::domain::notifications::outbox::OrderMessage;
use crate::domain::notifications::{Channel, DeliveryStatus, messages};

/// One message on one channel, in the page's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageRow {
    /// When it was written, local time.
    pub when: String,
    /// What it says, in a few words.
    pub message: &'static str,
    /// How it travels.
    pub channel: &'static str,
    /// `pending`, `sent`, `failed` or `skipped`, for styling and tests.
    pub state: &'static str,
    /// Where it stands, in words.
    pub status: String,
}

/// The rows of `messages` in `lang`, times in the retailer's `tz`.
pub fn rows(messages: &[OrderMessage], lang: Lang, tz: Tz) -> Vec<MessageRow> {
    let m = strings(lang);
    let local = |at: chrono::NaiveDateTime| lang.date_time(at.and_utc().with_timezone(&tz));
    messages
        .iter()
        .map(|sent| MessageRow {
            when: local(sent.created_at),
            message: messages::title(sent.kind, lang.into()),
            channel: match sent.channel {
                Channel::Email => m.email,
                Channel::Webhook => m.webhook,
            },
            state: sent.status.as_str(),
            status: status(m, sent, local),
        })
        .collect()
}

fn status(
    m: &MessageStrings,
    sent: &OrderMessage,
    local: impl Fn(chrono::NaiveDateTime) -> String,
) -> String {
    let attempts = format!("{} {}", sent.attempts, m.attempts);
    match sent.status {
        DeliveryStatus::Sent => match sent.sent_at {
            Some(at) => format!("{} · {}", m.sent, local(at)),
            None => m.sent.to_owned(),
        },
        DeliveryStatus::Pending if sent.attempts == 0 => m.waiting.to_owned(),
        DeliveryStatus::Pending => format!("{} ({attempts})", m.retrying),
        DeliveryStatus::Failed => format!("{} ({attempts})", m.failed),
        DeliveryStatus::Skipped => m.skipped.to_owned(),
    }
}
