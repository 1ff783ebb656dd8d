//! The client's address, for the per-address throttles: the TCP peer's, unless the peer is
//! one of `Settings::trusted_proxies`; then the forwarding chain of `Forwarded` (RFC 7239),
//! or else of `X-Forwarded-For`, is walked from the right, past every hop that is itself a
//! trusted proxy, to the first one that is not. Only the entries trusted proxies appended
//! are believed: whatever a client wrote itself sits to the left of them and is never
//! reached while an untrusted hop comes first. An entry that names no address (`unknown`,
//! an obfuscated `_name`, garbage) ends the walk at the last trusted hop, as does the end
//! of the chain.
//!
//! A trusted proxy must send one of the two headers and drop a client's copy of the other:
//! `Forwarded` is read whenever it is present.
//!
//! The parsing is written here rather than taken from a crate: actix's
//! `ConnectionInfo::realip_remote_addr` believes the leftmost entry from any peer, and the
//! crates that parse `Forwarded` (`forwarded-header-value`, `rfc7239`) cover neither
//! `X-Forwarded-For` nor the walk against a trusted list, which is the part that matters;
//! what remains (quoted strings, `[v6]:port` nodes) is a few lines.

use std::future::{Ready, ready};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use actix_web::dev::Payload;
use actix_web::http::header::{self, HeaderMap};
use actix_web::{FromRequest, HttpRequest, web};
use ipnet::IpNet;

use super::error::ApiError;
use super::state::AppState;
use crate::domain::DomainError;

/// The address of the client a request comes from, as far as the trusted proxies vouch
/// for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub IpAddr);

impl ClientAddress {
    /// The client of a request that arrived from `peer` with `headers`, believing the
    /// forwarding headers only as far as `trusted` proxies appended them.
    pub fn resolve(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> Self {
        let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
        let mut last_trusted = peer.to_canonical();
        if !is_trusted(&last_trusted) {
            return Self(last_trusted);
        }
        for hop in forwarding_chain(headers).into_iter().rev() {
            match hop.map(|ip| ip.to_canonical()) {
                Some(ip) if is_trusted(&ip) => last_trusted = ip,
                Some(ip) => return Self(ip),
                None => break,
            }
        }
        Self(last_trusted)
    }
}

impl ClientAddress {
    /// The client address of `req`, with the trusted proxies of the application's state.
    pub fn of(req: &HttpRequest) -> Result<Self, ApiError> {
        let internal = |what: &str| DomainError::internal(anyhow::anyhow!("{what} missing")).into();
        match req.app_data::<web::Data<AppState>>() {
            None => Err(internal("state")),
            // Only unit tests build requests without a peer; the server always has one.
            Some(state) => match req.peer_addr() {
                None => Err(internal("peer address")),
                Some(peer) => Ok(Self::resolve(
                    peer.ip(),
                    req.headers(),
                    &state.trusted_proxies,
                )),
            },
        }
    }
}

impl FromRequest for ClientAddress {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Self::of(req))
    }
}

/// The hops of `Forwarded` if the request has one, else of `X-Forwarded-For`, leftmost
/// first, each as the address it names (`None` where it names none). Several header lines
/// form one list in their order.
fn forwarding_chain(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let lines = |name| -> Option<Vec<&str>> {
        headers
            .get_all(name)
            .map(|value| value.to_str().ok())
            .collect()
    };
    if headers.contains_key(header::FORWARDED) {
        match lines(header::FORWARDED) {
            Some(lines) => lines
                .into_iter()
                .flat_map(|line| split_outside_quotes(line, ','))
                .map(forwarded_for)
                .collect(),
            None => vec![None],
        }
    } else {
        match lines(header::X_FORWARDED_FOR) {
            Some(lines) => lines
                .into_iter()
                .flat_map(|line| line.split(','))
                .map(node_address)
                .collect(),
            None => vec![None],
        }
    }
}

/// The address of one `Forwarded` element's `for=` parameter.
fn forwarded_for(element: &str) -> Option<IpAddr> {
    let mut found = None;
    for pair in split_outside_quotes(element, ';') {
        let (name, value) = pair.split_once('=')?;
        if name.trim().eq_ignore_ascii_case("for") {
            // A second `for` in one element makes it ambiguous.
            if found.is_some() {
                return None;
            }
            found = Some(unquote(value.trim())?);
        }
    }
    node_address(&found?)
}

