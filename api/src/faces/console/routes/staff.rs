//! `/console/r/{rid}/staff`: the retailer's staff; retailer admins (and platform admins)
//! invite colleagues, deactivate and reactivate them and make password reset links.
//! `/console/invite/{token}` and `/console/reset/{token}`: the pages a colleague opens
//! from such a link. The rules are the domain's (`accounts::invitations`, `users`), the
//! same the JSON API's staff routes call.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::{Scope, retailer_scope, retailer_scope_for};
use crate::app::credentials::{self, staff_link};
use crate::app::error::ApiError;
use crate::app::pages::form::CsrfForm;
use crate::app::pages::layer::staff_page;
use crate::app::pages::redirect::see_other;
use crate::app::pages::render::{FieldErrors, html};
use crate::app::pages::staff::StaffFrame;
use crate::app::pages::staff_sign_in::start_session;
use crate::app::pages::visitor::Visitor;
use crate::app::state::AppState;
use crate::domain::DomainError;
use crate::domain::accounts::invitations::{self, Kind, Link};
use crate::domain::accounts::{Principal, RetailerAccess, users};
use crate::domain::retailers::{self, Retailer};
use crate::faces::console::i18n::staff::strings;
use crate::faces::console::pages::staff::{
    InviteForm, InvitePage, LinkForm, LinkGonePage, LinkPurpose, LinkView, StaffOutcome, StaffPage,
    staff_errors, staff_refusal,
};

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(staff_page("/console/r/{rid}/staff").get(list).post(invite))
        .service(staff_page("/console/r/{rid}/staff/{uid}/deactivate").post(deactivate))
        .service(staff_page("/console/r/{rid}/staff/{uid}/reactivate").post(reactivate))
        .service(staff_page("/console/r/{rid}/staff/{uid}/password-reset").post(reset_link))
        .service(
            staff_page("/console/invite/{token}")
                .get(invitation)
                .post(accept),
        )
        .service(
            staff_page("/console/reset/{token}")
                .get(reset_form)
                .post(reset_password),
        );
}

/// The staff page with `outcome`, answered with `status`.
async fn render(
    req: &HttpRequest,
    state: &AppState,
    visitor: &Visitor,
    (user, retailer): (Principal, Retailer),
    outcome: StaffOutcome,
    status: StatusCode,
) -> Result<HttpResponse, ApiError> {
    let retailer_id = retailer.id.clone();
    let staff = state
        .db(move |conn| users::staff_of(conn, &retailer_id))
        .await?;
    let frame = StaffFrame::new(req, state, visitor, true);
    html(
        status,
        &StaffPage::new(frame, &user, &retailer, &staff, outcome),
    )
}

/// A link just made, as the page shows it.
fn link_view(
    req: &HttpRequest,
    state: &AppState,
    visitor: &Visitor,
    retailer: &Retailer,
    kind: Kind,
    link: Link,
) -> Result<LinkView, ApiError> {
    let frame = StaffFrame::new(req, state, visitor, true);
    Ok(LinkView::new(
        &frame,
        kind == Kind::Reset,
        staff_link(&state.urls, kind, &link.token),
        link.email,
        link.expires_at,
        retailer.tz()?,
    ))
}

#[derive(Debug, Deserialize)]
struct ListQuery {
    done: Option<String>,
}

async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    rid: web::Path<String>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let scope = match retailer_scope(&req, &state, rid.into_inner()).await? {
        Scope::Granted(user, retailer) => (user, retailer),
        Scope::Answer(answer) => return Ok(answer),
    };
    let s = strings(visitor.lang());
    let notice = match query.done.as_deref() {
        Some("deactivated") => Some(s.deactivated),
        Some("reactivated") => Some(s.reactivated),
        _ => None,
    };
    let outcome = StaffOutcome {
        notice,
        ..StaffOutcome::default()
    };
    render(&req, &state, &visitor, scope, outcome, StatusCode::OK).await
}

