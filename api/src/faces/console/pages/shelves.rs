//! View models of the shelves pages: the list with the form that makes a shelf, and one
//! shelf with its form, embed code and deletion. Products are chosen without JavaScript:
//! each product of the catalogue has a position field, and the products given a position
//! make the shelf in that order.

use std::collections::HashMap;

use askama::Template;
use serde::Deserialize;

use super::Nav;
use crate::app::pages::render::FieldErrors;
use crate::app::pages::staff::StaffFrame;
use crate::app::urls::{PublicUrls, SHELF_EMBED_HEIGHT_PX};
use crate::domain::FieldError;
use crate::domain::accounts::{Principal, Role};
use crate::domain::catalog::Product;
use crate::domain::catalog::shelves::{MAX_PRODUCTS, ShelfDetails, ShelfInput};
use crate::domain::retailers::Retailer;
use crate::faces::console::i18n::shelves::{self as strings, ShelvesStrings};

/// Prefix of a product's position field: `pos.{sku}`.
const POSITION: &str = "pos.";

/// What the shelf form posts: `name`, and `pos.{sku}` for each product listed, its
/// position on the shelf or empty (the CSRF token rides along and is ignored here).
#[derive(Debug, Default, Deserialize)]
#[serde(transparent)]
pub struct ShelfForm(Vec<(String, String)>);

impl ShelfForm {
    /// The catalogue search the form was shown with (a hidden field), to show the same
    /// products again.
    pub fn search(&self) -> Option<&str> {
        self.0
            .iter()
            .find(|(key, _)| key == "q")
            .map(|(_, value)| value.trim())
            .filter(|value| !value.is_empty())
    }

    fn name(&self) -> &str {
        self.0
            .iter()
            .find(|(key, _)| key == "name")
            .map_or("", |(_, value)| value)
    }

    /// The position fields as posted, by SKU.
    fn positions(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0
            .iter()
            .filter_map(|(key, value)| Some((key.strip_prefix(POSITION)?, value.trim())))
    }

    /// The shelf the form asks for: the products given a position, by position (ties in
    /// the order listed); or an error at each position that is not a whole number from
    /// 1 to 24.
    pub fn input(&self, s: &ShelvesStrings) -> Result<ShelfInput, FieldErrors> {
        let mut chosen = Vec::new();
        let mut errors = Vec::new();
        for (sku, value) in self.positions().filter(|(_, value)| !value.is_empty()) {
            match value.parse::<usize>() {
                Ok(position) if (1..=MAX_PRODUCTS).contains(&position) => {
                    chosen.push((position, sku.to_owned()));
                }
                _ => errors.push((format!("{POSITION}{sku}"), s.err_position)),
            }
        }
        if !errors.is_empty() {
            return Err(errors.into_iter().collect());
        }
        // A stable sort keeps the listed order among equal positions.
        chosen.sort_by_key(|(position, _)| *position);
        Ok(ShelfInput {
            name: self.name().to_owned(),
            skus: chosen.into_iter().map(|(_, sku)| sku).collect(),
        })
    }
}

/// What the delete form posts: `confirm` ticked.
#[derive(Debug, Default, Deserialize)]
pub struct DeleteForm {
    /// `on` when the admin confirmed the deletion.
    #[serde(default)]
    pub confirm: Option<String>,
}

/// The domain's refusal of a shelf, worded for the form: at the name or at the products.
pub fn field_errors(errors: &[FieldError], s: &'static ShelvesStrings) -> FieldErrors {
    FieldErrors::worded(errors, |error| match error.field.as_str() {
        "name" => s.err_name,
        _ => s.err_products,
    })
}

