//! View models of the staff pages: the retailer's staff with the invitation form and the
//! link just made, and the pages a colleague opens from a link (accept an invitation, set
//! a new password, or learn that the link no longer works).

use askama::Template;

use super::Nav;
use crate::app::pages::render::FieldErrors;
use crate::app::pages::staff::StaffFrame;
use crate::domain::accounts::users::User;
use crate::domain::accounts::{Principal, Role};
use crate::domain::retailers::Retailer;
use crate::domain::{DomainError, FieldError};
use crate::faces::console::i18n::staff::{self as strings, StaffStrings};

/// A staff member's row.
pub struct StaffRow {
    id: String,
    name: String,
    email: String,
    role: &'static str,
    active: bool,
    is_me: bool,
}

/// A single-use link just made, shown once for the admin to copy.
pub struct LinkView {
    heading: &'static str,
    hint: &'static str,
    url: String,
    email: String,
    expires: String,
}

impl LinkView {
    /// An invitation link (`reset` false) or a reset link, for `email`.
    pub fn new(
        frame: &StaffFrame,
        reset: bool,
        url: String,
        email: String,
        expires_at: chrono::NaiveDateTime,
        tz: chrono_tz::Tz,
    ) -> Self {
        let s = strings::strings(frame.language());
        Self {
            heading: if reset {
                s.reset_link_heading
            } else {
                s.invite_link_heading
            },
            hint: if reset {
                s.reset_link_hint
            } else {
                s.invite_link_hint
            },
            url,
            email,
            expires: frame
                .language()
                .date_time(expires_at.and_utc().with_timezone(&tz)),
        }
    }
}

/// What the invitation form holds.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct InviteForm {
    /// The colleague's email.
    #[serde(default)]
    pub email: String,
    /// `retailer_admin` or `operator`.
    #[serde(default)]
    pub role: String,
}

/// What the staff page says besides the list.
#[derive(Default)]
pub struct StaffOutcome {
    /// The invitation form as posted, and its errors.
    pub form: InviteForm,
    /// The form's field errors.
    pub errors: FieldErrors,
    /// A notice (a change made).
    pub notice: Option<&'static str>,
    /// A refusal of a row's action (oneself, the last admin).
    pub problem: Option<&'static str>,
    /// A link just made.
    pub link: Option<LinkView>,
}

/// The staff page.
#[derive(Template)]
#[template(path = "console_staff.html")]
pub struct StaffPage {
    frame: StaffFrame,
    nav: Nav,
    s: &'static StaffStrings,
    retailer: String,
    manage: bool,
    rows: Vec<StaffRow>,
    form: InviteForm,
    errors: FieldErrors,
    notice: Option<&'static str>,
    problem: Option<&'static str>,
    link: Option<LinkView>,
}

/// The words of a role.
fn role_label(s: &StaffStrings, role: &str) -> &'static str {
    if role == Role::RetailerAdmin.as_str() {
        s.role_admin
    } else {
        s.role_operator
    }
}

impl StaffPage {
    /// The staff of `retailer` as `user` sees them, with `outcome`.
    pub fn new(
        frame: StaffFrame,
        user: &Principal,
        retailer: &Retailer,
        staff: &[User],
        outcome: StaffOutcome,
    ) -> Self {
        let s = strings::strings(frame.language());
        Self {
            rows: staff
                .iter()
                .map(|member| StaffRow {
                    id: member.id.clone(),
                    name: member.name.clone(),
                    email: member.email.clone(),
                    role: role_label(s, &member.role),
                    active: member.deactivated_at.is_none(),
                    is_me: member.id == user.user_id,
                })
                .collect(),
            frame,
            nav: Nav::new(user, retailer, "staff"),
            s,
            retailer: retailer.name.clone(),
            manage: user.role != Role::Operator,
            form: outcome.form,
            errors: outcome.errors,
            notice: outcome.notice,
            problem: outcome.problem,
            link: outcome.link,
        }
    }
}

/// The field errors of the invitation and password forms in the page's words.
pub fn staff_errors(errors: &[FieldError], s: &'static StaffStrings) -> FieldErrors {
    FieldErrors::worded(errors, |error| match error.field.as_str() {
        "email" => s.err_email,
        "role" => s.err_role,
        "name" => s.err_name,
        _ => s.err_password,
    })
}

/// The words of a refusal by the staff rules, if it is one.
pub fn staff_refusal(error: &DomainError, s: &'static StaffStrings) -> Option<&'static str> {
    match error {
        DomainError::Conflict {
            code: "cannot_deactivate_self",
            ..
        } => Some(s.err_self),
        DomainError::Conflict {
            code: "last_admin", ..
        } => Some(s.err_last_admin),
        _ => None,
    }
}

/// What a link page is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPurpose {
    /// Accept an invitation: name and password.
    Invite,
    /// Set a new password.
    Reset,
}

/// Where a link page posts, and whom it concerns.
#[derive(Debug, Clone)]
pub struct LinkForm {
    /// The form's action (the link's own path).
    pub action: String,
    /// The retailer's name.
    pub retailer: String,
    /// The account's email.
    pub email: String,
}

/// The page a colleague opens from a link.
#[derive(Template)]
#[template(path = "console_invite.html")]
pub struct InvitePage {
    frame: StaffFrame,
    s: &'static StaffStrings,
    invite: bool,
    link: LinkForm,
    name: String,
    errors: FieldErrors,
    done: bool,
}

impl InvitePage {
    /// The form of `purpose` for `link`, with the name typed so far and the errors of the
    /// last attempt; `done` once a password was reset.
    pub fn new(
        frame: StaffFrame,
        purpose: LinkPurpose,
        link: LinkForm,
        name: String,
        errors: FieldErrors,
        done: bool,
    ) -> Self {
        Self {
            s: strings::strings(frame.language()),
            frame,
            invite: purpose == LinkPurpose::Invite,
            link,
            name,
            errors,
            done,
        }
    }
}

/// A link that does not work (any more).
#[derive(Template)]
#[template(path = "console_invite_gone.html")]
pub struct LinkGonePage {
    frame: StaffFrame,
    title: &'static str,
    body: &'static str,
}

impl LinkGonePage {
    /// For a link that expired or was used (`known`), or that never existed.
    pub fn new(frame: StaffFrame, known: bool) -> Self {
        let s = strings::strings(frame.language());
        Self {
            title: if known {
                s.link_gone_title
            } else {
                s.link_unknown_title
            },
            body: s.link_gone_body,
            frame,
        }
    }
}
