//! Password hashing with Argon2id (the crate's defaults follow OWASP's recommendation).

use std::cell::RefCell;
use std::sync::LazyLock;

use argon2::password_hash::{self, Output, ParamsString, PasswordHash, Salt, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};

use crate::domain::DomainError;

/// A hash of a password nobody has, verified against when the email is unknown so that
/// a login for an unknown email costs the same time as one with a wrong password.
static DECOY_HASH: LazyLock<String> =
    LazyLock::new(|| hash("decoy-password-never-matches").unwrap_or_default());

thread_local! {
    /// Argon2's working memory (19 MiB at the default cost), kept by each thread that
    /// hashes for its next hash. The crate's own `hash_password` allocates it per hash,
    /// and glibc then keeps the freed blocks in its per-thread arenas, fragmented by the
    /// small allocations around them: resident memory grew by 150 MiB within seconds of a
    /// four-connection login flood, on a single hashing thread. Reused, it is one buffer
    /// per hashing thread.
    static MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// What `Argon2::hash_password_customized` computes, in this thread's reused memory.
fn compute(
    password: &[u8],
    algorithm: Algorithm,
    version: Version,
    params: Params,
    salt: Salt<'_>,
) -> password_hash::Result<Output> {
    let mut salt_buffer = [0u8; Salt::MAX_LENGTH];
    let salt = salt.decode_b64(&mut salt_buffer)?;
    let output_len = params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN);
    let blocks = params.block_count();
    let argon2 = Argon2::new(algorithm, version, params);
    MEMORY.with_borrow_mut(|memory| {
        if memory.len() < blocks {
            memory.resize(blocks, Block::default());
        }
        Output::init_with(output_len, |out| {
            argon2
                .hash_password_into_with_memory(password, salt, out, &mut memory[..blocks])
                .map_err(Into::into)
        })
    })
}

/// Hashes `password` with Argon2id at the crate's default cost and a fresh random salt,
/// in PHC string format.
pub fn hash(password: &str) -> Result<String, DomainError> {
    let failed = |e| DomainError::internal(anyhow::anyhow!("hashing password: {e}"));
    let salt = SaltString::generate(&mut password_hash::rand_core::OsRng);
    let (algorithm, version, params) = (Algorithm::Argon2id, Version::V0x13, Params::default());
    let phc = PasswordHash {
        algorithm: algorithm.ident(),
        version: Some(version.into()),
        params: ParamsString::try_from(&params).map_err(failed)?,
        salt: Some(salt.as_salt()),
        hash: Some(
            compute(
                password.as_bytes(),
                algorithm,
                version,
                params,
                salt.as_salt(),
            )
            .map_err(failed)?,
        ),
    };
    Ok(phc.to_string())
}

/// `password` hashed the way `stored` was: same variant, version, cost and salt.
fn recompute(password: &str, stored: &PasswordHash<'_>) -> password_hash::Result<Output> {
    let version = stored
        .version
        .map(Version::try_from)
        .transpose()?
        .unwrap_or_default();
    compute(
        password.as_bytes(),
        Algorithm::try_from(stored.algorithm)?,
        version,
        Params::try_from(stored)?,
        stored.salt.ok_or(password_hash::Error::Password)?,
    )
}

/// True when `password` matches `stored`, whatever Argon2 variant and cost it was made
/// with; a malformed stored hash never matches.
pub fn verify(password: &str, stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    // `Output` compares in constant time.
    parsed.hash.is_some_and(|expected| {
        recompute(password, &parsed).is_ok_and(|computed| computed == expected)
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

    #[test]
    fn hashes_agree_with_the_argon2_crate() {
        use password_hash::{PasswordHasher, PasswordVerifier};
        let ours = hash("correct horse").expect("hash");
        let parsed = PasswordHash::new(&ours).expect("PHC string");
        assert!(
            Argon2::default()
                .verify_password(b"correct horse", &parsed)
                .is_ok()
        );
        let salt = SaltString::generate(&mut password_hash::rand_core::OsRng);
        let theirs = Argon2::default()
            .hash_password(b"correct horse", &salt)
            .expect("hash")
            .to_string();
        assert!(verify("correct horse", &theirs));
        assert!(!verify("wrong horse", &theirs));
        // Another variant and cost, as a stored hash may carry.
        let cheap = Argon2::new(
            Algorithm::Argon2i,
            Version::V0x10,
            Params::new(64, 1, 1, None).expect("params"),
        )
        .hash_password(b"correct horse", &salt)
        .expect("hash")
        .to_string();
        assert!(verify("correct horse", &cheap));
        assert!(!verify("wrong horse", &cheap));
    }
}
