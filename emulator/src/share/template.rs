//! Kakao's checks of a message template, the emulator's own reading of the template tables
//! (independent of the crate's `core::share`): required fields, types, counts, lengths.
//!
//! <https://developers.kakao.com/docs/latest/ko/message-template/default>

use serde_json::{Map, Value};

/// What the emulator checks of a web link, beside the template's shape.
pub struct Domains<'a>(pub &'a [String]);

impl Domains<'_> {
    /// Whether `url`'s scheme, host and port are one of the registered web domains.
    pub fn registers(&self, url: &str) -> bool {
        let Some((scheme, rest)) = url.split_once("://") else {
            return false;
        };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        self.0.iter().any(|domain| {
            domain.split_once("://").is_some_and(|(s, host)| {
                s.eq_ignore_ascii_case(scheme)
                    && host.trim_end_matches('/').eq_ignore_ascii_case(authority)
            })
        })
    }
}

/// A template Kakao accepted, with its warnings: web links outside the registered domains are
/// reported, not refused (UNCONFIRMED: whether Kakao refuses them or only lets the link fail;
/// its docs say only that such links are not "allowed to connect").
#[derive(Debug, Default)]
pub struct Checked {
    pub warnings: Map<String, Value>,
}

/// Checks `template_object`; `Err` is the reason for Kakao's `-2`.
pub fn check_default(object: &Value, domains: &Domains) -> Result<Checked, String> {
    let mut checked = Checked::default();
    let template = object
        .as_object()
        .ok_or("template_object must be a JSON object")?;
    let object_type = string(template, "object_type", "")?;
    let mut at = Walk {
        domains,
        checked: &mut checked,
    };
    let max_buttons = match object_type {
        "feed" => {
            at.content(required(template, "content", "")?, "content")?;
            if let Some(items) = template.get("item_content") {
                at.item_content(items)?;
            }
            2
        }
        "list" => {
            let header = string(template, "header_title", "")?;
            if header.chars().count() > 200 {
                return Err("header_title: longer than 200 characters".into());
            }
            at.link(required(template, "header_link", "")?, "header_link")?;
            let contents = required(template, "contents", "")?
                .as_array()
                .ok_or("contents: must be an array")?;
            if !(2..=3).contains(&contents.len()) {
                return Err("contents: a list holds 2 or 3 contents".into());
            }
            for (i, content) in contents.iter().enumerate() {
                at.content(content, &format!("contents[{i}]"))?;
            }
            2
        }
        "location" => {
            string(template, "address", "")?;
            at.content(required(template, "content", "")?, "content")?;
            2
        }
        "commerce" => {
            at.content(required(template, "content", "")?, "content")?;
            let commerce = required(template, "commerce", "")?
                .as_object()
                .ok_or("commerce: must be an object")?;
            count(
                required(commerce, "regular_price", "commerce.")?,
                "commerce.regular_price",
            )?;
            if commerce.contains_key("fixed_discount_price")
                && commerce.contains_key("discount_rate")
            {
                return Err(
                    "commerce: fixed_discount_price and discount_rate cannot be used together"
                        .into(),
                );
            }
            2
        }
        "calendar" => {
            string(template, "id", "")?;
            let id_type = string(template, "id_type", "")?;
            if !matches!(id_type, "calendar" | "event") {
                return Err("id_type: calendar or event".into());
            }
            at.content(required(template, "content", "")?, "content")?;
            1
        }
        "text" => {
            let text = string(template, "text", "")?;
            if text.chars().count() > 200 {
                return Err("text: longer than 200 characters".into());
            }
            at.link(required(template, "link", "")?, "link")?;
            2
        }
        other => return Err(format!("object_type: unknown type {other:?}")),
    };
    if let Some(buttons) = template.get("buttons") {
        let buttons = buttons.as_array().ok_or("buttons: must be an array")?;
        if buttons.len() > max_buttons {
            return Err(format!("buttons: at most {max_buttons} for {object_type}"));
        }
        for (i, button) in buttons.iter().enumerate() {
            let path = format!("buttons[{i}]");
            let button = button
                .as_object()
                .ok_or_else(|| format!("{path}: must be an object"))?;
            string(button, "title", &format!("{path}."))?;
            at.link(
                required(button, "link", &format!("{path}."))?,
                &format!("{path}.link"),
            )?;
        }
    }
    Ok(checked)
}

/// Walks a template's components, noting warnings.
struct Walk<'a, 'd> {
    domains: &'a Domains<'d>,
    checked: &'a mut Checked,
}

impl Walk<'_, '_> {
    fn content(&mut self, content: &Value, path: &str) -> Result<(), String> {
        let content = content
            .as_object()
            .ok_or_else(|| format!("{path}: must be an object"))?;
        for key in ["image_width", "image_height"] {
            if let Some(value) = content.get(key) {
                count(value, &format!("{path}.{key}"))?;
            }
        }
        self.link(
            required(content, "link", &format!("{path}."))?,
            &format!("{path}.link"),
        )
    }

    fn item_content(&mut self, items: &Value) -> Result<(), String> {
        let items = items.as_object().ok_or("item_content: must be an object")?;
        if let Some(list) = items.get("items") {
            let list = list
                .as_array()
                .ok_or("item_content.items: must be an array")?;
            if list.len() > 5 {
                return Err("item_content.items: at most 5 items".into());
            }
            for (i, item) in list.iter().enumerate() {
                let path = format!("item_content.items[{i}].");
                let item = item
                    .as_object()
                    .ok_or_else(|| format!("{path}: must be an object"))?;
                string(item, "item", &path)?;
                string(item, "item_op", &path)?;
            }
        }
        Ok(())
    }

