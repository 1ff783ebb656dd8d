//! The authentication flows: register, log in, refresh, log out. Each returns a token pair;
//! the account steps underneath ([`customer`], [`authenticate`]) also serve the browser
//! sign-in of the mobile pages. Password hashing and verification take no connection: the
//! caller reads the account, gives the connection back, runs Argon2 off the database pool
//! and takes a connection again for [`start_session`].

use serde::Serialize;
use utoipa::ToSchema;

use super::access_tokens::AccessTokens;
use super::users::{self, NewUser, User};
use super::{Role, password, refresh_tokens};
use crate::db::DbConnection;
use crate::domain::DomainError;

/// What a client receives after authenticating.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TokenPair {
    /// Bearer token (a JWT) for `Authorization`.
    pub access_token: String,
    /// Opaque token to get the next pair; single use.
    pub refresh_token: String,
    /// Seconds until `access_token` expires.
    pub expires_in: u64,
    /// Always `Bearer`.
    #[schema(value_type = String, pattern = "^Bearer$", example = "Bearer")]
    pub token_type: &'static str,
}

/// Lifetimes and keys for the tokens a session hands out.
#[derive(Debug)]
pub struct SessionPolicy {
    /// Signs access tokens.
    pub access_tokens: AccessTokens,
    /// Refresh token lifetime.
    pub refresh_ttl_secs: u64,
}

fn invalid_credentials() -> DomainError {
    DomainError::Unauthenticated {
        code: "invalid_credentials",
        message: "the email or password is wrong",
    }
}

fn pair_for(
    policy: &SessionPolicy,
    user: &User,
    refresh_token: String,
) -> Result<TokenPair, DomainError> {
    Ok(TokenPair {
        access_token: policy.access_tokens.issue(&user.principal()?)?,
        refresh_token,
        expires_in: policy.access_tokens.ttl_secs(),
        token_type: "Bearer",
    })
}

/// Starts a session for a user whose password was checked (or who just registered).
pub fn start_session(
    conn: &mut DbConnection,
    policy: &SessionPolicy,
    user: &User,
) -> Result<TokenPair, DomainError> {
    let refresh = refresh_tokens::issue(conn, &user.id, None, policy.refresh_ttl_secs)?;
    pair_for(policy, user, refresh)
}

/// A new customer account (the only role anyone may give themselves), to
/// [`NewUser::check`], hash and insert.
pub fn customer<'a>(email: &'a str, password: &'a str, name: &'a str) -> NewUser<'a> {
    NewUser {
        email,
        password,
        name,
        role: Role::Customer,
        retailer_id: None,
    }
}

fn deactivated() -> DomainError {
    DomainError::Unauthenticated {
        code: "account_deactivated",
        message: "this account was deactivated; ask an admin of your retailer",
    }
}

/// The user whose password this is, given the account found for the email (if any). The
/// answer for an unknown email is the same, and takes the same time, as for a wrong
/// password; a deactivated account is refused (`account_deactivated`) only once its
/// password was right, so the refusal tells a guesser nothing. One Argon2 verification
/// and no database: run it holding no connection. Callers throttle attempts first.
pub fn authenticate(account: Option<User>, password: &str) -> Result<User, DomainError> {
    match account {
        Some(user) if password::verify(password, &user.password_hash) => {
            if user.deactivated_at.is_some() {
                Err(deactivated())
            } else {
                Ok(user)
            }
        }
        Some(_) => Err(invalid_credentials()),
        None => {
            password::verify_decoy(password);
            Err(invalid_credentials())
        }
    }
}

/// Trades a refresh token for a new pair; a deactivated account gets none (its tokens
/// were revoked when it was deactivated; this holds even for one issued meanwhile).
pub fn refresh(
    conn: &mut DbConnection,
    policy: &SessionPolicy,
    refresh_token: &str,
) -> Result<TokenPair, DomainError> {
    let (user_id, next) = refresh_tokens::rotate(conn, refresh_token, policy.refresh_ttl_secs)?;
    let user = users::get(conn, &user_id)?;
    if user.deactivated_at.is_some() {
        return Err(deactivated());
    }
    pair_for(policy, &user, next)
}

/// Ends the session the refresh token belongs to.
pub fn logout(conn: &mut DbConnection, refresh_token: &str) -> Result<(), DomainError> {
    refresh_tokens::revoke(conn, refresh_token)
}