/// What the form's fields hold: a stored shelf, what was posted, or nothing yet.
pub enum Values<'a> {
    /// A new shelf's empty form.
    Blank,
    /// The stored shelf.
    Stored(&'a ShelfDetails),
    /// What the admin posted, shown again with its errors.
    Posted(&'a ShelfForm),
}

/// One product's position field.
struct ProductRow {
    field: String,
    id: String,
    name: String,
    sku: String,
    active: bool,
    value: String,
}

/// The shelf form's fields.
struct ShelfFields {
    name: String,
    rows: Vec<ProductRow>,
}

impl ShelfFields {
    /// A field for each of `catalogue`, holding `values`.
    fn new(catalogue: &[Product], values: Values<'_>) -> Self {
        let (name, positions): (String, HashMap<String, String>) = match values {
            Values::Blank => (String::new(), HashMap::new()),
            Values::Stored(details) => (
                details.shelf.name.clone(),
                details
                    .products
                    .iter()
                    .zip(1..)
                    .map(|(p, position): (&Product, usize)| (p.sku.clone(), position.to_string()))
                    .collect(),
            ),
            Values::Posted(form) => (
                form.name().to_owned(),
                form.positions()
                    .map(|(sku, value)| (sku.to_owned(), value.to_owned()))
                    .collect(),
            ),
        };
        let rows = catalogue
            .iter()
            .enumerate()
            .map(|(index, p)| ProductRow {
                field: format!("{POSITION}{}", p.sku),
                id: format!("pos-{index}"),
                value: positions.get(&p.sku).cloned().unwrap_or_default(),
                name: p.name.clone(),
                sku: p.sku.clone(),
                active: p.active,
            })
            .collect();
        Self { name, rows }
    }
}

/// A shelf in the list.
struct ShelfRow {
    id: String,
    name: String,
    products: usize,
    embed_url: String,
}

/// `/console/r/{rid}/shelves`: the retailer's shelves, and (for admins) the form that
/// makes one.
#[derive(Template)]
#[template(path = "console_shelves.html")]
pub struct ShelvesPage {
    frame: StaffFrame,
    nav: Nav,
    s: &'static ShelvesStrings,
    retailer: String,
    manage: bool,
    shelves: Vec<ShelfRow>,
    path: String,
    search: String,
    form: ShelfFields,
    notice: Option<&'static str>,
    errors: FieldErrors,
}

impl ShelvesPage {
    /// The list of `shelves` as `user` sees it, the new-shelf form over `catalogue`
    /// (found by `search`) holding `values`, a notice and the form's errors.
    pub fn new(
        (frame, urls): (StaffFrame, &PublicUrls),
        (user, retailer): (&Principal, &Retailer),
        shelves: &[ShelfDetails],
        (catalogue, values, search): (&[Product], Values<'_>, &str),
        notice: Option<&'static str>,
        errors: FieldErrors,
    ) -> Self {
        Self {
            s: strings::strings(frame.language()),
            nav: Nav::new(user, retailer, "shelves"),
            retailer: retailer.name.clone(),
            manage: user.role != Role::Operator,
            shelves: shelves
                .iter()
                .map(|details| ShelfRow {
                    id: details.shelf.id.clone(),
                    name: details.shelf.name.clone(),
                    products: details.products.len(),
                    embed_url: urls.shelf_embed_url(&details.shelf.id),
                })
                .collect(),
            path: format!("/console/r/{}/shelves", retailer.id),
            search: search.to_owned(),
            form: ShelfFields::new(catalogue, values),
            frame,
            notice,
            errors,
        }
    }
}

/// `/console/r/{rid}/shelves/{id}`: one shelf, its embed code, and (for admins) the forms
/// that change and delete it.
#[derive(Template)]
#[template(path = "console_shelf.html")]
pub struct ShelfPage {
    frame: StaffFrame,
    nav: Nav,
    s: &'static ShelvesStrings,
    retailer: String,
    manage: bool,
    title: String,
    products: Vec<(String, String, bool)>,
    snippet: String,
    embed_url: String,
    path: String,
    search: String,
    form: ShelfFields,
    notice: Option<&'static str>,
    errors: FieldErrors,
}

impl ShelfPage {
    /// The page of `details` as `user` sees it, its form over `catalogue` (found by
    /// `search`, with the shelf's own products) holding `values`, a notice and the forms'
    /// errors.
    pub fn new(
        (frame, urls): (StaffFrame, &PublicUrls),
        (user, retailer): (&Principal, &Retailer),
        details: &ShelfDetails,
        (catalogue, values, search): (&[Product], Values<'_>, &str),
        notice: Option<&'static str>,
        errors: FieldErrors,
    ) -> Self {
        let shelf = &details.shelf;
        Self {
            s: strings::strings(frame.language()),
            nav: Nav::new(user, retailer, "shelves"),
            retailer: retailer.name.clone(),
            manage: user.role != Role::Operator,
            title: shelf.name.clone(),
            products: details
                .products
                .iter()
                .map(|p| (p.name.clone(), p.sku.clone(), p.active))
                .collect(),
            snippet: urls.shelf_embed_snippet(&shelf.id, &shelf.name, None, SHELF_EMBED_HEIGHT_PX),
            embed_url: urls.shelf_embed_url(&shelf.id),
            path: format!("/console/r/{}/shelves/{}", retailer.id, shelf.id),
            search: search.to_owned(),
            form: ShelfFields::new(catalogue, values),
            frame,
            notice,
            errors,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ShelfForm;
    use crate::faces::console::i18n::shelves::EN;

    fn form(pairs: &[(&str, &str)]) -> ShelfForm {
        ShelfForm(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    #[test]
    fn positions_order_the_products_and_empty_ones_stay_off() {
        let posted = form(&[
            ("csrf", "token"),
            ("name", " Mina "),
            ("pos.A", "2"),
            ("pos.B", ""),
            ("pos.C", " 1 "),
            ("pos.D", "2"),
        ]);
        let input = posted.input(&EN).expect("valid");
        assert_eq!(input.name, " Mina ", "the domain trims");
        assert_eq!(input.skus, ["C", "A", "D"], "ties keep the listed order");
    }

    #[test]
    fn a_position_outside_1_to_24_is_an_error_at_its_field() {
        let posted = form(&[
            ("pos.A", "0"),
            ("pos.B", "25"),
            ("pos.C", "x"),
            ("pos.D", "24"),
        ]);
        let errors = posted.input(&EN).expect_err("invalid");
        for field in ["pos.A", "pos.B", "pos.C"] {
            assert_eq!(errors.get(field), Some(EN.err_position), "{field}");
        }
        assert_eq!(errors.get("pos.D"), None);
    }
}
