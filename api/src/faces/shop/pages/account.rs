//! Sign-in and registration forms. Both carry `next`, the local page to return to.

use askama::Template;

use crate::app::pages::i18n::{Lang, Strings};
use crate::app::pages::render::FieldErrors;

/// The sign-in form.
#[derive(Template)]
#[template(path = "signin.html")]
pub struct SignInPage {
    lang: &'static str,
    t: &'static Strings,
    csrf: String,
    next: String,
    email: String,
    failed: bool,
}

impl SignInPage {
    /// The form, with the email typed so far and whether the last attempt failed.
    pub fn new(lang: Lang, csrf: String, next: String, email: String, failed: bool) -> Self {
        Self {
            lang: lang.code(),
            t: lang.strings(),
            csrf,
            next,
            email,
            failed,
        }
    }
}

/// The registration form.
#[derive(Template)]
#[template(path = "register.html")]
pub struct RegisterPage {
    lang: &'static str,
    t: &'static Strings,
    csrf: String,
    next: String,
    email: String,
    name: String,
    errors: FieldErrors,
}

impl RegisterPage {
    /// The form, with what was typed so far (never the password) and its errors.
    pub fn new(
        lang: Lang,
        csrf: String,
        next: String,
        email: String,
        name: String,
        errors: FieldErrors,
    ) -> Self {
        Self {
            lang: lang.code(),
            t: lang.strings(),
            csrf,
            next,
            email,
            name,
            errors,
        }
    }
}
