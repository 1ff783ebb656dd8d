//! The language of a page, from `Accept-Language`, and its strings, dates and status
//! names. The texts themselves are in `ko.rs` and `en.rs`, one file per language.

mod en;
mod ko;
pub mod notifications;
pub mod staff;

use chrono::{DateTime, Datelike, NaiveDate};
use chrono_tz::Tz;

use crate::domain::accounts::language::Language;
use crate::domain::orders::OrderStatus;

/// Languages the pages are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// 한국어.
    Ko,
    /// English (the fallback).
    En,
}

impl Lang {
    /// The language of a request: the one chosen with the language switch (its cookie),
    /// else the preferred one of its `Accept-Language` header.
    pub fn of_request(req: &actix_web::HttpRequest) -> Self {
        if let Some(chosen) = req
            .cookie(super::cookies::LANG)
            .and_then(|cookie| Self::parse(cookie.value()))
        {
            return chosen;
        }
        Self::of_accept_language(req)
    }

    /// The preferred language of a request's `Accept-Language` header alone, ignoring the
    /// language switch: for pages shared caches keep, which key on that header only.
    pub fn of_accept_language(req: &actix_web::HttpRequest) -> Self {
        Self::from_accept_language(
            req.headers()
                .get(actix_web::http::header::ACCEPT_LANGUAGE)
                .and_then(|value| value.to_str().ok()),
        )
    }

    /// The preferred supported language of an `Accept-Language` header: the one rule
    /// accounts use too ([`Language::from_accept_language`]).
    pub fn from_accept_language(header: Option<&str>) -> Self {
        Language::from_accept_language(header).into()
    }

    /// The language of a code as [`Lang::code`] writes it.
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "ko" => Some(Self::Ko),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    /// The `lang` attribute value.
    pub fn code(self) -> &'static str {
        match self {
            Self::Ko => "ko",
            Self::En => "en",
        }
    }

    /// The locale prices are written in.
    pub fn locale(self) -> &'static str {
        match self {
            Self::Ko => "ko-KR",
            Self::En => "en-US",
        }
    }

    /// The page strings in this language.
    pub fn strings(self) -> &'static Strings {
        match self {
            Self::Ko => &ko::STRINGS,
            Self::En => &en::STRINGS,
        }
    }

    /// What a customer calls an order status.
    pub fn order_status(self, status: OrderStatus) -> &'static str {
        match self {
            Self::Ko => ko::order_status(status),
            Self::En => en::order_status(status),
        }
    }

    /// A date as people write it: `11월 24일 (화)`, `Tue 24 Nov`.
    pub fn date(self, date: NaiveDate) -> String {
        let weekday = self.strings().weekdays[date.weekday().num_days_from_monday() as usize];
        match self {
            Self::Ko => format!("{}월 {}일 ({weekday})", date.month(), date.day()),
            Self::En => format!(
                "{weekday} {} {}",
                date.day(),
                MONTHS_EN[date.month0() as usize]
            ),
        }
    }

    /// A local date and time: `11월 24일 (화) 18:05`.
    pub fn date_time(self, at: DateTime<Tz>) -> String {
        format!("{} {}", self.date(at.date_naive()), at.format("%H:%M"))
    }

    /// A local time range within one day, as slots are: `11월 24일 (화) 18:00–20:00`.
    pub fn time_range(self, start: DateTime<Tz>, end: DateTime<Tz>) -> String {
        format!("{} {}", self.date(start.date_naive()), hours(start, end))
    }
}

impl From<Language> for Lang {
    fn from(language: Language) -> Self {
        match language {
            Language::Ko => Self::Ko,
            Language::En => Self::En,
        }
    }
}

impl From<Lang> for Language {
    fn from(lang: Lang) -> Self {
        match lang {
            Lang::Ko => Self::Ko,
            Lang::En => Self::En,
        }
    }
}

/// The hours of a range within one day, the same in every language: `18:00–20:00`.
pub fn hours(start: DateTime<Tz>, end: DateTime<Tz>) -> String {
    format!("{}–{}", start.format("%H:%M"), end.format("%H:%M"))
}

