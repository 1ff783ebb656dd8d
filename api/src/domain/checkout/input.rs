//! What a checkout request carries, validated before anything is touched.

use serde::Deserialize;

use crate::domain::{DomainError, FieldError};

/// Delivery address as the customer typed it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct AddressInput {
    /// Recipient.
    pub name: String,
    /// Phone for the driver.
    pub phone: String,
    /// Street and number.
    pub line1: String,
    /// Flat, floor.
    #[serde(default)]
    pub line2: Option<String>,
    /// Postal code; must be served by the slot's zone.
    pub postal_code: String,
    /// City.
    pub city: String,
}

/// The payment method.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentInput {
    /// Token from the payment provider's client side.
    pub token: String,
}

/// `POST /v1/checkout` body.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct CheckoutInput {
    /// The chosen slot.
    pub delivery_slot_id: String,
    /// Where to deliver.
    pub address: AddressInput,
    /// How to pay.
    pub payment: PaymentInput,
}

fn check_text(
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
