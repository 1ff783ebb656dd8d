//! Shelves: a retailer's named, ordered selections of products, each embedded on a
//! blogger's site (`/embed/shelves/{id}`) and named as the source of the sales it brings.
//! Products are chosen by SKU, the public address of a product; a shelf keeps their ids,
//! so an edit of a product shows on every shelf holding it.

use std::collections::{HashMap, HashSet};

use diesel::prelude::*;
use serde::Deserialize;
use utoipa::ToSchema;

use super::Product;
use crate::db::schema::{products, shelf_products, shelves};
use crate::db::{DbConnection, write_transaction};
use crate::domain::checkout::input::check_text;
use crate::domain::{DomainError, FieldError, ids};

/// Most characters in a shelf's name.
pub const MAX_NAME_CHARS: usize = 80;
/// Most products on one shelf: an embed stays small enough to load fast on a phone.
pub const MAX_PRODUCTS: usize = 24;

/// A shelf as stored.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = shelves)]
pub struct Shelf {
    /// Opaque id; also the `utm_source` of the embed's buy links.
    pub id: String,
    /// Owning retailer.
    pub retailer_id: String,
    /// Display name, e.g. the blogger it is made for.
    pub name: String,
    /// Creation time (UTC).
    pub created_at: chrono::NaiveDateTime,
    /// Last change (UTC).
    pub updated_at: chrono::NaiveDateTime,
    /// Deletion time: a deleted shelf keeps its row so the sales it brought still name it.
    pub deleted_at: Option<chrono::NaiveDateTime>,
}

/// A shelf as submitted, to create one or to replace one's name and products.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShelfInput {
    /// Display name, 1 to 80 characters once trimmed, no control characters.
    #[schema(
        min_length = 1,
        pattern = r"^[^\S\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F]([^\x00-\x1F\x7F-\x9F]{0,78}[^\s\x00-\x1F\x7F-\x9F])?[^\S\x00-\x1F\x7F-\x9F]*$"
    )]
    pub name: String,
    /// SKUs of the retailer's live products in shelf order, 1 to 24, each once (422
    /// otherwise: a SKU the retailer does not sell, or one listed twice).
    #[schema(min_items = 1, max_items = 24)]
    pub skus: Vec<String>,
}

/// A shelf with its live (not deleted) products in shelf order, active or not.
#[derive(Debug, Clone)]
pub struct ShelfDetails {
    /// The shelf.
    pub shelf: Shelf,
    /// Its products, first position first.
    pub products: Vec<Product>,
}

impl ShelfDetails {
    /// The products a visitor may buy from it: the active ones.
    pub fn on_sale(&self) -> impl Iterator<Item = &Product> {
        self.products.iter().filter(|p| p.active)
    }
}

/// The validated name and product ids of `input`, or every field error at once.
fn validate(
    conn: &mut DbConnection,
    retailer_id: &str,
    input: &ShelfInput,
) -> Result<(String, Vec<String>), DomainError> {
    let mut errors = Vec::new();
    let name = input.name.trim();
    check_text(&mut errors, "name", name, true, MAX_NAME_CHARS);
    let skus: Vec<&str> = input.skus.iter().map(|s| s.trim()).collect();
    let mut ids = Vec::new();
    if skus.is_empty() || skus.len() > MAX_PRODUCTS {
        errors.push(FieldError::new(
            "skus",
            format!("choose between 1 and {MAX_PRODUCTS} products"),
        ));
    } else {
        let found: HashMap<String, String> = products::table
            .filter(products::retailer_id.eq(retailer_id))
            .filter(products::deleted_at.is_null())
            .filter(products::sku.eq_any(&skus))
            .select((products::sku, products::id))
            .load::<(String, String)>(conn)?
            .into_iter()
            .collect();
        let mut seen = HashSet::new();
        for sku in skus {
            if !seen.insert(sku) {
                errors.push(FieldError::new("skus", format!("{sku} is listed twice")));
            } else if let Some(id) = found.get(sku) {
                ids.push(id.clone());
            } else {
                errors.push(FieldError::new("skus", format!("no product {sku}")));
            }
        }
    }
    if errors.is_empty() {
        Ok((name.to_owned(), ids))
    } else {
        Err(DomainError::Invalid(errors))
    }
}

fn replace_products(
    conn: &mut DbConnection,
    shelf_id: &str,
    product_ids: &[String],
) -> Result<(), DomainError> {
    diesel::delete(shelf_products::table.filter(shelf_products::shelf_id.eq(shelf_id)))
        .execute(conn)?;
    let rows: Vec<_> = product_ids
        .iter()
        .zip(0..)
        .map(|(product_id, position): (&String, i32)| {
            (
                shelf_products::shelf_id.eq(shelf_id),
                shelf_products::product_id.eq(product_id),
                shelf_products::position.eq(position),
            )
        })
        .collect();
    crate::on_backend!(conn, |inner| diesel::insert_into(shelf_products::table)
        .values(rows)
        .execute(inner))?;
    Ok(())
}

/// Makes a shelf of the retailer's products.
pub fn create(
    conn: &mut DbConnection,
    retailer_id: &str,
    input: &ShelfInput,
) -> Result<ShelfDetails, DomainError> {
    let id = write_transaction(conn, |conn| {
        let (name, product_ids) = validate(conn, retailer_id, input)?;
        let now = ids::now();
        let shelf = Shelf {
            id: ids::new_id(),
            retailer_id: retailer_id.to_owned(),
            name,
            created_at: now,
            updated_at: now,
            deleted_at: None,
        };
        diesel::insert_into(shelves::table)
            .values(&shelf)
            .execute(conn)?;
        replace_products(conn, &shelf.id, &product_ids)?;
        Ok::<_, DomainError>(shelf.id)
    })?;
    get(conn, retailer_id, &id)
}

