//! Markup as text, for one `innerHTML` per component instead of a DOM call per element and
//! attribute: fixed templates with `$` holes, so the markup sits in the download as a few
//! strings rather than as code.

/// `template` with each `$` replaced by the next of `args`. Templates are this crate's own
/// constants (with no other `$`); text from elsewhere must go through [`escape`] first.
pub(crate) fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::new();
    let mut args = args.iter();
    let mut start = 0;
    for (i, b) in template.bytes().enumerate() {
        if b == b'$' {
            out.push_str(template.get(start..i).unwrap_or_default());
            out.push_str(args.next().copied().unwrap_or_default());
            start = i + 1;
        }
    }
    out.push_str(template.get(start..).unwrap_or_default());
    out
}

/// `text` escaped for element content and quoted attribute values alike, so a title or URL from
/// the backend can never open a tag or leave its attribute.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
