//! Opaque bearer secrets (refresh tokens, browser sessions, device ids): 32 random bytes in
//! URL-safe base64 for the client, and only their SHA-256 hash in the database, so a
//! leaked table cannot be replayed.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// A new random token (256 bits, URL-safe base64 without padding: 43 characters).
pub fn generate() -> String {
    URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

/// The hash stored in place of `token`: lower-case hex SHA-256. No salt is needed because
/// the tokens are random and long; equal tokens must hash equal so they can be looked up.
pub fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// True when `token` has the shape [`generate`] produces, so garbage from a cookie or a
/// form is refused before it reaches the database.
pub fn is_well_formed(token: &str) -> bool {
    URL_SAFE_NO_PAD
        .decode(token)
        .is_ok_and(|bytes| bytes.len() == 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_well_formed_and_hash_stably() {
        let a = generate();
        let b = generate();
        assert_ne!(a, b);
        assert!(is_well_formed(&a));
        assert!(!is_well_formed("short"));
        assert!(!is_well_formed(&format!("{a}x")));
        assert_eq!(hash(&a), hash(&a));
        assert_eq!(hash(&a).len(), 64);
        assert_ne!(hash(&a), hash(&b));
    }
}
