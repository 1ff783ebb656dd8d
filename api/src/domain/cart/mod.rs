//! Carts: one per customer, and one per device for guests (merged into the customer's
//! at sign-in). A cart holds products of one retailer. Lines are set, not incremented,
//! so a retried request changes nothing; prices are read from the catalogue every time,
//! with the price promise for lines added by scan.

pub mod pricing;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{cart_items, carts};
use crate::db::{DbConnection, write_transaction};
use crate::domain::analytics::attribution::{self, Attribution};
use crate::domain::catalog::products::{self, Product};
use crate::domain::retailers::{self, Retailer};
use crate::domain::{DomainError, analytics, ids, scans};
use pricing::UnitPrice;

/// Most units of one product in a cart.
pub const MAX_QUANTITY: i32 = 99;

/// Whose cart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CartOwner {
    /// A signed-in customer, by user id.
    Customer(String),
    /// A guest, by the SHA-256 hash of the device cookie's token.
    Device(String),
}

/// Which product to put in the cart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemRef {
    /// As scanned: the line remembers the code, for the price promise and attribution.
    Code(String),
    /// From a product's share page, by its share code: no scan code, so the line has no
    /// poster's price promise; it counts under the channel of the link the page was
    /// opened from, else the one the device remembers ([`attribution::resolve`]).
    Share {
        /// The product's share code.
        share_code: String,
        /// The page's link.
        link: attribution::Link,
        /// What the device remembers of an earlier link, if anything.
        remembered: Option<String>,
    },
    /// By SKU of a retailer.
    Sku {
        /// The retailer.
        retailer_id: String,
        /// The product's SKU.
        sku: String,
    },
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = carts)]
#[diesel(treat_none_as_default_value = false)]
struct Cart {
    id: String,
    user_id: Option<String>,
    device_token_hash: Option<String>,
    retailer_id: Option<String>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

/// A stored cart line.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = cart_items)]
#[diesel(treat_none_as_default_value = false)]
pub struct CartItem {
    /// Opaque id; lines are changed and removed by it.
    pub id: String,
    /// The cart.
    pub cart_id: String,
    /// The product.
    pub product_id: String,
    /// Units wanted, 1 to [`MAX_QUANTITY`].
    pub quantity: i32,
    /// The code it was added from, if scanned.
    pub scan_code: Option<String>,
    /// When first added (UTC).
    pub added_at: NaiveDateTime,
    /// The analytics channel of the source it was created from (`poster` for a code).
    pub source_channel: Option<String>,
    /// The source within the channel (the code).
    pub source_id: Option<String>,
}

/// Why a line cannot be bought as it is. Flagged, never silently dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineProblem {
    /// The product was deactivated or deleted.
    Unavailable,
    /// Fewer units are available than the line wants.
    InsufficientStock {
        /// Units that can be sold now.
        available: i64,
    },
}

/// A line priced now.
#[derive(Debug, Clone)]
pub struct CartLine {
    /// The stored line.
    pub item: CartItem,
    /// The product as it is now.
    pub product: Product,
    /// The price printed beside the line's scan code, when it was added by scan.
    pub printed_price_minor: Option<i64>,
    /// What one unit costs now.
    pub unit_price: UnitPrice,
    /// Why it cannot be bought, if it cannot.
    pub problem: Option<LineProblem>,
}

impl CartLine {
    /// Units times unit price.
    pub fn line_total_minor(&self) -> i64 {
        i64::from(self.item.quantity) * self.unit_price.amount_minor
    }
}

/// A cart priced now.
#[derive(Debug, Clone, Default)]
pub struct CartView {
    /// The cart's id, once it exists.
    pub id: Option<String>,
    /// The retailer whose products it holds; none while empty.
    pub retailer: Option<Retailer>,
    /// Lines, oldest first.
    pub lines: Vec<CartLine>,
}

impl CartView {
    /// Sum of the line totals.
    pub fn items_total_minor(&self) -> i64 {
        self.lines.iter().map(CartLine::line_total_minor).sum()
    }

    /// True when it has lines and none has a problem.
    pub fn ready(&self) -> bool {
        !self.lines.is_empty() && self.lines.iter().all(|line| line.problem.is_none())
    }
}

fn find_cart(conn: &mut DbConnection, owner: &CartOwner) -> Result<Option<Cart>, DomainError> {
    let query = carts::table.select(Cart::as_select()).into_boxed();
    let query = match owner {
        CartOwner::Customer(user_id) => query.filter(carts::user_id.eq(user_id)),
        CartOwner::Device(hash) => query.filter(carts::device_token_hash.eq(hash)),
    };
    Ok(query.first(conn).optional()?)
}

