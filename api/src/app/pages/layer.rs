//! The middleware every page resource is wrapped in: errors become HTML pages in the
//! visitor's language and the face's layout (unless the client asked for JSON), a device token minted while
//! handling the request is set as the device cookie, and every answer carries the pages'
//! security headers.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::{Next, from_fn};
use actix_web::{HttpMessage, HttpRequest, Resource, web};
use base64::Engine;
use sha2::{Digest, Sha256};

use super::cookies;
use super::error;
use super::i18n::Lang;
use super::visitor::MintedDevice;
use crate::app::error::ApiError;
use crate::app::state::AppState;

/// True when the client prefers JSON (an app, or `curl -H 'accept: application/json'`).
pub fn wants_json(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::ACCEPT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|accept| {
            accept
                .split(',')
                .any(|part| part.trim().starts_with("application/json"))
        })
}

/// A page at `path`, wrapped in the page layer.
pub fn page(
    path: &str,
) -> Resource<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    web::resource(path).wrap(from_fn(page_layer))
}

/// A staff page at `path` (the console, the operator pages): the same layer, with error
/// pages in the staff layout.
pub fn staff_page(
    path: impl Into<String>,
) -> Resource<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    web::resource(path.into()).wrap(from_fn(staff_page_layer))
}

/// A page other sites may frame at `path` (a shelf's embed on a blog): the commuter's
/// layer, with a policy that differs only in `frame-ancestors *`.
pub fn embed_page(
    path: &str,
) -> Resource<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    web::resource(path).wrap(from_fn(embed_page_layer))
}

/// A page at `path` that runs one script of this site, `script` (its path, such as
/// `/assets/share.js`): the commuter's layer, with a policy that differs only in admitting
/// that one file from the public origin, so no other file served here (the API docs'
/// bundle under `/docs/`) can be loaded as a script by injected markup.
pub fn script_page(
    path: &str,
    script: &'static str,
) -> Resource<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    web::resource(path).wrap(from_fn(move |req, next| {
        script_page_layer(req, next, script)
    }))
}

async fn embed_page_layer(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let mut response = layer(req, next, false).await?;
    response
        .headers_mut()
        .insert(header::CONTENT_SECURITY_POLICY, EMBED_POLICY.clone());
    Ok(response)
}

