//! Password hashing with Argon2id (the crate's defaults follow OWASP's recommendation).

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use std::sync::LazyLock;

use crate::domain::DomainError;

/// A hash of a password nobody has, verified against when the email is unknown so that
/// a login for an unknown email costs the same time as one with a wrong password.
static DECOY_HASH: LazyLock<String> =
    LazyLock::new(|| hash("decoy-password-never-matches").unwrap_or_default());

/// Hashes `password` with a fresh random salt, in PHC string format.
pub fn hash(password: &str) -> Result<String, DomainError> {
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| DomainError::internal(anyhow::anyhow!("hashing password: {e}")))
}

/// True when `password` matches `stored`; a malformed stored hash never matches.
pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// Spends the time of one verification without any account to check.
pub fn verify_decoy(password: &str) {
    let _ = verify(password, &DECOY_HASH);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_only_the_right_password() {
        let stored = hash("correct horse").expect("hash");
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("correct horse", &stored));
        assert!(!verify("wrong horse", &stored));
        assert!(!verify("correct horse", "not a hash"));
    }
}
