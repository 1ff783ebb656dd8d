//! Products: reading, paging, and the one write path every change goes through.

use std::collections::HashMap;

use diesel::prelude::*;

use super::input::ProductInput;
use crate::db::schema::products;
use crate::db::{DbConnection, write_transaction};
use crate::domain::posters::codes;
use crate::domain::search::{contains_pattern, lower};
use crate::domain::{DomainError, FieldError, ids};

/// Rows per multi-row upsert; keeps statements well under SQLite's variable limit.
const WRITE_CHUNK: usize = 500;
/// Above this many rows, existing products are found by reading the whole catalogue.
const LOOKUP_BY_SKU_MAX: usize = 200;
/// Largest page a client may ask for.
pub const MAX_PAGE_SIZE: i64 = 200;

/// A product as stored.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = products)]
#[diesel(treat_none_as_default_value = false)]
pub struct Product {
    /// Internal id.
    pub id: String,
    /// Owning retailer.
    pub retailer_id: String,
    /// Stock keeping unit, the public address of the product.
    pub sku: String,
    /// GTIN, check digit verified.
    pub gtin: Option<String>,
    /// Display name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Price in minor units of the retailer's currency.
    pub price_minor: i64,
    /// Units the warehouse holds.
    pub stock_on_hand: i64,
    /// Units held by unpicked orders.
    pub reserved: i64,
    /// Whether it can be sold.
    pub active: bool,
    /// Storage key of the normalized photo.
    pub image_key: Option<String>,
    /// Creation time (UTC).
    pub created_at: chrono::NaiveDateTime,
    /// Last change (UTC).
    pub updated_at: chrono::NaiveDateTime,
    /// Soft-deletion time; deleted products are hidden but keep their history.
    pub deleted_at: Option<chrono::NaiveDateTime>,
    /// Public code of the product's share page (`/p/{share_code}`): set at creation,
    /// never changed by edits, so shared links keep working.
    pub share_code: String,
}

impl Product {
    /// Units that can still be sold.
    pub fn available(&self) -> i64 {
        (self.stock_on_hand - self.reserved).max(0)
    }

    /// This product with `input` applied. Never touches `reserved`.
    fn with(&self, input: &ProductInput, now: chrono::NaiveDateTime) -> Self {
        Self {
            gtin: input.gtin.clone().unwrap_or_else(|| self.gtin.clone()),
            name: input.name.clone().unwrap_or_else(|| self.name.clone()),
            description: input
                .description
                .clone()
                .unwrap_or_else(|| self.description.clone()),
            price_minor: input.price_minor.unwrap_or(self.price_minor),
            stock_on_hand: input.stock_on_hand.unwrap_or(self.stock_on_hand),
            active: input.active.unwrap_or(self.active),
            deleted_at: None,
            updated_at: now,
            ..self.clone()
        }
    }

    fn same_content(&self, other: &Self) -> bool {
        Self {
            updated_at: other.updated_at,
            ..self.clone()
        } == *other
    }
}

/// How a save ended for one input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveOutcome {
    /// A new product (or a deleted one brought back).
    Created,
    /// An existing product changed.
    Updated,
    /// The input matched what was stored.
    Unchanged,
}

/// Whether a save may create, update, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveMode {
    /// Create only; an existing SKU is a conflict.
    Create,
    /// Update only; a missing SKU is not found.
    Update,
    /// Create or update by SKU (imports).
    Upsert,
}

/// Applies many validated inputs in one transaction, all or nothing. `rows` pairs each
/// input with its row number for error reports. With `dry_run` nothing is written.
pub fn save_many(
    conn: &mut DbConnection,
    retailer_id: &str,
    rows: &[(usize, ProductInput)],
    mode: SaveMode,
    dry_run: bool,
) -> Result<Vec<(Product, SaveOutcome)>, DomainError> {
    write_transaction(conn, |conn| {
        let existing = load_existing(conn, retailer_id, rows)?;
        let now = ids::now();
        let mut errors = Vec::new();
        let mut saved = Vec::with_capacity(rows.len());
        for (row, input) in rows {
            match plan_save(existing.get(&input.sku), retailer_id, input, mode, now) {
                Ok(planned) => saved.push(planned),
                Err(PlanError::Fields(fields)) => {
                    errors.extend(fields.into_iter().map(|e| e.at_row(*row)));
                }
                Err(PlanError::Domain(e)) => return Err(e),
            }
        }
        if !errors.is_empty() {
            return Err(DomainError::Invalid(errors));
        }
        if !dry_run {
            let changed: Vec<&Product> = saved
                .iter()
                .filter(|(_, outcome)| *outcome != SaveOutcome::Unchanged)
                .map(|(product, _)| product)
                .collect();
            for chunk in changed.chunks(WRITE_CHUNK) {
                upsert(conn, chunk)?;
            }
        }
        Ok(saved)
    })
}