/// English month abbreviations (Korean writes the month's number).
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Every fixed text on the pages, in one language.
#[derive(Debug)]
pub struct Strings {
    /// Name in the page header when no shop is known.
    pub brand: &'static str,
    /// Header link to the cart.
    pub nav_cart: &'static str,
    /// Header link to the order list.
    pub nav_orders: &'static str,
    /// Badge for an orderable product.
    pub in_stock: &'static str,
    /// Badge for a product with no stock left.
    pub sold_out: &'static str,
    /// Notice for a deactivated or deleted product.
    pub unavailable: &'static str,
    /// Label before the price printed on the poster.
    pub printed_price: &'static str,
    /// Notice that the poster's campaign is over.
    pub campaign_ended: &'static str,
    /// Title of the unknown-code page.
    pub not_found_title: &'static str,
    /// Body of the unknown-code page.
    pub not_found_body: &'static str,
    /// "From the poster" label.
    pub from_poster: &'static str,
    /// Label of a quantity input.
    pub quantity: &'static str,
    /// Button that puts a product in the cart.
    pub add_to_cart: &'static str,
    /// Title of the cart page.
    pub cart_title: &'static str,
    /// The cart has no lines.
    pub cart_empty: &'static str,
    /// Button that changes a line's quantity.
    pub update: &'static str,
    /// Button that removes a line.
    pub remove: &'static str,
    /// Flag of a line whose product is no longer sold.
    pub line_unavailable: &'static str,
    /// Flag of a line wanting more than is available; the number follows.
    pub short_stock: &'static str,
    /// Note on a line priced at the lower poster price.
    pub promise_applied: &'static str,
    /// After a unit price.
    pub each: &'static str,
    /// Label of the sum of the lines.
    pub subtotal: &'static str,
    /// Button from the cart to checkout.
    pub to_checkout: &'static str,
    /// Why checkout is not offered while lines are flagged.
    pub fix_cart_first: &'static str,
    /// Title of the sign-in page.
    pub signin_title: &'static str,
    /// Title of the registration page.
    pub register_title: &'static str,
    /// Label of the email input.
    pub email: &'static str,
    /// Label of the password input.
    pub password: &'static str,
    /// Label of the name input.
    pub name: &'static str,
    /// Hint under a new password.
    pub password_hint: &'static str,
    /// Button that signs in.
    pub signin_button: &'static str,
    /// Button that creates the account.
    pub register_button: &'static str,
    /// Before the link to registration.
    pub new_here: &'static str,
    /// Before the link to sign-in.
    pub have_account: &'static str,
    /// Reassurance on the sign-in pages.
    pub cart_kept: &'static str,
    /// Sign-in failed.
    pub bad_credentials: &'static str,
    /// Registration with a known email.
    pub email_taken: &'static str,
    /// A malformed email address.
    pub invalid_email: &'static str,
    /// A password too short or too long.
    pub invalid_password: &'static str,
    /// Any other invalid field.
    pub check_field: &'static str,
    /// Button that signs out.
    pub signout: &'static str,
    /// Title of the checkout pages.
    pub checkout_title: &'static str,
    /// Heading of checkout step 1.
    pub step_address: &'static str,
    /// Heading of checkout step 2.
    pub step_slot: &'static str,
    /// Label of the recipient's name.
    pub recipient: &'static str,
    /// Label of the phone number.
    pub phone: &'static str,
    /// Label of the street address.
    pub line1: &'static str,
    /// Label of the optional second address line.
    pub line2: &'static str,
    /// Label of the postal code.
    pub postal_code: &'static str,
    /// Label of the city.
    pub city: &'static str,
    /// Button from step 1 to step 2.
    pub continue_button: &'static str,
    /// No zone serves the postal code.
    pub no_delivery: &'static str,
    /// A zone serves the address but no slot is free.
    pub no_slots: &'static str,
    /// Before the address on step 2.
    pub delivering_to: &'static str,
    /// Link back to step 1.
    pub change_address: &'static str,
    /// Legend of the slot picker.
    pub delivery_time: &'static str,
    /// Label of the delivery fee.
    pub delivery_fee: &'static str,
    /// Legend of the payment choice.
    pub payment: &'static str,
    /// Notice above the test card picker.
    pub test_mode: &'static str,
    /// Test card that is approved.
    pub test_approve: &'static str,
    /// Test card that is declined.
    pub test_decline: &'static str,
    /// Test card whose provider fails.
    pub test_error: &'static str,
    /// Test card whose provider does not answer.
    pub test_timeout: &'static str,
    /// Label of the items' sum on step 2 and orders.
    pub items_total: &'static str,
    /// Label of the amount to pay.
    pub total: &'static str,
    /// Button that places the order and pays.
    pub pay: &'static str,
    /// The card was declined.
    pub payment_declined: &'static str,
    /// The payment provider failed.
    pub payment_unavailable: &'static str,
    /// Stock or slot changed while checking out.
    pub checkout_conflict: &'static str,
    /// The same checkout is still running (a double tap).
    pub checkout_busy: &'static str,
    /// Title of the order list.
    pub orders_title: &'static str,
    /// The order list is empty.
    pub no_orders: &'static str,
    /// Title of an order page.
    pub order_title: &'static str,
    /// Label of the order number.
    pub order_number: &'static str,
    /// Confirmation banner, before the order number.
    pub thanks_before: &'static str,
    /// Confirmation banner, after the order number.
    pub thanks_after: &'static str,
    /// Label of the order status.
    pub status: &'static str,
    /// Label of the delivery slot.
    pub delivery: &'static str,
    /// Heading of the order lines.
    pub items: &'static str,
    /// Heading of the status history.
    pub history: &'static str,
    /// Title of the page-not-found page.
    pub error_not_found_title: &'static str,
    /// Body of the page-not-found page.
    pub error_not_found_body: &'static str,
    /// Title shown when a form's CSRF check failed.
    pub error_expired_title: &'static str,
    /// Body shown when a form's CSRF check failed.
    pub error_expired_body: &'static str,
    /// Title of other refusals.
    pub error_request_title: &'static str,
    /// Body of other refusals.
    pub error_request_body: &'static str,
    /// Title when rate limited.
    pub error_busy_title: &'static str,
    /// Body when rate limited.
    pub error_busy_body: &'static str,
    /// Title of our own failures.
    pub error_server_title: &'static str,
    /// Body of our own failures.
    pub error_server_body: &'static str,
    /// Adding a product of another shop than the cart's.
    pub cart_mismatch: &'static str,
    /// Asking for more units than are available.
    pub insufficient_stock: &'static str,
    /// Adding a product that is no longer sold.
    pub product_unavailable: &'static str,
    /// Link to the cart on error pages.
    pub go_to_cart: &'static str,
    /// Short weekday names, Monday first.
    pub weekdays: [&'static str; 7],
}

#[cfg(test)]
mod tests {
    use super::Lang;
    use chrono::TimeZone;

