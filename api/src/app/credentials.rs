//! Passwords for every face (the JSON API's login and registration, the mobile pages'
//! sign-in and registration): the attempt is counted against the throttles and the
//! account read with one short pooled connection, which goes back before Argon2 runs on
//! the password pool ([`super::cpu`]); a new account is written with a connection taken
//! afterwards. A flood of logins thus queues on the password threads and never on the
//! connections signed-in requests need, and a throttled attempt never reaches them.

use super::client_address::ClientAddress;
use super::error::ApiError;
use super::state::AppState;
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

/// Creates a customer account within the registration limit for the client's address
/// (`RateLimited`): the fields are checked first, so a malformed form neither counts nor
/// waits for the password threads; a taken email is a `Conflict` (`email_taken`).
pub async fn create_customer(
    state: &AppState,
    ClientAddress(address): ClientAddress,
    email: &str,
    password: &str,
    name: &str,
) -> Result<User, ApiError> {
    let account = sessions::customer(email, password, name).check()?;
    let throttle = state.throttle.clone();
    state
        .db(move |conn| throttle.registration(conn, address, ids::now()))
        .await?;
    let user = state.cpu.passwords.run(move || account.hash()).await?;
    state.db(move |conn| users::insert(conn, user)).await
}
