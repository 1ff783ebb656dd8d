//! The cart page: lines with quantity and remove forms, flagged lines, subtotal, checkout.

use askama::Template;

use crate::app::pages::i18n::{Lang, Strings};
use crate::domain::cart::{CartView, LineProblem, MAX_QUANTITY};
use crate::domain::money;

/// One line as shown.
pub struct LineView {
    id: String,
    name: String,
    quantity: i32,
    unit_price: String,
    line_total: String,
    promised: bool,
    unavailable: bool,
    short_of: Option<i64>,
}

/// The cart page.
#[derive(Template)]
#[template(path = "cart.html")]
pub struct CartPage {
    lang: &'static str,
    t: &'static Strings,
    brand: String,
    csrf: String,
    lines: Vec<LineView>,
    subtotal: String,
    ready: bool,
    max_quantity: i32,
}

impl CartPage {
    /// The page for `cart`, in `lang`.
    pub fn new(cart: &CartView, lang: Lang, csrf: String) -> Self {
        let t = lang.strings();
        let currency = cart.retailer.as_ref().map_or("", |r| r.currency.as_str());
        let format = |amount| money::format(amount, currency, lang.locale());
        let lines = cart
            .lines
            .iter()
            .map(|line| LineView {
                id: line.item.id.clone(),
                name: line.product.name.clone(),
                quantity: line.item.quantity,
                unit_price: format(line.unit_price.amount_minor),
                line_total: format(line.line_total_minor()),
                promised: line.unit_price.promised,
                unavailable: line.problem == Some(LineProblem::Unavailable),
                short_of: match line.problem {
                    Some(LineProblem::InsufficientStock { available }) => Some(available),
                    _ => None,
                },
            })
            .collect();
        Self {
            lang: lang.code(),
            t,
            brand: cart
                .retailer
                .as_ref()
                .map_or_else(|| t.brand.to_owned(), |r| r.name.clone()),
            csrf,
            lines,
            subtotal: format(cart.items_total_minor()),
            ready: cart.ready(),
            max_quantity: MAX_QUANTITY,
        }
    }
}
