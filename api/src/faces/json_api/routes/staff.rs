//! A retailer's staff (`/v1/retailers/{retailer_id}/staff`): list them, invite a
//! colleague, deactivate and reactivate, make a password reset link; and the invitee's
//! side, `POST /v1/invitations/{token}/accept`. Until the service sends email the links
//! come back in the answer for the admin to pass on.

use actix_web::{HttpResponse, get, post, web};
use chrono::SecondsFormat;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::app::credentials::{self, staff_link};
use crate::app::error::ApiError;
use crate::app::json::Json;
use crate::app::retailer_scope::{Manage, Read, RetailerScope};
use crate::app::state::AppState;
use crate::domain::accounts::invitations::{self, Kind, Link};
use crate::domain::accounts::users::{self, User};
use crate::domain::accounts::{Role, sessions};

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list)
        .service(invite)
        .service(deactivate)
        .service(reactivate)
        .service(password_reset)
        .service(accept);
}

fn rfc3339(time: chrono::NaiveDateTime) -> String {
    time.and_utc().to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A staff member.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = StaffMember)]
struct StaffMemberJson {
    id: String,
    #[schema(format = Email)]
    email: String,
    name: String,
    /// `retailer_admin` or `operator`.
    role: Role,
    /// False once deactivated: no sign-in, no session.
    active: bool,
    /// Since when the account is deactivated.
    #[schema(format = DateTime)]
    deactivated_at: Option<String>,
}

impl StaffMemberJson {
    fn new(user: &User) -> Result<Self, ApiError> {
        Ok(Self {
            id: user.id.clone(),
            email: user.email.clone(),
            name: user.name.clone(),
            role: user.role()?,
            active: user.deactivated_at.is_none(),
            deactivated_at: user.deactivated_at.map(rfc3339),
        })
    }
}

/// The retailer's staff.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = StaffList)]
struct StaffListJson {
    /// By name, then email.
    staff: Vec<StaffMemberJson>,
}

/// A single-use link for a colleague.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = StaffLink)]
struct LinkJson {
    /// The page the colleague opens (`…/console/invite/{token}` or
    /// `…/console/reset/{token}`); the token in it is the one for
    /// `POST /v1/invitations/{token}/accept`.
    link: String,
    /// When it stops working.
    #[schema(format = DateTime)]
    expires_at: String,
}

impl LinkJson {
    fn new(state: &AppState, kind: Kind, link: &Link) -> Self {
        Self {
            link: staff_link(&state.urls, kind, &link.token),
            expires_at: rfc3339(link.expires_at),
        }
    }
}

/// Whom to invite.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = InviteRequest)]
struct InviteBody {
    /// The colleague's email; no account may have it yet.
    #[schema(format = Email, max_length = 254)]
    email: String,
    /// `retailer_admin` or `operator` (surrounding spaces ignored).
    #[schema(example = "operator", pattern = r"^\s*(retailer_admin|operator)\s*$")]
    role: String,
}

/// The invitee's account.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = AcceptInvitationRequest)]
struct AcceptBody {
    /// Display name, 1 to 200 characters once trimmed.
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    name: String,
    /// At least 8 characters and at most 1024 bytes (UTF-8).
    #[schema(format = Password, min_length = 8, max_length = 1024)]
    password: String,
}

/// The retailer's staff, active or not; any of its staff may read the list.
#[utoipa::path(
    operation_id = "list_staff",
    tag = "auth",
    params(("retailer_id" = String, Path, description = "The retailer's id")),
    responses(
        (status = 200, description = "The staff", body = StaffListJson),
        (status = 403, description = "`forbidden`: customers see no staff"),
        (status = 404, description = "`not_found`: no such retailer"),
    ),
    security(("bearerAuth" = []))
)]
#[get("/retailers/{retailer_id}/staff")]
async fn list(
    state: web::Data<AppState>,
    scope: RetailerScope<Read>,
) -> Result<HttpResponse, ApiError> {
    let retailer_id = scope.retailer.id;
    let staff = state
        .db(move |conn| users::staff_of(conn, &retailer_id))
        .await?;
    Ok(HttpResponse::Ok().json(StaffListJson {
        staff: staff
            .iter()
            .map(StaffMemberJson::new)
            .collect::<Result<_, _>>()?,
    }))
}

/// Invites a colleague: a single-use link, valid 7 days, to pass on.
#[utoipa::path(
    operation_id = "invite_staff",
    tag = "auth",
    params(("retailer_id" = String, Path, description = "The retailer's id")),
    request_body = InviteBody,
    responses(
        (status = 201, description = "The invitation link", body = LinkJson),
        (status = 403, description = "`forbidden`: operators and customers do not manage staff"),
        (status = 404, description = "`not_found`: no such retailer"),
        (status = 409, description = "`email_taken`: an account with this email exists"),
        (status = 422, description = "`validation_failed`: see `errors` (`email`, `role`)"),
    ),
    security(("bearerAuth" = []))
)]
#[post("/retailers/{retailer_id}/staff")]
async fn invite(
    state: web::Data<AppState>,
    scope: RetailerScope<Manage>,
    body: Json<InviteBody>,
) -> Result<HttpResponse, ApiError> {
    let (retailer_id, admin) = (scope.retailer.id, scope.user.user_id);
    let body = body.into_inner();
    let link = state
        .db(move |conn| invitations::invite(conn, &retailer_id, &body.email, &body.role, &admin))
        .await?;
    Ok(HttpResponse::Created().json(LinkJson::new(&state, Kind::Invite, &link)))
}

