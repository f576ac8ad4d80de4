//! The little URL handling the module needs, without the `url` crate's IDNA tables (which would
//! triple the size of the WebAssembly every visitor downloads).

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// RFC 3986 unreserved characters stay as they are; everything else in a value is encoded, so
/// `&`, `#`, `+`, `=`, spaces and Korean text survive a round trip through any query parser.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes one query value (space as `%20`, never `+`).
pub fn encode_component(value: &str) -> String {
    utf8_percent_encode(value, COMPONENT).to_string()
}

/// An absolute `http:` or `https:` URL, split where this module needs it.
#[derive(Debug, PartialEq, Eq)]
pub struct HttpUrl<'a> {
    /// `http` or `https`, lower case as written (the scheme is matched case-insensitively).
    pub scheme: &'a str,
    /// Everything after `scheme://` up to (not including) `?` or `#`: authority and path.
    pub authority_and_path: &'a str,
    /// The query without its `?`, if there is one.
    pub query: Option<&'a str>,
    /// The fragment without its `#`, if there is one.
    pub fragment: Option<&'a str>,
}

/// Parses an absolute http(s) URL with a non-empty host; `None` for anything else (relative
/// URLs, other schemes, whitespace or control characters).
pub fn parse_http_url(input: &str) -> Option<HttpUrl<'_>> {
    if input
        .bytes()
        .any(|b| b.is_ascii_whitespace() || b.is_ascii_control())
    {
        return None;
    }
    let (scheme, rest) = input.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let (before_fragment, fragment) = match rest.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (rest, None),
    };
    let (authority_and_path, query) = match before_fragment.split_once('?') {
        Some((a, q)) => (a, Some(q)),
        None => (before_fragment, None),
    };
    let authority = authority_and_path.split('/').next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    if host.is_empty() || host.starts_with(':') {
        return None;
    }
    Some(HttpUrl {
        scheme,
        authority_and_path,
        query,
        fragment,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_reserved_characters_korean_and_spaces() {
        assert_eq!(encode_component("a&b#c+d e=f"), "a%26b%23c%2Bd%20e%3Df");
        assert_eq!(encode_component("카카오"), "%EC%B9%B4%EC%B9%B4%EC%98%A4");
        assert_eq!(encode_component("A-z_0.9~"), "A-z_0.9~");
    }

    #[test]
    fn splits_an_absolute_url() {
        let u = parse_http_url("https://example.com:8443/cb/x?a=1&b=2#frag").unwrap();
        assert_eq!(u.scheme, "https");
        assert_eq!(u.authority_and_path, "example.com:8443/cb/x");
        assert_eq!(u.query, Some("a=1&b=2"));
        assert_eq!(u.fragment, Some("frag"));
        let bare = parse_http_url("HTTP://localhost").unwrap();
        assert_eq!(
            (bare.scheme, bare.query, bare.fragment),
            ("HTTP", None, None)
        );
    }

    #[test]
    fn rejects_what_is_not_an_absolute_http_url() {
        for bad in [
            "",
            "/redirect",
            "example.com/redirect",
            "ftp://example.com/",
            "javascript://alert(1)",
            "https://",
            "https:///path",
            "https://:80/",
            "https://exa mple.com/",
            "https://example.com/\n",
        ] {
            assert_eq!(parse_http_url(bad), None, "{bad:?}");
        }
    }
}
