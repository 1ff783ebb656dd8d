//! Passwords for every face (the JSON API's login and registration, the mobile pages'
//! sign-in and registration, staff invitations and password resets): the attempt is counted against the throttles and the
//! account read with one short pooled connection, which goes back before Argon2 runs on
//! the password pool ([`super::cpu`]); a new account is written with a connection taken
//! afterwards. A flood of logins thus queues on the password threads and never on the
//! connections signed-in requests need, and a throttled attempt never reaches them.

use super::client_address::ClientAddress;
use super::error::ApiError;
use super::state::AppState;
use super::urls::PublicUrls;
use crate::domain::accounts::invitations::{self, Kind};
use crate::domain::accounts::language::Language;
use crate::domain::accounts::sessions;
use crate::domain::accounts::users::{self, User};
use crate::domain::ids;

/// The user whose password this is, within the login limits for the email and the
/// client's address (`RateLimited`); an unknown email gets the same answer, after the
/// same work, as a wrong password.
pub async fn authenticate(
    state: &AppState,
    ClientAddress(address): ClientAddress,
    email: &str,
    password: String,
) -> Result<User, ApiError> {
    let (throttle, email) = (state.throttle.clone(), email.to_owned());
    let account = state
        .db(move |conn| {
            throttle.login(conn, &email, address, ids::now())?;
            users::find_by_email(conn, &email)
        })
        .await?;
    state
        .cpu
        .passwords
        .run(move || sessions::authenticate(account, &password))
        .await
}

/// Creates a customer account, its messages written in `language`, within the
/// registration limit for the client's address (`RateLimited`): the fields are checked
/// first, so a malformed form neither counts nor waits for the password threads; a taken
/// email is a `Conflict` (`email_taken`).
pub async fn create_customer(
    state: &AppState,
    ClientAddress(address): ClientAddress,
    (email, password, name): (&str, &str, &str),
    language: Language,
) -> Result<User, ApiError> {
    let account = sessions::customer(email, password, name)
        .check()?
        .speaking(language);
    let throttle = state.throttle.clone();
    state
        .db(move |conn| throttle.registration(conn, address, ids::now()))
        .await?;
    let user = state.cpu.passwords.run(move || account.hash()).await?;
    state.db(move |conn| users::insert(conn, user)).await
}

/// The page a staff link opens ([`invitations::link_path`]) on the public origin, for the
/// admin to copy to the colleague (the outbox emails it too).
pub fn staff_link(urls: &PublicUrls, kind: Kind, token: &str) -> String {
    format!("{}{}", urls.origin(), invitations::link_path(kind, token))
}

/// Accepts the staff invitation of `token` with the invitee's `name` and `password`: the
/// link is checked and the fields too before the password is queued for hashing; the
/// account is stored as the link is spent. `link_expired` for a spent or expired link.
pub async fn accept_invitation(
    state: &AppState,
    token: &str,
    name: &str,
    password: &str,
) -> Result<User, ApiError> {
    let opened = token.to_owned();
    let invitation = state
        .db(move |conn| invitations::open(conn, &opened, Kind::Invite))
        .await?;
    let account = invitation.account(name, password)?.check()?;
    let user = state.cpu.passwords.run(move || account.hash()).await?;
    let token = token.to_owned();
    state
        .db(move |conn| invitations::accept(conn, &token, user))
        .await
}

/// Sets a new `password` through the reset link of `token`; every session of the account
/// ends. `link_expired` for a spent or expired link.
pub async fn reset_password(
    state: &AppState,
    token: &str,
    password: String,
) -> Result<User, ApiError> {
    let opened = token.to_owned();
    state
        .db(move |conn| invitations::open(conn, &opened, Kind::Reset))
        .await?;
    users::check_password(&password)
        .map_err(|error| crate::domain::DomainError::Invalid(vec![error]))?;
    let hashed = state
        .cpu
        .passwords
        .run(move || crate::domain::accounts::password::hash(&password))
        .await?;
    let token = token.to_owned();
    state
        .db(move |conn| invitations::reset_password(conn, &token, &hashed))
        .await
}
