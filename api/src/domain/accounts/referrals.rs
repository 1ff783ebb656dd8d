//! Referral codes: a customer's code is the `ref` of the product links they share, so
//! visits, carts and orders through those links count under channel `share` with the
//! code as source, and the customer can see how many orders their links brought.

use diesel::dsl::count;
use diesel::prelude::*;

use crate::db::schema::{order_items, orders, users};
use crate::db::{DbConnection, write_transaction};
use crate::domain::DomainError;
use crate::domain::accounts::Role;
use crate::domain::analytics::SHARE;
use crate::domain::orders::OrderStatus;
use crate::domain::posters::codes;

/// How often a fresh code may collide with a taken one before giving up; with 40 random
/// bits a second attempt is already rare.
const ATTEMPTS: usize = 5;

/// Gives the new customer `user_id` a referral code, inside the transaction that creates
/// the account: every customer has one from the start, so no page that shows it writes.
pub fn assign(conn: &mut DbConnection, user_id: &str) -> Result<(), DomainError> {
    for _ in 0..ATTEMPTS {
        // A collision aborts the statement, and on PostgreSQL the transaction with it; a
        // savepoint keeps the retry in a usable transaction.
        let assigned = conn.transaction(|conn| {
            diesel::update(users::table.find(user_id))
                .set(users::referral_code.eq(codes::generate()))
                .execute(conn)
        });
        match assigned {
            Ok(_) => return Ok(()),
            Err(error) if crate::domain::error::is_unique_violation(&error) => continue,
            Err(error) => return Err(error.into()),
        }
    }
    Err(DomainError::internal(anyhow::anyhow!(
        "no free referral code in {ATTEMPTS} attempts"
    )))
}

/// Gives a code to every customer still without one: those registered before codes were
/// given at registration, or by a node of an older version during a rolling upgrade. Run
/// at startup after the migrations; one short transaction per customer, so it never holds
/// the write lock long. The number of codes given.
pub fn give_missing_codes(conn: &mut DbConnection) -> Result<usize, DomainError> {
    let missing: Vec<String> = users::table
        .filter(users::role.eq(Role::Customer.as_str()))
        .filter(users::referral_code.is_null())
        .select(users::id)
        .load(conn)?;
    for user_id in &missing {
        write_transaction(conn, |conn| assign(conn, user_id))?;
    }
    Ok(missing.len())
}

/// The referral code of `user_id`: `None` for staff, who share nothing; `NotFound` for no
/// such user.
pub fn referral_code(
    conn: &mut DbConnection,
    user_id: &str,
) -> Result<Option<String>, DomainError> {
    users::table
        .find(user_id)
        .select(users::referral_code)
        .first(conn)
        .optional()?
        .ok_or(DomainError::NotFound("user"))
}

/// The user whose referral code `code` is, as typed or forged in a link (case and
/// Crockford look-alikes forgiven); `None` for anything else.
pub fn sharer_by_code(conn: &mut DbConnection, code: &str) -> Result<Option<String>, DomainError> {
    let Some(code) = codes::normalize(code) else {
        return Ok(None);
    };
    Ok(users::table
        .filter(users::referral_code.eq(code))
        .select(users::id)
        .first(conn)
        .optional()?)
}

/// How many orders of other customers the links `user_id` shared brought: distinct
/// paid orders with a line added through a link carrying the user's code.
pub fn orders_brought(conn: &mut DbConnection, user_id: &str) -> Result<i64, DomainError> {
    let Some(code) = referral_code(conn, user_id)? else {
        return Ok(0);
    };
    Ok(order_items::table
        .inner_join(orders::table)
        .filter(order_items::source_channel.eq(SHARE))
        .filter(order_items::source_id.eq(code))
        .filter(orders::customer_id.ne(user_id))
        .filter(orders::status.eq_any(OrderStatus::SALES))
        .select(count(orders::id).aggregate_distinct())
        .first(conn)?)
}
