//! Retailers: who sells, in which currency, time zone and locale.

use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{DomainError, FieldError, ids, money};
use crate::db::schema::retailers;
use crate::db::{DbConnection, write_transaction};

/// A retailer as stored.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize, ToSchema)]
#[diesel(table_name = retailers)]
pub struct Retailer {
    /// Opaque public id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// ISO 4217 currency of every price.
    #[schema(example = "KRW")]
    pub currency: String,
    /// IANA time zone in which slots and cutoffs are computed.
    #[schema(example = "Asia/Seoul")]
    pub time_zone: String,
    /// BCP 47 locale for formatting (`ko-KR`).
    #[schema(example = "ko-KR")]
    pub locale: String,
    /// When it was created (UTC).
    #[serde(skip)]
    pub created_at: chrono::NaiveDateTime,
}

impl Retailer {
    /// The time zone its slots and local times are in (validated when it was created).
    pub fn tz(&self) -> Result<chrono_tz::Tz, DomainError> {
        self.time_zone.parse().map_err(DomainError::internal)
    }
}

/// What a platform admin submits to create a retailer.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct NewRetailer {
    /// Display name, 1 to 200 characters once trimmed.
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub name: String,
    /// ISO 4217 code in upper case, one the posters can print (KRW, EUR, USD, …); an
    /// unsupported one is 422.
    #[schema(pattern = "^[A-Z]{3}$", example = "KRW")]
    pub currency: String,
    /// IANA time zone; an unknown one is 422.
    #[schema(example = "Asia/Seoul")]
    pub time_zone: String,
    /// BCP 47 locale: a 2–3 letter language, then hyphen-separated parts of 1–8 letters
    /// or digits.
    #[schema(pattern = "^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$", example = "ko-KR")]
    pub locale: String,
}

impl NewRetailer {
    fn validate(&self) -> Result<(), DomainError> {
        let mut errors = Vec::new();
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            errors.push(FieldError::new("name", "must be 1 to 200 characters"));
        }
        if !money::is_supported_currency(&self.currency) {
            errors.push(FieldError::new(
                "currency",
                "must be a supported ISO 4217 code in upper case, such as KRW or EUR",
            ));
        }
        if self.time_zone.parse::<chrono_tz::Tz>().is_err() {
            errors.push(FieldError::new(
                "time_zone",
                "must be an IANA time zone such as Asia/Seoul",
            ));
        }
        if !is_locale(&self.locale) {
            errors.push(FieldError::new(
                "locale",
                "must be a BCP 47 tag such as ko-KR",
            ));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(DomainError::Invalid(errors))
        }
    }
}

/// `ll` or `ll-RR` style tags: letters and digits in hyphen-separated parts.
fn is_locale(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language_ok = parts
        .next()
        .is_some_and(|l| (2..=3).contains(&l.len()) && l.chars().all(|c| c.is_ascii_alphabetic()));
    language_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Creates a retailer after validating every field.
pub fn create(conn: &mut DbConnection, input: &NewRetailer) -> Result<Retailer, DomainError> {
    input.validate()?;
    let retailer = Retailer {
        id: ids::new_id(),
        name: input.name.trim().to_owned(),
        currency: input.currency.clone(),
        time_zone: input.time_zone.clone(),
        locale: input.locale.clone(),
        created_at: ids::now(),
    };
    write_transaction(conn, |conn| {
        diesel::insert_into(retailers::table)
            .values(&retailer)
            .execute(conn)
    })?;
    Ok(retailer)
}

/// The retailer with this id.
pub fn get(conn: &mut DbConnection, id: &str) -> Result<Retailer, DomainError> {
    retailers::table
        .find(id)
        .select(Retailer::as_select())
        .first(conn)
        .optional()?
        .ok_or(DomainError::NotFound("retailer"))
}

/// Every retailer, oldest first.
pub fn list(conn: &mut DbConnection) -> Result<Vec<Retailer>, DomainError> {
    Ok(retailers::table
        .order(retailers::created_at.asc())
        .select(Retailer::as_select())
        .load(conn)?)
}

/// True when no retailer exists yet.
pub fn none_exist(conn: &mut DbConnection) -> Result<bool, DomainError> {
    let count: i64 = retailers::table.count().get_result(conn)?;
    Ok(count == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_each_bad_field() {
        let input = NewRetailer {
            name: " ".into(),
            currency: "WON".into(),
            time_zone: "Mars/Olympus".into(),
            locale: "korean!".into(),
        };
        let Err(DomainError::Invalid(errors)) = input.validate() else {
            panic!("expected validation errors");
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "currency", "time_zone", "locale"]);
    }

    #[test]
    fn accepts_a_seoul_retailer() {
        let input = NewRetailer {
            name: "Demo Mart".into(),
            currency: "KRW".into(),
            time_zone: "Asia/Seoul".into(),
            locale: "ko-KR".into(),
        };
        assert!(input.validate().is_ok());
    }
}
