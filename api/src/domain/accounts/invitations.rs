//! Single-use links for staff: an admin invites a colleague (email and role) or makes a
//! password reset link for one; the colleague opens it and sets a name and password, or a
//! new password. The link is emailed through the outbox (its token kept there only until
//! the email is sent) and shown to the admin to copy as well. The link's
//! token is random and only its SHA-256 hash is stored ([`opaque_tokens`]); a token is
//! spent by a conditional update, so of two uses exactly one counts.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::Role;
use super::opaque_tokens::{self, hash};
use super::users::{self, User, normalize_email};
use crate::db::schema::{staff_invitations, users as users_table};
use crate::db::{DbConnection, write_transaction};
use crate::domain::accounts::language::Language;
use crate::domain::notifications::Kind as MessageKind;
use crate::domain::notifications::outbox::{self, NewMessage, Payload};
use crate::domain::{DomainError, FieldError, ids, retailers};

/// How long an invitation can be accepted.
pub const INVITE_TTL: Duration = Duration::days(7);
/// How long a password reset link works: shorter, as it opens an existing account.
pub const RESET_TTL: Duration = Duration::hours(24);

/// What a link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Join the retailer's staff.
    Invite,
    /// Set a new password.
    Reset,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Invite => "invite",
            Self::Reset => "reset",
        }
    }
}

/// A link as stored.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = staff_invitations)]
#[diesel(treat_none_as_default_value = false)]
pub struct Invitation {
    /// SHA-256 of the token.
    token_hash: String,
    kind: String,
    /// The retailer whose staff it concerns.
    pub retailer_id: String,
    /// The invitee's email, or the email of the account to reset.
    pub email: String,
    /// The role an invitee gets (the account's role for a reset).
    pub role: String,
    /// The account a reset link is for.
    pub user_id: Option<String>,
    /// The admin who made the link.
    pub created_by: String,
    /// When it stops working (UTC).
    pub expires_at: NaiveDateTime,
    /// When it was used.
    pub used_at: Option<NaiveDateTime>,
    /// When it was made (UTC).
    pub created_at: NaiveDateTime,
}

impl Invitation {
    /// The account an invitee asks for with `name` and `password`, to check and hash.
    pub fn account<'a>(
        &'a self,
        name: &'a str,
        password: &'a str,
    ) -> Result<users::NewUser<'a>, DomainError> {
        Ok(users::NewUser {
            email: &self.email,
            password,
            name,
            role: Role::parse(&self.role).ok_or_else(|| {
                DomainError::internal(anyhow::anyhow!("unknown role {:?}", self.role))
            })?,
            retailer_id: Some(&self.retailer_id),
        })
    }

    /// What the link is for.
    pub fn kind(&self) -> Kind {
        if self.kind == Kind::Reset.as_str() {
            Kind::Reset
        } else {
            Kind::Invite
        }
    }
}

/// A link just made: its plain token (shown once, never stored), whom it is for and when
/// it expires.
#[derive(Debug, Clone)]
pub struct Link {
    /// The token the link carries.
    pub token: String,
    /// The email of the invitee, or of the account to reset.
    pub email: String,
    /// When it stops working (UTC).
    pub expires_at: NaiveDateTime,
}

fn spent() -> DomainError {
    DomainError::Unprocessable {
        code: "link_expired",
        message: "this link has expired or was already used; ask an admin for a new one".into(),
    }
}

/// The path of the page a link opens: `/console/invite/{token}` or
/// `/console/reset/{token}`.
pub fn link_path(kind: Kind, token: &str) -> String {
    format!("/console/{}/{token}", kind.as_str())
}

/// Stores the link `row` of `token` and enqueues its email to `user_id` (none for an
/// invitee) in `language`, together.
fn store(
    conn: &mut DbConnection,
    row: &Invitation,
    token: &str,
    (retailer, user_id, language): (String, Option<&str>, Language),
) -> Result<(), DomainError> {
    let kind = match row.kind() {
        Kind::Invite => MessageKind::StaffInvitation,
        Kind::Reset => MessageKind::PasswordReset,
    };
    write_transaction(conn, |conn| {
        diesel::insert_into(staff_invitations::table)
            .values(row)
            .execute(conn)?;
        outbox::enqueue(
            conn,
            NewMessage {
                kind,
                order_id: None,
                user_id,
                email: &row.email,
                language,
                payload: Payload {
                    number: None,
                    status: None,
                    reason: None,
                    retailer,
                    phone: None,
                },
                secret: Some(token),
            },
        )
        .map(drop)
    })
}

fn row(
    kind: Kind,
    retailer_id: &str,
    email: String,
    role: Role,
    user_id: Option<String>,
    created_by: &str,
    token: &str,
) -> Invitation {
    let now = ids::now();
    Invitation {
        token_hash: hash(token),
        kind: kind.as_str().to_owned(),
        retailer_id: retailer_id.to_owned(),
        email,
        role: role.as_str().to_owned(),
        user_id,
        created_by: created_by.to_owned(),
        expires_at: now
            + match kind {
                Kind::Invite => INVITE_TTL,
                Kind::Reset => RESET_TTL,
            },
        used_at: None,
        created_at: now,
    }
}

