//! Money as integer minor units plus an ISO 4217 currency.

use serde::{Deserialize, Serialize};

/// Currencies this service accepts, with their number of minor-unit digits.
const CURRENCIES: &[(&str, u8)] = &[
    ("KRW", 0),
    ("JPY", 0),
    ("EUR", 2),
    ("USD", 2),
    ("GBP", 2),
    ("SEK", 2),
    ("NOK", 2),
    ("DKK", 2),
    ("CHF", 2),
    ("CNY", 2),
    ("HKD", 2),
    ("SGD", 2),
    ("TWD", 2),
    ("AUD", 2),
    ("CAD", 2),
];

/// An amount in the currency's smallest unit (won, cents).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    /// Integer count of minor units; KRW has none, so this is whole won.
    pub amount_minor: i64,
    /// ISO 4217 code, upper case.
    pub currency: String,
}

/// True when `code` is an ISO 4217 currency this service handles.
pub fn is_supported_currency(code: &str) -> bool {
    CURRENCIES.iter().any(|(c, _)| *c == code)
}

/// Digits after the decimal point for `code` (0 for KRW, 2 for EUR).
pub fn minor_unit_digits(code: &str) -> Option<u8> {
    CURRENCIES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, digits)| *digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_minor_units() {
        assert_eq!(minor_unit_digits("KRW"), Some(0));
        assert_eq!(minor_unit_digits("EUR"), Some(2));
        assert!(!is_supported_currency("XXX"));
        assert!(!is_supported_currency("krw"));
    }
}