/// Renames a live shelf of the retailer and replaces its products.
pub fn update(
    conn: &mut DbConnection,
    retailer_id: &str,
    shelf_id: &str,
    input: &ShelfInput,
) -> Result<ShelfDetails, DomainError> {
    write_transaction(conn, |conn| {
        live_shelf(conn, retailer_id, shelf_id)?.ok_or(DomainError::NotFound("shelf"))?;
        let (name, product_ids) = validate(conn, retailer_id, input)?;
        // Checked again as it is written: on PostgreSQL a delete may commit after the
        // check above, and a deleted shelf must not get new products.
        let updated = diesel::update(live(retailer_id, shelf_id))
            .set((shelves::name.eq(name), shelves::updated_at.eq(ids::now())))
            .execute(conn)?;
        if updated != 1 {
            return Err(DomainError::NotFound("shelf"));
        }
        replace_products(conn, shelf_id, &product_ids)
    })?;
    get(conn, retailer_id, shelf_id)
}

/// Deletes a live shelf of the retailer: its embed answers 404 from now on.
pub fn delete(
    conn: &mut DbConnection,
    retailer_id: &str,
    shelf_id: &str,
) -> Result<(), DomainError> {
    let now = ids::now();
    let deleted = write_transaction(conn, |conn| {
        diesel::update(live(retailer_id, shelf_id))
            .set((shelves::deleted_at.eq(now), shelves::updated_at.eq(now)))
            .execute(conn)
    })?;
    if deleted == 1 {
        Ok(())
    } else {
        Err(DomainError::NotFound("shelf"))
    }
}

/// The live shelf `shelf_id` if it is the retailer's, for checking that a `utm_source`
/// names a real shelf of the product's retailer; `None` for anything else (deleted,
/// another retailer's, unknown, garbage).
pub fn live_shelf(
    conn: &mut DbConnection,
    retailer_id: &str,
    shelf_id: &str,
) -> Result<Option<Shelf>, DomainError> {
    Ok(live(retailer_id, shelf_id)
        .select(Shelf::as_select())
        .first(conn)
        .optional()?)
}

/// The query of [`live`].
type Live<'a> = diesel::dsl::Filter<
    diesel::dsl::Filter<
        diesel::dsl::Filter<shelves::table, diesel::dsl::Eq<shelves::id, &'a str>>,
        diesel::dsl::Eq<shelves::retailer_id, &'a str>,
    >,
    diesel::dsl::IsNull<shelves::deleted_at>,
>;

/// The row of the live shelf `shelf_id` if it is the retailer's: what reads, changes and
/// deletes address, so none of them reaches a deleted or another retailer's shelf.
fn live<'a>(retailer_id: &'a str, shelf_id: &'a str) -> Live<'a> {
    shelves::table
        .filter(shelves::id.eq(shelf_id))
        .filter(shelves::retailer_id.eq(retailer_id))
        .filter(shelves::deleted_at.is_null())
}

/// The live shelf `shelf_id` of the retailer with its products; `NotFound` otherwise.
pub fn get(
    conn: &mut DbConnection,
    retailer_id: &str,
    shelf_id: &str,
) -> Result<ShelfDetails, DomainError> {
    let shelf = live_shelf(conn, retailer_id, shelf_id)?.ok_or(DomainError::NotFound("shelf"))?;
    Ok(with_products(conn, vec![shelf])?.remove(0))
}

/// The live shelf `shelf_id` of whichever retailer, as its public embed shows it;
/// `NotFound` for a deleted or unknown one.
pub fn public(conn: &mut DbConnection, shelf_id: &str) -> Result<ShelfDetails, DomainError> {
    let shelf = shelves::table
        .filter(shelves::id.eq(shelf_id))
        .filter(shelves::deleted_at.is_null())
        .select(Shelf::as_select())
        .first(conn)
        .optional()?
        .ok_or(DomainError::NotFound("shelf"))?;
    Ok(with_products(conn, vec![shelf])?.remove(0))
}

/// The retailer's live shelves with their products, newest first.
pub fn list(conn: &mut DbConnection, retailer_id: &str) -> Result<Vec<ShelfDetails>, DomainError> {
    let found = shelves::table
        .filter(shelves::retailer_id.eq(retailer_id))
        .filter(shelves::deleted_at.is_null())
        .order((shelves::created_at.desc(), shelves::id.desc()))
        .select(Shelf::as_select())
        .load(conn)?;
    with_products(conn, found)
}

/// `found` with their live products, in one query for all of them.
fn with_products(
    conn: &mut DbConnection,
    found: Vec<Shelf>,
) -> Result<Vec<ShelfDetails>, DomainError> {
    let shelf_ids: Vec<&str> = found.iter().map(|s| s.id.as_str()).collect();
    let rows: Vec<(String, Product)> = shelf_products::table
        .inner_join(products::table)
        .filter(shelf_products::shelf_id.eq_any(&shelf_ids))
        .filter(products::deleted_at.is_null())
        .order((shelf_products::shelf_id, shelf_products::position))
        .select((shelf_products::shelf_id, Product::as_select()))
        .load(conn)?;
    let mut by_shelf: HashMap<String, Vec<Product>> = HashMap::new();
    for (shelf_id, product) in rows {
        by_shelf.entry(shelf_id).or_default().push(product);
    }
    Ok(found
        .into_iter()
        .map(|shelf| ShelfDetails {
            products: by_shelf.remove(&shelf.id).unwrap_or_default(),
            shelf,
        })
        .collect())
}
