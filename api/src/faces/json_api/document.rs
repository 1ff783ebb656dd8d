//! The OpenAPI document, generated from the code: every handler carries a
//! `#[utoipa::path]` next to its actix route attribute and is mounted through
//! `utoipa-actix-web`, so the routes the server serves and the document come from the
//! same registration. Schemas derive from the types that (de)serialize requests and
//! answers. What every operation shares is added here once, by [`CommonProblems`]:
//! the problem+json body of every error answer, and the refusals any operation of its
//! kind can give (malformed input, a missing token, another retailer, the database
//! being unavailable).

use actix_web::dev::ResourceDef;
use actix_web::web;
use sha2::{Digest, Sha256};
use utoipa::openapi::path::{Operation, PathItem};
use utoipa::openapi::response::Response;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Content, OpenApi as Document, Ref};
use utoipa::{Modify, OpenApi};

use crate::app::error::Problem;
use crate::domain::FieldError;

/// The document's fixed parts; paths and their schemas are added as routes are mounted.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Virtual Shelf API",
        version = "1",
        description = "Supermarket shelves printed on subway walls: a retailer's catalogue \
and posters, scans of their QR codes, carts, idempotent checkout with evening delivery \
slots, and operators' order handling.\n\nErrors are `application/problem+json` (RFC 9457) \
with a stable `code`. Money is integer minor units plus an ISO 4217 currency. Times are \
RFC 3339 in UTC; `local_*` fields carry the retailer's offset. Ids are opaque strings. \
Staff of one retailer see another retailer's resources as 404.",
        license(name = "MIT")
    ),
    components(schemas(Problem, FieldError)),
    modifiers(&BearerAuth),
    tags(
        (name = "service", description = "Health, readiness, metrics, this document"),
        (name = "auth", description = "Accounts and tokens"),
        (name = "catalog", description = "A retailer's products and photos"),
        (name = "posters", description = "Posters, their placements and print files"),
        (name = "scans", description = "What a scanned code resolves to"),
        (name = "delivery", description = "Zones, slot templates and bookable slots"),
        (name = "shopping", description = "The customer's cart, checkout and orders"),
        (name = "operations", description = "Order lists, pick lists and order transitions"),
        (name = "analytics", description = "Scans to sales per placement, poster, product, day and hour"),
        (name = "payments", description = "Events from the payment provider"),
    )
)]
pub struct BaseDocument;

/// Declares the bearer token scheme the operations' `security` refers to.
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, document: &mut Document) {
        let components = document.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            BEARER,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "Access token from `/v1/auth/login`, `/register` or `/refresh`",
                    ))
                    .build(),
            ),
        );
    }
}

/// The name of the bearer token security scheme, as operations cite it.
pub const BEARER: &str = "bearerAuth";

/// Completes every operation's error answers (see the module documentation). Applied
/// once the routes are mounted, so it sees every operation.
pub struct CommonProblems;

impl CommonProblems {
    fn complete(path: &str, operation: &mut Operation) {
        let has_input = operation.request_body.is_some()
            || operation
                .parameters
                .as_ref()
                .is_some_and(|parameters| !parameters.is_empty());
        let secured = operation
            .security
            .as_ref()
            .is_some_and(|requirements| !requirements.is_empty());
        let body_read = operation.request_body.is_some();
        let mut add = |status: &str, text: &str| {
            operation
                .responses
                .responses
                .entry(status.to_owned())
                .or_insert_with(|| Response::new(text).into());
        };
        if has_input {
            add("400", "`bad_request`: a malformed path, query or body");
            add(
                "422",
                "`invalid_text`: text containing the NUL character (U+0000)",
            );
        }
        if body_read {
            add("413", "`payload_too_large`: the body exceeds the limit");
            add(
                "415",
                "`unsupported_media_type`: the body is not of a type this operation reads",
            );
        }
        if secured {
            add(
                "401",
                "`missing_token`, `invalid_token`: no valid bearer token",
            );
        }
        if path.contains("{retailer_id}") {
            add("403", "`forbidden`: the caller's role may not do this");
            add(
                "404",
                "`not_found`: no such retailer, or one the caller may not see",
            );
        }
        add(
            "503",
            "`service_unavailable`: the database is unavailable; retry after a moment",
        );
        for (status, response) in &mut operation.responses.responses {
            let is_error = status.starts_with('4') || status.starts_with('5');
            if let (true, utoipa::openapi::RefOr::T(response)) = (is_error, response) {
                response.content.clear();
                response.content.insert(
                    "application/problem+json".to_owned(),
                    Content::new(Some(Ref::from_schema_name("Problem"))).into(),
                );
            }
        }
    }
}

impl Modify for CommonProblems {
    fn modify(&self, document: &mut Document) {
        for (path, item) in document.paths.paths.iter_mut() {
            for (_, operation) in operations_mut(item) {
                Self::complete(path, operation);
            }
        }
    }
}

/// Methods in the order `Allow` lists them.
const METHOD_ORDER: [&str; 8] = [
    "GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE",
];

/// The operations of a path item with their methods, upper case.
pub fn operations_mut(item: &mut PathItem) -> impl Iterator<Item = (&'static str, &mut Operation)> {
    // In METHOD_ORDER.
    [
        ("GET", item.get.as_mut()),
        ("PUT", item.put.as_mut()),
        ("POST", item.post.as_mut()),
        ("DELETE", item.delete.as_mut()),
        ("PATCH", item.patch.as_mut()),
        ("HEAD", item.head.as_mut()),
        ("OPTIONS", item.options.as_mut()),
        ("TRACE", item.trace.as_mut()),
    ]
    .into_iter()
    .filter_map(|(method, operation)| operation.map(|operation| (method, operation)))
}

/// The document as served: its JSON, a validator for conditional requests, and which
/// methods each documented path has (for 405 answers).
#[derive(Debug)]
pub struct PublishedDocument {
    json: web::Bytes,
    etag: String,
    methods: Vec<(ResourceDef, Vec<&'static str>)>,
}

impl PublishedDocument {
    /// Completes `document` (see [`CommonProblems`]) and serializes it once.
    pub fn new(mut document: Document) -> Self {
        CommonProblems.modify(&mut document);
        let methods = document
            .paths
            .paths
            .iter_mut()
            .map(|(path, item)| {
                let methods = operations_mut(item).map(|(method, _)| method).collect();
                (ResourceDef::new(path.as_str()), methods)
            })
            .collect();
        let json = serde_json::to_vec(&document).unwrap_or_default();
        let digest = Sha256::digest(&json);
        let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
        Self {
            json: json.into(),
            etag: format!("\"{hex}\""),
            methods,
        }
    }

    /// The document's JSON.
    pub fn json(&self) -> web::Bytes {
        self.json.clone()
    }

    /// A strong validator of the document: it only changes with a new build.
    pub fn etag(&self) -> &str {
        &self.etag
    }

    /// The methods of the documented paths `path` matches (several patterns can match
    /// one path: `/products/import` and `/products/{sku}`), if it matches any.
    pub fn allowed_methods(&self, path: &str) -> Option<Vec<&'static str>> {
        let mut allowed: Vec<&'static str> = self
            .methods
            .iter()
            .filter(|(pattern, _)| pattern.is_match(path))
            .flat_map(|(_, methods)| methods.iter().copied())
            .collect();
        allowed.sort_unstable_by_key(|method| METHOD_ORDER.iter().position(|m| m == method));
        allowed.dedup();
        (!allowed.is_empty()).then_some(allowed)
    }
}
