//! What a checkout request carries, validated before anything is touched.

use serde::Deserialize;
use utoipa::ToSchema;

use crate::domain::{DomainError, FieldError};

// The text patterns below say exactly what `check_text` accepts: no control character
// anywhere, and 1 (when required) to N characters once surrounding whitespace is trimmed.
// Whitespace is spelled `[^\S\x1C-\x1F]` where controls are not excluded anyway: Python's
// `\s` also matches those four separators, which `str::trim` keeps.

/// Delivery address as the customer typed it. Text is stored trimmed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddressInput {
    /// Recipient: 1 to 100 characters once trimmed, no control characters.
    #[schema(
        pattern = r"^[^\S\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F]([^\x00-\x1F\x7F-\x9F]{0,98}[^\s\x00-\x1F\x7F-\x9F])?[^\S\x00-\x1F\x7F-\x9F]*$"
    )]
    pub name: String,
    /// Phone for the driver: 6 to 20 digits, with spaces, `+`, `-`, `(`, `)` or `.`.
    #[schema(pattern = r"^[ +().-]*([0-9][ +().-]*){6,20}$")]
    pub phone: String,
    /// Street and number: 1 to 200 characters once trimmed, no control characters.
    #[schema(
        pattern = r"^[^\S\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F]([^\x00-\x1F\x7F-\x9F]{0,198}[^\s\x00-\x1F\x7F-\x9F])?[^\S\x00-\x1F\x7F-\x9F]*$"
    )]
    pub line1: String,
    /// Flat, floor: at most 200 characters once trimmed, no control characters.
    #[serde(default)]
    #[schema(
        pattern = r"^[^\S\x00-\x1F\x7F-\x9F]*([^\s\x00-\x1F\x7F-\x9F]([^\x00-\x1F\x7F-\x9F]{0,198}[^\s\x00-\x1F\x7F-\x9F])?)?[^\S\x00-\x1F\x7F-\x9F]*$"
    )]
    pub line2: Option<String>,
    /// Postal code: 1 to 12 letters, digits, spaces or hyphens once trimmed. It must be
    /// served by the zone of the chosen slot, else 422.
    #[schema(
        pattern = r"^[^\S\x1C-\x1F]*[A-Za-z0-9-]([A-Za-z0-9 -]{0,10}[A-Za-z0-9-])?[^\S\x1C-\x1F]*$"
    )]
    pub postal_code: String,
    /// City: 1 to 100 characters once trimmed, no control characters.
    #[schema(
        pattern = r"^[^\S\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F]([^\x00-\x1F\x7F-\x9F]{0,98}[^\s\x00-\x1F\x7F-\x9F])?[^\S\x00-\x1F\x7F-\x9F]*$"
    )]
    pub city: String,
}

/// The payment method.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentInput {
    /// Token from the payment provider's client side: 1 to 200 characters once trimmed,
    /// no control characters. The built-in test provider knows `tok_approve`,
    /// `tok_decline`, `tok_error` and `tok_timeout`.
    #[schema(
        pattern = r"^[^\S\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F]([^\x00-\x1F\x7F-\x9F]{0,198}[^\s\x00-\x1F\x7F-\x9F])?[^\S\x00-\x1F\x7F-\x9F]*$"
    )]
    pub token: String,
}

/// `POST /v1/checkout` body.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = CheckoutRequest)]
pub struct CheckoutInput {
    /// The chosen slot (from `GET /v1/delivery/slots`): 1 to 64 characters once trimmed,
    /// no control characters. A slot that does not exist or is not the cart's shop's is
    /// 422.
    #[schema(
        pattern = r"^[^\S\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F]([^\x00-\x1F\x7F-\x9F]{0,62}[^\s\x00-\x1F\x7F-\x9F])?[^\S\x00-\x1F\x7F-\x9F]*$"
    )]
    pub delivery_slot_id: String,
    /// Where to deliver.
    pub address: AddressInput,
    /// How to pay.
    pub payment: PaymentInput,
}

/// Adds `field`'s error when `value` is missing (if `required`), longer than `max_chars`
/// once trimmed, or holds a control character (which no printed text can show).
pub(crate) fn check_text(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: &str,
    required: bool,
    max_chars: usize,
) {
    let length = value.trim().chars().count();
    if required && length == 0 {
        errors.push(FieldError::new(field, "is required"));
    } else if length > max_chars {
        errors.push(FieldError::new(
            field,
            format!("must be at most {max_chars} characters"),
        ));
    } else if value.chars().any(char::is_control) {
        errors.push(FieldError::new(
            field,
            "must not contain control characters",
        ));
    }
}

impl AddressInput {
    /// Every invalid field of the address, named as the address's own fields (`name`,
    /// `postal_code`…); the mobile address form shows them before a slot is chosen.
    pub fn field_errors(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        check_text(&mut errors, "name", &self.name, true, 100);
        let phone_digits = self.phone.chars().filter(char::is_ascii_digit).count();
        if !(6..=20).contains(&phone_digits)
            || !self
                .phone
                .chars()
                .all(|c| c.is_ascii_digit() || " +-().".contains(c))
        {
            errors.push(FieldError::new(
                "phone",
                "must be a phone number of 6 to 20 digits",
            ));
        }
        check_text(&mut errors, "line1", &self.line1, true, 200);
        check_text(
            &mut errors,
            "line2",
            self.line2.as_deref().unwrap_or_default(),
            false,
            200,
        );
        let postal = self.postal_code.trim();
        if postal.is_empty()
            || postal.len() > 12
            || !postal
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
        {
            errors.push(FieldError::new(
                "postal_code",
                "must be a postal code (letters, digits, spaces or hyphens)",
            ));
        }
        check_text(&mut errors, "city", &self.city, true, 100);
        errors
    }
}

impl CheckoutInput {
    /// Every field error at once; nothing is looked up yet.
    pub fn validate(&self) -> Result<(), DomainError> {
        let mut errors = Vec::new();
        check_text(
            &mut errors,
            "delivery_slot_id",
            &self.delivery_slot_id,
            true,
            64,
        );
        errors.extend(
            self.address
                .field_errors()
                .into_iter()
                .map(|error| FieldError {
                    field: format!("address.{}", error.field),
                    ..error
                }),
        );
        check_text(&mut errors, "payment.token", &self.payment.token, true, 200);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(DomainError::Invalid(errors))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> CheckoutInput {
        CheckoutInput {
            delivery_slot_id: "slot".into(),
            address: AddressInput {
                name: "김민준".into(),
                phone: "+82 10-1234-5678".into(),
                line1: "세종대로 110".into(),
                line2: None,
                postal_code: "04524".into(),
                city: "Seoul".into(),
            },
            payment: PaymentInput {
                token: "tok_approve".into(),
            },
        }
    }

    #[test]
    fn a_complete_address_passes_and_every_bad_field_is_named() {
        assert!(input().validate().is_ok());
        let mut bad = input();
        bad.address.name = " ".into();
        bad.address.phone = "call me".into();
        bad.address.postal_code = "04524<script>".into();
        bad.payment.token = String::new();
        let Err(DomainError::Invalid(errors)) = bad.validate() else {
            panic!("expected field errors");
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "address.name",
                "address.phone",
                "address.postal_code",
                "payment.token"
            ]
        );
    }
}
