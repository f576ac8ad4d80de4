//! KakaoTalk share (카카오톡 공유) as a page meets it: a stand-in for the JavaScript SDK's share
//! surface ([`sdk`]), Kakao's template validation API, the sharer page where the user picks a
//! chat and sends ([`sharer`]), the share webhook, and a log of what was shared under
//! `/__emulator/shares`.
//!
//! Kakao supports share only through its SDKs. On a desktop browser its JavaScript SDK posts
//! the message to a sharer popup on `sharer.kakao.com` (`/picker/link`, [SDK-internal]); on a
//! phone it launches KakaoTalk, which the emulator cannot, so it always takes the sharer path.
//! <https://developers.kakao.com/docs/latest/ko/kakaotalk-share/js-link>

pub mod sdk;
pub mod sharer;
pub mod template;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use serde::Serialize;
use serde_json::{Map, Value, json};
use subtle::ConstantTimeEq;

use crate::fixture::App;
use crate::params::KapiParams;
use crate::respond::{KapiErr, json};
use crate::state::{Emulator, World};
use crate::webhook::Delivery;
use template::{Domains, check_default};

/// A shared message that reached a chat, as `GET /__emulator/shares` lists it.
#[derive(Clone, Debug, Serialize)]
pub struct SentShare {
    pub at: String,
    pub app_id: i64,
    pub action: Action,
    /// The checked request: `template_object`, or `template_id` and `template_args`, or
    /// `request_url`.
    pub message: Map<String, Value>,
    /// The `serverCallbackArgs`, when the page gave some.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_callback_args: Option<Map<String, Value>>,
    /// The Kakao account that shared.
    pub sender: i64,
    pub chat_type: &'static str,
    pub hash_chat_id: String,
    /// The share webhook's delivery: none without callback arguments or a webhook URL.
    pub webhook: Option<Delivery>,
}

/// Why Kakao refuses a share request, with the code each surface shows: the template API's
/// kapi code and the sharer page's error code.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No app has this JavaScript key: kapi `-401`; the sharer's `4011` ("잘못된 요청으로
    /// 인증에 실패", check the app key). UNCONFIRMED: the kapi message text.
    UnknownKey,
    /// The calling page's origin is not a registered web domain: kapi `-401` with Kakao's
    /// documented message.
    DomainMismatch(String),
    /// The message breaks the template rules: kapi `-2`; the sharer's `4002` (잘못된 요청).
    BadMessage(String),
}

impl Refusal {
    pub fn kapi(&self) -> KapiErr {
        match self {
            Refusal::UnknownKey => KapiErr::invalid_token("appKey is not valid"),
            Refusal::DomainMismatch(caller) => KapiErr::new(-401, domain_mismatch(caller)),
            Refusal::BadMessage(why) => KapiErr::bad_param(why.clone()),
        }
    }

    /// The sharer page's code and message.
    pub fn sharer(&self) -> (&'static str, String) {
        match self {
            Refusal::UnknownKey => ("4011", "잘못된 앱 키로 인증에 실패했습니다.".into()),
            Refusal::DomainMismatch(caller) => ("-401", domain_mismatch(caller)),
            Refusal::BadMessage(why) => ("4002", format!("잘못된 요청입니다: {why}")),
        }
    }
}

/// Kakao's documented message for a JavaScript SDK call from an unregistered origin.
/// <https://developers.kakao.com/docs/latest/en/kakaotalk-message/trouble-shooting>
fn domain_mismatch(caller: &str) -> String {
    format!("domain mismatched! caller={caller}. check out registered web domains.")
}

/// What a share sends, by the name Kakao's SDK gives the sharer (`validation_action`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// `sendDefault`: a default template (`template_object`).
    Default,
    /// `sendCustom`: a console template (`template_id`, `template_args`).
    Custom,
    /// `sendScrap`: a web page (`request_url`, optionally laid out by a console template).
    Scrap,
}

impl Action {
    /// The action of the sharer's `validation_action`.
    pub fn from_sharer(name: &str) -> Option<Action> {
        match name {
            "default" => Some(Action::Default),
            "custom" => Some(Action::Custom),
            "scrap" => Some(Action::Scrap),
            _ => None,
        }
    }

    /// The action of the template API's last path segment (`validate` is a custom template's).
    pub fn from_api_path(name: &str) -> Option<Action> {
        match name {
            "default" => Some(Action::Default),
            "validate" => Some(Action::Custom),
            "scrap" => Some(Action::Scrap),
            _ => None,
        }
    }
}

/// A share request Kakao accepted: whose, what, and the warnings of its checks.
#[derive(Debug)]
pub struct Accepted {
    pub app_id: i64,
    pub action: Action,
    /// The checked parameters, structured (`template_object` as an object, …).
    pub message: Map<String, Value>,
    /// The template id the webhook reports as `TEMPLATE_ID`.
    pub template_id: Option<i64>,
    pub warnings: Map<String, Value>,
}

