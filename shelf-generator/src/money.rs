//! Price formatting for shelf labels: integer minor units + ISO 4217 currency, written the
//! way the shopper's locale writes money (`₩3,900`, `3,90 €`, `$3.90`).

use crate::error::{Error, Result};
use crate::spec::Money;

/// Digits after the decimal separator (ISO 4217 "minor unit"), for the currencies a
/// retailer of this product is likely to use. Unknown codes are refused rather than
/// guessed, since a wrong exponent misprints every price by a factor of 100.
pub fn minor_digits(currency: &str) -> Option<u32> {
    Some(match currency {
        "KRW" | "JPY" | "ISK" | "CLP" | "VND" | "HUF" | "TWD" => 0,
        "EUR" | "USD" | "GBP" | "SEK" | "NOK" | "DKK" | "CHF" | "PLN" | "CZK" | "CAD" | "AUD"
        | "NZD" | "SGD" | "HKD" | "CNY" | "INR" | "MXN" | "BRL" | "ZAR" | "THB" | "MYR" | "PHP"
        | "IDR" | "TRY" | "RON" | "ILS" | "AED" => 2,
        "KWD" | "BHD" | "OMR" | "JOD" | "TND" => 3,
        _ => return None,
    })
}

fn symbol(currency: &str) -> &str {
    match currency {
        "KRW" => "₩",
        "EUR" => "€",
        "USD" => "$",
        "GBP" => "£",
        "JPY" | "CNY" => "¥",
        "SEK" | "NOK" | "DKK" | "ISK" => "kr",
        "CHF" => "CHF",
        "PLN" => "zł",
        "INR" => "₹",
        "TRY" => "₺",
        "ILS" => "₪",
        "VND" => "₫",
        other => other,
    }
}

/// How a locale writes an amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Style {
    group: &'static str,
    decimal: &'static str,
    /// Symbol before the number (`₩3,900`) or after it with a no-break space (`3,90 €`).
    prefix: bool,
}

const EN: Style = Style {
    group: ",",
    decimal: ".",
    prefix: true,
};
const DE: Style = Style {
    group: ".",
    decimal: ",",
    prefix: false,
};
/// French and the Nordic languages group with a narrow no-break space.
const FR: Style = Style {
    group: "\u{202f}",
    decimal: ",",
    prefix: false,
};
const CH: Style = Style {
    group: "’",
    decimal: ".",
    prefix: true,
};

fn style_for(locale: &str) -> Style {
    let lang = locale
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    match (lang.as_str(), locale.to_ascii_uppercase().ends_with("-CH")) {
        (_, true) => CH,
        ("de" | "nl" | "it" | "es" | "pt" | "da" | "id" | "tr" | "ro", _) => DE,
        ("fr" | "sv" | "fi" | "nb" | "no" | "pl" | "cs" | "sk" | "ru" | "uk" | "hu", _) => FR,
        _ => EN,
    }
}

/// The locale whose way of writing money a currency gets when the spec names none.
pub fn default_locale(currency: &str) -> &'static str {
    match currency {
        "KRW" => "ko-KR",
        "EUR" => "de-DE",
        "SEK" => "sv-SE",
        "NOK" => "nb-NO",
        "DKK" => "da-DK",
        "GBP" => "en-GB",
        "JPY" => "ja-JP",
        "CHF" => "de-CH",
        "PLN" => "pl-PL",
        _ => "en-US",
    }
}

/// Checks that `money` can be printed: a known ISO 4217 code and no negative amount.
pub fn validate(money: &Money, field: &str) -> Result<()> {
    if minor_digits(&money.currency).is_none() {
        return Err(Error::invalid(
            format!("{field}.currency"),
            format!(
                "`{}` is not an ISO 4217 currency this generator knows (e.g. KRW, EUR, USD)",
                money.currency
            ),
        ));
    }
    if money.amount_minor < 0 {
        return Err(Error::invalid(
            format!("{field}.amount_minor"),
            "a shelf price cannot be negative",
        ));
    }
    Ok(())
}

/// Formats a price for a label: `₩3,900` (ko-KR), `3,90 €` (de-DE), `$3.90` (en-US).
///
/// `locale` defaults to [`default_locale`] of the currency.
pub fn format_price(money: &Money, locale: Option<&str>) -> Result<String> {
    validate(money, "price")?;
    let digits = minor_digits(&money.currency).unwrap_or(2);
    let style = style_for(locale.unwrap_or_else(|| default_locale(&money.currency)));
    let scale = 10i64.pow(digits);
    let (major, minor) = (money.amount_minor / scale, money.amount_minor % scale);
    let mut number = group_thousands(major, style.group);
    if digits > 0 {
        number.push_str(style.decimal);
        number.push_str(&format!("{minor:0width$}", width = digits as usize));
    }
    let symbol = symbol(&money.currency);
    Ok(if style.prefix {
        // Letter codes such as CHF need a space before the number; signs do not.
        let gap = if symbol.chars().all(char::is_alphabetic) {
            "\u{a0}"
        } else {
            ""
        };
        format!("{symbol}{gap}{number}")
    } else {
        format!("{number}\u{a0}{symbol}")
    })
}

fn group_thousands(value: i64, separator: &str) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * separator.len());
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn price(amount_minor: i64, currency: &str, locale: Option<&str>) -> String {
        format_price(
            &Money {
                amount_minor,
                currency: currency.into(),
            },
            locale,
        )
        .expect("valid price")
    }

    #[test]
    fn formats_per_locale() {
        assert_eq!(price(3900, "KRW", None), "₩3,900");
        assert_eq!(price(21900, "KRW", Some("ko-KR")), "₩21,900");
        assert_eq!(price(390, "EUR", None), "3,90\u{a0}€");
        assert_eq!(price(123456, "EUR", Some("de-DE")), "1.234,56\u{a0}€");
        assert_eq!(
            price(123456, "EUR", Some("fr-FR")),
            "1\u{202f}234,56\u{a0}€"
        );
        assert_eq!(price(390, "USD", None), "$3.90");
        assert_eq!(price(2990, "SEK", None), "29,90\u{a0}kr");
        assert_eq!(price(5, "EUR", None), "0,05\u{a0}€");
        assert_eq!(price(990, "CHF", None), "CHF\u{a0}9.90");
        assert_eq!(price(0, "KRW", None), "₩0");
        assert_eq!(price(1_000_000, "KRW", None), "₩1,000,000");
    }

    #[test]
    fn refuses_unknown_currency_and_negative_amounts() {
        let err = format_price(
            &Money {
                amount_minor: 1,
                currency: "XYZ".into(),
            },
            None,
        )
        .expect_err("unknown");
        assert!(
            err.to_string().starts_with("price.currency: `XYZ`"),
            "{err}"
        );
        let err = format_price(
            &Money {
                amount_minor: -1,
                currency: "EUR".into(),
            },
            None,
        )
        .expect_err("negative");
        assert!(err.to_string().contains("amount_minor"), "{err}");
    }
}
