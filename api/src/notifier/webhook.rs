//! Messages POSTed as JSON to a gateway (SMS, messengers), signed as the Standard Webhooks
//! specification says: `webhook-id` (the outbox message id, the same on every retry),
//! `webhook-timestamp` (Unix seconds) and `webhook-signature`, `v1,` and the base64 of
//! HMAC-SHA256 over `{id}.{timestamp}.{body}` keyed with the secret's decoded bytes.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretSlice};
use serde::Serialize;
use sha2::Sha256;

use crate::config::WebhookTarget;

/// Longest wait for the receiver per message.
const TIMEOUT: Duration = Duration::from_secs(10);

/// The configured receiver.
pub struct Webhook {
    client: reqwest::Client,
    url: String,
    key: SecretSlice<u8>,
}

/// What the receiver gets: Standard Webhooks' `{type, timestamp, data}`.
#[derive(Debug, Serialize)]
pub struct Body<'a, D: Serialize> {
    /// `order.confirmed`, `order.out_for_delivery`, …
    #[serde(rename = "type")]
    pub event_type: String,
    /// When the message was enqueued, RFC 3339.
    pub timestamp: String,
    /// The message.
    pub data: &'a D,
}

/// The `webhook-signature` value of `body` sent as message `id` at `timestamp`.
pub fn signature(key: &[u8], id: &str, timestamp: i64, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
}

impl Webhook {
    /// The receiver `target` names.
    pub fn new(target: &WebhookTarget) -> anyhow::Result<Self> {
        Ok(Self {
            client: reqwest::Client::builder().timeout(TIMEOUT).build()?,
            url: target.url.clone(),
            key: target.key.clone(),
        })
    }

    /// POSTs `body` as message `id`; any answer but 2xx is an error to retry.
    pub async fn send<D: Serialize>(&self, id: &str, body: &Body<'_, D>) -> Result<(), String> {
        let json = serde_json::to_string(body).map_err(|e| e.to_string())?;
        let timestamp = chrono::Utc::now().timestamp();
        let signed = signature(self.key.expose_secret(), id, timestamp, &json);
        let response = self
            .client
            .post(&self.url)
            .header("content-type", "application/json")
            .header("webhook-id", id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signed)
            .body(json)
            .send()
            .await
            .map_err(|e| format!("webhook: {e}"))?;
        let status = response.status();
        if status.is_success() {
            Ok(())
        } else {
            Err(format!("webhook answered HTTP {}", status.as_u16()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::signature;

    /// The example of the Standard Webhooks specification's reference libraries.
    #[test]
    fn signs_as_the_specification_does() {
        use base64::Engine;
        let key = base64::engine::general_purpose::STANDARD
            .decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
            .expect("base64");
        assert_eq!(
            signature(
                &key,
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330,
                r#"{"test": 2432232314}"#
            ),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }
}
