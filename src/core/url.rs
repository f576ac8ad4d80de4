//! The little URL handling the module needs, without the `url` crate's IDNA tables (which would
//! triple the size of the WebAssembly every visitor downloads), and without `percent-encoding`,
//! whose generic code and 777-byte escape table outweigh the few lines below. Queries are decoded
//! by the platform ([`QueryDecoder`]).

use crate::core::text::{after, find};
use crate::prelude::*;

/// Upper-case, as RFC 3986 section 2.1 recommends.
const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Whether a byte is an RFC 3986 unreserved character: `[A-Za-z0-9-._~]`.
pub fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Percent-encodes one query value (space as `%20`, never `+`). Unreserved characters stay as
/// they are; every other byte of the UTF-8 is encoded, so `&`, `#`, `+`, `=`, spaces and Korean
/// text survive a round trip through any query parser.
#[expect(
    clippy::indexing_slicing,
    reason = "a nibble (`>> 4`, `& 15`) indexes the 16 digits"
)]
pub fn encode_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for &b in value.as_bytes() {
        if is_unreserved(b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

/// Decodes an `application/x-www-form-urlencoded` query (without its `?`) into its
/// `(name, value)` pairs as the URL Standard's urlencoded parser does: pairs split at `&` (empty
/// ones skipped), name and value at the first `=`, `+` is a space, `%XX` is a byte (a malformed
/// escape stays as written), and bytes that are not UTF-8 become U+FFFD. The platform has one,
/// so the module carries none: the browser's `URLSearchParams` (`browser::query_pairs`); the host
/// tests and the fuzz targets pass the `form_urlencoded` crate's (`form_pairs`), and a browser
/// test checks that the two agree.
pub type QueryDecoder = fn(&str) -> Vec<(String, String)>;

/// The `form_urlencoded` crate as the [`QueryDecoder`] of the host tests.
#[cfg(test)]
pub(crate) fn form_pairs(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect()
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
    let scheme = input.get(..find(input, "://")?)?;
    let rest = after(input, "://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let (before_fragment, fragment) = match rest.split_once(['#']) {
        Some((b, f)) => (b, Some(f)),
        None => (rest, None),
    };
    let (authority_and_path, query) = match before_fragment.split_once(['?']) {
        Some((a, q)) => (a, Some(q)),
        None => (before_fragment, None),
    };
    let authority = authority_and_path.split(['/']).next().unwrap_or_default();
    let host = match authority.bytes().rposition(|b| b == b'@') {
        Some(at) => authority.get(at + 1..)?,
        None => authority,
    };
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
    use crate::core::test_rng::XorShift;

    /// Fragments that exercise every branch of encoding and decoding: unreserved and reserved
    /// ASCII, separators, valid, malformed and truncated escapes, escapes of bytes that are not
    /// UTF-8 on their own, and multi-byte characters.
    #[rustfmt::skip]
    const PIECES: &[&str] = &[
        "a", "Z", "0", "-", ".", "_", "~", "*", "!", "'", "(", ")", "/", "?", "#", " ", "\t",
        "%", "+", "&", "=", "&&", "==", "%zz", "%4", "%4g", "%g4", "%41", "%2B", "%2b", "%26",
        "%3D", "%25", "%20", "%C3%A9", "%c3", "%FF", "%E2%82", "%E2%82%AC", "%ED%A0%80", "é",
        "카", "€", "😀", "\u{7f}", "\u{0}",
    ];

    #[test]
    fn encodes_reserved_characters_korean_and_spaces() {
        assert_eq!(encode_component("a&b#c+d e=f"), "a%26b%23c%2Bd%20e%3Df");
        assert_eq!(encode_component("카카오"), "%EC%B9%B4%EC%B9%B4%EC%98%A4");
        assert_eq!(encode_component("A-z_0.9~"), "A-z_0.9~");
        assert_eq!(
            encode_component("*!'()\u{0}\u{7f}"),
            "%2A%21%27%28%29%00%7F"
        );
    }

    #[test]
    fn encoding_matches_the_percent_encoding_crate() {
        use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
        const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
            .remove(b'-')
            .remove(b'.')
            .remove(b'_')
            .remove(b'~');
        let all_chars: String = (0..=0x7f)
            .map(char::from)
            .chain(['é', '카', '😀'])
            .collect();
        assert_eq!(
            encode_component(&all_chars),
            utf8_percent_encode(&all_chars, COMPONENT).to_string()
        );
        let mut rng = XorShift::new(3);
        for _ in 0..5000 {
            let len = rng.below(300);
            let value = rng.text(len, PIECES);
            assert_eq!(
                encode_component(&value),
                utf8_percent_encode(&value, COMPONENT).to_string(),
                "{value:?}"
            );
        }
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
