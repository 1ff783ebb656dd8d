//! A coarse class of the scanning device, enough for attribution reports without storing
//! the full User-Agent string.

/// `ios`, `android`, `desktop`, `bot` or `other`.
pub fn classify(user_agent: Option<&str>) -> &'static str {
    let Some(ua) = user_agent.map(str::to_ascii_lowercase) else {
        return "other";
    };
    if [
        "bot", "crawler", "spider", "curl", "wget", "python", "okhttp", "reqwest", "wrk", "oha",
    ]
    .iter()
    .any(|needle| ua.contains(needle))
    {
        "bot"
    } else if ua.contains("iphone") || ua.contains("ipad") || ua.contains("ipod") {
        "ios"
    } else if ua.contains("android") {
        "android"
    } else if ua.contains("windows") || ua.contains("macintosh") || ua.contains("x11") {
        "desktop"
    } else {
        "other"
    }
}

#[cfg(test)]
mod tests {
    use super::classify;

    #[test]
    fn classes() {
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15";
        let galaxy =
            "Mozilla/5.0 (Linux; Android 14; SM-S918N) AppleWebKit/537.36 Chrome/120 Mobile";
        assert_eq!(classify(Some(iphone)), "ios");
        assert_eq!(classify(Some(galaxy)), "android");
        assert_eq!(
            classify(Some("Mozilla/5.0 (Windows NT 10.0; Win64; x64)")),
            "desktop"
        );
        assert_eq!(classify(Some("curl/8.5.0")), "bot");
        assert_eq!(classify(None), "other");
    }
}
