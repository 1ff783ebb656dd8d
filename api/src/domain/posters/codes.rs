//! Scan codes: 8 characters of Crockford base32, random, case-insensitive. Upper-case
//! codes in upper-case URLs keep the QR payload in alphanumeric mode.

/// Crockford's alphabet: digits and letters without I, L, O and U.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Characters in a code: 40 random bits, a trillion codes.
pub const CODE_LENGTH: usize = 8;

/// A fresh random code.
pub fn generate() -> String {
    let bits: u64 = rand::random::<u64>();
    (0..CODE_LENGTH)
        .map(|i| ALPHABET[((bits >> (i * 5)) & 0x1f) as usize] as char)
        .collect()
}

/// The canonical form of what a person or a camera read: upper case, with Crockford's
/// look-alikes mapped (`O` → `0`, `I`/`L` → `1`) and hyphens ignored. `None` when it
/// cannot be a code.
pub fn normalize(raw: &str) -> Option<String> {
    let code: String = raw
        .chars()
        .filter(|c| *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect();
    let valid = code.len() == CODE_LENGTH && code.bytes().all(|b| ALPHABET.contains(&b));
    valid.then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_codes_are_canonical_and_distinct() {
        let codes: std::collections::HashSet<String> = (0..1000).map(|_| generate()).collect();
        assert_eq!(codes.len(), 1000);
        for code in &codes {
            assert_eq!(normalize(code).as_deref(), Some(code.as_str()));
        }
    }

    #[test]
    fn reading_is_forgiving_but_strict_on_shape() {
        assert_eq!(normalize("7q2k-9xj4").as_deref(), Some("7Q2K9XJ4"));
        assert_eq!(normalize("O1LI2345").as_deref(), Some("01112345"));
        assert_eq!(normalize("7Q2K9XJ"), None);
        assert_eq!(normalize("7Q2K9XJ4Z"), None);
        assert_eq!(normalize("7Q2K9XJU"), None, "U is not in the alphabet");
        assert_eq!(normalize("7Q2K9XJ!"), None);
    }
}
