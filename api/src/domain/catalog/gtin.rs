//! GTIN (EAN/UPC) validation with the GS1 check digit.

/// True for an 8, 12, 13 or 14 digit GTIN whose last digit is the correct check digit.
pub fn is_valid(gtin: &str) -> bool {
    if !matches!(gtin.len(), 8 | 12 | 13 | 14) || !gtin.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let digits: Vec<u32> = gtin.bytes().map(|b| u32::from(b - b'0')).collect();
    let (body, check) = digits.split_at(digits.len() - 1);
    // Weights alternate 3, 1, 3… starting from the digit next to the check digit.
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { d * 3 } else { *d })
        .sum();
    (10 - sum % 10) % 10 == check[0]
}

#[cfg(test)]
mod tests {
    use super::is_valid;

    #[test]
    fn checks_the_check_digit() {
        assert!(is_valid("4006381333931")); // EAN-13
        assert!(is_valid("8801043014830")); // Korean EAN-13
        assert!(is_valid("96385074")); // EAN-8
        assert!(is_valid("036000291452")); // UPC-A
        assert!(!is_valid("4006381333932"));
        assert!(!is_valid("40063813339"));
        assert!(!is_valid("400638133393a"));
    }
}
