//! Who is asking for a page: the language, the device (from its cookie, or a new one minted
//! for this first visit), and the browser session, if any.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest};

use super::cookies;
use super::i18n::Lang;
use crate::app::error::ApiError;
use crate::app::state::AppState;
use crate::domain::accounts::{Principal, opaque_tokens, web_sessions};
use crate::domain::cart::CartOwner;

/// A device token minted during this request; the page layer sets it as the device
/// cookie on the response.
#[derive(Debug, Clone)]
pub(super) struct MintedDevice(pub(super) String);

/// The visitor of a page.
#[derive(Debug, Clone)]
pub struct Visitor {
    lang: Lang,
    device: String,
    session: Option<String>,
}

/// A well-formed token from the cookie `name`; malformed values count as absent.
pub(super) fn cookie_token(req: &HttpRequest, name: &str) -> Option<String> {
    req.cookie(name)
        .map(|cookie| cookie.value().to_owned())
        .filter(|token| opaque_tokens::is_well_formed(token))
}

impl Visitor {
    /// The visitor of `req`. A browser without a device cookie gets a new device token,
    /// remembered in the request so that every use within it sees the same one.
    pub fn of(req: &HttpRequest) -> Self {
        let minted = || {
            let mut extensions = req.extensions_mut();
            extensions
                .get_or_insert_with(|| MintedDevice(opaque_tokens::generate()))
                .0
                .clone()
        };
        Self {
            lang: Lang::of_request(req),
            device: cookie_token(req, cookies::DEVICE).unwrap_or_else(minted),
            session: cookie_token(req, cookies::SESSION),
        }
    }

    /// The page language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The CSRF token this visitor's forms carry.
    pub fn csrf_token(&self, state: &AppState) -> String {
        state.csrf.token_for(&self.device)
    }

    /// The SHA-256 hash of the device token: what a guest cart is stored under, so a
    /// leaked carts table names no usable cookie.
    pub fn device_hash(&self) -> String {
        opaque_tokens::hash(&self.device)
    }

    /// The browser session's plain token, if the browser sent one.
    pub fn session_token(&self) -> Option<&str> {
        self.session.as_deref()
    }

    /// The signed-in user: a live session's, or none.
    pub async fn signed_in(&self, state: &AppState) -> Result<Option<Principal>, ApiError> {
        let Some(token) = self.session.clone() else {
            return Ok(None);
        };
        state
            .db(move |conn| web_sessions::lookup(conn, &token))
            .await
    }

    /// Whose cart this visitor works on: the customer's once signed in, else the device's.
    pub async fn cart_owner(&self, state: &AppState) -> Result<CartOwner, ApiError> {
        Ok(match self.signed_in(state).await? {
            Some(principal) => CartOwner::Customer(principal.user_id),
            None => CartOwner::Device(self.device_hash()),
        })
    }
}

impl FromRequest for Visitor {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(Self::of(req)))
    }
}
