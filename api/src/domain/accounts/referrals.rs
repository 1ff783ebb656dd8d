//! Referral codes: a customer's code is the `ref` of the product links they share, so
//! visits, carts and orders through those links count under channel `share` with the
//! code as source, and the customer can see how many orders their links brought.

use diesel::dsl::count;
use diesel::prelude::*;

use crate::db::schema::{order_items, orders, users};
use crate::db::{DbConnection, write_transaction};
use crate::domain::DomainError;
use crate::domain::analytics::SHARE;
use crate::domain::orders::OrderStatus;
use crate::domain::posters::codes;

/// The statuses of orders a share brought: paid and not taken back, the orders the
/// retailer's reports count too (a pending one may still fail, a cancelled one is gone).
const BROUGHT: [OrderStatus; 6] = [
    OrderStatus::Confirmed,
    OrderStatus::Picking,
    OrderStatus::OutForDelivery,
    OrderStatus::Delivered,
    OrderStatus::DeliveryFailed,
    OrderStatus::Returned,
];

/// How often a fresh code may collide with a taken one before giving up; with 40 random
/// bits a second attempt is already rare.
const ATTEMPTS: usize = 5;

/// The referral code of `user_id`, given on first use. Safe against a concurrent first
/// use: only a row still without a code takes one, so both callers read the same code.
pub fn referral_code_of(conn: &mut DbConnection, user_id: &str) -> Result<String, DomainError> {
    // Every product page a signed-in customer opens asks: most find the code without
    // taking the write lock.
    if let Some(code) = current_code(conn, user_id)? {
        return Ok(code);
    }
    write_transaction(conn, |conn| {
        for _ in 0..ATTEMPTS {
            if let Some(code) = current_code(conn, user_id)? {
                return Ok(code);
            }
            // A collision aborts the statement, and on PostgreSQL the transaction with
            // it; a savepoint keeps the retry in a usable transaction.
            let assigned = conn.transaction(|conn| {
                diesel::update(users::table.find(user_id))
                    .filter(users::referral_code.is_null())
                    .set(users::referral_code.eq(codes::generate()))
                    .execute(conn)
            });
            match assigned {
                Ok(_) => continue,
                Err(error) if crate::domain::error::is_unique_violation(&error) => continue,
                Err(error) => return Err(error.into()),
            }
        }
        Err(DomainError::internal(anyhow::anyhow!(
            "no free referral code in {ATTEMPTS} attempts"
        )))
    })
}

/// The code `user_id` has so far; `NotFound` for no such user.
fn current_code(conn: &mut DbConnection, user_id: &str) -> Result<Option<String>, DomainError> {
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
    let Some(code) = current_code(conn, user_id)? else {
        return Ok(0);
    };
    Ok(order_items::table
        .inner_join(orders::table)
        .filter(order_items::source_channel.eq(SHARE))
        .filter(order_items::source_id.eq(code))
        .filter(orders::customer_id.ne(user_id))
        .filter(orders::status.eq_any(BROUGHT))
        .select(count(orders::id).aggregate_distinct())
        .first(conn)?)
}
