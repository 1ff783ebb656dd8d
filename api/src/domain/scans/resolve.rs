//! Resolving codes: one query joining each code to its product, retailer, poster and
//! placement.

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{placements, posters, products, retailers, scan_codes};
use crate::domain::DomainError;
use crate::domain::catalog::Product;
use crate::domain::posters::Poster;
use crate::domain::posters::codes::normalize as codes_normalize;
use crate::domain::posters::placements::Placement;
use crate::domain::retailers::Retailer;

/// Everything a scan answer needs, as stored.
#[derive(Debug, Clone)]
pub struct ResolvedScan {
    /// The canonical code.
    pub code: String,
    /// Price printed beside the code, in minor units.
    pub printed_price_minor: i64,
    /// The product printed beside the code.
    pub product: Product,
    /// Its retailer.
    pub retailer: Retailer,
    /// The poster the code is on.
    pub poster: Poster,
    /// The placement whose copy of the poster carries the code, if any.
    pub placement: Option<Placement>,
}

impl ResolvedScan {
    /// True while the code's campaign runs (see [`Poster::campaign_active`]).
    pub fn campaign_active(&self, now: chrono::NaiveDateTime) -> bool {
        self.poster.campaign_active(self.placement.as_ref(), now)
    }

    /// False when the product was deactivated or deleted: the page says "unavailable".
    pub fn product_available(&self) -> bool {
        self.product.active && self.product.deleted_at.is_none()
    }

    /// True when the product can be ordered now.
    pub fn in_stock(&self) -> bool {
        self.product_available() && self.product.available() > 0
    }

    /// The printed price when it differs from the current one.
    pub fn printed_price_if_different(&self) -> Option<i64> {
        (self.printed_price_minor != self.product.price_minor).then_some(self.printed_price_minor)
    }
}

/// Resolves a code as typed or decoded (any case). Unknown or malformed codes are
/// `NotFound`.
pub fn resolve(conn: &mut DbConnection, raw_code: &str) -> Result<ResolvedScan, DomainError> {
    let code = codes_normalize(raw_code).ok_or(DomainError::NotFound("code"))?;
    resolve_many(conn, &[code])?
        .pop()
        .ok_or(DomainError::NotFound("code"))
}

/// Resolves canonical codes in one query (the scan cache refreshes its hot codes this
/// way); unknown codes are left out of the answer, whose order is unspecified.
pub fn resolve_many(
    conn: &mut DbConnection,
    codes: &[String],
) -> Result<Vec<ResolvedScan>, DomainError> {
    let rows: Vec<(String, i64, Product, Retailer, Poster, Option<Placement>)> = scan_codes::table
        .filter(scan_codes::code.eq_any(codes))
        .inner_join(products::table)
        .inner_join(retailers::table)
        .inner_join(posters::table)
        .left_join(placements::table)
        .select((
            scan_codes::code,
            scan_codes::printed_price_minor,
            Product::as_select(),
            Retailer::as_select(),
            Poster::as_select(),
            Option::<Placement>::as_select(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(code, printed_price_minor, product, retailer, poster, placement)| ResolvedScan {
                code,
                printed_price_minor,
                product,
                retailer,
                poster,
                placement,
            },
        )
        .collect())
}
