//! Payments: the provider interface, the built-in test provider, and the ledger of
//! every payment operation per order.
//!
//! A real provider plugs in by implementing [`PaymentProvider`] (its client calls the
//! provider's API, bounding every call by its own timeout, and passes the order id as
//! the provider's idempotency key) and by being chosen in `startup.rs` from
//! `SHELF_PAYMENT_PROVIDER`. Provider webhooks go through [`events::apply`],
//! which ignores an event id seen before.

pub mod events;
pub mod ledger;
pub mod test_provider;

/// What to authorize.
#[derive(Debug, Clone, Copy)]
pub struct AuthorizationRequest<'a> {
    /// Sent to the provider as its idempotency key (the order id): a repeated request
    /// with the same key gets the same authorization, never a second one.
    pub idempotency_key: &'a str,
    /// The payment method token from the client.
    pub token: &'a str,
    /// Amount in minor units.
    pub amount_minor: i64,
    /// ISO 4217 code.
    pub currency: &'a str,
}

/// The provider's handle on a successful operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// The provider's reference of the authorization (captures, voids and refunds name
    /// it).
    pub reference: String,
}

/// Why a provider operation did not succeed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaymentError {
    /// The provider said no (insufficient funds, card declined, capture too large).
    #[error("declined: {0}")]
    Declined(String),
    /// The provider failed; trying again later may work.
    #[error("provider failure: {0}")]
    Unavailable(String),
    /// The provider did not answer in time; the operation may or may not have happened.
    #[error("the payment provider did not answer in time")]
    TimedOut,
}

/// A payment service. Calls block (they run on the blocking pool) and must give up by
/// the provider's configured timeout with [`PaymentError::TimedOut`].
pub trait PaymentProvider: Send + Sync + std::fmt::Debug {
    /// Short stable name, stored with every payment row.
    fn name(&self) -> &'static str;
    /// Reserves the amount on the customer's payment method.
    fn authorize(&self, request: &AuthorizationRequest<'_>) -> Result<Receipt, PaymentError>;
    /// Takes up to the authorized amount (less for a short pick).
    fn capture(&self, reference: &str, amount_minor: i64) -> Result<(), PaymentError>;
    /// Releases an authorization that will not be captured.
    fn void(&self, reference: &str) -> Result<(), PaymentError>;
    /// Cancels whatever an authorization attempt with this idempotency key did, after a
    /// timeout left its outcome unknown.
    fn void_attempt(&self, idempotency_key: &str) -> Result<(), PaymentError>;
    /// Pays back up to the captured amount.
    fn refund(&self, reference: &str, amount_minor: i64) -> Result<(), PaymentError>;
}