fn find_or_create_cart(conn: &mut DbConnection, owner: &CartOwner) -> Result<Cart, DomainError> {
    if let Some(cart) = find_cart(conn, owner)? {
        return Ok(cart);
    }
    let now = ids::now();
    let (user_id, device_token_hash) = match owner {
        CartOwner::Customer(user_id) => (Some(user_id.clone()), None),
        CartOwner::Device(hash) => (None, Some(hash.clone())),
    };
    let cart = Cart {
        id: ids::new_id(),
        user_id,
        device_token_hash,
        retailer_id: None,
        created_at: now,
        updated_at: now,
    };
    // Two first requests of one owner may race; the loser reads the winner's cart.
    crate::on_backend!(conn, |inner| diesel::insert_into(carts::table)
        .values(&cart)
        .on_conflict_do_nothing()
        .execute(inner))?;
    find_cart(conn, owner)?.ok_or(DomainError::NotFound("cart"))
}

fn lines_of(conn: &mut DbConnection, cart_id: &str) -> Result<Vec<CartItem>, DomainError> {
    Ok(cart_items::table
        .filter(cart_items::cart_id.eq(cart_id))
        .order((cart_items::added_at.asc(), cart_items::id.asc()))
        .select(CartItem::as_select())
        .load(conn)?)
}

fn price_line(
    conn: &mut DbConnection,
    item: CartItem,
    now: NaiveDateTime,
) -> Result<CartLine, DomainError> {
    let product = products::by_id(conn, &item.product_id)?;
    let printed = match &item.scan_code {
        Some(code) => {
            let scan = scans::resolve(conn, code)?;
            Some((scan.printed_price_minor, scan.campaign_active(now)))
        }
        None => None,
    };
    let sellable = product.active && product.deleted_at.is_none();
    let problem = if !sellable {
        Some(LineProblem::Unavailable)
    } else if i64::from(item.quantity) > product.available() {
        Some(LineProblem::InsufficientStock {
            available: product.available(),
        })
    } else {
        None
    };
    Ok(CartLine {
        unit_price: pricing::unit_price(product.price_minor, printed),
        printed_price_minor: printed.map(|(amount, _)| amount),
        item,
        product,
        problem,
    })
}

/// The owner's cart, priced at `now` (empty when there is none).
pub fn view(
    conn: &mut DbConnection,
    owner: &CartOwner,
    now: NaiveDateTime,
) -> Result<CartView, DomainError> {
    let Some(cart) = find_cart(conn, owner)? else {
        return Ok(CartView::default());
    };
    let items = lines_of(conn, &cart.id)?;
    let retailer = match (&cart.retailer_id, items.is_empty()) {
        (Some(retailer_id), false) => Some(retailers::get(conn, retailer_id)?),
        _ => None,
    };
    let lines = items
        .into_iter()
        .map(|item| price_line(conn, item, now))
        .collect::<Result<_, _>>()?;
    Ok(CartView {
        id: Some(cart.id),
        retailer,
        lines,
    })
}

fn check_quantity(quantity: i32) -> Result<(), DomainError> {
    if (1..=MAX_QUANTITY).contains(&quantity) {
        Ok(())
    } else {
        Err(DomainError::invalid(
            "quantity",
            format!("must be 1 to {MAX_QUANTITY}"),
        ))
    }
}

fn check_sellable(product: &Product, quantity: i32) -> Result<(), DomainError> {
    if !product.active || product.deleted_at.is_some() {
        return Err(DomainError::Conflict {
            code: "product_unavailable",
            message: format!("{} is not available", product.name),
        });
    }
    if i64::from(quantity) > product.available() {
        return Err(DomainError::Conflict {
            code: "insufficient_stock",
            message: format!("only {} of {} left", product.available(), product.name),
        });
    }
    Ok(())
}

