//! The JSON writer of the share templates, without `core::fmt` or serde (both would cost every
//! page that loads the module kilobytes). It writes only what the templates need: objects,
//! arrays, strings, unsigned integers and booleans, with keys in one of two spellings.

use crate::core::text::decimal;
use crate::prelude::*;

/// How a template field's key is spelled: `snake_case` in Kakao's template object (REST
/// `template_object`, the template validation API), `camelCase` in the JavaScript SDK's
/// settings objects (`Kakao.Share.sendDefault({ objectType, imageUrl, … })`). Keys are declared
/// once, in `snake_case`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    Snake,
    Camel,
}

/// A JSON text being written. Separators are placed by looking at the last byte, so the
/// writers of the templates only say what comes next.
pub struct Json {
    out: String,
    case: Case,
}

impl Json {
    pub fn new(case: Case) -> Json {
        Json {
            out: String::new(),
            case,
        }
    }

    pub fn finish(self) -> String {
        self.out
    }

    /// A comma, unless the last thing written opened a container or a key.
    fn separate(&mut self) {
        if !matches!(self.out.as_bytes().last(), None | Some(b'{' | b'[' | b':')) {
            self.out.push(',');
        }
    }

    pub fn begin_object(&mut self) {
        self.separate();
        self.out.push('{');
    }

    pub fn end_object(&mut self) {
        self.out.push('}');
    }

    pub fn begin_array(&mut self) {
        self.separate();
        self.out.push('[');
    }

    pub fn end_array(&mut self) {
        self.out.push(']');
    }

    /// A template field's key, spelled in this writer's [`Case`].
    pub fn key(&mut self, snake: &str) {
        self.separate();
        match self.case {
            Case::Snake => self.quoted(snake),
            Case::Camel => self.quoted(&camel(snake)),
        }
        self.out.push(':');
    }

    /// A key the page chose (a template argument, a callback argument): written as given.
    pub fn verbatim_key(&mut self, key: &str) {
        self.separate();
        self.quoted(key);
        self.out.push(':');
    }

    pub fn string(&mut self, value: &str) {
        self.separate();
        self.quoted(value);
    }

    pub fn number(&mut self, value: u64) {
        self.separate();
        self.out.push_str(&decimal(value));
    }

    pub fn boolean(&mut self, value: bool) {
        self.separate();
        self.out.push_str(if value { "true" } else { "false" });
    }

    pub fn field_string(&mut self, key: &str, value: &str) {
        self.key(key);
        self.string(value);
    }

    pub fn field_optional_string(&mut self, key: &str, value: Option<&str>) {
        if let Some(value) = value {
            self.field_string(key, value);
        }
    }

    pub fn field_optional_number(&mut self, key: &str, value: Option<u64>) {
        if let Some(value) = value {
            self.key(key);
            self.number(value);
        }
    }

    /// `{"key": "value", …}` of pairs the page chose, in their order.
    pub fn pairs(&mut self, pairs: &[(String, String)]) {
        self.begin_object();
        for (key, value) in pairs {
            self.verbatim_key(key);
            self.string(value);
        }
        self.end_object();
    }

    /// A JSON string: `"` and `\` escaped, control characters as serde_json writes them
    /// (`\n`, `\t`, … or `\u00XX`), everything else as UTF-8.
    fn quoted(&mut self, text: &str) {
        self.out.push('"');
        for c in text.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\n' => self.out.push_str("\\n"),
                '\r' => self.out.push_str("\\r"),
                '\t' => self.out.push_str("\\t"),
                '\u{8}' => self.out.push_str("\\b"),
                '\u{c}' => self.out.push_str("\\f"),
                c if u32::from(c) < 0x20 => {
                    self.out.push_str("\\u00");
                    for nibble in [u32::from(c) >> 4, u32::from(c) & 0xf] {
                        self.out.push(char::from_digit(nibble, 16).unwrap_or('0'));
                    }
                }
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }
}

/// `image_url` → `imageUrl`.
fn camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::test_rng::XorShift;

    #[test]
    fn strings_are_escaped_exactly_as_serde_json_escapes_them() {
        let pieces = [
            "a", "카", "😀", "\"", "\\", "/", "\n", "\r", "\t", "\u{8}", "\u{c}", "\u{0}",
            "\u{1f}", "\u{7f}", "\u{2028}", " ", "{", "}",
        ];
        let mut rng = XorShift::new(13);
        for _ in 0..2000 {
            let len = rng.below(40);
            let text = rng.text(len, &pieces);
            let mut json = Json::new(Case::Snake);
            json.string(&text);
            assert_eq!(json.finish(), serde_json::to_string(&text).unwrap());
        }
    }

    #[test]
    fn keys_are_camel_cased_for_the_sdk_and_arguments_are_not() {
        let mut json = Json::new(Case::Camel);
        json.begin_object();
        json.field_string("android_execution_params", "a=1");
        json.key("server_callback_args");
        json.pairs(&[("user_id".into(), "7".into())]);
        json.key("buttons");
        json.begin_array();
        json.number(1);
        json.boolean(true);
        json.end_array();
        json.end_object();
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&json.finish()).unwrap(),
            serde_json::json!({
                "androidExecutionParams": "a=1",
                "serverCallbackArgs": {"user_id": "7"},
                "buttons": [1, true],
            })
        );
    }
}
