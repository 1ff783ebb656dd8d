//! The one place where errors become HTTP responses: RFC 9457 problem+json with a stable
//! machine `code`. Internal errors are logged with detail and answered generically.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

use crate::domain::{DomainError, FieldError};

/// Errors of the HTTP layer: domain outcomes plus what only HTTP can get wrong.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A domain operation refused or failed.
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// The request could not be understood (malformed JSON, bad query string).
    #[error("{0}")]
    BadRequest(String),
    /// The body exceeds the configured limit.
    #[error("the request body exceeds {limit} bytes")]
    PayloadTooLarge {
        /// The limit that was exceeded.
        limit: usize,
    },
    /// The body's content type is not one this endpoint reads.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// The request asks for something this endpoint does not do (an oEmbed format other
    /// than JSON, which the oEmbed spec answers with 501).
    #[error("{0}")]
    NotImplemented(String),
    /// No route matches.
    #[error("no such resource")]
    RouteNotFound,
    /// The request method is not allowed on this path.
    #[error("method not allowed")]
    MethodNotAllowed,
}

impl crate::cache::batch_loader::Transient for ApiError {
    fn is_transient(&self) -> bool {
        matches!(self, Self::Domain(DomainError::Unavailable(_)))
    }
}

impl From<crate::db::DbError> for ApiError {
    fn from(error: crate::db::DbError) -> Self {
        Self::Domain(error.into())
    }
}

/// The problem document sent to clients (RFC 9457, `application/problem+json`).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem<'a> {
    /// `https://virtual-shelf.dev/problems/{code}`.
    #[serde(rename = "type")]
    kind: String,
    /// A short summary of the kind of problem.
    title: &'a str,
    /// The HTTP status, repeated.
    status: u16,
    /// Stable machine-readable code (`not_found`, `validation_failed`, `sku_taken`, …).
    code: &'a str,
    /// A human explanation; never internal detail.
    detail: String,
    /// The invalid fields, for `validation_failed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<&'a [FieldError]>,
    /// The order a refused payment belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    order_id: Option<&'a str>,
    /// Where the order can move from its status, for `invalid_transition`.
    #[serde(skip_serializing_if = "Option::is_none")]
    allowed_transitions: Option<&'a [crate::domain::orders::OrderStatus]>,
}

impl ApiError {
    /// Status, stable code and title for this error.
    pub fn classify(&self) -> (StatusCode, &'static str, &'static str) {
        use DomainError as D;
        match self {
            Self::Domain(D::NotFound(_)) | Self::RouteNotFound => {
                (StatusCode::NOT_FOUND, "not_found", "Not found")
            }
            Self::Domain(D::Conflict { code, .. }) => (StatusCode::CONFLICT, code, "Conflict"),
            Self::Domain(D::Invalid(_)) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed",
                "Validation failed",
            ),
            Self::Domain(D::Unprocessable { code, .. }) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                code,
                "Unprocessable request",
            ),
            Self::Domain(D::InvalidTransition { .. }) => (
                StatusCode::CONFLICT,
                "invalid_transition",
                "Invalid transition",
            ),
            Self::Domain(D::PaymentDeclined { .. }) => (
                StatusCode::PAYMENT_REQUIRED,
                "payment_declined",
                "Payment declined",
            ),
            Self::Domain(D::PaymentUnavailable { .. }) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "payment_unavailable",
                "Payment unavailable",
            ),
            Self::Domain(D::Unauthenticated { code, .. }) => {
                (StatusCode::UNAUTHORIZED, code, "Unauthenticated")
            }
            Self::Domain(D::Forbidden) => (StatusCode::FORBIDDEN, "forbidden", "Forbidden"),
            Self::Domain(D::RateLimited { .. }) => (
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                "Too many requests",
            ),
            Self::Domain(D::Unavailable(_)) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "service_unavailable",
                "Service unavailable",
            ),
            Self::Domain(D::Internal(_)) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal_error",
                "Internal server error",
            ),
            Self::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request", "Bad request"),
            Self::PayloadTooLarge { .. } => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "Payload too large",
            ),
            Self::UnsupportedMediaType(_) => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "Unsupported media type",
            ),
            Self::NotImplemented(_) => (
                StatusCode::NOT_IMPLEMENTED,
                "not_implemented",
                "Not implemented",
            ),
            Self::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "Method not allowed",
            ),
        }
    }

    fn detail(&self) -> String {
        match self {
            Self::Domain(DomainError::Internal(_)) => {
                "something went wrong on our side; it has been logged".into()
            }
            Self::Domain(DomainError::Unavailable(_)) => {
                "the service is briefly unavailable; try again in a moment".into()
            }
            Self::Domain(DomainError::Invalid(_)) => "some fields are invalid; see errors".into(),
            other => other.to_string(),
        }
    }
}

