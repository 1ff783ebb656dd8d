//! Money as integer minor units plus an ISO 4217 currency. The currency knowledge (minor
//! units, symbols, locale styles) lives in the shelf-generator, which prints the same
//! prices on posters; this module is the API's door to it.

pub use shelf_generator::spec::Money;

/// True when `code` is an ISO 4217 currency whose prices this system can print.
pub fn is_supported_currency(code: &str) -> bool {
    code.len() == 3
        && code.bytes().all(|b| b.is_ascii_uppercase())
        && shelf_generator::money::validate(
            &Money {
                amount_minor: 0,
                currency: code.to_owned(),
            },
            "currency",
        )
        .is_ok()
}

/// `amount_minor` written the way `locale` writes money: `₩3,900`, `3,90 €`.
pub fn format(amount_minor: i64, currency: &str, locale: &str) -> String {
    let money = Money {
        amount_minor,
        currency: currency.to_owned(),
    };
    shelf_generator::money::format_price(&money, Some(locale))
        .unwrap_or_else(|_| format!("{amount_minor} {currency}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_print_currencies() {
        assert!(is_supported_currency("KRW"));
        assert!(is_supported_currency("EUR"));
        assert!(!is_supported_currency("XXX"));
        assert!(!is_supported_currency("krw"));
    }

    #[test]
    fn formats_for_the_locale() {
        assert_eq!(format(3900, "KRW", "ko-KR"), "₩3,900");
        assert_eq!(format(390, "EUR", "de-DE"), "3,90\u{a0}€");
    }
}
