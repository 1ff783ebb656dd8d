//! The JSON API: `/v1` for apps and integrations, the service endpoints (`/healthz`,
//! `/readyz`, `/metrics`, `/openapi.json`) and stored media. One module per endpoint
//! family in `routes/`.

pub mod document;
mod routes;

pub use routes::configure;
