//! What every server-rendered face shares: rendering and the base layout, the two
//! languages, who is asking (device, session), the cookies, CSRF-checked forms, the
//! middleware every page is wrapped in (HTML error pages, the device cookie) and safe
//! redirects, and the staff pages' session and frame. Page templates of the shared layouts
//! (`base.html` for commuters, `staff_base.html` for staff) live in `templates/`.

pub mod cookies;
pub mod csrf;
pub mod error;
pub mod form;
pub mod i18n;
pub mod layer;
pub mod notifications;
pub mod redirect;
pub mod render;
pub mod staff;
pub mod staff_sign_in;
pub mod upload;
pub mod visitor;
