//! A KakaoTalk message's template, checked before anything is sent: a default template (a JSON
//! object with one of the documented `object_type`s) or a custom template's id and arguments.
//! Kakao checks the template itself; this only keeps out what cannot be a template, so the
//! member gets a clear error instead of Kakao's `-2`.
//! <https://developers.kakao.com/docs/latest/ko/message-template/common>

use std::collections::BTreeMap;

use kakao_sync_wire::api::MessageTemplate;
use serde_json::{Map, Value};

/// The default templates the KakaoTalk message API takes (feed, list, location, commerce, text;
/// <https://developers.kakao.com/docs/latest/ko/kakaotalk-message/rest-api>). Whether it also
/// takes `calendar`, which KakaoTalk share does, is UNCONFIRMED, so it is refused here.
const OBJECT_TYPES: &[&str] = &["feed", "list", "location", "commerce", "text"];

/// A checked message template.
#[derive(Clone, Debug, PartialEq)]
pub enum Template {
    /// `template_object`, sent to `…/default/send`.
    Default(Map<String, Value>),
    /// `template_id` and `template_args`, sent to `…/send`.
    Custom {
        id: i64,
        args: Option<BTreeMap<String, String>>,
    },
}

impl TryFrom<MessageTemplate> for Template {
    type Error = String;

    fn try_from(t: MessageTemplate) -> Result<Self, String> {
        match (t.template_object, t.template_id, t.template_args) {
            (Some(object), None, None) => match object.get("object_type").and_then(Value::as_str) {
                Some(kind) if OBJECT_TYPES.contains(&kind) => Ok(Template::Default(object)),
                Some(kind) => Err(format!(
                    "templateObject.object_type {kind:?} is not one of {}",
                    OBJECT_TYPES.join(", ")
                )),
                None => Err("templateObject needs an object_type".into()),
            },
            (Some(_), None, Some(_)) => Err("templateArgs go with templateId only".into()),
            (None, Some(id), args) if id > 0 => Ok(Template::Custom { id, args }),
            (None, Some(_), _) => Err("templateId must be a positive template id".into()),
            (Some(_), Some(_), _) => Err("give templateObject or templateId, not both".into()),
            (None, None, _) => Err("a templateObject or a templateId is required".into()),
        }
    }
}

fn json_text(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).expect("maps of JSON values serialise")
}

impl Template {
    /// The path segment before `send`: `default/` for a default template.
    pub(crate) fn path_segment(&self) -> &'static str {
        match self {
            Template::Default(_) => "default/",
            Template::Custom { .. } => "",
        }
    }

    /// Kakao's form parameters, each JSON value as JSON text.
    pub(crate) fn form(&self) -> Vec<(&'static str, String)> {
        match self {
            Template::Default(object) => vec![("template_object", json_text(object))],
            Template::Custom { id, args } => {
                let mut form = vec![("template_id", id.to_string())];
                form.extend(args.as_ref().map(|a| ("template_args", json_text(a))));
                form
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn template(body: Value) -> Result<Template, String> {
        Template::try_from(serde_json::from_value::<MessageTemplate>(body).unwrap())
    }

    #[test]
    fn a_default_template_goes_to_default_send_as_json_text() {
        let t = template(json!({"templateObject": {"object_type": "text", "text": "hi"}})).unwrap();
        assert_eq!(t.path_segment(), "default/");
        let form = t.form();
        assert_eq!(form[0].0, "template_object");
        let sent: Value = serde_json::from_str(&form[0].1).unwrap();
        assert_eq!(sent, json!({"object_type": "text", "text": "hi"}));
    }

    #[test]
    fn a_custom_template_sends_its_id_and_args() {
        let t = template(json!({"templateId": 100, "templateArgs": {"name": "라이언"}})).unwrap();
        assert_eq!(t.path_segment(), "");
        assert_eq!(
            t.form(),
            [
                ("template_id", "100".to_owned()),
                ("template_args", r#"{"name":"라이언"}"#.to_owned())
            ]
        );
    }

    #[test]
    fn what_cannot_be_a_template_is_refused_with_the_reason() {
        for (body, why) in [
            (json!({}), "is required"),
            (
                json!({"templateObject": {"text": "x"}}),
                "needs an object_type",
            ),
            (
                json!({"templateObject": {"object_type": "poster"}}),
                "is not one of",
            ),
            (
                json!({"templateObject": {"object_type": "text"}, "templateId": 1}),
                "not both",
            ),
            (
                json!({"templateObject": {"object_type": "text"}, "templateArgs": {}}),
                "templateId only",
            ),
            (json!({"templateId": 0}), "positive"),
        ] {
            let err = template(body.clone()).unwrap_err();
            assert!(err.contains(why), "{body}: {err}");
        }
    }
}
