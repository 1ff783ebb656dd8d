//! Passwords for every face (the JSON API's login and registration, the mobile pages'
//! sign-in and registration): the account is read with a pooled connection, which goes
//! back before Argon2 runs on the password pool ([`super::cpu`]); a new account is written
//! with a connection taken afterwards. A flood of logins thus queues on the password
//! threads and never on the connections signed-in requests need.

use super::error::ApiError;
use super::state::AppState;
use crate::domain::accounts::sessions;
use crate::domain::accounts::users::{self, User};

/// The user whose password this is; an unknown email gets the same answer, after the
/// same work, as a wrong password.
pub async fn authenticate(
    state: &AppState,
    email: &str,
    password: String,
) -> Result<User, ApiError> {
    let email = email.to_owned();
    let account = state
        .db(move |conn| users::find_by_email(conn, &email))
        .await?;
    state
        .cpu
        .passwords
        .run(move || sessions::authenticate(account, &password))
        .await
}

/// Creates a customer account: the fields are checked first, so a malformed form does not
/// wait for the password threads; a taken email is a `Conflict` (`email_taken`).
pub async fn create_customer(
    state: &AppState,
    email: &str,
    password: &str,
    name: &str,
) -> Result<User, ApiError> {
    let account = sessions::customer(email, password, name).check()?;
    let user = state.cpu.passwords.run(move || account.hash()).await?;
    state.db(move |conn| users::insert(conn, user)).await
}