/// Stored products (live or deleted) with the SKUs of `rows`, by SKU.
fn load_existing(
    conn: &mut DbConnection,
    retailer_id: &str,
    rows: &[(usize, ProductInput)],
) -> Result<HashMap<String, Product>, DomainError> {
    let query = products::table
        .filter(products::retailer_id.eq(retailer_id))
        .select(Product::as_select());
    let found = if rows.len() <= LOOKUP_BY_SKU_MAX {
        let skus: Vec<&str> = rows.iter().map(|(_, input)| input.sku.as_str()).collect();
        query.filter(products::sku.eq_any(skus)).load(conn)?
    } else {
        // For bulk imports one pass over the retailer's catalogue beats long IN lists.
        query.load(conn)?
    };
    Ok(found.into_iter().map(|p| (p.sku.clone(), p)).collect())
}

/// Inserts new products and overwrites changed ones in one statement per chunk. The
/// conflict update lists the columns an edit may change: never `reserved`, `id`,
/// `created_at` or `image_key`.
fn upsert(conn: &mut DbConnection, chunk: &[&Product]) -> Result<(), DomainError> {
    use diesel::upsert::excluded;
    let values: Vec<&Product> = chunk.to_vec();
    crate::on_backend!(conn, |inner| diesel::insert_into(products::table)
        .values(values)
        .on_conflict((products::retailer_id, products::sku))
        .do_update()
        .set((
            products::gtin.eq(excluded(products::gtin)),
            products::name.eq(excluded(products::name)),
            products::description.eq(excluded(products::description)),
            products::price_minor.eq(excluded(products::price_minor)),
            products::stock_on_hand.eq(excluded(products::stock_on_hand)),
            products::active.eq(excluded(products::active)),
            products::updated_at.eq(excluded(products::updated_at)),
            products::deleted_at.eq(excluded(products::deleted_at)),
        ))
        .execute(inner))?;
    Ok(())
}

enum PlanError {
    Fields(Vec<FieldError>),
    Domain(DomainError),
}

fn plan_save(
    existing: Option<&Product>,
    retailer_id: &str,
    input: &ProductInput,
    mode: SaveMode,
    now: chrono::NaiveDateTime,
) -> Result<(Product, SaveOutcome), PlanError> {
    let live = existing.filter(|p| p.deleted_at.is_none());
    match (live, mode) {
        (Some(_), SaveMode::Create) => Err(PlanError::Domain(DomainError::Conflict {
            code: "sku_taken",
            message: format!("a product with SKU {} already exists", input.sku),
        })),
        (None, SaveMode::Update) => Err(PlanError::Domain(DomainError::NotFound("product"))),
        (Some(current), _) => {
            let next = current.with(input, now);
            let outcome = if next.same_content(current) {
                SaveOutcome::Unchanged
            } else {
                SaveOutcome::Updated
            };
            Ok((next, outcome))
        }
        (None, _) => {
            let missing = input.missing_for_create();
            if !missing.is_empty() {
                return Err(PlanError::Fields(missing));
            }
            let blank = Product {
                id: ids::new_id(),
                retailer_id: retailer_id.to_owned(),
                sku: input.sku.clone(),
                gtin: None,
                name: String::new(),
                description: String::new(),
                price_minor: 0,
                stock_on_hand: 0,
                reserved: 0,
                active: true,
                image_key: None,
                created_at: now,
                updated_at: now,
                deleted_at: None,
                share_code: codes::generate(),
            };
            // A soft-deleted SKU comes back under its old id, keeping its reservations.
            let base = existing.unwrap_or(&blank);
            Ok((base.with(input, now), SaveOutcome::Created))
        }
    }
}

/// Saves one input; field errors come back without row numbers.
pub fn save_one(
    conn: &mut DbConnection,
    retailer_id: &str,
    input: ProductInput,
    mode: SaveMode,
) -> Result<Product, DomainError> {
    let input = input.normalized().map_err(DomainError::Invalid)?;
    let mut saved =
        save_many(conn, retailer_id, &[(0, input)], mode, false).map_err(|e| match e {
            DomainError::Invalid(errors) => DomainError::Invalid(
                errors
                    .into_iter()
                    .map(|e| FieldError { row: None, ..e })
                    .collect(),
            ),
            other => other,
        })?;
    saved
        .pop()
        .map(|(product, _)| product)
        .ok_or_else(|| DomainError::internal(anyhow::anyhow!("save returned nothing")))
}

