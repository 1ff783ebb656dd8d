//! Slots and their codes: which product sits where in a version of a poster (or of one of
//! its placements), and the immutable code printed beside it.

use diesel::prelude::*;

use super::{Poster, codes};
use crate::db::DbConnection;
use crate::db::schema::{poster_slots, products, scan_codes};
use crate::domain::catalog::Product;
use crate::domain::error::is_unique_violation;
use crate::domain::{DomainError, ids};

/// Attempts at drawing an unused random code before giving up (a collision in 2^40 codes
/// is already rare; five in a row means something else is wrong).
const CODE_ATTEMPTS: usize = 5;

/// A slot as clients see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotView {
    /// 0-based reading order.
    pub position: i32,
    /// Product SKU.
    pub sku: String,
    /// Product name.
    pub name: String,
    /// The scan code printed beside it.
    pub code: String,
    /// The price printed on the label, in minor units.
    pub printed_price_minor: i64,
}

#[derive(Insertable)]
#[diesel(table_name = scan_codes)]
struct NewCode<'a> {
    code: &'a str,
    retailer_id: &'a str,
    poster_id: &'a str,
    placement_id: Option<&'a str>,
    product_id: &'a str,
    printed_price_minor: i64,
    created_at: chrono::NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = poster_slots)]
struct NewSlot<'a> {
    id: String,
    poster_id: &'a str,
    version: i32,
    placement_id: Option<&'a str>,
    position: i32,
    code: &'a str,
}

/// Stores a new code for `product`, retrying on the rare collision. Each attempt is a
/// savepoint, so a collision does not abort the caller's transaction on PostgreSQL.
fn new_code(
    conn: &mut DbConnection,
    poster: &Poster,
    placement_id: Option<&str>,
    product: &Product,
) -> Result<String, DomainError> {
    for _ in 0..CODE_ATTEMPTS {
        let code = codes::generate();
        let row = NewCode {
            code: &code,
            retailer_id: &poster.retailer_id,
            poster_id: &poster.id,
            placement_id,
            product_id: &product.id,
            printed_price_minor: product.price_minor,
            created_at: ids::now(),
        };
        match conn.transaction(|conn| {
            diesel::insert_into(scan_codes::table)
                .values(&row)
                .execute(conn)
        }) {
            Ok(_) => return Ok(code),
            Err(e) if is_unique_violation(&e) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Err(DomainError::internal(anyhow::anyhow!(
        "no unused scan code after {CODE_ATTEMPTS} draws"
    )))
}

/// Lays `products` into `poster`'s current version (for the design, or for a placement),
/// reusing a previous code for each product that was already on it.
pub(super) fn assign(
    conn: &mut DbConnection,
    poster: &Poster,
    placement_id: Option<&str>,
    products: &[Product],
    mut previous: Vec<(String, String)>,
) -> Result<Vec<SlotView>, DomainError> {
    let mut views = Vec::with_capacity(products.len());
    for (position, product) in products.iter().enumerate() {
        let reused = previous
            .iter()
            .position(|(product_id, _)| *product_id == product.id)
            .map(|index| previous.swap_remove(index).1);
        let code = match reused {
            Some(code) => code,
            None => new_code(conn, poster, placement_id, product)?,
        };
        let position = i32::try_from(position).map_err(DomainError::internal)?;
        diesel::insert_into(poster_slots::table)
            .values(NewSlot {
                id: ids::new_id(),
                poster_id: &poster.id,
                version: poster.version,
                placement_id,
                position,
                code: &code,
            })
            .execute(conn)?;
        views.push(SlotView {
            position,
            sku: product.sku.clone(),
            name: product.name.clone(),
            printed_price_minor: printed_price(conn, &code)?,
            code,
        });
    }
    Ok(views)
}

fn printed_price(conn: &mut DbConnection, code: &str) -> Result<i64, DomainError> {
    Ok(scan_codes::table
        .find(code)
        .select(scan_codes::printed_price_minor)
        .first(conn)?)
}

fn slots_query<'a>(
    poster: &'a Poster,
    placement_id: Option<&'a str>,
) -> poster_slots::BoxedQuery<'a, crate::db::SqlBackend> {
    let query = poster_slots::table
        .filter(poster_slots::poster_id.eq(&poster.id))
        .filter(poster_slots::version.eq(poster.version))
        .into_boxed();
    match placement_id {
        Some(id) => query.filter(poster_slots::placement_id.eq(id)),
        None => query.filter(poster_slots::placement_id.is_null()),
    }
}

/// `(product id, code)` of each slot of the poster's version `poster.version`.
pub(super) fn codes_by_product(
    conn: &mut DbConnection,
    poster: &Poster,
    placement_id: Option<&str>,
) -> Result<Vec<(String, String)>, DomainError> {
    Ok(slots_query(poster, placement_id)
        .inner_join(scan_codes::table)
        .select((scan_codes::product_id, scan_codes::code))
        .load(conn)?)
}

/// The slots of the poster's current version, in reading order.
pub fn of_version(
    conn: &mut DbConnection,
    poster: &Poster,
    placement_id: Option<&str>,
) -> Result<Vec<SlotView>, DomainError> {
    let rows: Vec<(i32, String, String, String, i64)> = slots_query(poster, placement_id)
        .inner_join(scan_codes::table.inner_join(products::table))
        .order(poster_slots::position.asc())
        .select((
            poster_slots::position,
            products::sku,
            products::name,
            scan_codes::code,
            scan_codes::printed_price_minor,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(position, sku, name, code, printed_price_minor)| SlotView {
                position,
                sku,
                name,
                code,
                printed_price_minor,
            },
        )
        .collect())
}
