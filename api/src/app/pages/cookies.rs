//! The two cookies of the mobile pages, with one set of flags: `shelf_device` (who holds
//! the guest cart, what CSRF tokens are bound to) and `shelf_session` (who is signed in).

use actix_web::cookie::{Cookie, SameSite, time::Duration};

use crate::app::state::AppState;

/// The device cookie: a random token naming this browser, set on its first page.
pub const DEVICE: &str = "shelf_device";
/// The session cookie: a browser session token, set at sign-in and registration.
pub const SESSION: &str = "shelf_session";

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