    fn link(&mut self, link: &Value, path: &str) -> Result<(), String> {
        let link = link
            .as_object()
            .ok_or_else(|| format!("{path}: must be an object"))?;
        for key in ["web_url", "mobile_web_url"] {
            let Some(url) = link.get(key) else { continue };
            let url = url
                .as_str()
                .ok_or_else(|| format!("{path}.{key}: must be a string"))?;
            if !self.domains.registers(url) {
                self.checked.warnings.insert(
                    format!("{path}.{key}"),
                    Value::from(format!("{url} is not in the app's registered web domains")),
                );
            }
        }
        Ok(())
    }
}

fn required<'v>(
    object: &'v Map<String, Value>,
    key: &str,
    path: &str,
) -> Result<&'v Value, String> {
    object
        .get(key)
        .filter(|value| !value.is_null())
        .ok_or_else(|| format!("{path}{key}: required"))
}

/// A required, non-blank string.
fn string<'v>(object: &'v Map<String, Value>, key: &str, path: &str) -> Result<&'v str, String> {
    required(object, key, path)?
        .as_str()
        .filter(|text| !text.trim().is_empty())
        .ok_or_else(|| format!("{path}{key}: required string"))
}

/// A number of pixels, a price, a count: a non-negative integer.
fn count(value: &Value, path: &str) -> Result<u64, String> {
    value
        .as_u64()
        .ok_or_else(|| format!("{path}: must be a non-negative integer"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn domains() -> Vec<String> {
        vec!["http://localhost:8080".into()]
    }

    fn check(template: Value) -> Result<Checked, String> {
        check_default(&template, &Domains(&domains()))
    }

    fn link() -> Value {
        json!({"web_url": "http://localhost:8080/a", "mobile_web_url": "http://localhost:8080/a"})
    }

    fn content() -> Value {
        json!({"title": "t", "link": link()})
    }

    fn buttons(n: usize) -> Value {
        Value::from(vec![json!({"title": "b", "link": link()}); n])
    }

    #[test]
    fn each_template_kind_is_accepted_in_its_documented_shape() {
        let templates = [
            json!({"object_type": "feed", "content": content(), "buttons": buttons(2)}),
            json!({"object_type": "list", "header_title": "h", "header_link": link(),
                   "contents": [content(), content(), content()]}),
            json!({"object_type": "location", "address": "판교", "content": content()}),
            json!({"object_type": "commerce", "content": content(),
                   "commerce": {"regular_price": 1000, "discount_rate": 10}}),
            json!({"object_type": "calendar", "id": "x", "id_type": "event", "content": content(),
                   "buttons": buttons(1)}),
            json!({"object_type": "text", "text": "가".repeat(200), "link": link()}),
        ];
        for template in templates {
            let checked = check(template.clone()).unwrap_or_else(|e| panic!("{e}: {template}"));
            assert!(checked.warnings.is_empty());
        }
    }

    #[test]
    fn the_documented_limits_are_refused() {
        let refused = [
            (
                json!({"object_type": "feed", "content": content(), "buttons": buttons(3)}),
                "buttons",
            ),
            (
                json!({"object_type": "calendar", "id": "x", "id_type": "event", "content": content(),
                    "buttons": buttons(2)}),
                "buttons",
            ),
            (
                json!({"object_type": "list", "header_title": "h", "header_link": link(),
                    "contents": [content()]}),
                "contents",
            ),
            (
                json!({"object_type": "list", "header_title": "가".repeat(201), "header_link": link(),
                    "contents": [content(), content()]}),
                "header_title",
            ),
            (
                json!({"object_type": "text", "text": "가".repeat(201), "link": link()}),
                "text",
            ),
            (
                json!({"object_type": "feed", "content": content(),
                    "item_content": {"items": vec![json!({"item": "a", "item_op": "1"}); 6]}}),
                "item_content.items",
            ),
            (
                json!({"object_type": "commerce", "content": content(),
                    "commerce": {"regular_price": 1, "discount_rate": 1, "fixed_discount_price": 1}}),
                "commerce",
            ),
            (
                json!({"object_type": "feed", "content": {"title": "no link"}}),
                "content.link",
            ),
            (
                json!({"object_type": "location", "content": content()}),
                "address",
            ),
            (
                json!({"object_type": "poll", "content": content()}),
                "object_type",
            ),
        ];
        for (template, field) in refused {
            let why = check(template.clone()).unwrap_err();
            assert!(why.starts_with(field), "{why} for {template}");
        }
    }

    #[test]
    fn links_outside_the_registered_domains_are_warnings() {
        let elsewhere = json!({"object_type": "text", "text": "t",
            "link": {"web_url": "https://evil.example/"}});
        let checked = check(elsewhere).unwrap();
        assert!(checked.warnings.contains_key("link.web_url"));
        assert!(!Domains(&domains()).registers("http://localhost:8081/"));
        assert!(!Domains(&domains()).registers("https://localhost:8080/"));
        assert!(Domains(&domains()).registers("http://LOCALHOST:8080?x"));
    }
}
