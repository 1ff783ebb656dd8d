//! The faces of the service, one folder each: the JSON API (`json_api`), the commuter's
//! mobile pages (`shop`), the retailer's console (`console`), the delivery operator's
//! pages (`ops`) and the pages other sites frame (`embed`). Each imports the core
//! (`crate::app`, the domain) and never another face; this module only mounts them side
//! by side, and derives the OpenAPI document from that same mounting.

pub mod console;
pub mod embed;
pub mod json_api;
pub mod ops;
pub mod shop;

use actix_web::http::header;
use actix_web::{App, HttpRequest, HttpResponse, ResponseError, web};
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::app::error::ApiError;
use crate::app::pages::error::StaffLayouts;
use json_api::document::{BaseDocument, PublishedDocument};

/// Mounts every face, with the extractor configuration that turns malformed input into
/// problem responses and the answer for paths no face serves.
pub fn configure(cfg: &mut ServiceConfig, json_limit: usize) {
    cfg.app_data(
        web::JsonConfig::default()
            .limit(json_limit)
            .error_handler(|error, _| json_error(error).into()),
    )
    .app_data(
        web::QueryConfig::default().error_handler(|error, _| {
            ApiError::BadRequest(format!("invalid query: {error}")).into()
        }),
    )
    .app_data(
        web::PathConfig::default().error_handler(|error, _| {
            ApiError::BadRequest(format!("invalid path: {error}")).into()
        }),
    )
    // The faces with their own staff layout, for their error pages.
    .app_data(web::Data::new(StaffLayouts(vec![
        ops::pages::error::LAYOUT,
    ])))
    .map(|cfg| {
        cfg.configure(shop::routes::configure)
            .configure(console::routes::configure)
            .configure(ops::routes::configure)
            .configure(embed::routes::configure)
    })
    .configure(json_api::configure)
    .default_service(web::to(unmatched));
}

/// The OpenAPI document of what [`configure`] mounts, built by mounting it once.
pub fn document() -> PublishedDocument {
    let (_, document) = App::new()
        .into_utoipa_app()
        .openapi(BaseDocument::openapi())
        .configure(|cfg| configure(cfg, 0))
        .split_for_parts();
    PublishedDocument::new(document)
}

fn json_error(error: actix_web::error::JsonPayloadError) -> ApiError {
    use actix_web::error::JsonPayloadError as E;
    match error {
        E::OverflowKnownLength { limit, .. } | E::Overflow { limit } => {
            ApiError::PayloadTooLarge { limit }
        }
        E::ContentType => {
            ApiError::UnsupportedMediaType("send JSON with Content-Type: application/json".into())
        }
        E::Deserialize(e) => ApiError::BadRequest(format!("invalid JSON body: {e}")),
        other => ApiError::BadRequest(format!("unreadable JSON body: {other}")),
    }
}

/// A path no route serves is 404; a documented path asked with a method it does not
/// have is 405 with the methods it has in `Allow`.
async fn unmatched(req: HttpRequest, document: web::Data<PublishedDocument>) -> HttpResponse {
    match document.allowed_methods(req.path()) {
        Some(allowed) => {
            let mut response = ApiError::MethodNotAllowed.error_response();
            if let Ok(value) = header::HeaderValue::from_str(&allowed.join(", ")) {
                response.headers_mut().insert(header::ALLOW, value);
            }
            response
        }
        None => ApiError::RouteNotFound.error_response(),
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::path::Path;
    use std::rc::Rc;

    use actix_web::dev::Service;
    use actix_web::test as actix_test;
    use actix_web::{App, HttpResponse};
    use utoipa_actix_web::AppExt;

    use super::*;

    /// The interactive reference's patterns (a scope and its files): a page about the
    /// document, not an operation of it.
    const REFERENCE: [&str; 2] = ["/docs", "/{_:.*}"];

    /// Every resource pattern the JSON API face routes to, as actix registered them (a
    /// pattern inside a scope is relative to it), read from the resource map a request
    /// sees. The commuter's pages are HTML, not part of the JSON contract.
    async fn mounted_patterns(stray_route: bool) -> Vec<String> {
        let seen = Rc::new(RefCell::new(String::new()));
        let sink = seen.clone();
        let app = actix_test::init_service(
            App::new()
                .wrap_fn(move |req, _| {
                    *sink.borrow_mut() = format!("{:?}", req.request().resource_map());
                    std::future::ready(Ok(req.into_response(HttpResponse::Ok().finish())))
                })
                .into_utoipa_app()
                .configure(|cfg| {
                    json_api::configure(cfg);
                    if stray_route {
                        cfg.map(|cfg| cfg.route("/v1/stray", web::get().to(HttpResponse::Ok)));
                    }
                })
                .into_app(),
        )
        .await;
        app.call(actix_test::TestRequest::get().uri("/").to_request())
            .await
            .expect("answered");
        let map = seen.borrow();
        map.split("Single(\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .map(str::to_owned)
            .collect()
    }

    /// The JSON API's mounted patterns the document does not cover, `/docs` aside.
    async fn undocumented(stray_route: bool) -> Vec<String> {
        let document = document();
        let documented: Vec<String> = serde_json::from_slice::<serde_json::Value>(&document.json())
            .expect("JSON")["paths"]
            .as_object()
            .expect("paths")
            .keys()
            .cloned()
            .collect();
        let mounted = mounted_patterns(stray_route).await;
        assert!(mounted.len() > 40, "read the resource map: {mounted:?}");
        mounted
            .into_iter()
            .filter(|pattern| !pattern.is_empty() && pattern != "/v1")
            .filter(|pattern| !REFERENCE.contains(&pattern.as_str()))
            .filter(|pattern| {
                !documented
                    .iter()
                    .any(|path| path.ends_with(pattern.as_str()))
            })
            .collect()
    }

    #[actix_web::test]
    async fn every_mounted_api_route_is_in_the_document() {
        let undocumented = undocumented(false).await;
        assert!(
            undocumented.is_empty(),
            "mounted, not documented: {undocumented:?}"
        );
    }

    #[actix_web::test]
    async fn a_route_mounted_around_the_document_is_caught() {
        assert_eq!(undocumented(true).await, ["/v1/stray"]);
    }

    /// No face imports another: each face reaches the rest only through the core.
    #[test]
    fn faces_import_only_the_core() {
        let faces = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/faces");
        let names: Vec<String> = std::fs::read_dir(&faces)
            .expect("faces")
            .filter_map(|entry| entry.ok())
            .filter(|entry| entry.path().is_dir())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.len() >= 2, "{names:?}");
        for face in &names {
            for file in rust_files(&faces.join(face)) {
                let source = std::fs::read_to_string(&file).expect("readable");
                for other in names.iter().filter(|other| *other != face) {
                    assert!(
                        !source.contains(&format!("faces::{other}")),
                        "{} imports the {other} face",
                        file.display()
                    );
                }
            }
        }
    }

    fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).expect("dir").filter_map(|e| e.ok()) {
            let path = entry.path();
            if path.is_dir() {
                files.extend(rust_files(&path));
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
        files
    }
}
