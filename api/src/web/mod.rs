//! Mobile web pages for commuters: server-rendered HTML, small, fast on a phone in a
//! station, in Korean or English, working without JavaScript. From the scanned product
//! to the cart, sign-in, checkout and the order's status, through the same domain
//! functions as the JSON API.
//!
//! - `routes/`: one module per page family; `pages/`: view models for the askama
//!   templates in `templates/`; `i18n/`: languages and strings.
//! - `visitor`, `cookies`, `csrf`, `form`: who is asking (device, session), the cookies,
//!   and CSRF-checked forms; `layer`: the middleware every page is wrapped in (HTML
//!   error pages, the device cookie); `redirect`: 303s and safe `next` paths.

pub mod cookies;
pub mod csrf;
pub mod form;
pub mod i18n;
pub mod layer;
pub mod pages;
pub mod redirect;
pub mod routes;
pub mod visitor;