impl ApiError {
    /// The status and problem+json document of this error (logging internal errors),
    /// also what an idempotent request stores for replay.
    pub fn problem(&self) -> (StatusCode, Vec<u8>) {
        let (status, code, title) = self.classify();
        match self {
            Self::Domain(DomainError::Internal(source)) => {
                tracing::error!(error = ?source, "internal error");
            }
            Self::Domain(DomainError::Unavailable(source)) => {
                tracing::error!(error = ?source, "database unavailable");
            }
            _ => {}
        }
        let errors = match self {
            Self::Domain(DomainError::Invalid(errors)) => Some(errors.as_slice()),
            _ => None,
        };
        let problem = Problem {
            kind: format!("https://virtual-shelf.dev/problems/{code}"),
            title,
            status: status.as_u16(),
            code,
            detail: self.detail(),
            errors,
            order_id: match self {
                Self::Domain(
                    DomainError::PaymentDeclined { order_id, .. }
                    | DomainError::PaymentUnavailable { order_id, .. },
                ) => Some(order_id),
                _ => None,
            },
            allowed_transitions: match self {
                Self::Domain(DomainError::InvalidTransition { allowed, .. }) => Some(allowed),
                _ => None,
            },
        };
        let body = serde_json::to_vec(&problem).unwrap_or_else(|_| b"{}".to_vec());
        (status, body)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.classify().0
    }

