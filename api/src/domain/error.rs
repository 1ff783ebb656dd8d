//! The domain layer's one error type. The HTTP layer maps it to responses in one place.

use serde::Serialize;

use crate::db::DbError;
use crate::storage::StorageError;

/// One invalid value: which field (and, for imports, which row) and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    /// Row number in the submitted file, for bulk inputs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    /// Field name as the client spelled it.
    pub field: String,
    /// What is wrong, in words a person can act on.
    pub message: String,
}

impl FieldError {
    /// An error about `field` outside any row.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            row: None,
            field: field.into(),
            message: message.into(),
        }
    }

    /// The same error, located at `row`.
    pub fn at_row(mut self, row: usize) -> Self {
        self.row = Some(row);
        self
    }
}

/// Why a domain operation did not happen. Nothing was changed when one is returned.
#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    /// The resource does not exist, or the caller may not know that it does.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The request contradicts current state (a duplicate SKU, say).
    #[error("{message}")]
    Conflict {
        /// Stable machine-readable code.
        code: &'static str,
        /// Human explanation.
        message: String,
    },
    /// Input failed validation.
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// Well-formed input that cannot be processed (an idempotency key reused for
    /// another request, say).
    #[error("{message}")]
    Unprocessable {
        /// Stable machine-readable code.
        code: &'static str,
        /// Human explanation.
        message: String,
    },
    /// An order cannot move to the requested status from the one it is in.
    #[error("an order that is {current} cannot move to {requested}")]
    InvalidTransition {
        /// Its status.
        current: crate::domain::orders::OrderStatus,
        /// The status asked for.
        requested: crate::domain::orders::OrderStatus,
        /// Where it can move from here.
        allowed: &'static [crate::domain::orders::OrderStatus],
    },
    /// The payment provider declined the payment of this order.
    #[error("the payment was declined: {reason}")]
    PaymentDeclined {
        /// The order, kept with status `payment_failed`.
        order_id: String,
        /// The provider's reason, fit for the customer.
        reason: String,
    },
    /// The payment provider failed or did not answer in time.
    #[error("the payment could not be completed: {reason}")]
    PaymentUnavailable {
        /// The order, kept with status `payment_failed`.
        order_id: String,
        /// What went wrong, fit for the customer.
        reason: String,
    },
    /// Credentials or token were missing, wrong or expired.
    #[error("{message}")]
    Unauthenticated {
        /// Stable machine-readable code.
        code: &'static str,
        /// Human explanation, never revealing which part was wrong.
        message: &'static str,
    },
    /// The caller is known but its role does not allow this.
    #[error("forbidden")]
    Forbidden,
    /// Too many attempts; retry after the given number of seconds.
    #[error("too many attempts")]
    RateLimited {
        /// Seconds until an attempt is allowed again.
        retry_after_secs: u64,
    },
    /// The database or the blob store could not be reached or could not run the
    /// operation just now (no pooled connection in time, a lost connection, a lock not
    /// granted, a serialization failure, a bucket not answering): the same request may
    /// succeed later. Logged, never shown.
    #[error("unavailable: {0}")]
    Unavailable(#[source] anyhow::Error),
    /// A fault of ours that a retry will not fix (a broken invariant, storage
    /// unwritable). Logged, never shown.
    #[error("internal error: {0}")]
    Internal(#[source] anyhow::Error),
}

impl DomainError {
    /// A validation failure on a single field.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Invalid(vec![FieldError::new(field, message)])
    }

    /// Wraps any unexpected failure.
    pub fn internal(error: impl Into<anyhow::Error>) -> Self {
        Self::Internal(error.into())
    }
}

impl From<diesel::result::Error> for DomainError {
    fn from(error: diesel::result::Error) -> Self {
        DbError::Query(error).into()
    }
}

impl From<DbError> for DomainError {
    fn from(error: DbError) -> Self {
        if let DbError::Query(query) = &error
            && crate::db::is_unstorable_text(query)
        {
            return Self::Unprocessable {
                code: "invalid_text",
                message: "text must not contain the NUL character (U+0000)".into(),
            };
        }
        if error.is_unavailable() {
            Self::Unavailable(error.into())
        } else {
            Self::Internal(error.into())
        }
    }
}

impl From<StorageError> for DomainError {
    fn from(error: StorageError) -> Self {
        match error {
            StorageError::Unavailable(_) => Self::Unavailable(error.into()),
            StorageError::Failed(_) => Self::Internal(error.into()),
        }
    }
}

/// Turns the `NotFound` of a lookup into the error it means to the caller (a field that
/// names nothing, say), letting every other failure through as it is: an unreachable
/// database must not read as "no such thing".
pub trait OrWhenMissing<T> {
    /// `Invalid` on `field` with `message` when the thing looked up does not exist.
    fn invalid_when_missing(self, field: &str, message: &str) -> Result<T, DomainError>;
}

impl<T> OrWhenMissing<T> for Result<T, DomainError> {
    fn invalid_when_missing(self, field: &str, message: &str) -> Result<T, DomainError> {
        self.map_err(|error| match error {
            DomainError::NotFound(_) => DomainError::invalid(field, message),
            other => other,
        })
    }
}

/// True when a diesel error is a unique-constraint violation (a lost race on insert).
pub(crate) fn is_unique_violation(error: &diesel::result::Error) -> bool {
    matches!(
        error,
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::result::{DatabaseErrorKind, Error};

    #[test]
    fn only_a_missing_thing_becomes_a_field_error() {
        let missing: Result<(), _> = Err(DomainError::NotFound("delivery slot"));
        assert!(matches!(
            missing.invalid_when_missing("delivery_slot_id", "no such delivery slot"),
            Err(DomainError::Invalid(errors)) if errors[0].field == "delivery_slot_id"
        ));
        let locked = Error::DatabaseError(
            DatabaseErrorKind::Unknown,
            Box::new("database is locked".to_owned()),
        );
        let unreachable: Result<(), _> = Err(DomainError::from(locked));
        assert!(matches!(
            unreachable.invalid_when_missing("delivery_slot_id", "no such delivery slot"),
            Err(DomainError::Unavailable(_))
        ));
        let broken: Result<(), _> = Err(DomainError::from(Error::NotFound));
        assert!(matches!(
            broken.invalid_when_missing("retailer_id", "no such retailer"),
            Err(DomainError::Internal(_))
        ));
    }
}
