//! Rendering a page's template into an answer, and the field errors a form shows.

use actix_web::HttpResponse;
use actix_web::http::{StatusCode, header};
use askama::Template;

use super::i18n::Strings;
use crate::app::error::ApiError;
use crate::domain::{DomainError, FieldError};

/// Renders `page` as an HTML response. Pages show carts, sessions and stock, so no cache
/// may keep them.
pub fn html(status: StatusCode, page: &impl Template) -> Result<HttpResponse, ApiError> {
    render(status, page, "no-store", "Accept, Accept-Language, Cookie")
}

/// Renders `page`, the same for everyone who asks in one language (a blog's embedded
/// shelf), as an HTML response that any cache may keep for `max_age_secs`: a popular post
/// then costs one database read a minute, not one per reader.
pub fn shared_html(
    status: StatusCode,
    page: &impl Template,
    max_age_secs: u32,
) -> Result<HttpResponse, ApiError> {
    let cache_control = format!("public, max-age={max_age_secs}");
    render(status, page, &cache_control, "Accept-Language")
}

fn render(
    status: StatusCode,
    page: &impl Template,
    cache_control: &str,
    vary: &'static str,
) -> Result<HttpResponse, ApiError> {
    let body = page.render().map_err(DomainError::internal)?;
    Ok(HttpResponse::build(status)
        .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
        .insert_header((header::CACHE_CONTROL, cache_control))
        .insert_header((header::VARY, vary))
        .body(body))
}

/// Messages for invalid form fields, in the page's language, by field name.
#[derive(Debug, Default)]
pub struct FieldErrors(Vec<(String, &'static str)>);

impl FieldErrors {
    /// The domain's field errors, worded for people. The domain's own messages are
    /// English for API clients; a page says the same thing in the visitor's language.
    pub fn from_domain(errors: &[FieldError], t: &'static Strings) -> Self {
        Self::worded(errors, |error| match error.field.as_str() {
            "email" => t.invalid_email,
            "password" => t.invalid_password,
            _ => t.check_field,
        })
    }

    /// The domain's field errors, each worded by `word` (a face's own strings).
    pub fn worded(errors: &[FieldError], word: impl Fn(&FieldError) -> &'static str) -> Self {
        Self(
            errors
                .iter()
                .map(|error| (error.field.clone(), word(error)))
                .collect(),
        )
    }

    /// One field's message.
    pub fn single(field: &str, message: &'static str) -> Self {
        Self(vec![(field.to_owned(), message)])
    }

    /// The message for `field`, if it is invalid.
    pub fn get(&self, field: &str) -> Option<&'static str> {
        self.0
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, message)| *message)
    }

    /// True when no field is invalid.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Messages a page worded itself, by field name.
impl FromIterator<(String, &'static str)> for FieldErrors {
    fn from_iter<I: IntoIterator<Item = (String, &'static str)>>(errors: I) -> Self {
        Self(errors.into_iter().collect())
    }
}
