//! The cookies of the pages, with one set of flags: `shelf_device` (who holds the guest
//! cart, what CSRF tokens are bound to), `shelf_session` (which customer is signed in),
//! `shelf_staff` (which staff member is signed in to the console and operator pages, kept
//! apart so that a customer's session never opens them) and `shelf_lang` (a language
//! chosen by hand over the browser's) and `shelf_via` (the link a product page was last
//! opened with, for a week).

use actix_web::cookie::{Cookie, SameSite, time::Duration};

use crate::app::state::AppState;

/// The device cookie: a random token naming this browser, set on its first page.
pub const DEVICE: &str = "shelf_device";
/// The session cookie: a browser session token, set at sign-in and registration.
pub const SESSION: &str = "shelf_session";

/// The staff session cookie: a browser session token of a retailer's or the platform's
/// staff, set at the console's sign-in.
pub const STAFF: &str = "shelf_staff";
/// The chosen language (`ko` or `en`), set by the language switch.
pub const LANG: &str = "shelf_lang";

/// The link a product page was last opened with (channel, source, when), so that a
/// visit or an add-to-cart without a link of its own counts under it
/// (`crate::domain::analytics::attribution`).
pub const ATTRIBUTION: &str = "shelf_via";

/// How long a browser keeps a chosen language.
pub const LANG_MAX_AGE_SECS: u64 = 365 * 24 * 3600;

/// How long a browser keeps its device token, and so its guest cart.
pub const DEVICE_MAX_AGE_SECS: u64 = 30 * 24 * 3600;

/// A cookie with our flags: HttpOnly (no script reads it), SameSite=Lax (other sites'
/// posts do not carry it), whole site, Secure when the public origin is https.
pub fn build(
    state: &AppState,
    name: &'static str,
    value: String,
    max_age_secs: u64,
) -> Cookie<'static> {
    Cookie::build(name, value)
        .http_only(true)
        .same_site(SameSite::Lax)
        .path("/")
        .secure(state.urls.is_https())
        .max_age(Duration::seconds(
            i64::try_from(max_age_secs).unwrap_or(i64::MAX),
        ))
        .finish()
}

/// A cookie that makes the browser forget `name`.
pub fn removal(state: &AppState, name: &'static str) -> Cookie<'static> {
    let mut cookie = build(state, name, String::new(), 0);
    cookie.make_removal();
    cookie
}
