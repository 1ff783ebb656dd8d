//! Users: creation with validation, lookup by email or id, a retailer's staff, and
//! switching a staff account off and on again.

use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use super::language::Language;
use super::{Principal, Role, password, referrals, refresh_tokens, web_sessions};
use crate::db::schema::{retailers as retailers_table, users};
use crate::db::{DbConnection, write_transaction};
use crate::domain::error::is_unique_violation;
use crate::domain::{DomainError, FieldError, OrWhenMissing, ids, retailers};

/// A user as stored.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = users)]
pub struct User {
    /// Opaque public id.
    pub id: String,
    /// Login email, lower case.
    pub email: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// Display name.
    pub name: String,
    /// Role name (see [`Role`]).
    pub role: String,
    /// Retailer of staff.
    pub retailer_id: Option<String>,
    /// When the account was created (UTC).
    pub created_at: chrono::NaiveDateTime,
    /// Since when the account may no longer sign in; `None` while it is active.
    pub deactivated_at: Option<chrono::NaiveDateTime>,
    /// The language messages to the account are written in.
    pub language: Language,
}

/// The account as its owner sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UserProfile {
    /// Opaque id.
    pub id: String,
    /// Login email, lower case.
    #[schema(format = Email)]
    pub email: String,
    /// Display name.
    pub name: String,
    /// Role name.
    pub role: Role,
    /// Retailer of staff; `null` for customers and platform admins.
    pub retailer_id: Option<String>,
    /// The language messages about orders are written in.
    pub language: Language,
}

impl User {
    /// The role, as a type.
    pub fn role(&self) -> Result<Role, DomainError> {
        Role::parse(&self.role)
            .ok_or_else(|| DomainError::internal(anyhow::anyhow!("unknown role {:?}", self.role)))
    }

    /// Who this user is when authenticated.
    pub fn principal(&self) -> Result<Principal, DomainError> {
        Ok(Principal {
            user_id: self.id.clone(),
            role: self.role()?,
            retailer_id: self.retailer_id.clone(),
        })
    }

    /// The public view of the account.
    pub fn profile(&self) -> Result<UserProfile, DomainError> {
        Ok(UserProfile {
            id: self.id.clone(),
            email: self.email.clone(),
            name: self.name.clone(),
            role: self.role()?,
            retailer_id: self.retailer_id.clone(),
            language: self.language,
        })
    }
}

/// What is needed to create an account.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    /// Login email.
    pub email: &'a str,
    /// Plain password, hashed before storing.
    pub password: &'a str,
    /// Display name.
    pub name: &'a str,
    /// Role.
    pub role: Role,
    /// Retailer, required for staff and refused for others.
    pub retailer_id: Option<&'a str>,
}

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 8;
/// Longest password accepted (bounds hashing cost).
const MAX_PASSWORD_BYTES: usize = 1024;

/// Lower-cases and checks an email address's basic shape.
pub fn normalize_email(email: &str) -> Result<String, FieldError> {
    let email = email.trim().to_lowercase();
    let valid = email.len() <= 254
        && !email.contains(char::is_whitespace)
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.contains('@')
        });
    if valid {
        Ok(email)
    } else {
        Err(FieldError::new("email", "must be an email address"))
    }
}

/// Checks a new password against the one rule every account follows.
pub fn check_password(password: &str) -> Result<(), FieldError> {
    if password.chars().count() < MIN_PASSWORD_CHARS || password.len() > MAX_PASSWORD_BYTES {
        Err(FieldError::new(
            "password",
            format!(
                "must be at least {MIN_PASSWORD_CHARS} characters (and at most {MAX_PASSWORD_BYTES} bytes)"
            ),
        ))
    } else {
        Ok(())
    }
}

/// An account whose fields passed validation, its password still plain: [`Self::hash`]
/// turns it into the row [`insert`] stores. No `Debug`: it holds the plain password.
pub struct CheckedUser {
    email: String,
    password: String,
    name: String,
    role: Role,
    retailer_id: Option<String>,
    language: Language,
}

