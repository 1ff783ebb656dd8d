//! The price promise: a poster prints a price; while the placement's campaign runs, a
//! product added by scanning it costs the lower of the printed and the current price.

/// The price one unit of a cart line costs, and whether the promise set it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitPrice {
    /// Minor units.
    pub amount_minor: i64,
    /// True when the poster's lower price applies.
    pub promised: bool,
}

/// The unit price of a product at `catalog_minor`, added from a code that printed
/// `printed_minor` (if any) in a campaign that is or is not running.
pub fn unit_price(catalog_minor: i64, printed: Option<(i64, bool)>) -> UnitPrice {
    match printed {
        Some((printed_minor, true)) if printed_minor < catalog_minor => UnitPrice {
            amount_minor: printed_minor,
            promised: true,
        },
        _ => UnitPrice {
            amount_minor: catalog_minor,
            promised: false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::unit_price;

    #[test]
    fn the_lower_printed_price_holds_only_while_the_campaign_runs() {
        assert_eq!(unit_price(3000, Some((2500, true))).amount_minor, 2500);
        assert!(unit_price(3000, Some((2500, true))).promised);
        assert_eq!(unit_price(3000, Some((2500, false))).amount_minor, 3000);
        assert_eq!(unit_price(3000, Some((3500, true))).amount_minor, 3000);
        assert!(!unit_price(3000, Some((3500, true))).promised);
        assert_eq!(unit_price(3000, None).amount_minor, 3000);
    }
}
