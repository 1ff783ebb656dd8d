//! Mobile web pages for commuters: server-rendered HTML, small, fast on a phone in a
//! station, in Korean or English, working without JavaScript. From the scanned product
//! to the cart, sign-in, checkout and the order's status, through the same domain
//! functions as the JSON API.
//!
//! - `routes/`: one module per page family; `pages/`: view models for the askama
//!   templates in `templates/`. The layout, languages, cookies, CSRF and sessions come
//!   from the core's page machinery (`crate::app::pages`).

pub mod i18n;
pub mod pages;
pub mod routes;
pub mod sharing;