    #[test]
    fn picks_the_preferred_supported_language() {
        assert_eq!(
            Lang::from_accept_language(Some("ko-KR,ko;q=0.9,en-US;q=0.8")),
            Lang::Ko
        );
        assert_eq!(
            Lang::from_accept_language(Some("en-US,en;q=0.9,ko;q=0.8")),
            Lang::En
        );
        assert_eq!(Lang::from_accept_language(Some("ja-JP,ko;q=0.5")), Lang::Ko);
        assert_eq!(
            Lang::from_accept_language(Some("en;q=0.2, ko;q=0.7")),
            Lang::Ko
        );
        assert_eq!(Lang::from_accept_language(Some("fr-FR")), Lang::En);
        assert_eq!(Lang::from_accept_language(Some("ko;q=0")), Lang::En);
        assert_eq!(Lang::from_accept_language(None), Lang::En);
    }

    #[test]
    fn writes_dates_and_ranges_in_each_language() {
        let tz = chrono_tz::Asia::Seoul;
        let start = tz
            .with_ymd_and_hms(2026, 11, 24, 18, 0, 0)
            .single()
            .expect("a time");
        let end = tz
            .with_ymd_and_hms(2026, 11, 24, 20, 0, 0)
            .single()
            .expect("a time");
        assert_eq!(
            Lang::Ko.time_range(start, end),
            "11월 24일 (화) 18:00–20:00"
        );
        assert_eq!(Lang::En.time_range(start, end), "Tue 24 Nov 18:00–20:00");
    }
}
