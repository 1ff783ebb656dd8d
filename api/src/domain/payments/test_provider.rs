//! The built-in TEST payment provider: no money moves. Its tokens choose the outcome so
//! every path can be exercised: `tok_approve` authorizes, `tok_decline` is declined,
//! `tok_error` fails transiently, `tok_timeout` answers only after the timeout, and
//! `tok_capture_decline` authorizes but declines the capture. State
//! lives in this process's memory; never configure it in production.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use super::{AuthorizationRequest, PaymentError, PaymentProvider, Receipt};

/// Test tokens and what they do.
pub const APPROVE: &str = "tok_approve";
/// Declined by the "bank".
pub const DECLINE: &str = "tok_decline";
/// A transient provider failure.
pub const ERROR: &str = "tok_error";
/// No answer within the timeout.
pub const TIMEOUT: &str = "tok_timeout";
/// Authorizes, but the later capture is declined (an expired card, say).
pub const CAPTURE_DECLINE: &str = "tok_capture_decline";

#[derive(Debug, Default)]
struct Charge {
    authorized: i64,
    capture_declines: bool,
    captured: i64,
    refunded: i64,
    voided: bool,
}

#[derive(Debug, Default)]
struct Ledger {
    charges: HashMap<String, Charge>,
    by_key: HashMap<String, String>,
}

/// The test provider.
#[derive(Debug)]
pub struct TestPaymentProvider {
    timeout: Duration,
    ledger: Mutex<Ledger>,
}

impl TestPaymentProvider {
    /// A provider whose `tok_timeout` answers after `timeout`.
    pub fn new(timeout: Duration) -> Self {
        Self {
            timeout,
            ledger: Mutex::new(Ledger::default()),
        }
    }

    fn with_charge<T>(
        &self,
        reference: &str,
        work: impl FnOnce(&mut Charge) -> Result<T, PaymentError>,
    ) -> Result<T, PaymentError> {
        let mut ledger = self
            .ledger
            .lock()
            .map_err(|_| PaymentError::Unavailable("test provider state poisoned".into()))?;
        let charge = ledger
            .charges
            .get_mut(reference)
            .ok_or_else(|| PaymentError::Declined("unknown authorization".into()))?;
        work(charge)
    }
}

impl PaymentProvider for TestPaymentProvider {
    fn name(&self) -> &'static str {
        "test"
    }

    fn authorize(&self, request: &AuthorizationRequest<'_>) -> Result<Receipt, PaymentError> {
        match request.token {
            APPROVE | CAPTURE_DECLINE => {}
            DECLINE => return Err(PaymentError::Declined("the card was declined".into())),
            ERROR => {
                return Err(PaymentError::Unavailable(
                    "the payment service failed; try again".into(),
                ));
            }
            TIMEOUT => {
                std::thread::sleep(self.timeout);
                return Err(PaymentError::TimedOut);
            }
            _ => return Err(PaymentError::Declined("unknown payment token".into())),
        }
        let mut ledger = self
            .ledger
            .lock()
            .map_err(|_| PaymentError::Unavailable("test provider state poisoned".into()))?;
        if let Some(reference) = ledger.by_key.get(request.idempotency_key) {
            return Ok(Receipt {
                reference: reference.clone(),
            });
        }
        let reference = format!("test_auth_{}", uuid::Uuid::new_v4().simple());
        ledger
            .by_key
            .insert(request.idempotency_key.to_owned(), reference.clone());
        ledger.charges.insert(
            reference.clone(),
            Charge {
                authorized: request.amount_minor,
                capture_declines: request.token == CAPTURE_DECLINE,
                ..Charge::default()
            },
        );
        Ok(Receipt { reference })
    }

    fn capture(&self, reference: &str, amount_minor: i64) -> Result<(), PaymentError> {
        self.with_charge(reference, |charge| {
            if charge.capture_declines {
                return Err(PaymentError::Declined(
                    "the card was declined at capture".into(),
                ));
            }
            if charge.voided || charge.captured + amount_minor > charge.authorized {
                return Err(PaymentError::Declined(
                    "the capture exceeds the authorization".into(),
                ));
            }
            charge.captured += amount_minor;
            Ok(())
        })
    }

    fn void(&self, reference: &str) -> Result<(), PaymentError> {
        self.with_charge(reference, |charge| {
            if charge.captured > 0 {
                return Err(PaymentError::Declined("already captured".into()));
            }
            charge.voided = true;
            Ok(())
        })
    }

    fn void_attempt(&self, idempotency_key: &str) -> Result<(), PaymentError> {
        let reference = self
            .ledger
            .lock()
            .map_err(|_| PaymentError::Unavailable("test provider state poisoned".into()))?
            .by_key
            .get(idempotency_key)
            .cloned();
        reference.map_or(Ok(()), |reference| self.void(&reference))
    }

    fn refund(&self, reference: &str, amount_minor: i64) -> Result<(), PaymentError> {
        self.with_charge(reference, |charge| {
            if charge.refunded + amount_minor > charge.captured {
                return Err(PaymentError::Declined(
                    "the refund exceeds the captured amount".into(),
                ));
            }
            charge.refunded += amount_minor;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request<'a>(key: &'a str, token: &'a str) -> AuthorizationRequest<'a> {
        AuthorizationRequest {
            idempotency_key: key,
            token,
            amount_minor: 10_000,
            currency: "KRW",
        }
    }

    #[test]
    fn tokens_choose_the_outcome() {
        let provider = TestPaymentProvider::new(Duration::from_millis(10));
        assert!(provider.authorize(&request("o1", APPROVE)).is_ok());
        assert!(matches!(
            provider.authorize(&request("o2", DECLINE)),
            Err(PaymentError::Declined(_))
        ));
        assert!(matches!(
            provider.authorize(&request("o3", ERROR)),
            Err(PaymentError::Unavailable(_))
        ));
        assert_eq!(
            provider.authorize(&request("o4", TIMEOUT)),
            Err(PaymentError::TimedOut)
        );
    }

    #[test]
    fn the_same_key_gets_the_same_authorization() {
        let provider = TestPaymentProvider::new(Duration::from_millis(10));
        let first = provider.authorize(&request("o1", APPROVE)).expect("ok");
        let again = provider.authorize(&request("o1", APPROVE)).expect("ok");
        assert_eq!(first, again);
        assert_ne!(
            provider.authorize(&request("o2", APPROVE)).expect("ok"),
            first
        );
    }

    #[test]
    fn captures_and_refunds_stay_within_what_was_taken() {
        let provider = TestPaymentProvider::new(Duration::from_millis(10));
        let receipt = provider.authorize(&request("o1", APPROVE)).expect("ok");
        assert!(provider.capture(&receipt.reference, 6_000).is_ok());
        assert!(provider.capture(&receipt.reference, 5_000).is_err());
        assert!(provider.refund(&receipt.reference, 6_000).is_ok());
        assert!(provider.refund(&receipt.reference, 1).is_err());
        assert!(provider.void(&receipt.reference).is_err(), "captured");
    }
}
