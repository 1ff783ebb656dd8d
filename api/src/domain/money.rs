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

/// `amount_minor` as a form shows it for editing, the way [`parse_amount`] reads it back:
/// `2500` (KRW), `3.90` (EUR), no sign or grouping.
pub fn plain_amount(amount_minor: i64, currency: &str) -> String {
    let digits = shelf_generator::money::minor_digits(currency).unwrap_or(0);
    if digits == 0 {
        return amount_minor.to_string();
    }
    let scale = 10i64.pow(digits);
    format!(
        "{}.{:0width$}",
        amount_minor / scale,
        amount_minor % scale,
        width = digits as usize
    )
}

/// A price as people type it in `currency`, in minor units: `2,500` or `₩2500` (KRW),
/// `3.90`, `3,90 €` or `1.234,50` (EUR). The last `.` or `,` is the decimal separator when
/// it is followed by no more digits than the currency has minor units, and groups thousands
/// otherwise; spaces, apostrophes and a currency sign or code around the number are
/// ignored. `None` for anything else: text, a negative amount, a misplaced separator, an
/// unknown currency.
pub fn parse_amount(text: &str, currency: &str) -> Option<i64> {
    let digits = shelf_generator::money::minor_digits(currency)?;
    let number: String = text
        .trim()
        .trim_start_matches(|c: char| !c.is_ascii_digit() && c != '-')
        .trim_end_matches(|c: char| !c.is_ascii_digit())
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\'' | '’'))
        .collect();
    if number.is_empty()
        || !number
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    let (whole, fraction) = match number.rfind(['.', ',']) {
        Some(at) if (1..=digits as usize).contains(&(number.len() - at - 1)) => {
            (&number[..at], &number[at + 1..])
        }
        _ => (number.as_str(), ""),
    };
    let mut groups = whole.split(['.', ',']);
    let first = groups.next().filter(|g| !g.is_empty() && g.len() <= 18)?;
    let mut major: i64 = first.parse().ok()?;
    let separators: Vec<char> = whole.chars().filter(|c| !c.is_ascii_digit()).collect();
    if separators.windows(2).any(|pair| pair[0] != pair[1])
        || separators
            .first()
            .is_some_and(|s| number[whole.len()..].starts_with(*s))
    {
        return None;
    }
    for group in groups {
        if group.len() != 3 {
            return None;
        }
        major = major.checked_mul(1000)?.checked_add(group.parse().ok()?)?;
    }
    let scale = 10i64.pow(digits);
    let minor: i64 = format!("{fraction:0<width$}", width = digits as usize)
        .parse()
        .unwrap_or(0);
    major.checked_mul(scale)?.checked_add(minor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_prices_as_people_type_them() {
        for (text, currency, minor) in [
            ("2,500", "KRW", 2500),
            ("2500", "KRW", 2500),
            (" ₩2,500 ", "KRW", 2500),
            ("1,234,567", "KRW", 1_234_567),
            ("0", "KRW", 0),
            ("3.90", "EUR", 390),
            ("3,90 €", "EUR", 390),
            ("3.9", "EUR", 390),
            ("1.234,50", "EUR", 123_450),
            ("1,234.50", "USD", 123_450),
            ("1,234", "EUR", 123_400),
            ("1'234.50", "CHF", 123_450),
            ("12 EUR", "EUR", 1200),
        ] {
            assert_eq!(
                parse_amount(text, currency),
                Some(minor),
                "{text} {currency}"
            );
        }
        for text in [
            "",
            "abc",
            "-5",
            "2,50,0",
            "1.234.5",
            "1,234.567.8",
            "2.500,5,0",
            "1,2",
            "3..90",
        ] {
            assert_eq!(parse_amount(text, "KRW"), None, "{text}");
        }
        assert_eq!(parse_amount("3.900", "XXX"), None);
        assert_eq!(parse_amount("99999999999999999999", "KRW"), None);
    }

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
