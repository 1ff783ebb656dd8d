//! Prometheus metrics of one API process, served at `GET /metrics`: requests and their
//! latency per route pattern (never per concrete path, so scan codes cannot explode the
//! label set), and checkout outcomes.

use std::time::Duration;

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, Opts, Registry, TextEncoder,
};

/// The metrics and the registry that renders them.
#[derive(Debug, Clone)]
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    checkouts: IntCounterVec,
}

/// Latency buckets in seconds: the scan path answers in about a millisecond, checkouts
/// wait for the payment provider.
const LATENCY_BUCKETS: &[f64] = &[
    0.000_5, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

impl Metrics {
    /// A fresh set of metrics with its own registry (one per application, so tests can
    /// run many in one process).
    pub fn new() -> Result<Self, prometheus::Error> {
        let registry = Registry::new_custom(Some("shelf".into()), None)?;
        let requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests answered"),
            &["method", "route", "status"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new("http_request_duration_seconds", "time to answer")
                .buckets(LATENCY_BUCKETS.to_vec()),
            &["method", "route"],
        )?;
        let checkouts = IntCounterVec::new(
            Opts::new("checkouts_total", "checkout answers by outcome"),
            &["outcome"],
        )?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(checkouts.clone()))?;
        Ok(Self {
            registry,
            requests,
            latency,
            checkouts,
        })
    }

    /// Counts one answered request; `route` is the matched pattern, or `unmatched`.
    /// Methods outside the standard set count as `OTHER`: clients may send any token,
    /// and each new label value would be a new series kept forever.
    pub fn observe_request(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        const KNOWN: [&str; 7] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
        let method = if KNOWN.contains(&method) {
            method
        } else {
            "OTHER"
        };
        self.requests
            .with_label_values(&[method, route, &status.to_string()])
            .inc();
        self.latency
            .with_label_values(&[method, route])
            .observe(elapsed.as_secs_f64());
    }

    /// Counts one checkout answer (`confirmed`, `replayed`, or a problem code).
    pub fn observe_checkout(&self, outcome: &str) {
        self.checkouts.with_label_values(&[outcome]).inc();
    }

    /// The Prometheus text exposition of every metric.
    pub fn render(&self) -> Result<String, prometheus::Error> {
        let mut buffer = Vec::new();
        TextEncoder::new().encode(&self.registry.gather(), &mut buffer)?;
        String::from_utf8(buffer).map_err(|e| prometheus::Error::Msg(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_counted_by_route_pattern() {
        let metrics = Metrics::new().expect("metrics");
        metrics.observe_request("GET", "/s/{code}", 200, Duration::from_micros(800));
        metrics.observe_request("GET", "/s/{code}", 200, Duration::from_micros(900));
        metrics.observe_request("BREW", "unmatched", 404, Duration::from_micros(50));
        metrics.observe_checkout("confirmed");
        let text = metrics.render().expect("render");
        assert!(
            text.contains(
                r#"shelf_http_requests_total{method="GET",route="/s/{code}",status="200"} 2"#
            ),
            "{text}"
        );
        assert!(text.contains(r#"shelf_checkouts_total{outcome="confirmed"} 1"#));
        assert!(text.contains(r#"method="OTHER""#) && !text.contains("BREW"));
        assert!(text.contains("shelf_http_request_duration_seconds_bucket"));
    }
}