/// Sets the line of the referenced product to `quantity` (adding it when missing) and
/// returns the cart. A product of another retailer than the cart's is `Conflict`
/// `cart_retailer_mismatch`.
pub fn set_item(
    conn: &mut DbConnection,
    owner: &CartOwner,
    item: &ItemRef,
    quantity: i32,
    now: NaiveDateTime,
) -> Result<CartView, DomainError> {
    check_quantity(quantity)?;
    let (product, scan_code, source) = match item {
        ItemRef::Code(code) => {
            let scan = scans::resolve(conn, code)?;
            let source = analytics::Source::of_scan(&scan)?;
            (scan.product, Some(scan.code), Some(source))
        }
        ItemRef::Share {
            share_code,
            link,
            remembered,
        } => {
            let product = products::by_share_code(conn, share_code)?;
            let retailer = retailers::get(conn, &product.retailer_id)?;
            let viewer = match owner {
                CartOwner::Customer(user_id) => Some(user_id.as_str()),
                CartOwner::Device(_) => None,
            };
            let Attribution { channel, source_id } = attribution::resolve(
                conn,
                &retailer.id,
                (link, remembered.as_deref()),
                viewer,
                now,
            )?
            .attribution;
            let source =
                analytics::Source::of_product_page(&retailer, &product.id, channel, &source_id)?;
            (product, None, Some(source))
        }
        ItemRef::Sku { retailer_id, sku } => (products::get(conn, retailer_id, sku)?, None, None),
    };
    check_sellable(&product, quantity)?;
    write_transaction(conn, |conn| {
        let cart = find_or_create_cart(conn, owner)?;
        // Touch the cart row first: on PostgreSQL that locks it, so two requests adding
        // different shops' products cannot both find the cart empty.
        diesel::update(carts::table.find(&cart.id))
            .set(carts::updated_at.eq(now))
            .execute(conn)?;
        let cart: Cart = carts::table
            .find(&cart.id)
            .select(Cart::as_select())
            .first(conn)?;
        let has_lines = !lines_of(conn, &cart.id)?.is_empty();
        if has_lines && cart.retailer_id.as_deref() != Some(product.retailer_id.as_str()) {
            return Err(DomainError::Conflict {
                code: "cart_retailer_mismatch",
                message: "the cart holds another shop's products; check them out or remove \
                          them first"
                    .into(),
            });
        }
        diesel::update(carts::table.find(&cart.id))
            .set((
                carts::retailer_id.eq(&product.retailer_id),
                carts::updated_at.eq(now),
            ))
            .execute(conn)?;
        // A line created from a source, or moved to another one, is an add-to-cart; a
        // quantity change is not.
        if let Some(source) = &source {
            let before: Option<(Option<String>, Option<String>)> = cart_items::table
                .filter(cart_items::cart_id.eq(&cart.id))
                .filter(cart_items::product_id.eq(&product.id))
                .select((cart_items::source_channel, cart_items::source_id))
                .first(conn)
                .optional()?;
            let now_from = (Some(source.channel), Some(source.source_id.as_str()));
            if before
                .as_ref()
                .map(|(channel, id)| (channel.as_deref(), id.as_deref()))
                != Some(now_from)
            {
                analytics::rollup::count_add_to_cart(conn, source, now)?;
            }
        }
        upsert_line(
            conn,
            &cart.id,
            &product.id,
            quantity,
            (
                scan_code.as_deref(),
                source
                    .as_ref()
                    .map(|source| (source.channel, source.source_id.as_str())),
            ),
            now,
        )
    })?;
    view(conn, owner, now)
}

/// Sets a line's quantity. A line added from a source moves to it; the code of a scanned
/// line (its price promise) is kept unless a new one is given.
fn upsert_line(
    conn: &mut DbConnection,
    cart_id: &str,
    product_id: &str,
    quantity: i32,
    (scan_code, source): (Option<&str>, Option<(&str, &str)>),
    now: NaiveDateTime,
) -> Result<(), DomainError> {
    use diesel::upsert::excluded;
    let row = CartItem {
        id: ids::new_id(),
        cart_id: cart_id.to_owned(),
        product_id: product_id.to_owned(),
        quantity,
        scan_code: scan_code.map(str::to_owned),
        added_at: now,
        source_channel: source.map(|(channel, _)| channel.to_owned()),
        source_id: source.map(|(_, source_id)| source_id.to_owned()),
    };
    let conflict = (cart_items::cart_id, cart_items::product_id);
    let quantity = cart_items::quantity.eq(excluded(cart_items::quantity));
    let source_columns = (
        cart_items::source_channel.eq(excluded(cart_items::source_channel)),
        cart_items::source_id.eq(excluded(cart_items::source_id)),
    );
    match (scan_code, source) {
        (Some(_), _) => crate::on_backend!(conn, |inner| diesel::insert_into(cart_items::table)
            .values(&row)
            .on_conflict(conflict)
            .do_update()
            .set((
                quantity,
                cart_items::scan_code.eq(excluded(cart_items::scan_code)),
                source_columns,
            ))
            .execute(inner))?,
        (None, Some(_)) => {
            crate::on_backend!(conn, |inner| diesel::insert_into(cart_items::table)
                .values(&row)
                .on_conflict(conflict)
                .do_update()
                .set((quantity, source_columns))
                .execute(inner))?
        }
        (None, None) => crate::on_backend!(conn, |inner| diesel::insert_into(cart_items::table)
            .values(&row)
            .on_conflict(conflict)
            .do_update()
            .set(quantity)
            .execute(inner))?,
    };
    Ok(())
}