/// Switches a staff member off or on, for [`deactivate`] and [`reactivate`].
async fn set_active(
    state: &AppState,
    scope: RetailerScope<Manage>,
    user_id: String,
    active: bool,
) -> Result<HttpResponse, ApiError> {
    let (retailer_id, admin) = (scope.retailer.id, scope.user.user_id);
    let user = state
        .db(move |conn| users::set_active(conn, &retailer_id, &admin, &user_id, active))
        .await?;
    Ok(HttpResponse::Ok().json(StaffMemberJson::new(&user)?))
}

/// Deactivates a staff member: they can no longer sign in, and their sessions and refresh
/// tokens end at once (an access token already issued lapses within its short lifetime).
#[utoipa::path(
    operation_id = "deactivate_staff",
    tag = "auth",
    params(
        ("retailer_id" = String, Path, description = "The retailer's id"),
        ("user_id" = String, Path, description = "The staff member's id"),
    ),
    responses(
        (status = 200, description = "The staff member, inactive", body = StaffMemberJson),
        (status = 403, description = "`forbidden`: operators and customers do not manage staff"),
        (status = 404, description = "`not_found`: no such retailer, or no such staff member of it"),
        (status = 409, description = "`cannot_deactivate_self`: one cannot deactivate oneself; `last_admin`: \
the retailer's last active admin stays"),
    ),
    security(("bearerAuth" = []))
)]
#[post("/retailers/{retailer_id}/staff/{user_id}/deactivate")]
async fn deactivate(
    state: web::Data<AppState>,
    scope: RetailerScope<Manage>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    set_active(&state, scope, path.into_inner().1, false).await
}

/// Reactivates a staff member: they can sign in again.
#[utoipa::path(
    operation_id = "reactivate_staff",
    tag = "auth",
    params(
        ("retailer_id" = String, Path, description = "The retailer's id"),
        ("user_id" = String, Path, description = "The staff member's id"),
    ),
    responses(
        (status = 200, description = "The staff member, active", body = StaffMemberJson),
        (status = 403, description = "`forbidden`: operators and customers do not manage staff"),
        (status = 404, description = "`not_found`: no such retailer, or no such staff member of it"),
    ),
    security(("bearerAuth" = []))
)]
#[post("/retailers/{retailer_id}/staff/{user_id}/reactivate")]
async fn reactivate(
    state: web::Data<AppState>,
    scope: RetailerScope<Manage>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    set_active(&state, scope, path.into_inner().1, true).await
}

/// A password reset link for a staff member, valid 24 hours; setting the new password
/// ends all their sessions.
#[utoipa::path(
    operation_id = "reset_staff_password",
    tag = "auth",
    params(
        ("retailer_id" = String, Path, description = "The retailer's id"),
        ("user_id" = String, Path, description = "The staff member's id"),
    ),
    responses(
        (status = 201, description = "The reset link", body = LinkJson),
        (status = 403, description = "`forbidden`: operators and customers do not manage staff"),
        (status = 404, description = "`not_found`: no such retailer, or no such staff member of it"),
    ),
    security(("bearerAuth" = []))
)]
#[post("/retailers/{retailer_id}/staff/{user_id}/password-reset")]
async fn password_reset(
    state: web::Data<AppState>,
    scope: RetailerScope<Manage>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (retailer_id, admin) = (scope.retailer.id, scope.user.user_id);
    let user_id = path.into_inner().1;
    let link = state
        .db(move |conn| invitations::reset_link(conn, &retailer_id, &user_id, &admin))
        .await?;
    Ok(HttpResponse::Created().json(LinkJson::new(&state, Kind::Reset, &link)))
}

/// Accepts an invitation: the account is created with the invitation's email, role and
/// retailer, and signed in.
#[utoipa::path(
    operation_id = "accept_invitation",
    tag = "auth",
    params(("token" = String, Path, description = "The token of the invitation link")),
    request_body = AcceptBody,
    responses(
        (status = 201, description = "The new account's first token pair", body = sessions::TokenPair),
        (status = 404, description = "`not_found`: no invitation has this token"),
        (status = 409, description = "`email_taken`: an account with the invited email was made meanwhile"),
        (status = 422, description = "`link_expired`: the invitation expired or was used; `validation_failed`: \
see `errors` (`name`, `password`)"),
    )
)]
#[post("/invitations/{token}/accept")]
async fn accept(
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: Json<AcceptBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let user =
        credentials::accept_invitation(&state, &path.into_inner(), &body.name, &body.password)
            .await?;
    let policy = state.sessions.clone();
    let pair = state
        .db(move |conn| sessions::start_session(conn, &policy, &user))
        .await?;
    Ok(HttpResponse::Created().json(pair))
}