impl NewUser<'_> {
    /// Checks every field, reporting all that are wrong at once. Cheap: done before the
    /// password is queued for hashing, so a malformed form never waits for it.
    pub fn check(&self) -> Result<CheckedUser, DomainError> {
        let mut errors = Vec::new();
        let email = normalize_email(self.email).map_err(|e| errors.push(e)).ok();
        if let Err(error) = check_password(self.password) {
            errors.push(error);
        }
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            errors.push(FieldError::new("name", "must be 1 to 200 characters"));
        }
        match (self.role.is_retailer_staff(), self.retailer_id) {
            (true, None) => {
                errors.push(FieldError::new("retailer_id", "is required for this role"))
            }
            (false, Some(_)) => errors.push(FieldError::new(
                "retailer_id",
                "only staff belong to a retailer",
            )),
            _ => {}
        }
        match email {
            Some(email) if errors.is_empty() => Ok(CheckedUser {
                email,
                password: self.password.to_owned(),
                name: name.to_owned(),
                role: self.role,
                retailer_id: self.retailer_id.map(str::to_owned),
                language: Language::default(),
            }),
            _ => Err(DomainError::Invalid(errors)),
        }
    }
}

impl CheckedUser {
    /// The same account, its messages written in `language` (English otherwise).
    pub fn speaking(self, language: Language) -> Self {
        Self { language, ..self }
    }

    /// The row to store, with the password hashed: one Argon2 hash, so request handlers
    /// run this on the password pool, holding no connection.
    pub fn hash(self) -> Result<User, DomainError> {
        Ok(User {
            id: ids::new_id(),
            email: self.email,
            password_hash: password::hash(&self.password)?,
            name: self.name,
            role: self.role.as_str().to_owned(),
            retailer_id: self.retailer_id,
            created_at: ids::now(),
            deactivated_at: None,
            language: self.language,
        })
    }
}

/// Stores an account made by [`CheckedUser::hash`]; staff must name an existing retailer,
/// and a taken email is a `Conflict` (`email_taken`).
pub fn insert(conn: &mut DbConnection, user: User) -> Result<User, DomainError> {
    if let Some(retailer_id) = &user.retailer_id {
        retailers::get(conn, retailer_id)
            .invalid_when_missing("retailer_id", "no such retailer")?;
    }
    write_transaction(conn, |conn| {
        match diesel::insert_into(users::table)
            .values(&user)
            .execute(conn)
        {
            Err(e) if is_unique_violation(&e) => {
                return Err(DomainError::Conflict {
                    code: "email_taken",
                    message: "an account with this email already exists".into(),
                });
            }
            inserted => inserted?,
        };
        if user.role == Role::Customer.as_str() {
            referrals::assign(conn, &user.id)?;
        }
        Ok(user)
    })
}

/// Checks, hashes and stores an account on one connection: for the seed and the CLI,
/// which run outside requests. Request handlers take the steps apart instead, so the
/// hashing holds no pooled connection.
pub fn create(conn: &mut DbConnection, input: &NewUser<'_>) -> Result<User, DomainError> {
    insert(conn, input.check()?.hash()?)
}

/// The user with this email, if any.
pub fn find_by_email(conn: &mut DbConnection, email: &str) -> Result<Option<User>, DomainError> {
    Ok(users::table
        .filter(users::email.eq(email.trim().to_lowercase()))
        .select(User::as_select())
        .first(conn)
        .optional()?)
}

/// The user with this id.
pub fn get(conn: &mut DbConnection, id: &str) -> Result<User, DomainError> {
    users::table
        .find(id)
        .select(User::as_select())
        .first(conn)
        .optional()?
        .ok_or(DomainError::NotFound("user"))
}

/// Sets the language messages to account `user_id` are written in to the one of `code`
/// (`ko` or `en`; anything else is a field error on `language`); returns the account.
pub fn set_language(
    conn: &mut DbConnection,
    user_id: &str,
    code: &str,
) -> Result<User, DomainError> {
    let language = Language::parse(code.trim())
        .ok_or_else(|| DomainError::invalid("language", "must be ko or en"))?;
    diesel::update(users::table.find(user_id))
        .set(users::language.eq(language))
        .execute(conn)?;
    get(conn, user_id)
}

