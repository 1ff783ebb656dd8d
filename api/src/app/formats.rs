//! Answers in several formats (JSON, CSV, PDF): the one the request's `Accept` header
//! prefers, and the headers such answers share.

use actix_web::http::header::{self, Accept, Header};
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder, mime};

/// A format an endpoint can answer in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Representation {
    /// `application/json`.
    Json,
    /// `text/csv`.
    Csv,
    /// `application/pdf`.
    Pdf,
}

impl Representation {
    fn content_type(self) -> &'static str {
        match self {
            Self::Json => "application/json",
            Self::Csv => "text/csv; charset=utf-8",
            Self::Pdf => "application/pdf",
        }
    }

    fn media_type(self) -> (&'static str, &'static str) {
        match self {
            Self::Json => ("application", "json"),
            Self::Csv => ("text", "csv"),
            Self::Pdf => ("application", "pdf"),
        }
    }

    fn matches(self, range: &mime::Mime) -> bool {
        let (kind, subtype) = self.media_type();
        let kind_matches = range.type_() == mime::STAR || range.type_().as_str() == kind;
        let subtype_matches = range.subtype() == mime::STAR || range.subtype().as_str() == subtype;
        kind_matches && subtype_matches
    }
}

/// The representation among `offered` that the request's `Accept` prefers most (q-values
/// first; among equals, the order the client listed, then the order offered). The first
/// offered one answers a request without `Accept`, with an unreadable one, or with none
/// of the offered types: a client that asks for something unknown still gets the
/// default rather than a 406.
pub fn negotiate(req: &HttpRequest, offered: &[Representation]) -> Representation {
    let default = offered.first().copied().unwrap_or(Representation::Json);
    if !req.headers().contains_key(header::ACCEPT) {
        return default;
    }
    let Ok(Accept(mut ranges)) = Accept::parse(req) else {
        return default;
    };
    ranges.retain(|range| range.quality > header::Quality::ZERO);
    // Stable: equal q-values keep the client's order.
    ranges.sort_by_key(|range| std::cmp::Reverse(range.quality));
    ranges
        .iter()
        .find_map(|range| offered.iter().copied().find(|r| r.matches(&range.item)))
        .unwrap_or(default)
}

/// A 200 answer in `representation`, to be given its body. Operators' lists hold
/// customers' names and addresses, so no cache may keep them; the answer varies by
/// `Accept`. A `filename` names the file a browser saves (CSV) or shows (PDF).
pub fn ok(representation: Representation, filename: Option<&str>) -> HttpResponseBuilder {
    let mut response = HttpResponse::Ok();
    response
        .insert_header((header::CONTENT_TYPE, representation.content_type()))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .insert_header((header::VARY, "Accept"));
    if let Some(filename) = filename {
        let disposition = match representation {
            Representation::Pdf => "inline",
            Representation::Json | Representation::Csv => "attachment",
        };
        response.insert_header((
            header::CONTENT_DISPOSITION,
            format!("{disposition}; filename=\"{filename}\""),
        ));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::Representation::{Csv, Json, Pdf};
    use super::*;
    use actix_web::test::TestRequest;

    fn pick(accept: Option<&str>) -> Representation {
        let mut request = TestRequest::default();
        if let Some(accept) = accept {
            request = request.insert_header((header::ACCEPT, accept));
        }
        negotiate(&request.to_http_request(), &[Json, Csv, Pdf])
    }

    #[test]
    fn picks_what_the_client_prefers() {
        assert_eq!(pick(None), Json);
        assert_eq!(pick(Some("text/csv")), Csv);
        assert_eq!(pick(Some("application/pdf")), Pdf);
        assert_eq!(pick(Some("text/csv;q=0.5, application/pdf")), Pdf);
        assert_eq!(pick(Some("text/*")), Csv);
        assert_eq!(pick(Some("*/*")), Json);
        assert_eq!(pick(Some("text/html, */*;q=0.8")), Json);
        assert_eq!(pick(Some("image/png")), Json);
        assert_eq!(pick(Some("text/csv;q=0, application/json")), Json);
    }
}
