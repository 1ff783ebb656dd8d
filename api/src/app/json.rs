//! JSON bodies read the way the OpenAPI document's JSON Schema reads them: a number with
//! no fractional part is an integer, so `{"quantity": 12.0}` is `12` (serde alone refuses
//! a float for an integer field, while every JSON Schema validator, and so every client
//! generated from the document, counts `12.0` as an integer). Everything else is serde's
//! strict reading, with the limits, content type and error answers of `web::JsonConfig`.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::ApiError;

/// A JSON request body of type `T` (see the module documentation).
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T> Json<T> {
    /// The body.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Json<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, actix_web::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let value = web::Json::<Value>::from_request(req, payload);
        Box::pin(async move {
            let web::Json(value) = value.await?;
            from_value(value).map(Json).map_err(Into::into)
        })
    }
}

/// `T` from JSON text, as [`Json`] reads request bodies (for bodies read raw).
pub fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|e| ApiError::BadRequest(format!("invalid JSON body: {e}")))?;
    from_value(value)
}

fn from_value<T: DeserializeOwned>(mut value: Value) -> Result<T, ApiError> {
    integral_numbers_as_integers(&mut value);
    serde_json::from_value(value)
        .map_err(|e| ApiError::BadRequest(format!("invalid JSON body: {e}")))
}

/// Rewrites every float with no fractional part that an `i64` holds as that integer.
fn integral_numbers_as_integers(value: &mut Value) {
    match value {
        Value::Number(number) if !number.is_i64() && !number.is_u64() => {
            if let Some(float) = number.as_f64()
                && float.fract() == 0.0
                && float >= i64::MIN as f64
                && float < i64::MAX as f64
            {
                *value = Value::from(float as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_numbers_as_integers),
        Value::Object(fields) => fields.values_mut().for_each(integral_numbers_as_integers),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Line {
        quantity: i32,
        price: f64,
        lines: Vec<i64>,
    }

    #[test]
    fn whole_floats_read_as_integers_and_fractions_stay_refused() {
        let line: Line =
            from_slice(br#"{"quantity": 12.0, "price": 2.0, "lines": [1e3, -4.0]}"#).expect("read");
        assert_eq!(
            line,
            Line {
                quantity: 12,
                price: 2.0,
                lines: vec![1000, -4]
            }
        );
        assert!(from_slice::<Line>(br#"{"quantity": 12.5, "price": 2, "lines": []}"#).is_err());
        assert!(from_slice::<Line>(br#"{"quantity": 1e300, "price": 2, "lines": []}"#).is_err());
    }
}
