//! The retailer's console: server-rendered pages under `/console/` for a retailer's staff
//! (retailer admins, operators who only read) and platform admins (who pick the
//! retailer), in Korean or English, working without JavaScript, at desktop and tablet
//! widths. Every figure comes from the same domain functions as the JSON API.
//!
//! - `routes/`: one module per page family; `pages/`: view models for the askama
//!   templates in `templates/`. The staff session, layout, languages, cookies and CSRF
//!   come from the core's page machinery (`crate::app::pages`).

pub mod i18n;
pub mod pages;
pub mod routes;