/// Invites `email` to retailer `retailer_id`'s staff as `role` (a retailer admin or an
/// operator), on behalf of `created_by`. Field errors on `email` and `role`; an email
/// that already has an account is `Conflict` `email_taken`.
pub fn invite(
    conn: &mut DbConnection,
    retailer_id: &str,
    email: &str,
    role: &str,
    created_by: &str,
) -> Result<Link, DomainError> {
    let mut errors = Vec::new();
    let email = normalize_email(email).map_err(|e| errors.push(e)).ok();
    let role = Role::parse(role.trim())
        .filter(|role| role.is_retailer_staff())
        .or_else(|| {
            errors.push(FieldError::new(
                "role",
                "must be retailer_admin or operator",
            ));
            None
        });
    let (Some(email), Some(role)) = (email, role) else {
        return Err(DomainError::Invalid(errors));
    };
    let retailer = retailers::get(conn, retailer_id)?;
    if users::find_by_email(conn, &email)?.is_some() {
        return Err(email_taken());
    }
    let token = opaque_tokens::generate();
    let invitation = row(
        Kind::Invite,
        retailer_id,
        email,
        role,
        None,
        created_by,
        &token,
    );
    // An invitee has no account yet: the email is in the retailer's language.
    let language = Language::from_accept_language(Some(&retailer.locale));
    store(conn, &invitation, &token, (retailer.name, None, language))?;
    Ok(Link {
        token,
        email: invitation.email,
        expires_at: invitation.expires_at,
    })
}

fn email_taken() -> DomainError {
    DomainError::Conflict {
        code: "email_taken",
        message: "an account with this email already exists".into(),
    }
}

/// A password reset link for staff member `user_id` of `retailer_id`, made by
/// `created_by`.
pub fn reset_link(
    conn: &mut DbConnection,
    retailer_id: &str,
    user_id: &str,
    created_by: &str,
) -> Result<Link, DomainError> {
    let user = users::staff_member(conn, retailer_id, user_id)?;
    let retailer = retailers::get(conn, retailer_id)?;
    let token = opaque_tokens::generate();
    let invitation = row(
        Kind::Reset,
        retailer_id,
        user.email.clone(),
        user.role()?,
        Some(user.id.clone()),
        created_by,
        &token,
    );
    let to = (retailer.name, Some(user.id.as_str()), user.language);
    store(conn, &invitation, &token, to)?;
    Ok(Link {
        token,
        email: invitation.email,
        expires_at: invitation.expires_at,
    })
}

/// The live link of `token` and of `kind`: `NotFound` for a token that was never made,
/// `Unprocessable` `link_expired` for one expired or used.
pub fn open(conn: &mut DbConnection, token: &str, kind: Kind) -> Result<Invitation, DomainError> {
    if !opaque_tokens::is_well_formed(token) {
        return Err(DomainError::NotFound("link"));
    }
    let found = staff_invitations::table
        .find(hash(token))
        .select(Invitation::as_select())
        .first(conn)
        .optional()?
        .filter(|invitation| invitation.kind() == kind)
        .ok_or(DomainError::NotFound("link"))?;
    if found.used_at.is_some() || found.expires_at <= ids::now() {
        return Err(spent());
    }
    Ok(found)
}

/// Spends the link of `token` for `kind`: the conditional update admits one use, before
/// expiry.
fn spend(conn: &mut DbConnection, token: &str, kind: Kind) -> Result<(), DomainError> {
    let now = ids::now();
    let spent_now = diesel::update(
        staff_invitations::table
            .find(hash(token))
            .filter(staff_invitations::kind.eq(kind.as_str()))
            .filter(staff_invitations::used_at.is_null())
            .filter(staff_invitations::expires_at.gt(now)),
    )
    .set(staff_invitations::used_at.eq(now))
    .execute(conn)?;
    if spent_now == 1 { Ok(()) } else { Err(spent()) }
}

/// Accepts the invitation of `token`: `account` is the invitee's new account, made from
/// the invitation's email, role and retailer ([`Invitation::account`]) and hashed. The
/// link is spent and the account stored together, or neither (an email taken meanwhile
/// is `Conflict` `email_taken` and leaves the link usable).
pub fn accept(conn: &mut DbConnection, token: &str, account: User) -> Result<User, DomainError> {
    write_transaction(conn, |conn| {
        spend(conn, token, Kind::Invite)?;
        users::insert(conn, account)
    })
}

/// Sets the password of the reset link's account to `password_hash` (an Argon2 hash of a
/// password that passed [`users::check_password`]), spends the link and signs the
/// account out everywhere.
pub fn reset_password(
    conn: &mut DbConnection,
    token: &str,
    password_hash: &str,
) -> Result<User, DomainError> {
    write_transaction(conn, |conn| {
        let invitation = open(conn, token, Kind::Reset)?;
        let user_id = invitation
            .user_id
            .ok_or_else(|| DomainError::internal(anyhow::anyhow!("reset link without user")))?;
        spend(conn, token, Kind::Reset)?;
        diesel::update(users_table::table.find(&user_id))
            .set(users_table::password_hash.eq(password_hash))
            .execute(conn)?;
        users::sign_out_everywhere(conn, &user_id)?;
        users::get(conn, &user_id)
    })
}
