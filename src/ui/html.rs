//! Markup as text, for one `innerHTML` per component instead of a DOM call per element and
//! attribute: fixed templates with `$` holes, so the markup sits in the download as a few
//! strings rather than as code.

use crate::prelude::*;

/// `template` with each `$` replaced by the next of `args`. Templates are this crate's own
/// constants (with no other `$`); text from elsewhere must go through [`escape`] first.
pub(crate) fn fill(template: &str, args: &[&str]) -> String {
    let mut args = args.iter();
    replace(template, &mut |b| match b {
        b'$' => Some(args.next().copied().unwrap_or_default()),
        _ => None,
    })
}

/// `text` escaped for element content and quoted attribute values alike, so a title or URL from
/// the backend can never open a tag or leave its attribute.
pub(crate) fn escape(text: &str) -> String {
    replace(text, &mut |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    })
}

/// `text` with the ASCII bytes `with` maps replaced. Splitting only at ASCII bytes keeps every
/// piece on a character boundary.
fn replace<'a>(text: &str, with: &mut dyn FnMut(u8) -> Option<&'a str>) -> String {
    let mut out = String::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if let Some(by) = with(b) {
            out.push_str(text.get(start..i).unwrap_or_default());
            out.push_str(by);
            start = i + 1;
        }
    }
    out.push_str(text.get(start..).unwrap_or_default());
    out
}
