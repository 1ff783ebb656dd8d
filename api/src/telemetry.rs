//! Structured logs through `tracing`, pretty for people or JSON for collectors.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::{Error, HttpMessage};
use tracing::{Span, field};
use tracing_actix_web::{DefaultRootSpanBuilder, RequestId, RootSpanBuilder};
use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;

/// Installs the global subscriber; a second call (tests) is a no-op.
pub fn init(filter: &str, format: LogFormat) {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
        LogFormat::Pretty => builder.try_init(),
    };
}

/// The request span of every request: `tracing-actix-web`'s default fields, except that
/// the path of a route carrying a secret (feed URLs, invitation and reset links) is logged
/// as its route pattern, so a log line never holds a working link.
pub struct RequestSpan;

impl RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let route = request.match_pattern();
        let target = logged_target(
            route.as_deref(),
            request
                .uri()
                .path_and_query()
                .map_or("", |target| target.as_str()),
        );
        let request_id = request
            .extensions()
            .get::<RequestId>()
            .map(ToString::to_string)
            .unwrap_or_default();
        let user_agent = request
            .headers()
            .get(header::USER_AGENT)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("");
        tracing::info_span!(
            "HTTP request",
            http.method = %request.method(),
            http.route = %route.as_deref().unwrap_or("default"),
            http.target = %target,
            http.client_ip = %request.connection_info().realip_remote_addr().unwrap_or(""),
            http.user_agent = %user_agent,
            http.status_code = field::Empty,
            otel.kind = "server",
            otel.status_code = field::Empty,
            request_id = %request_id,
            exception.message = field::Empty,
            exception.details = field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}

/// Route parameters whose values open something by themselves.
const SECRET_SEGMENTS: [&str; 2] = ["{secret}", "{token}"];

/// The target a request is logged with: its path and query, or the route's pattern where
/// the path holds a secret.
fn logged_target(route: Option<&str>, path_and_query: &str) -> String {
    match route {
        Some(pattern) if SECRET_SEGMENTS.iter().any(|s| pattern.contains(s)) => pattern.to_owned(),
        _ => path_and_query.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::logged_target;

    #[test]
    fn secrets_in_paths_are_logged_as_their_route() {
        assert_eq!(
            logged_target(Some("/feeds/{secret}/meta.csv"), "/feeds/s3cr3t/meta.csv"),
            "/feeds/{secret}/meta.csv"
        );
        assert_eq!(
            logged_target(Some("/console/reset/{token}"), "/console/reset/abc"),
            "/console/reset/{token}"
        );
        assert_eq!(
            logged_target(Some("/s/{code}"), "/s/AB12?utm=x"),
            "/s/AB12?utm=x"
        );
        assert_eq!(logged_target(None, "/nowhere"), "/nowhere");
    }
}
