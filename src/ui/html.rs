//! Markup as text, for one `innerHTML` per component instead of a DOM call per element and
//! attribute: fixed templates with `$` holes, so the markup sits in the download as a few
//! strings rather than as code.

use crate::prelude::*;

/// Appends `template` to `out` with each `$` replaced by the next of `args`, escaped for element
/// content and quoted attribute values alike: a title or URL from the backend can never open a
/// tag or leave its attribute. Templates are this crate's constants, with no other `$`. A
/// constant fragment with nothing to escape, such as ` required`, passes through unchanged.
pub(crate) fn fill(out: &mut String, template: &str, args: &[&str]) {
    let mut args = args.iter();
    let mut start = 0;
    for (i, b) in template.bytes().enumerate() {
        if b == b'$' {
            out.push_str(template.get(start..i).unwrap_or_default());
            escape(out, args.next().copied().unwrap_or_default());
            start = i + 1;
        }
    }
    out.push_str(template.get(start..).unwrap_or_default());
}

/// Splitting only at ASCII bytes keeps every piece on a character boundary.
fn escape(out: &mut String, text: &str) {
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(text.get(start..i).unwrap_or_default());
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(text.get(start..).unwrap_or_default());
}