async fn script_page_layer(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
    script: &'static str,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let mut response = layer(req, next, false).await?;
    // The origin is configuration, so this policy is built per answer; without the state
    // the page keeps the base policy, which runs no script at all.
    let policy = response
        .request()
        .app_data::<web::Data<AppState>>()
        .and_then(|state| HeaderValue::from_str(&script_policy(state.urls.origin(), script)).ok());
    if let Some(policy) = policy {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    Ok(response)
}

async fn page_layer(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    layer(req, next, false).await
}

async fn staff_page_layer(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    layer(req, next, true).await
}

async fn layer(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
    staff: bool,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let mut response = next.call(req).await?.map_into_boxed_body();
    let request = response.request().clone();
    if !wants_json(&request) {
        let failed = response
            .response()
            .error()
            .and_then(|error| error.as_error::<ApiError>())
            .map(|error| {
                if staff {
                    error::render_staff(&request, error)
                } else {
                    error::render(Lang::of_request(&request), error)
                }
            });
        if let Some(page) = failed {
            response = response.into_response(page);
        }
    }
    let headers = response.headers_mut();
    for (name, value) in SECURITY_HEADERS.iter() {
        headers.insert(name.clone(), value.clone());
    }
    let minted = request.extensions().get::<MintedDevice>().cloned();
    let state = request.app_data::<web::Data<AppState>>();
    if let (Some(MintedDevice(token)), Some(state)) = (minted, state) {
        let cookie = cookies::build(state, cookies::DEVICE, token, cookies::DEVICE_MAX_AGE_SECS);
        response.response_mut().add_cookie(&cookie)?;
    }
    Ok(response)
}

/// The layouts' stylesheets (the commuter's, the staff's and the embeds'), inlined in
/// `templates/base.html`, `templates/staff_base.html` and `templates/embed_base.html` so
/// a page is one request; the policy admits exactly these texts by their hashes.
fn layout_style_hashes() -> String {
    const LAYOUTS: [&str; 3] = [
        include_str!("templates/base.html"),
        include_str!("templates/staff_base.html"),
        include_str!("templates/embed_base.html"),
    ];
    LAYOUTS
        .iter()
        .map(|layout| {
            let style = layout
                .split_once("<style>")
                .and_then(|(_, rest)| rest.split_once("</style>"))
                .map_or("", |(style, _)| style);
            let digest = Sha256::digest(style.as_bytes());
            format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Headers on every page answer: no scripts (the one page that runs one is a
/// [`script_page`]), styles only from the layouts or this site's stylesheets (the
/// operator pages link theirs, which label sheets print with), forms only to this origin,
/// never framed, no MIME sniffing, no full URLs (which carry order ids) sent to other
/// sites.
static SECURITY_HEADERS: std::sync::LazyLock<[(HeaderName, HeaderValue); 3]> =
    std::sync::LazyLock::new(|| {
        let policy = content_policy("'none'", None);
        [
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_str(&policy).unwrap_or(HeaderValue::from_static(
                    "default-src 'none'; frame-ancestors 'none'",
                )),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            (
                header::REFERRER_POLICY,
                HeaderValue::from_static("strict-origin-when-cross-origin"),
            ),
        ]
    });

/// [`layout_style_hashes`], computed once.
static LAYOUT_STYLE_HASHES: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(layout_style_hashes);

/// The pages' content security policy, letting `frame_ancestors` frame them and running
/// `script` (a full URL) if any: without a `script-src`, `default-src 'none'` runs none.
fn content_policy(frame_ancestors: &str, script: Option<&str>) -> String {
    let scripts = script.map_or(String::new(), |url| format!("script-src {url}; "));
    format!(
        "default-src 'none'; img-src 'self' data:; style-src {} 'self'; {scripts}\
         form-action 'self'; base-uri 'none'; frame-ancestors {frame_ancestors}",
        *LAYOUT_STYLE_HASHES
    )
}

/// The policy of a page running the script at `path` of `origin`: a source with a path
/// matches that one file (CSP3 path matching), not its folder's others.
fn script_policy(origin: &str, path: &str) -> String {
    content_policy("'none'", Some(&format!("{origin}{path}")))
}

/// The policy of embeddable pages: any site may frame them, everything else as on every
/// page (the embed's buy links open the shop in a new tab, outside the frame).
static EMBED_POLICY: std::sync::LazyLock<HeaderValue> = std::sync::LazyLock::new(|| {
    HeaderValue::from_str(&content_policy("*", None))
        .unwrap_or(HeaderValue::from_static("default-src 'none'"))
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_admits_the_layout_styles_by_their_hashes() {
        let hashes = layout_style_hashes();
        let hashes: Vec<&str> = hashes.split(' ').collect();
        assert_eq!(hashes.len(), 3, "{hashes:?}");
        assert!(hashes[0] != hashes[1] && hashes[1] != hashes[2] && hashes[0] != hashes[2]);
        let policy = SECURITY_HEADERS[0].1.to_str().expect("ascii");
        for hash in hashes {
            assert!(hash.starts_with("'sha256-") && hash.len() > 50, "{hash}");
            assert!(policy.contains(hash));
        }
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(!policy.contains("unsafe-inline"));
    }

    #[test]
    fn the_embed_policy_differs_only_in_who_may_frame() {
        let page = SECURITY_HEADERS[0].1.to_str().expect("ascii");
        let embed = EMBED_POLICY.to_str().expect("ascii");
        assert_eq!(
            embed.replace("frame-ancestors *", "frame-ancestors 'none'"),
            page
        );
        assert!(embed.ends_with("frame-ancestors *"), "{embed}");
    }

    #[test]
    fn only_the_script_page_policy_runs_a_script_and_only_its_file() {
        let page = SECURITY_HEADERS[0].1.to_str().expect("ascii");
        let embed = EMBED_POLICY.to_str().expect("ascii");
        for policy in [page, embed] {
            assert!(!policy.contains("script-src"), "{policy}");
            assert!(policy.starts_with("default-src 'none';"), "{policy}");
        }
        let script = script_policy("https://shop.example", "/assets/share.js");
        assert_eq!(
            script.replace("script-src https://shop.example/assets/share.js; ", ""),
            page
        );
    }
}
