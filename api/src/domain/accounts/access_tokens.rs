//! Short-lived JWT access tokens: HS256 only, with `exp`, `iat`, `iss` and `aud` checked and
//! a `kid` naming the key, so a new key can sign while the previous one still verifies.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};

use super::{Principal, Role};
use crate::config::JwtKey;
use crate::domain::DomainError;

/// Issuer written into and required from every token.
pub const ISSUER: &str = "virtual-shelf";
/// Audience written into and required from every token.
pub const AUDIENCE: &str = "virtual-shelf-api";
/// The only algorithm accepted; a token naming another (or `none`) is refused.
const ALGORITHM: Algorithm = Algorithm::HS256;

/// The claims carried by an access token.
#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    /// User id.
    pub sub: String,
    /// Role name.
    pub role: String,
    /// Retailer of a staff member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rid: Option<String>,
    /// Issued at, seconds since the epoch.
    pub iat: u64,
    /// Expires at, seconds since the epoch.
    pub exp: u64,
    /// Issuer.
    pub iss: String,
    /// Audience.
    pub aud: String,
}

/// Signs and verifies access tokens with the configured keys.
pub struct AccessTokens {
    signing_kid: String,
    encoding: EncodingKey,
    verifying: Vec<(String, DecodingKey)>,
    ttl_secs: u64,
}

impl std::fmt::Debug for AccessTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccessTokens")
            .field("signing_kid", &self.signing_kid)
            .field("ttl_secs", &self.ttl_secs)
            .finish_non_exhaustive()
    }
}

fn unauthenticated() -> DomainError {
    DomainError::Unauthenticated {
        code: "invalid_token",
        message: "the access token is missing, malformed, expired or not ours",
    }
}

impl AccessTokens {
    /// Keys from configuration: `signing` signs and verifies, `previous` only verifies.
    pub fn new(signing: &JwtKey, previous: Option<&JwtKey>, ttl_secs: u64) -> Self {
        let secret = |key: &JwtKey| key.secret.expose_secret().as_bytes().to_vec();
        let verifying = std::iter::once(signing)
            .chain(previous)
            .map(|key| (key.kid.clone(), DecodingKey::from_secret(&secret(key))))
            .collect();
        Self {
            signing_kid: signing.kid.clone(),
            encoding: EncodingKey::from_secret(&secret(signing)),
            verifying,
            ttl_secs,
        }
    }

    /// Lifetime of the tokens this issues.
    pub fn ttl_secs(&self) -> u64 {
        self.ttl_secs
    }

    /// A signed token for `principal`, valid for the configured lifetime.
    pub fn issue(&self, principal: &Principal) -> Result<String, DomainError> {
        let now = jsonwebtoken::get_current_timestamp();
        let claims = Claims {
            sub: principal.user_id.clone(),
            role: principal.role.as_str().to_owned(),
            rid: principal.retailer_id.clone(),
            iat: now,
            exp: now + self.ttl_secs,
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
        };
        let mut header = Header::new(ALGORITHM);
        header.kid = Some(self.signing_kid.clone());
        jsonwebtoken::encode(&header, &claims, &self.encoding).map_err(DomainError::internal)
    }

    /// The principal a token proves, or `Unauthenticated` for anything not exactly right.
    pub fn verify(&self, token: &str) -> Result<Principal, DomainError> {
        let header = jsonwebtoken::decode_header(token).map_err(|_| unauthenticated())?;
        if header.alg != ALGORITHM {
            return Err(unauthenticated());
        }
        let kid = header.kid.ok_or_else(unauthenticated)?;
        let (_, key) = self
            .verifying
            .iter()
            .find(|(known, _)| *known == kid)
            .ok_or_else(unauthenticated)?;
        let mut validation = Validation::new(ALGORITHM);
        validation.leeway = 5;
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
        let claims = jsonwebtoken::decode::<Claims>(token, key, &validation)
            .map_err(|_| unauthenticated())?
            .claims;
        let role = Role::parse(&claims.role).ok_or_else(unauthenticated)?;
        Ok(Principal {
            user_id: claims.sub,
            role,
            retailer_id: claims.rid,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(kid: &str, secret: &str) -> JwtKey {
        JwtKey {
            kid: kid.into(),
            secret: secret.to_owned().into(),
        }
    }

    fn principal() -> Principal {
        Principal {
            user_id: "user-1".into(),
            role: Role::RetailerAdmin,
            retailer_id: Some("r-1".into()),
        }
    }

    #[test]
    fn round_trips_and_survives_rotation() {
        let old = AccessTokens::new(&key("k1", "old-secret"), None, 60);
        let token = old.issue(&principal()).expect("issue");
        assert_eq!(old.verify(&token).expect("verify"), principal());
        let rotated =
            AccessTokens::new(&key("k2", "new-secret"), Some(&key("k1", "old-secret")), 60);
        assert_eq!(
            rotated.verify(&token).expect("old key verifies"),
            principal()
        );
        let dropped = AccessTokens::new(&key("k2", "new-secret"), None, 60);
        assert!(dropped.verify(&token).is_err());
    }

    #[test]
    fn refuses_other_keys_and_garbage() {
        let ours = AccessTokens::new(&key("k1", "secret-a"), None, 60);
        let theirs = AccessTokens::new(&key("k1", "secret-b"), None, 60);
        let forged = theirs.issue(&principal()).expect("issue");
        assert!(ours.verify(&forged).is_err());
        assert!(ours.verify("not.a.token").is_err());
        assert!(ours.verify("").is_err());
    }
}
