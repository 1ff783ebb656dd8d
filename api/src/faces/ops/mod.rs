//! The delivery operator's pages: server-rendered pages under `/ops/` for operators and
//! retailer admins (platform admins pick the retailer), in Korean or English, working
//! without JavaScript, made for phones (360 px) and tablets (768 px) held in gloves:
//! the day's slots, a slot's loading order, pick list and bag labels, and an order with
//! one form per move. Every move is `orders::fulfilment::advance`, as in the JSON API.
//!
//! - `routes/`: one module per page family; `pages/`: view models for the askama
//!   templates in `templates/`; `i18n/`: the strings; `ops.css`: the stylesheet. The
//!   staff session (shared with the console), languages, cookies and CSRF come from the
//!   core's page machinery (`crate::app::pages`).

pub mod i18n;
pub mod pages;
pub mod routes;
