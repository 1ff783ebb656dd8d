//! The middleware every page resource is wrapped in: errors become HTML pages in the
//! visitor's language (unless the client asked for JSON), and a device token minted while
//! handling the request is set as the device cookie.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::{Next, from_fn};
use actix_web::{HttpMessage, HttpRequest, Resource, web};

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

async fn page_layer(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let mut response = next.call(req).await?.map_into_boxed_body();
    let request = response.request().clone();
    if !wants_json(&request) {
        let failed = response
            .response()
            .error()
            .and_then(|error| error.as_error::<ApiError>())
            .map(|error| error::render(Lang::of_request(&request), error));
        if let Some(page) = failed {
            response = response.into_response(page);
        }
    }
    let minted = request.extensions().get::<MintedDevice>().cloned();
    let state = request.app_data::<web::Data<AppState>>();
    if let (Some(MintedDevice(token)), Some(state)) = (minted, state) {
        let cookie = cookies::build(state, cookies::DEVICE, token, cookies::DEVICE_MAX_AGE_SECS);
        response.response_mut().add_cookie(&cookie)?;
    }
    Ok(response)
}