/// Splits `text` at each `separator` outside a quoted string.
fn split_outside_quotes(text: &str, separator: char) -> Vec<&str> {
    let (mut parts, mut start, mut quoted, mut escaped) = (Vec::new(), 0, false, false);
    for (at, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            c if c == separator && !quoted => {
                parts.push(&text[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// A token as it is, a quoted string without its quotes and escapes; `None` for a quoted
/// string that does not end where the value does.
fn unquote(value: &str) -> Option<String> {
    let Some(inner) = value.strip_prefix('"') else {
        return Some(value.to_owned());
    };
    let mut text = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => text.push(chars.next()?),
            '"' => return chars.as_str().is_empty().then_some(text),
            c => text.push(c),
        }
    }
    None
}

/// The address of a node: `192.0.2.1`, `192.0.2.1:80`, `2001:db8::1`, `[2001:db8::1]`,
/// `[2001:db8::1]:80` (a port may be obfuscated, `_x`); `None` for `unknown`, an
/// obfuscated name and anything else.
fn node_address(node: &str) -> Option<IpAddr> {
    let node = node.trim();
    if let Ok(ip) = node.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Some(bracketed) = node.strip_prefix('[') {
        let (ip, rest) = bracketed.split_once(']')?;
        let ip: Ipv6Addr = ip.parse().ok()?;
        return (rest.is_empty() || is_port(rest.strip_prefix(':')?)).then_some(ip.into());
    }
    let (ip, port) = node.split_once(':')?;
    let ip: Ipv4Addr = ip.parse().ok()?;
    is_port(port).then_some(ip.into())
}

/// A port number or an obfuscated port (RFC 7239 section 6.3).
fn is_port(port: &str) -> bool {
    match port.strip_prefix('_') {
        Some(name) => {
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        }
        None => port.parse::<u16>().is_ok(),
    }
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    /// The client of a request from `peer` with `headers`, trusting `trusted`.
    fn client(peer: &str, headers: &[(&str, &str)], trusted: &[&str]) -> IpAddr {
        let trusted: Vec<IpNet> = trusted
            .iter()
            .map(|net| match net.parse() {
                Ok(net) => net,
                Err(_) => IpNet::from(net.parse::<IpAddr>().expect("address")),
            })
            .collect();
        let mut request = TestRequest::default();
        for &(name, value) in headers {
            request = request.append_header((name, value));
        }
        let request = request.to_http_request();
        ClientAddress::resolve(peer.parse().expect("peer"), request.headers(), &trusted).0
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("address")
    }

    const PROXY: &[&str] = &["127.0.0.1"];

    #[test]
    fn without_trusted_proxies_the_peer_is_the_client() {
        let spoofed = [
            ("x-forwarded-for", "203.0.113.9"),
            ("forwarded", "for=203.0.113.8"),
        ];
        assert_eq!(client("198.51.100.7", &spoofed, &[]), ip("198.51.100.7"));
        assert_eq!(client("198.51.100.7", &[], PROXY), ip("198.51.100.7"));
    }

    #[test]
    fn headers_from_an_untrusted_peer_are_ignored() {
        let spoofed = [("x-forwarded-for", "127.0.0.1, 203.0.113.9")];
        assert_eq!(client("198.51.100.7", &spoofed, PROXY), ip("198.51.100.7"));
        let spoofed = [("forwarded", "for=203.0.113.9")];
        assert_eq!(
            client("198.51.100.7", &spoofed, &["10.0.0.0/8"]),
            ip("198.51.100.7")
        );
    }

    #[test]
    fn a_trusted_peer_names_the_client_in_x_forwarded_for() {
        let headers = [("x-forwarded-for", "203.0.113.9")];
        assert_eq!(client("127.0.0.1", &headers, PROXY), ip("203.0.113.9"));
        let with_port = [("x-forwarded-for", " 203.0.113.9:51234 ")];
        assert_eq!(client("127.0.0.1", &with_port, PROXY), ip("203.0.113.9"));
        let v6 = [("x-forwarded-for", "2001:db8::7")];
        assert_eq!(client("127.0.0.1", &v6, PROXY), ip("2001:db8::7"));
        let v6_port = [("x-forwarded-for", "[2001:db8::7]:443")];
        assert_eq!(client("127.0.0.1", &v6_port, PROXY), ip("2001:db8::7"));
    }

    #[test]
    fn a_spoofed_leftmost_entry_is_never_believed() {
        // The client wrote 192.0.2.1 itself; the trusted proxy appended the real peer.
        let headers = [("x-forwarded-for", "192.0.2.1, 203.0.113.9")];
        assert_eq!(client("127.0.0.1", &headers, PROXY), ip("203.0.113.9"));
        // Claiming to be a trusted proxy gets the client nowhere either.
        let headers = [("x-forwarded-for", "192.0.2.1, 127.0.0.1, 203.0.113.9")];
        assert_eq!(client("127.0.0.1", &headers, PROXY), ip("203.0.113.9"));
    }

    #[test]
    fn the_chain_is_walked_through_two_trusted_proxies() {
        let trusted = ["10.0.0.0/8", "127.0.0.1"];
        let headers = [("x-forwarded-for", "192.0.2.1, 203.0.113.9, 10.1.2.3")];
        assert_eq!(client("127.0.0.1", &headers, &trusted), ip("203.0.113.9"));
        // The same chain over two header lines.
        let headers = [
            ("x-forwarded-for", "192.0.2.1, 203.0.113.9"),
            ("x-forwarded-for", "10.1.2.3"),
        ];
        assert_eq!(client("127.0.0.1", &headers, &trusted), ip("203.0.113.9"));
        // Only trusted hops: the leftmost of them is as far as anyone vouches.
        let headers = [("x-forwarded-for", "10.9.9.9, 10.1.2.3")];
        assert_eq!(client("127.0.0.1", &headers, &trusted), ip("10.9.9.9"));
    }

    #[test]
    fn forwarded_names_the_client_in_its_for_parameters() {
        let headers = [("forwarded", "for=192.0.2.60;proto=http;by=203.0.113.43")];
        assert_eq!(client("127.0.0.1", &headers, PROXY), ip("192.0.2.60"));
        let headers = [("forwarded", "For=\"192.0.2.60:8080\"")];
        assert_eq!(client("127.0.0.1", &headers, PROXY), ip("192.0.2.60"));
        let headers = [("forwarded", "for=\"[2001:db8:cafe::17]:4711\"")];
        assert_eq!(
            client("127.0.0.1", &headers, PROXY),
            ip("2001:db8:cafe::17")
        );
        let headers = [("forwarded", "for=\"[2001:db8:cafe::17]\";proto=https")];
        assert_eq!(client("::1", &headers, &["::1"]), ip("2001:db8:cafe::17"));
        let headers = [(
            "forwarded",
            "for=192.0.2.43, for=\"[2001:db8:cafe::17]\", for=10.0.0.5",
        )];
        let trusted = ["127.0.0.1", "10.0.0.0/8"];
        assert_eq!(
            client("127.0.0.1", &headers, &trusted),
            ip("2001:db8:cafe::17")
        );
        // A comma inside a quoted value does not split the element.
        let headers = [("forwarded", "for=192.0.2.43, for=198.51.100.2;ext=\"a, b\"")];
        assert_eq!(client("127.0.0.1", &headers, PROXY), ip("198.51.100.2"));
    }

    #[test]
    fn forwarded_is_read_before_x_forwarded_for() {
        let headers = [
            ("x-forwarded-for", "203.0.113.9"),
            ("forwarded", "for=192.0.2.60"),
        ];
        assert_eq!(client("127.0.0.1", &headers, PROXY), ip("192.0.2.60"));
    }

    #[test]
    fn an_entry_without_an_address_stops_at_the_last_trusted_hop() {
        let trusted = ["127.0.0.1", "10.0.0.0/8"];
        for forwarded in [
            "for=192.0.2.1, for=unknown, for=10.0.0.5",
            "for=192.0.2.1, for=_hidden, for=10.0.0.5",
            "for=192.0.2.1, proto=https, for=10.0.0.5",
            "for=192.0.2.1, for=\"[2001:db8::1\", for=10.0.0.5",
            "for=192.0.2.1, for=1.2.3.4;for=5.6.7.8, for=10.0.0.5",
            "for=192.0.2.1, for=\"unterminated, for=10.0.0.5",
        ] {
            let headers = [("forwarded", forwarded)];
            let expected = if forwarded.contains("unterminated") {
                // The open quote swallows the trusted hop too: nothing past the peer.
                ip("127.0.0.1")
            } else {
                ip("10.0.0.5")
            };
            assert_eq!(
                client("127.0.0.1", &headers, &trusted),
                expected,
                "{forwarded}"
            );
        }
        for garbage in [
            "",
            "  ",
            "not-an-address",
            "203.0.113.9:99999",
            "203.0.113.9, ",
        ] {
            let headers = [("x-forwarded-for", garbage)];
            assert_eq!(
                client("127.0.0.1", &headers, PROXY),
                ip("127.0.0.1"),
                "{garbage:?}"
            );
        }
    }

    #[test]
    fn mapped_ipv4_addresses_are_compared_as_ipv4() {
        let headers = [("x-forwarded-for", "::ffff:203.0.113.9")];
        assert_eq!(
            client("::ffff:127.0.0.1", &headers, PROXY),
            ip("203.0.113.9")
        );
    }
}
