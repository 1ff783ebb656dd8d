//! What the shop's pages know of sharing: the link a device remembers for a week (the
//! [`cookies::ATTRIBUTION`] cookie, read back for visits and add-to-carts without a link
//! of their own) and the referral code a signed-in customer's share links carry.

use actix_web::{HttpRequest, HttpResponse};

use crate::app::error::ApiError;
use crate::app::pages::cookies;
use crate::app::state::AppState;
use crate::domain::DomainError;
use crate::domain::accounts::{Principal, Role, referrals};
use crate::domain::analytics::attribution::{self, Resolved};

/// What the device remembers of the last link a product page was opened with.
pub fn remembered(req: &HttpRequest) -> Option<String> {
    req.cookie(cookies::ATTRIBUTION)
        .map(|cookie| cookie.value().to_owned())
}

/// Makes the device remember the link of `resolved`, when it named a source: a newer link
/// replaces an older one.
pub fn remember(
    state: &AppState,
    response: &mut HttpResponse,
    resolved: &Resolved,
) -> Result<(), ApiError> {
    let Some(value) = resolved.remember.clone() else {
        return Ok(());
    };
    let cookie = cookies::build(
        state,
        cookies::ATTRIBUTION,
        value,
        attribution::REMEMBER_FOR_SECS,
    );
    response
        .add_cookie(&cookie)
        .map_err(DomainError::internal)?;
    Ok(())
}

/// The referral code of `viewer`, the page's signed-in user; `None` for a guest or staff.
pub async fn referral_code(
    state: &AppState,
    viewer: Option<&Principal>,
) -> Result<Option<String>, ApiError> {
    let Some(customer) = viewer.filter(|principal| principal.role == Role::Customer) else {
        return Ok(None);
    };
    let user_id = customer.user_id.clone();
    state
        .db(move |conn| referrals::referral_code(conn, &user_id))
        .await
}