/// The app whose JavaScript key this is, called from `origin` (the page's `Origin` header),
/// which must be one of its JavaScript SDK domains. (Kakao's getting-started page names that
/// list; its `-401` trouble-shooting entry names the product link web domains instead.)
pub fn app_for_caller<'w>(
    world: &'w World,
    javascript_key: &str,
    origin: Option<&str>,
) -> Result<&'w App, Refusal> {
    let app = world
        .apps
        .iter()
        .find(|app| {
            app.javascript_key
                .as_ref()
                .is_some_and(|key| bool::from(key.as_bytes().ct_eq(javascript_key.as_bytes())))
        })
        .ok_or(Refusal::UnknownKey)?;
    let origin = origin.unwrap_or("null");
    if !Domains(&app.javascript_sdk_domains).registers(origin) {
        return Err(Refusal::DomainMismatch(origin.to_owned()));
    }
    Ok(app)
}

/// A parameter that is JSON: given as JSON text (the template API's query or form) or already
/// structured (the sharer's `validation_params`).
fn structured(value: &Value) -> Option<Value> {
    match value {
        Value::String(text) => serde_json::from_str(text).ok(),
        other => Some(other.clone()),
    }
}

/// Checks a share request the way Kakao's template API does: `template_object` for a default
/// template, `template_id` (+ `template_args`) for a custom one, `request_url` (+ an optional
/// template) for a scrap.
pub fn check_request(
    app: &App,
    action: Action,
    params: &Map<String, Value>,
) -> Result<Accepted, Refusal> {
    let bad = |why: &str| Refusal::BadMessage(why.to_owned());
    let mut message = Map::new();
    if let Some(args) = params.get("template_args") {
        match structured(args) {
            Some(args @ Value::Object(_)) => message.insert("template_args".into(), args),
            _ => return Err(bad("template_args: must be a JSON object")),
        };
    }
    let template_id = match params.get("template_id") {
        None => None,
        Some(id) => {
            let id = structured(id)
                .and_then(|id| id.as_i64())
                .ok_or_else(|| bad("template_id: must be a number"))?;
            // UNCONFIRMED: Kakao's code and text for an id that is not one of the app's
            // templates.
            if !app.message_template_ids.contains(&id) {
                return Err(bad("template_id: no such message template in this app"));
            }
            message.insert("template_id".into(), id.into());
            Some(id)
        }
    };
    let mut warnings = Map::new();
    match action {
        Action::Default => {
            let object = params
                .get("template_object")
                .and_then(structured)
                .ok_or_else(|| bad("template_object: required, as JSON"))?;
            warnings = check_default(&object, &Domains(&app.web_domains))
                .map_err(Refusal::BadMessage)?
                .warnings;
            message.insert("template_object".into(), object);
        }
        Action::Custom if template_id.is_none() => return Err(bad("template_id: required")),
        Action::Custom => {}
        Action::Scrap => {
            let url = params
                .get("request_url")
                .and_then(Value::as_str)
                .ok_or_else(|| bad("request_url: required"))?;
            // UNCONFIRMED: that Kakao scrapes only pages in the registered web domains.
            if !Domains(&app.web_domains).registers(url) {
                return Err(bad("request_url: not in the app's registered web domains"));
            }
            message.insert("request_url".into(), url.into());
        }
    }
    Ok(Accepted {
        app_id: app.app_id,
        action,
        message,
        template_id,
        warnings,
    })
}

/// `GET|POST /v2/api/kakaolink/talk/template/{default|validate|scrap}`: Kakao's template
/// validation, which its SDKs call before a share, authorised by the app key
/// (`Authorization: KakaoAK <JavaScript key>`) from a registered origin. Answers like Kakao's
/// `SharingResult` (`template_id`, `template_args`, `template_msg`, `warning_msg`,
/// `argument_msg`). UNCONFIRMED: what `template_msg` holds at Kakao (its own rendering of the
/// message; here the checked request) and the `template_id` of a default template (here 0).
pub async fn validate(
    State(emu): State<Emulator>,
    Path(path): Path<String>,
    headers: HeaderMap,
    KapiParams(params): KapiParams,
) -> Result<Response, KapiErr> {
    let action =
        Action::from_api_path(&path).ok_or_else(|| KapiErr::bad_param("unknown template API"))?;
    let key = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("KakaoAK "))
        .ok_or_else(|| KapiErr::invalid_token("no app key"))?;
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let params: Map<String, Value> = params
        .iter()
        .map(|(k, v)| (k.to_owned(), Value::from(v)))
        .collect();
    let world = emu.world();
    let app = app_for_caller(&world, key, origin).map_err(|r| r.kapi())?;
    let accepted = check_request(app, action, &params).map_err(|r| r.kapi())?;
    let mut answer = json!({
        "template_id": accepted.template_id.unwrap_or(0),
        "template_msg": accepted.message,
        "warning_msg": accepted.warnings,
        "argument_msg": {},
    });
    if let Some(args) = accepted.message.get("template_args") {
        answer["template_args"] = args.clone();
    }
    Ok(json(StatusCode::OK, &answer))
}

/// `GET /__emulator/shares`: every share that reached a chat, oldest first.
pub async fn list(State(emu): State<Emulator>) -> Response {
    json(StatusCode::OK, &emu.world().shares)
}