fn owned_line(
    conn: &mut DbConnection,
    owner: &CartOwner,
    item_id: &str,
) -> Result<CartItem, DomainError> {
    let cart = find_cart(conn, owner)?.ok_or(DomainError::NotFound("cart item"))?;
    cart_items::table
        .find(item_id)
        .filter(cart_items::cart_id.eq(&cart.id))
        .select(CartItem::as_select())
        .first(conn)
        .optional()?
        .ok_or(DomainError::NotFound("cart item"))
}

/// Changes the quantity of one of the owner's lines.
pub fn update_item(
    conn: &mut DbConnection,
    owner: &CartOwner,
    item_id: &str,
    quantity: i32,
    now: NaiveDateTime,
) -> Result<CartView, DomainError> {
    check_quantity(quantity)?;
    let line = owned_line(conn, owner, item_id)?;
    let product = products::by_id(conn, &line.product_id)?;
    check_sellable(&product, quantity)?;
    diesel::update(cart_items::table.find(&line.id))
        .set(cart_items::quantity.eq(quantity))
        .execute(conn)?;
    view(conn, owner, now)
}

/// Removes one of the owner's lines.
pub fn remove_item(
    conn: &mut DbConnection,
    owner: &CartOwner,
    item_id: &str,
    now: NaiveDateTime,
) -> Result<CartView, DomainError> {
    let line = owned_line(conn, owner, item_id)?;
    diesel::delete(cart_items::table.find(&line.id)).execute(conn)?;
    view(conn, owner, now)
}

/// Removes the products of a placed order from the customer's cart.
pub fn remove_products(
    conn: &mut DbConnection,
    owner: &CartOwner,
    product_ids: &[String],
) -> Result<(), DomainError> {
    if let Some(cart) = find_cart(conn, owner)? {
        diesel::delete(
            cart_items::table
                .filter(cart_items::cart_id.eq(&cart.id))
                .filter(cart_items::product_id.eq_any(product_ids)),
        )
        .execute(conn)?;
    }
    Ok(())
}

/// At sign-in: moves the device's guest cart into the customer's cart, then deletes it.
/// Lines of the same product keep the larger quantity; when the carts hold different
/// retailers' products, the guest cart (what was just scanned) replaces the customer's.
pub fn merge_device_cart(
    conn: &mut DbConnection,
    device_token_hash: &str,
    user_id: &str,
    now: NaiveDateTime,
) -> Result<(), DomainError> {
    write_transaction(conn, |conn| {
        let Some(guest) = find_cart(conn, &CartOwner::Device(device_token_hash.to_owned()))? else {
            return Ok(());
        };
        let guest_lines = lines_of(conn, &guest.id)?;
        if !guest_lines.is_empty() {
            let cart = find_or_create_cart(conn, &CartOwner::Customer(user_id.to_owned()))?;
            let mut kept = lines_of(conn, &cart.id)?;
            if !kept.is_empty() && cart.retailer_id != guest.retailer_id {
                diesel::delete(cart_items::table.filter(cart_items::cart_id.eq(&cart.id)))
                    .execute(conn)?;
                kept.clear();
            }
            for line in &guest_lines {
                let current = kept
                    .iter()
                    .find(|k| k.product_id == line.product_id)
                    .map_or(0, |k| k.quantity);
                upsert_line(
                    conn,
                    &cart.id,
                    &line.product_id,
                    line.quantity.max(current),
                    (
                        line.scan_code.as_deref(),
                        line.source_channel
                            .as_deref()
                            .zip(line.source_id.as_deref()),
                    ),
                    now,
                )?;
            }
            diesel::update(carts::table.find(&cart.id))
                .set((
                    carts::retailer_id.eq(&guest.retailer_id),
                    carts::updated_at.eq(now),
                ))
                .execute(conn)?;
        }
        diesel::delete(carts::table.find(&guest.id)).execute(conn)?;
        Ok(())
    })
}