/// True when no account exists yet.
pub fn none_exist(conn: &mut DbConnection) -> Result<bool, DomainError> {
    let count: i64 = users::table.count().get_result(conn)?;
    Ok(count == 0)
}

/// The staff of a retailer (admins and operators, active or not), by name then email.
pub fn staff_of(conn: &mut DbConnection, retailer_id: &str) -> Result<Vec<User>, DomainError> {
    Ok(users::table
        .filter(users::retailer_id.eq(retailer_id))
        .filter(users::role.eq_any([Role::RetailerAdmin.as_str(), Role::Operator.as_str()]))
        .order((users::name.asc(), users::email.asc()))
        .select(User::as_select())
        .load(conn)?)
}

/// The staff member `user_id` of retailer `retailer_id`; anyone else is `NotFound`.
pub fn staff_member(
    conn: &mut DbConnection,
    retailer_id: &str,
    user_id: &str,
) -> Result<User, DomainError> {
    match get(conn, user_id) {
        Ok(user)
            if user.retailer_id.as_deref() == Some(retailer_id)
                && user.role().is_ok_and(Role::is_retailer_staff) =>
        {
            Ok(user)
        }
        Ok(_) | Err(DomainError::NotFound(_)) => Err(DomainError::NotFound("staff member")),
        Err(other) => Err(other),
    }
}

/// Ends every browser session and refresh token of `user_id`: after a deactivation or a
/// password reset, nobody holding an old one stays signed in.
pub fn sign_out_everywhere(conn: &mut DbConnection, user_id: &str) -> Result<(), DomainError> {
    web_sessions::revoke_all(conn, user_id)?;
    refresh_tokens::revoke_all(conn, user_id)
}

/// Switches staff member `user_id` of `retailer_id` off (`active` false: they can no
/// longer sign in, and are signed out everywhere) or on again, as `actor_id` asks. One
/// cannot switch oneself off (`Conflict` `cannot_deactivate_self`), nor the retailer's
/// last active admin (`last_admin`), so a retailer always keeps someone who can manage
/// its staff.
pub fn set_active(
    conn: &mut DbConnection,
    retailer_id: &str,
    actor_id: &str,
    user_id: &str,
    active: bool,
) -> Result<User, DomainError> {
    write_transaction(conn, |conn| {
        let user = staff_member(conn, retailer_id, user_id)?;
        if active {
            diesel::update(users::table.find(user_id))
                .set(users::deactivated_at.eq(None::<chrono::NaiveDateTime>))
                .execute(conn)?;
            return get(conn, user_id);
        }
        if user_id == actor_id {
            return Err(DomainError::Conflict {
                code: "cannot_deactivate_self",
                message: "you cannot deactivate your own account".into(),
            });
        }
        if user.deactivated_at.is_some() {
            return Ok(user);
        }
        // Deactivations of one retailer's staff queue on the retailer's row: two admins
        // switching each other off at once on PostgreSQL would otherwise both count the
        // other as still active. (SQLite's write transactions already run one at a time.)
        diesel::update(retailers_table::table.find(retailer_id))
            .set(retailers_table::id.eq(retailers_table::id))
            .execute(conn)?;
        diesel::update(users::table.find(user_id))
            .set(users::deactivated_at.eq(ids::now()))
            .execute(conn)?;
        // Counted after the change, inside the transaction: if no active admin is left,
        // the change is rolled back.
        let admins_left: i64 = users::table
            .filter(users::retailer_id.eq(retailer_id))
            .filter(users::role.eq(Role::RetailerAdmin.as_str()))
            .filter(users::deactivated_at.is_null())
            .count()
            .get_result(conn)?;
        if admins_left == 0 {
            return Err(DomainError::Conflict {
                code: "last_admin",
                message: "this is the retailer's last active admin; make someone else admin first"
                    .into(),
            });
        }
        sign_out_everywhere(conn, user_id)?;
        get(conn, user_id)
    })
}

/// The names of the users `ids`, by id (for histories that name who did what).
pub fn names(
    conn: &mut DbConnection,
    ids: &[&str],
) -> Result<std::collections::HashMap<String, String>, DomainError> {
    Ok(users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect())
}