async fn invite(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    rid: web::Path<String>,
    CsrfForm(form): CsrfForm<InviteForm>,
) -> Result<HttpResponse, ApiError> {
    let scope =
        match retailer_scope_for(&req, &state, rid.into_inner(), RetailerAccess::Manage).await? {
            Scope::Granted(user, retailer) => (user, retailer),
            Scope::Answer(answer) => return Ok(answer),
        };
    let s = strings(visitor.lang());
    let (retailer_id, admin) = (scope.1.id.clone(), scope.0.user_id.clone());
    let (email, role) = (form.email.clone(), form.role.clone());
    let made = state
        .db(move |conn| invitations::invite(conn, &retailer_id, &email, &role, &admin))
        .await;
    let (status, outcome) = match made {
        Ok(link) => (
            StatusCode::OK,
            StaffOutcome {
                link: Some(link_view(
                    &req,
                    &state,
                    &visitor,
                    &scope.1,
                    Kind::Invite,
                    link,
                )?),
                ..StaffOutcome::default()
            },
        ),
        Err(ApiError::Domain(DomainError::Invalid(errors))) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            StaffOutcome {
                errors: staff_errors(&errors, s),
                form,
                ..StaffOutcome::default()
            },
        ),
        Err(ApiError::Domain(DomainError::Conflict {
            code: "email_taken",
            ..
        })) => (
            StatusCode::CONFLICT,
            StaffOutcome {
                errors: FieldErrors::single("email", s.err_email_taken),
                form,
                ..StaffOutcome::default()
            },
        ),
        Err(other) => return Err(other),
    };
    render(&req, &state, &visitor, scope, outcome, status).await
}

/// Switches a staff member off or on: back to the list with a notice, or the list with
/// the rule's refusal (oneself, the last admin).
async fn set_active(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    (rid, uid): (String, String),
    active: bool,
) -> Result<HttpResponse, ApiError> {
    let scope = match retailer_scope_for(&req, &state, rid, RetailerAccess::Manage).await? {
        Scope::Granted(user, retailer) => (user, retailer),
        Scope::Answer(answer) => return Ok(answer),
    };
    let (retailer_id, admin) = (scope.1.id.clone(), scope.0.user_id.clone());
    let changed = state
        .db(move |conn| users::set_active(conn, &retailer_id, &admin, &uid, active))
        .await;
    match changed {
        Ok(_) => {
            let done = if active { "reactivated" } else { "deactivated" };
            Ok(see_other(&format!(
                "/console/r/{}/staff?done={done}",
                scope.1.id
            )))
        }
        Err(ApiError::Domain(error)) => {
            let Some(problem) = staff_refusal(&error, strings(visitor.lang())) else {
                return Err(error.into());
            };
            let outcome = StaffOutcome {
                problem: Some(problem),
                ..StaffOutcome::default()
            };
            render(&req, &state, &visitor, scope, outcome, StatusCode::CONFLICT).await
        }
        Err(other) => Err(other),
    }
}

async fn deactivate(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    path: web::Path<(String, String)>,
    _: CsrfForm<serde::de::IgnoredAny>,
) -> Result<HttpResponse, ApiError> {
    set_active(req, state, visitor, path.into_inner(), false).await
}

async fn reactivate(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    path: web::Path<(String, String)>,
    _: CsrfForm<serde::de::IgnoredAny>,
) -> Result<HttpResponse, ApiError> {
    set_active(req, state, visitor, path.into_inner(), true).await
}

async fn reset_link(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    path: web::Path<(String, String)>,
    _: CsrfForm<serde::de::IgnoredAny>,
) -> Result<HttpResponse, ApiError> {
    let (rid, uid) = path.into_inner();
    let scope = match retailer_scope_for(&req, &state, rid, RetailerAccess::Manage).await? {
        Scope::Granted(user, retailer) => (user, retailer),
        Scope::Answer(answer) => return Ok(answer),
    };
    let (retailer_id, admin) = (scope.1.id.clone(), scope.0.user_id.clone());
    let link = state
        .db(move |conn| invitations::reset_link(conn, &retailer_id, &uid, &admin))
        .await?;
    let outcome = StaffOutcome {
        link: Some(link_view(
            &req,
            &state,
            &visitor,
            &scope.1,
            Kind::Reset,
            link,
        )?),
        ..StaffOutcome::default()
    };
    render(&req, &state, &visitor, scope, outcome, StatusCode::OK).await
}

