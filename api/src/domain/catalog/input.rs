//! One shape for every way product data arrives (create, update, CSV and JSON import):
//! fields that are absent keep their current value, or take a default for a new product.

use serde::Deserialize;
use utoipa::ToSchema;

use super::gtin;
use crate::domain::FieldError;

/// Highest price accepted, in minor units (guards against unit mix-ups).
pub(crate) const MAX_PRICE_MINOR: i64 = 1_000_000_000_000;
/// Highest stock count accepted.
const MAX_STOCK: i64 = 1_000_000_000;

/// Product fields as submitted. `gtin: Some(None)` clears the GTIN.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProductInput {
    /// Retailer-chosen stock keeping unit, unique per retailer.
    pub sku: String,
    /// Optional GTIN; `Some(None)` removes it.
    pub gtin: Option<Option<String>>,
    /// Display name.
    pub name: Option<String>,
    /// Longer text for the product page.
    pub description: Option<String>,
    /// Price in minor units of the retailer's currency.
    pub price_minor: Option<i64>,
    /// Units the warehouse holds.
    pub stock_on_hand: Option<i64>,
    /// Whether the product can be sold.
    pub active: Option<bool>,
    /// How the client spelled the price, so that errors name the field it sent.
    pub price_field: PriceField,
}

/// Where a price came from: a CSV's `price_minor` column or a JSON body's `price` object.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PriceField {
    /// The `price_minor` column of a CSV import.
    #[default]
    Minor,
    /// The `price` object of product JSON.
    Object,
}

impl PriceField {
    /// The field name errors about the price carry.
    pub fn name(self) -> &'static str {
        match self {
            Self::Minor => "price_minor",
            Self::Object => "price",
        }
    }
}

/// The price object clients send, as in the product JSON.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PriceInput {
    /// Minor units of the retailer's currency (KRW has none: won).
    #[schema(minimum = 0, maximum = 1_000_000_000_000_i64)]
    pub amount_minor: i64,
    /// Must equal the retailer's currency when given.
    #[schema(pattern = "^[A-Z]{3}$")]
    pub currency: Option<String>,
}

/// Product JSON as clients send it (create, update, JSON import). On create, `name` and
/// `price` are required; on update every field is optional and absent ones keep their
/// value.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ProductInput)]
pub struct ProductJson {
    /// SKU; taken from the path on update (where it may only repeat the path's).
    #[schema(pattern = "^[A-Za-z0-9._-]{1,64}$")]
    pub sku: Option<String>,
    /// GTIN-8, -12, -13 or -14 with a correct check digit; `null` or empty clears it.
    #[serde(default, deserialize_with = "deserialize_some")]
    #[schema(value_type = Option<String>, pattern = "^\\s*([0-9]{8}|[0-9]{12,14})?\\s*$")]
    pub gtin: Option<Option<String>>,
    /// Name, 1 to 200 characters once trimmed.
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub name: Option<String>,
    /// Description, at most 4000 characters once trimmed.
    #[schema(max_length = 4000)]
    pub description: Option<String>,
    /// Price with currency.
    pub price: Option<PriceInput>,
    /// Units the warehouse holds.
    #[schema(minimum = 0, maximum = 1_000_000_000)]
    pub stock_on_hand: Option<i64>,
    /// Whether it can be sold.
    pub active: Option<bool>,
}

/// Distinguishes an explicit `null` from an absent field.
fn deserialize_some<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

impl ProductJson {
    /// Converts to the common input; `currency` is the retailer's, which a given price must
    /// match.
    pub fn into_input(self, sku: String, currency: &str) -> Result<ProductInput, Vec<FieldError>> {
        if let Some(PriceInput {
            currency: Some(given),
            ..
        }) = &self.price
            && given != currency
        {
            return Err(vec![FieldError::new(
                "price.currency",
                format!("must be the retailer's currency, {currency}"),
            )]);
        }
        Ok(ProductInput {
            sku,
            gtin: self.gtin,
            name: self.name,
            description: self.description,
            price_minor: self.price.map(|p| p.amount_minor),
            stock_on_hand: self.stock_on_hand,
            active: self.active,
            price_field: PriceField::Object,
        })
    }
}

/// True for SKUs that are safe in URLs and spreadsheets: 1–64 of `A-Z a-z 0-9 . _ -`.
pub fn is_valid_sku(sku: &str) -> bool {
    (1..=64).contains(&sku.len())
        && sku
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

impl ProductInput {
    /// Trims text, drops empty GTINs and checks every present field; returns all problems.
    pub fn normalized(mut self) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        self.sku = self.sku.trim().to_owned();
        if !is_valid_sku(&self.sku) {
            errors.push(FieldError::new(
                "sku",
                "must be 1 to 64 characters of letters, digits, '.', '_' or '-'",
            ));
        }
        if let Some(name) = &mut self.name {
            *name = name.trim().to_owned();
            if name.is_empty() || name.chars().count() > 200 {
                errors.push(FieldError::new("name", "must be 1 to 200 characters"));
            }
        }
        if let Some(description) = &mut self.description {
            *description = description.trim().to_owned();
            if description.chars().count() > 4000 {
                errors.push(FieldError::new(
                    "description",
                    "must be at most 4000 characters",
                ));
            }
        }
        if let Some(Some(code)) = &self.gtin {
            let code = code.trim().to_owned();
            if code.is_empty() {
                self.gtin = Some(None);
            } else if !gtin::is_valid(&code) {
                errors.push(FieldError::new(
                    "gtin",
                    "must be 8, 12, 13 or 14 digits with a correct check digit",
                ));
            } else {
                self.gtin = Some(Some(code));
            }
        }
        if self
            .price_minor
            .is_some_and(|p| !(0..=MAX_PRICE_MINOR).contains(&p))
        {
            errors.push(FieldError::new(
                self.price_field.name(),
                format!("must be between 0 and {MAX_PRICE_MINOR} minor units"),
            ));
        }
        if self
            .stock_on_hand
            .is_some_and(|s| !(0..=MAX_STOCK).contains(&s))
        {
            errors.push(FieldError::new(
                "stock_on_hand",
                format!("must be between 0 and {MAX_STOCK}"),
            ));
        }
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(errors)
        }
    }

    /// Problems that stop this input from creating a new product.
    pub fn missing_for_create(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.name.is_none() {
            errors.push(FieldError::new("name", "is required for a new product"));
        }
        if self.price_minor.is_none() {
            errors.push(FieldError::new(
                self.price_field.name(),
                "is required for a new product",
            ));
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_every_bad_field() {
        let input = ProductInput {
            sku: "bad sku/1".into(),
            gtin: Some(Some("123".into())),
            name: Some("  ".into()),
            price_minor: Some(-1),
            stock_on_hand: Some(-5),
            ..ProductInput::default()
        };
        let errors = input.normalized().expect_err("invalid");
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["sku", "name", "gtin", "price_minor", "stock_on_hand"]
        );
    }

    #[test]
    fn trims_and_clears_empty_gtin() {
        let input = ProductInput {
            sku: " MILK-1 ".into(),
            gtin: Some(Some(" ".into())),
            name: Some(" Mjölk ".into()),
            ..ProductInput::default()
        }
        .normalized()
        .expect("valid");
        assert_eq!(input.sku, "MILK-1");
        assert_eq!(input.name.as_deref(), Some("Mjölk"));
        assert_eq!(input.gtin, Some(None));
    }
}
