//! Text without `core::fmt`: the browser module only joins a few pieces and writes a few
//! integers (a status code, a timestamp, a pixel width), and `format!`'s machinery would cost
//! every page several kilobytes.
//!
//! For the same reason the module writes a one-character pattern as a one-character array,
//! `split(['&'])` rather than `split('&')`: a `char` pattern's searcher slices its UTF-8 buffer
//! with a range the compiler cannot prove in bounds, and that slice's panic formats its message
//! with `core::fmt` (about 0.5 KB gzip a page, measured). An array pattern compares characters
//! one by one and cannot panic.

use crate::prelude::*;

/// The pieces one after the other.
pub fn concat(parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts {
        out.push_str(part);
    }
    out
}

/// Where `needle` first occurs in `haystack`. A plain byte search: `str::find` with a string
/// pattern brings core's two-way searcher and its panic diagnostics (with Unicode tables) along.
/// A match of valid UTF-8 in valid UTF-8 always lies on character boundaries.
pub fn find(haystack: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w == needle.as_bytes())
}

/// The text after the first `needle` in `haystack`.
pub fn after<'a>(haystack: &'a str, needle: &str) -> Option<&'a str> {
    haystack.get(find(haystack, needle)? + needle.len()..)
}

/// `n` in decimal, e.g. `404` → `"404"`.
pub fn decimal(n: u64) -> String {
    let mut out = String::new();
    push_decimal(&mut out, n);
    out
}

/// The digits before the last one first, then the last one: at most 20 calls deep.
fn push_decimal(out: &mut String, n: u64) {
    if n >= 10 {
        push_decimal(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// The number `text` writes in decimal digits only (what [`decimal`] writes); `None` for
/// anything else, including an empty string or an overflow.
pub fn parse_decimal(text: &str) -> Option<u64> {
    if text.is_empty() {
        return None;
    }
    text.bytes().try_fold(0u64, |n, b| {
        let digit = b.checked_sub(b'0').filter(|d| *d < 10)?;
        n.checked_mul(10)?.checked_add(digit.into())
    })
}

#[cfg(test)]
mod tests {
    use super::{after, concat, decimal, find, parse_decimal};

    #[test]
    fn parse_decimal_reads_what_decimal_writes_and_nothing_else() {
        for n in [0, 7, 10, 1_764_000_000_000, u64::MAX] {
            assert_eq!(parse_decimal(&decimal(n)), Some(n));
        }
        for bad in [
            "",
            "-1",
            "+1",
            "1.5",
            " 1",
            "1a",
            "18446744073709551616",
            "١",
        ] {
            assert_eq!(parse_decimal(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn find_agrees_with_str_find() {
        for (haystack, needle) in [
            ("", ""),
            ("abc", ""),
            ("", "a"),
            ("Mozilla KAKAOTALK 10", "KAKAOTALK"),
            ("aaab", "aab"),
            ("카카오톡 KAKAOTALK", "KAKAOTALK"),
            ("카카오톡", "카오"),
            ("short", "longer needle"),
            ("FBAV/1 FBAV/2", "FBAV/"),
        ] {
            assert_eq!(
                find(haystack, needle),
                haystack.find(needle),
                "{haystack:?} {needle:?}"
            );
        }
        assert_eq!(after("https://a.example/x", "://"), Some("a.example/x"));
        assert_eq!(after("카카오톡/9.1", "톡/"), Some("9.1"));
        assert_eq!(after("no scheme", "://"), None);
    }

    #[test]
    fn concat_joins_in_order() {
        assert_eq!(concat(&[]), "");
        assert_eq!(concat(&["a", "", "카카오", " b"]), "a카카오 b");
    }

    #[test]
    fn matches_display_at_the_edges_and_between() {
        for n in [
            0,
            1,
            9,
            10,
            99,
            100,
            401,
            65_535,
            1_764_000_000_000,
            u64::MAX,
        ] {
            assert_eq!(decimal(n), n.to_string());
        }
        let mut n = 1u64;
        while let Some(next) = n.checked_mul(7) {
            assert_eq!(decimal(n), n.to_string());
            n = next;
        }
    }
}
