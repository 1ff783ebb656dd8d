//! CSRF tokens for the mobile pages' forms: an HMAC-SHA256 of the device cookie's token.
//! A site that makes the browser post to us cannot read that HttpOnly cookie, so it
//! cannot compute the token; nothing needs to be stored server-side.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Separates the CSRF key from every other use of the JWT secret.
const DERIVATION_LABEL: &[u8] = b"virtual-shelf/web/csrf/v1";

/// The key CSRF tokens are signed with.
#[derive(Clone)]
pub struct CsrfKey([u8; 32]);

impl std::fmt::Debug for CsrfKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CsrfKey(..)")
    }
}

impl CsrfKey {
    /// Derives the key from the JWT signing secret (HMAC of a fixed label), so operators
    /// manage one secret; rotating it invalidates forms rendered before, which a reload
    /// fixes.
    pub fn derive(secret: &SecretString) -> Self {
        Self(
            Self::mac(secret.expose_secret().as_bytes())
                .chain_update(DERIVATION_LABEL)
                .finalize()
                .into_bytes()
                .into(),
        )
    }

    fn mac(key: &[u8]) -> HmacSha256 {
        HmacSha256::new_from_slice(key).expect("HMAC takes keys of any length")
    }

    /// The token every form of this device carries.
    pub fn token_for(&self, device_token: &str) -> String {
        let tag = Self::mac(&self.0)
            .chain_update(device_token.as_bytes())
            .finalize()
            .into_bytes();
        URL_SAFE_NO_PAD.encode(tag)
    }

    /// True when `submitted` is this device's token, compared in constant time.
    pub fn verify(&self, device_token: &str, submitted: &str) -> bool {
        let Ok(tag) = URL_SAFE_NO_PAD.decode(submitted) else {
            return false;
        };
        Self::mac(&self.0)
            .chain_update(device_token.as_bytes())
            .verify_slice(&tag)
            .is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(secret: &str) -> CsrfKey {
        CsrfKey::derive(&SecretString::from(secret.to_owned()))
    }

    #[test]
    fn a_token_verifies_only_for_its_device_and_key() {
        let ours = key("secret-one");
        let token = ours.token_for("device-a");
        assert!(ours.verify("device-a", &token));
        assert!(!ours.verify("device-b", &token));
        assert!(!key("secret-two").verify("device-a", &token));
        assert!(!ours.verify("device-a", ""));
        assert!(!ours.verify("device-a", "not base64 !"));
        assert!(!ours.verify("device-a", &token[..token.len() - 2]));
    }
}
