//! Redirects between pages: `303 See Other` after a posted form (so a reload does not
//! post again), the sign-in detour, and the `next` parameter kept to local paths.

use actix_web::HttpResponse;
use actix_web::http::header;

/// Where a visitor goes after signing in when nothing else was asked for.
pub const DEFAULT_NEXT: &str = "/cart";

/// `303 See Other` to `location`.
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .finish()
}

/// To the sign-in page, coming back to `next` afterwards.
pub fn to_sign_in(next: &str) -> HttpResponse {
    let query = serde_urlencoded::to_string([("next", local_path(Some(next)))]).unwrap_or_default();
    see_other(&format!("/signin?{query}"))
}

/// `next` when it is a path on this site, else [`DEFAULT_NEXT`]. An absolute URL, a
/// scheme-relative `//host` or a backslash trick would send a freshly signed-in visitor
/// to someone else's site (an open redirect).
pub fn local_path(next: Option<&str>) -> &str {
    next.filter(|path| {
        path.starts_with('/')
            && !path.starts_with("//")
            && !path.contains('\\')
            && !path.chars().any(char::is_control)
    })
    .unwrap_or(DEFAULT_NEXT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(local_path(Some("/checkout")), "/checkout");
        assert_eq!(local_path(Some("/orders/1?placed=1")), "/orders/1?placed=1");
        for foreign in [
            "https://evil.example/",
            "//evil.example",
            "/\\evil.example",
            "evil",
            "/a\nb",
            "",
        ] {
            assert_eq!(local_path(Some(foreign)), DEFAULT_NEXT, "{foreign:?}");
        }
        assert_eq!(local_path(None), DEFAULT_NEXT);
    }

    #[test]
    fn sign_in_keeps_where_to_return() {
        let response = to_sign_in("/checkout");
        assert_eq!(response.status(), actix_web::http::StatusCode::SEE_OTHER);
        assert_eq!(
            response
                .headers()
                .get(header::LOCATION)
                .map(|v| v.as_bytes()),
            Some(&b"/signin?next=%2Fcheckout"[..])
        );
    }
}
