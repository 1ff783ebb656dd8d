//! View models of the operator pages, one per template, and the few ways they write
//! slots and addresses.

pub mod error;
pub mod order;
pub mod slot;
pub mod today;

use askama::Template;
use chrono_tz::Tz;

use crate::app::pages::i18n::Lang;
use crate::app::pages::staff::StaffFrame;
use crate::app::pages::staff_sign_in::{LoginProblem, LoginView};
use crate::domain::delivery::calendar::local_date;
use crate::domain::delivery::slots::Slot;
use crate::domain::orders::OrderAddress;
use crate::domain::retailers::Retailer;
use crate::faces::ops::i18n::ops::{OpsStrings, strings};

/// The sign-in form.
#[derive(Template)]
#[template(path = "ops_login.html")]
pub struct LoginPage {
    frame: StaffFrame,
    s: &'static OpsStrings,
    next: String,
    email: String,
    problem: Option<&'static str>,
}

impl LoginView for LoginPage {
    const FACE: &'static str = "/ops";

    fn new(frame: StaffFrame, next: String, email: String, problem: Option<LoginProblem>) -> Self {
        Self {
            s: strings(frame.language()),
            problem: problem.map(|problem| problem.text(frame.t)),
            frame,
            next,
            email,
        }
    }
}

/// The retailers a platform admin picks from.
#[derive(Template)]
#[template(path = "ops_retailers.html")]
pub struct RetailersPage {
    frame: StaffFrame,
    s: &'static OpsStrings,
    retailers: Vec<(String, String)>,
}

impl RetailersPage {
    /// The list of `retailers`.
    pub fn new(frame: StaffFrame, retailers: &[Retailer]) -> Self {
        Self {
            s: strings(frame.language()),
            frame,
            retailers: retailers
                .iter()
                .map(|r| (r.id.clone(), r.name.clone()))
                .collect(),
        }
    }
}

/// A slot's local time window: `18:00–20:00`.
fn window(slot: &Slot, tz: Tz) -> String {
    let local = |at: chrono::NaiveDateTime| at.and_utc().with_timezone(&tz).format("%H:%M");
    format!("{}–{}", local(slot.starts_at), local(slot.ends_at))
}

/// When a slot is: its day and window.
fn slot_when(lang: Lang, slot: &Slot, tz: Tz) -> String {
    format!(
        "{} {}",
        lang.date(local_date(tz, slot.starts_at)),
        window(slot, tz)
    )
}

/// A slot as a heading names it: its day, window and zone.
fn slot_title(lang: Lang, slot: &Slot, tz: Tz, zone: &str) -> String {
    format!("{} · {zone}", slot_when(lang, slot, tz))
}

/// An address as lines (recipient first, empty lines left out).
fn address_lines(address: &OrderAddress) -> Vec<String> {
    [
        address.name.clone(),
        address.line1.clone(),
        address.line2.clone(),
        format!("{} {}", address.postal_code, address.city),
    ]
    .into_iter()
    .filter(|line| !line.trim().is_empty())
    .collect()
}

/// A map search for the address (what a phone's map app opens).
fn map_url(address: &OrderAddress) -> String {
    let place = format!("{} {} {}", address.line1, address.postal_code, address.city);
    let query =
        serde_urlencoded::to_string([("api", "1"), ("query", place.as_str())]).unwrap_or_default();
    format!("https://www.google.com/maps/search/?{query}")
}

/// The `tel:` link of a phone number as people type it.
fn tel_url(phone: &str) -> String {
    let dialled: String = phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    format!("tel:{dialled}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_dial_and_search_the_address() {
        assert_eq!(tel_url("010-1234 5678"), "tel:01012345678");
        let address = OrderAddress {
            order_id: "o".into(),
            name: "홍길동".into(),
            phone: "+82 10".into(),
            line1: "세종대로 110".into(),
            line2: String::new(),
            postal_code: "04524".into(),
            city: "서울".into(),
        };
        let url = map_url(&address);
        assert!(url.starts_with("https://www.google.com/maps/search/?api=1&query="));
        assert!(!url.contains(' '), "{url}");
        assert_eq!(address_lines(&address).len(), 3);
    }
}