/// The live link of `token` for its page, or the page saying it does not work: 404 for a
/// token never made, 410 for one expired or used.
async fn open_link(
    req: &HttpRequest,
    state: &AppState,
    visitor: &Visitor,
    token: &str,
    kind: Kind,
) -> Result<Result<LinkForm, HttpResponse>, ApiError> {
    let opened = token.to_owned();
    let found = state
        .db(move |conn| {
            let invitation = invitations::open(conn, &opened, kind)?;
            let retailer = retailers::get(conn, &invitation.retailer_id)?;
            Ok((invitation, retailer))
        })
        .await;
    let (status, known) = match found {
        Ok((invitation, retailer)) => {
            return Ok(Ok(LinkForm {
                action: req.path().to_owned(),
                retailer: retailer.name,
                email: invitation.email,
            }));
        }
        Err(ApiError::Domain(DomainError::NotFound(_))) => (StatusCode::NOT_FOUND, false),
        Err(ApiError::Domain(DomainError::Unprocessable {
            code: "link_expired",
            ..
        })) => (StatusCode::GONE, true),
        Err(other) => return Err(other),
    };
    let frame = StaffFrame::new(req, state, visitor, false);
    Ok(Err(html(status, &LinkGonePage::new(frame, known))?))
}

#[derive(Debug, Deserialize)]
struct AcceptForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
}

/// A link page with the form of `purpose`.
fn link_page(
    req: &HttpRequest,
    state: &AppState,
    visitor: &Visitor,
    purpose: LinkPurpose,
    link: LinkForm,
    (name, errors): (String, FieldErrors),
    status: StatusCode,
) -> Result<HttpResponse, ApiError> {
    let frame = StaffFrame::new(req, state, visitor, false);
    html(
        status,
        &InvitePage::new(frame, purpose, link, name, errors, false),
    )
}

async fn invitation(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let link = match open_link(&req, &state, &visitor, &token, Kind::Invite).await? {
        Ok(link) => link,
        Err(answer) => return Ok(answer),
    };
    let blank = (String::new(), FieldErrors::default());
    link_page(
        &req,
        &state,
        &visitor,
        LinkPurpose::Invite,
        link,
        blank,
        StatusCode::OK,
    )
}

async fn accept(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    token: web::Path<String>,
    CsrfForm(form): CsrfForm<AcceptForm>,
) -> Result<HttpResponse, ApiError> {
    let link = match open_link(&req, &state, &visitor, &token, Kind::Invite).await? {
        Ok(link) => link,
        Err(answer) => return Ok(answer),
    };
    match credentials::accept_invitation(&state, &token, &form.name, &form.password).await {
        Ok(user) => start_session(&state, user.id, "/console/").await,
        Err(ApiError::Domain(DomainError::Invalid(errors))) => {
            let errors = staff_errors(&errors, strings(visitor.lang()));
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            let purpose = LinkPurpose::Invite;
            link_page(
                &req,
                &state,
                &visitor,
                purpose,
                link,
                (form.name, errors),
                status,
            )
        }
        Err(other) => Err(other),
    }
}

async fn reset_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let link = match open_link(&req, &state, &visitor, &token, Kind::Reset).await? {
        Ok(link) => link,
        Err(answer) => return Ok(answer),
    };
    let blank = (String::new(), FieldErrors::default());
    link_page(
        &req,
        &state,
        &visitor,
        LinkPurpose::Reset,
        link,
        blank,
        StatusCode::OK,
    )
}

async fn reset_password(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    token: web::Path<String>,
    CsrfForm(form): CsrfForm<AcceptForm>,
) -> Result<HttpResponse, ApiError> {
    let link = match open_link(&req, &state, &visitor, &token, Kind::Reset).await? {
        Ok(link) => link,
        Err(answer) => return Ok(answer),
    };
    let purpose = LinkPurpose::Reset;
    match credentials::reset_password(&state, &token, form.password).await {
        Ok(_) => {
            let frame = StaffFrame::new(&req, &state, &visitor, false);
            let page = InvitePage::new(
                frame,
                purpose,
                link,
                String::new(),
                FieldErrors::default(),
                true,
            );
            html(StatusCode::OK, &page)
        }
        Err(ApiError::Domain(DomainError::Invalid(errors))) => {
            let errors = staff_errors(&errors, strings(visitor.lang()));
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            link_page(
                &req,
                &state,
                &visitor,
                purpose,
                link,
                (String::new(), errors),
                status,
            )
        }
        Err(other) => Err(other),
    }
}
