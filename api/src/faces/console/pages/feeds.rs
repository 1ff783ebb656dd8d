//! View model of the feeds page: the catalogue feed URLs to copy into Meta's and Google's
//! merchant tools, and the form that makes or regenerates them.

use askama::Template;
use serde::Deserialize;

use super::Nav;
use crate::app::feeds::FeedUrls;
use crate::app::pages::render::FieldErrors;
use crate::app::pages::staff::StaffFrame;
use crate::domain::accounts::{Principal, Role};
use crate::domain::retailers::Retailer;
use crate::faces::console::i18n::feeds::{self as strings, FeedsStrings};

/// What the make-URLs form posts: `confirm` ticked, required when URLs exist already.
#[derive(Debug, Default, Deserialize)]
pub struct RegenerateForm {
    /// `on` when the admin confirmed that the current URLs stop working.
    #[serde(default)]
    pub confirm: Option<String>,
}

/// The current URLs as the page shows them.
struct UrlsView {
    meta: String,
    google: String,
    created: String,
}

/// The feeds page.
#[derive(Template)]
#[template(path = "console_feeds.html")]
pub struct FeedsPage {
    frame: StaffFrame,
    nav: Nav,
    s: &'static FeedsStrings,
    retailer: String,
    manage: bool,
    urls: Option<UrlsView>,
    notice: Option<&'static str>,
    errors: FieldErrors,
}

impl FeedsPage {
    /// The page of `retailer` as `user` sees it, with its current `urls` (none before an
    /// admin made them), a notice and the form's errors.
    pub fn new(
        frame: StaffFrame,
        user: &Principal,
        retailer: &Retailer,
        urls: Option<FeedUrls>,
        notice: Option<&'static str>,
        errors: FieldErrors,
    ) -> Result<Self, crate::domain::DomainError> {
        let tz = retailer.tz()?;
        let lang = frame.language();
        Ok(Self {
            s: strings::strings(lang),
            nav: Nav::new(user, retailer, "feeds"),
            retailer: retailer.name.clone(),
            manage: user.role != Role::Operator,
            urls: urls.map(|urls| UrlsView {
                meta: urls.meta_csv_url,
                google: urls.google_rss_url,
                created: lang.date_time(urls.created_at.with_timezone(&tz)),
            }),
            frame,
            notice,
            errors,
        })
    }
}