/// A product by its internal id, deleted or not (carts and orders keep pointing at
/// products that were deleted since).
pub fn by_id(conn: &mut DbConnection, id: &str) -> Result<Product, DomainError> {
    products::table
        .find(id)
        .select(Product::as_select())
        .first(conn)
        .optional()?
        .ok_or(DomainError::NotFound("product"))
}

/// The live product with this SKU.
pub fn get(conn: &mut DbConnection, retailer_id: &str, sku: &str) -> Result<Product, DomainError> {
    products::table
        .filter(products::retailer_id.eq(retailer_id))
        .filter(products::sku.eq(sku))
        .filter(products::deleted_at.is_null())
        .select(Product::as_select())
        .first(conn)
        .optional()?
        .ok_or(DomainError::NotFound("product"))
}

/// The product a share page shows: live and active, found by its share code as a person
/// may type it (case and Crockford look-alikes forgiven). Anything else is not found, so
/// a withdrawn product's shared links lead nowhere.
pub fn by_share_code(conn: &mut DbConnection, share_code: &str) -> Result<Product, DomainError> {
    let code = codes::normalize(share_code).ok_or(DomainError::NotFound("product"))?;
    products::table
        .filter(products::share_code.eq(code))
        .filter(products::deleted_at.is_null())
        .filter(products::active.eq(true))
        .select(Product::as_select())
        .first(conn)
        .optional()?
        .ok_or(DomainError::NotFound("product"))
}

/// One page of live products, ordered by SKU.
#[derive(Debug)]
pub struct Page {
    /// The products on this page.
    pub items: Vec<Product>,
    /// Pass as `after` to get the next page; `None` on the last.
    pub next_after: Option<String>,
}

/// Products of a retailer, by SKU, after `after`, optionally matching `search` in the name
/// or SKU (case-insensitive for ASCII).
pub fn list(
    conn: &mut DbConnection,
    retailer_id: &str,
    search: Option<&str>,
    after: Option<&str>,
    limit: i64,
) -> Result<Page, DomainError> {
    let limit = limit.clamp(1, MAX_PAGE_SIZE);
    let mut query = products::table
        .filter(products::retailer_id.eq(retailer_id))
        .filter(products::deleted_at.is_null())
        .select(Product::as_select())
        .order(products::sku.asc())
        .limit(limit + 1)
        .into_boxed();
    if let Some(after) = after {
        query = query.filter(products::sku.gt(after.to_owned()));
    }
    if let Some(term) = search.map(str::trim).filter(|t| !t.is_empty()) {
        let pattern = contains_pattern(term);
        query = query.filter(
            lower(products::name)
                .like(pattern.clone())
                .escape('\\')
                .or(lower(products::sku).like(pattern).escape('\\')),
        );
    }
    let mut items = query.load(conn)?;
    let next_after = if items.len() as i64 > limit {
        items.truncate(limit as usize);
        items.last().map(|p| p.sku.clone())
    } else {
        None
    };
    Ok(Page { items, next_after })
}

/// Soft-deletes a product: hidden from listings and sales, history kept.
pub fn delete(conn: &mut DbConnection, retailer_id: &str, sku: &str) -> Result<(), DomainError> {
    let now = ids::now();
    let deleted = write_transaction(conn, |conn| {
        diesel::update(
            products::table
                .filter(products::retailer_id.eq(retailer_id))
                .filter(products::sku.eq(sku))
                .filter(products::deleted_at.is_null()),
        )
        .set((products::deleted_at.eq(now), products::updated_at.eq(now)))
        .execute(conn)
    })?;
    if deleted == 1 {
        Ok(())
    } else {
        Err(DomainError::NotFound("product"))
    }
}

/// Points a product at a stored photo.
pub fn set_image(
    conn: &mut DbConnection,
    retailer_id: &str,
    sku: &str,
    image_key: &str,
) -> Result<Product, DomainError> {
    let now = ids::now();
    let updated = write_transaction(conn, |conn| {
        diesel::update(
            products::table
                .filter(products::retailer_id.eq(retailer_id))
                .filter(products::sku.eq(sku))
                .filter(products::deleted_at.is_null()),
        )
        .set((
            products::image_key.eq(image_key),
            products::updated_at.eq(now),
        ))
        .execute(conn)
    })?;
    if updated == 1 {
        get(conn, retailer_id, sku)
    } else {
        Err(DomainError::NotFound("product"))
    }
}
