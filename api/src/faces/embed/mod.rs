//! Pages other sites frame: a shelf of products on a blogger's post
//! (`/embed/shelves/{id}`). Small (no scripts, no web fonts, its one stylesheet inline),
//! with nothing fetched from another site, in Korean or English. The only pages any site
//! may frame ([`embed_page`](crate::app::pages::layer::embed_page)); their buy links open
//! the product's share page in a new tab, counted under channel `embed` with the shelf as
//! source.
//!
//! - `routes/`: the handlers; `pages/`: view models for the askama templates in
//!   `templates/`, which extend the core's `embed_base.html`; `i18n`: their strings.

pub mod i18n;
pub mod pages;
pub mod routes;