    fn error_response(&self) -> HttpResponse {
        let (status, problem) = self.problem();
        let mut response = HttpResponse::build(status);
        response.insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        ));
        match self {
            Self::Domain(DomainError::RateLimited { retry_after_secs }) => {
                response.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
            }
            // A pool timeout or a lost lock clears in moments; a client that waits one
            // second before retrying does not add to the pile-up.
            Self::Domain(DomainError::Unavailable(_)) => {
                response.insert_header((header::RETRY_AFTER, HeaderValue::from_static("1")));
            }
            _ => {}
        }
        if let Self::Domain(DomainError::Unauthenticated { .. }) = self {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        response.body(problem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::DbError;
    use crate::domain::orders::OrderStatus;
    use actix_web::body::MessageBody;
    use diesel::ConnectionError;
    use diesel::result::DatabaseErrorKind;

    fn body_of(error: &ApiError) -> (StatusCode, serde_json::Value) {
        let response = error.error_response();
        let status = response.status();
        let bytes = response.into_body().try_into_bytes().expect("sized body");
        (status, serde_json::from_slice(&bytes).expect("json body"))
    }

    #[test]
    fn maps_each_error_to_its_status_and_code() {
        let cases: Vec<(ApiError, u16, &str)> = vec![
            (DomainError::NotFound("product").into(), 404, "not_found"),
            (
                DomainError::Conflict {
                    code: "sku_taken",
                    message: "x".into(),
                }
                .into(),
                409,
                "sku_taken",
            ),
            (
                DomainError::invalid("sku", "bad").into(),
                422,
                "validation_failed",
            ),
            (DomainError::Forbidden.into(), 403, "forbidden"),
            (
                DomainError::RateLimited {
                    retry_after_secs: 3,
                }
                .into(),
                429,
                "rate_limited",
            ),
            (ApiError::BadRequest("x".into()), 400, "bad_request"),
            (
                ApiError::PayloadTooLarge { limit: 1 },
                413,
                "payload_too_large",
            ),
            (
                ApiError::UnsupportedMediaType("x".into()),
                415,
                "unsupported_media_type",
            ),
            (
                DomainError::Unprocessable {
                    code: "idempotency_key_reused",
                    message: "x".into(),
                }
                .into(),
                422,
                "idempotency_key_reused",
            ),
            (
                DomainError::InvalidTransition {
                    current: OrderStatus::Delivered,
                    requested: OrderStatus::Picking,
                    allowed: &[],
                }
                .into(),
                409,
                "invalid_transition",
            ),
            (
                DomainError::PaymentDeclined {
                    order_id: "o".into(),
                    reason: "x".into(),
                }
                .into(),
                402,
                "payment_declined",
            ),
            (
                DomainError::PaymentUnavailable {
                    order_id: "o".into(),
                    reason: "x".into(),
                }
                .into(),
                503,
                "payment_unavailable",
            ),
            (
                DomainError::Unauthenticated {
                    code: "invalid_token",
                    message: "x",
                }
                .into(),
                401,
                "invalid_token",
            ),
            (
                DomainError::Unavailable(anyhow::anyhow!("pool timed out")).into(),
                503,
                "service_unavailable",
            ),
            (
                DomainError::internal(anyhow::anyhow!("x")).into(),
                500,
                "internal_error",
            ),
            (ApiError::RouteNotFound, 404, "not_found"),
            (ApiError::MethodNotAllowed, 405, "method_not_allowed"),
        ];
        for (error, status, code) in cases {
            let (got_status, body) = body_of(&error);
            assert_eq!(got_status.as_u16(), status, "{error:?}");
            assert_eq!(body["code"], code);
            assert_eq!(body["status"], status);
        }
    }

    #[test]
    fn internal_errors_say_nothing_internal() {
        let error: ApiError =
            DomainError::internal(anyhow::anyhow!("SELECT * FROM users failed at db.rs:12")).into();
        let (status, body) = body_of(&error);
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        let text = body.to_string();
        assert!(!text.contains("SELECT"), "{text}");
        assert!(!text.contains("db.rs"), "{text}");
    }

    /// A diesel error as the driver reports it, with SQL in its message.
    fn query_error(kind: DatabaseErrorKind, message: &str) -> ApiError {
        DbError::Query(diesel::result::Error::DatabaseError(
            kind,
            Box::new(message.to_owned()),
        ))
        .into()
    }

    #[test]
    fn an_unreachable_or_busy_database_is_503_and_says_nothing_of_why() {
        let cases = [
            DbError::Connect(ConnectionError::BadConnection(
                "connection to server at 10.0.0.5:5432 refused".into(),
            ))
            .into(),
            query_error(
                DatabaseErrorKind::ClosedConnection,
                "server closed the connection",
            ),
            query_error(
                DatabaseErrorKind::SerializationFailure,
                "could not serialize access due to concurrent update of orders",
            ),
            query_error(
                DatabaseErrorKind::Unknown,
                "deadlock detected on relation products",
            ),
            query_error(DatabaseErrorKind::Unknown, "database is locked"),
        ];
        for error in cases {
            let response = error.error_response();
            let retry_after = response.headers().get(header::RETRY_AFTER);
            assert_eq!(
                retry_after,
                Some(&HeaderValue::from_static("1")),
                "{error:?}"
            );
            let (status, body) = body_of(&error);
            assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{error:?}");
            assert_eq!(body["code"], "service_unavailable");
            let text = body.to_string();
            for leak in ["10.0.0.5", "server closed", "orders", "products", "locked"] {
                assert!(!text.contains(leak), "{leak} in {text}");
            }
        }
    }

    #[test]
    fn what_a_retry_cannot_fix_stays_internal() {
        let cases = [
            query_error(
                DatabaseErrorKind::UniqueViolation,
                "UNIQUE constraint failed",
            ),
            query_error(DatabaseErrorKind::Unknown, "no such column: statuss"),
            DbError::Query(diesel::result::Error::NotFound).into(),
            DbError::Query(diesel::result::Error::DeserializationError(
                "unknown order status \"shipped\"".into(),
            ))
            .into(),
        ];
        for error in cases {
            let (status, body) = body_of(&error);
            assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{error:?}");
            assert_eq!(body["code"], "internal_error");
            let text = body.to_string();
            for leak in ["UNIQUE", "statuss", "shipped", "not found"] {
                assert!(!text.contains(leak), "{leak} in {text}");
            }
        }
    }

    #[test]
    fn validation_lists_field_errors() {
        let error: ApiError = DomainError::Invalid(vec![
            FieldError::new("price_minor", "must be a whole number").at_row(3),
        ])
        .into();
        let (_, body) = body_of(&error);
        assert_eq!(body["errors"][0]["row"], 3);
        assert_eq!(body["errors"][0]["field"], "price_minor");
    }
}
