//! KakaoTalk share: the JavaScript SDK stand-in, the template API's answers, the sharer's
//! picker and failure pages, the share log and the share webhook.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::*;

const JS_KEY: &str = "kakao-sync-demo-javascript-key";
const PAGE_ORIGIN: &str = "http://localhost:8080";

fn link() -> Value {
    json!({"web_url": "http://localhost:8080/cake", "mobile_web_url": "http://localhost:8080/cake"})
}

fn feed(buttons: usize) -> Value {
    json!({
        "object_type": "feed",
        "content": {"title": "오늘의 디저트", "description": "아메리카노, 빵, 케익", "link": link()},
        "buttons": vec![json!({"title": "자세히 보기", "link": link()}); buttons],
    })
}

/// The template API with the JavaScript key, called from `origin`.
async fn validate(
    env: &Env,
    path: &str,
    key: &str,
    origin: &str,
    query: &[(&str, &str)],
) -> reqwest::Response {
    env.http
        .get(env.url(&format!("/v2/api/kakaolink/talk/template/{path}")))
        .header("Authorization", format!("KakaoAK {key}"))
        .header("Origin", origin)
        .query(query)
        .send()
        .await
        .unwrap()
}

/// What the SDK stand-in posts to the sharer, from `origin`.
async fn open_sharer(env: &Env, origin: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    env.http
        .post(env.url("/picker/link"))
        .header("Origin", origin)
        .form(fields)
        .send()
        .await
        .unwrap()
}

fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in {html}"))
        + start.len();
    &html[from..from + html[from..].find(end).unwrap()]
}

async fn error_code(response: reqwest::Response) -> String {
    assert_eq!(response.status(), 400);
    let html = response.text().await.unwrap();
    between(&html, "data-testid=\"share-error-code\">", "<").to_owned()
}

/// The sharer's fields for `action` with its `params`, and `lcba` when given.
fn sharer_fields<'a>(
    action: &'a str,
    params: &'a str,
    lcba: Option<&'a str>,
) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("app_key", JS_KEY),
        ("validation_action", action),
        ("validation_params", params),
    ];
    fields.extend(lcba.map(|lcba| ("lcba", lcba)));
    fields
}

/// Opens the sharer from the registered page origin; answers the picker's id.
async fn picker(env: &Env, fields: &[(&str, &str)]) -> String {
    let response = open_sharer(env, PAGE_ORIGIN, fields).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("data-testid=\"share-preview\""));
    between(&html, "name=\"share\" value=\"", "\"").to_owned()
}

/// Sends the picker's message as `sender` to `chat`.
async fn send_from(env: &Env, picker: &str, sender: i64, chat: &str) -> reqwest::Response {
    let sender = sender.to_string();
    env.http
        .post(env.url("/picker/send"))
        .form(&[
            ("share", picker),
            ("sender", sender.as_str()),
            ("chat", chat),
        ])
        .send()
        .await
        .unwrap()
}

async fn shares(env: &Env) -> Vec<Value> {
    env.control(Method::GET, "/shares", Value::Null)
        .await
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_sdk_stand_in_is_served_at_kakaos_cdn_path_with_only_documented_names() {
    let env = env().await;
    let response = env
        .http
        .get(env.url("/kakao_js_sdk/2.7.4/kakao.min.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    let script = response.text().await.unwrap();
    for name in [
        "init:",
        "isInitialized:",
        "sendDefault:",
        "sendCustom:",
        "sendScrap:",
        "createDefaultButton:",
    ] {
        assert!(script.contains(name), "{name}");
    }
    assert!(script.contains("/picker/link"));
}

#[tokio::test]
async fn the_template_api_accepts_a_feed_and_answers_a_sharing_result() {
    let env = env().await;
    let template = feed(2).to_string();
    let response = validate(
        &env,
        "default",
        JS_KEY,
        PAGE_ORIGIN,
        &[("link_ver", "4.0"), ("template_object", template.as_str())],
    )
    .await;
    assert_eq!(response.status(), 200);
    let body: Value = kakao_json(response).await;
    assert_eq!(body["template_msg"]["template_object"], feed(2));
    assert_eq!(body["warning_msg"], json!({}));
    assert!(body["template_id"].is_i64());
}

#[tokio::test]
async fn the_template_api_refuses_a_broken_template_with_minus_2() {
    let env = env().await;
    let cases = [
        feed(3),
        json!({"object_type": "text", "text": "가".repeat(201), "link": link()}),
        json!({"object_type": "list", "header_title": "h", "header_link": link(), "contents": [feed(0)["content"]]}),
        json!({"object_type": "calendar", "id": "x", "id_type": "event", "content": feed(0)["content"],
               "buttons": feed(2)["buttons"]}),
    ];
    for template in cases {
        let text = template.to_string();
        let body = assert_kapi_error(
            validate(
                &env,
                "default",
                JS_KEY,
                PAGE_ORIGIN,
                &[("template_object", text.as_str())],
            )
            .await,
            400,
            -2,
        )
        .await;
        assert!(body["msg"].is_string(), "{body}");
    }
}

#[tokio::test]
async fn an_unknown_javascript_key_or_an_unregistered_origin_is_minus_401() {
    let env = env().await;
    let template = feed(1).to_string();
    let query = [("template_object", template.as_str())];
    assert_kapi_error(
        validate(&env, "default", "not-a-key", PAGE_ORIGIN, &query).await,
        401,
        -401,
    )
    .await;
    let body = assert_kapi_error(
        validate(&env, "default", JS_KEY, "https://evil.example", &query).await,
        401,
        -401,
    )
    .await;
    assert_eq!(
        body["msg"],
        "domain mismatched! caller=https://evil.example. check out registered web domains."
    );
    // A registered origin with another port is another origin.
    assert_kapi_error(
        validate(&env, "default", JS_KEY, "http://localhost:8081", &query).await,
        401,
        -401,
    )
    .await;
}

#[tokio::test]
async fn a_link_outside_the_registered_web_domains_is_a_warning() {
    let env = env().await;
    let template =
        json!({"object_type": "text", "text": "hi", "link": {"web_url": "https://evil.example/"}})
            .to_string();
    let response = validate(
        &env,
        "default",
        JS_KEY,
        PAGE_ORIGIN,
        &[("template_object", template.as_str())],
    )
    .await;
    let body: Value = kakao_json(response).await;
    assert!(body["warning_msg"]["link.web_url"].is_string(), "{body}");
}

#[tokio::test]
async fn custom_templates_must_be_the_apps_own() {
    let env = env().await;
    assert_kapi_error(
        validate(
            &env,
            "validate",
            JS_KEY,
            PAGE_ORIGIN,
            &[("template_id", "777")],
        )
        .await,
        400,
        -2,
    )
    .await;
    env.control(
        Method::PATCH,
        &format!("/apps/{CLIENT_ID}"),
        json!({"message_template_ids": [777]}),
    )
    .await;
    let response = validate(
        &env,
        "validate",
        JS_KEY,
        PAGE_ORIGIN,
        &[
            ("template_id", "777"),
            ("template_args", r#"{"name":"라이언"}"#),
        ],
    )
    .await;
    let body: Value = kakao_json(response).await;
    assert_eq!(body["template_id"], 777);
    assert_eq!(body["template_args"], json!({"name": "라이언"}));
}

#[tokio::test]
async fn the_sharer_shows_kakaos_error_codes() {
    let env = env().await;
    let params = json!({"template_object": feed(1)}).to_string();
    let mut wrong_key = sharer_fields("default", &params, None);
    wrong_key[0].1 = "wrong-key";
    assert_eq!(
        error_code(open_sharer(&env, PAGE_ORIGIN, &wrong_key).await).await,
        "4011"
    );
    let fields = sharer_fields("default", &params, None);
    assert_eq!(
        error_code(open_sharer(&env, "https://evil.example", &fields).await).await,
        "-401"
    );
    let broken = json!({"template_object": feed(3)}).to_string();
    let broken_fields = sharer_fields("default", &broken, None);
    assert_eq!(
        error_code(open_sharer(&env, PAGE_ORIGIN, &broken_fields).await).await,
        "4002"
    );
    assert!(shares(&env).await.is_empty(), "nothing was shared");
}

#[tokio::test]
async fn sending_from_the_picker_logs_the_share_and_posts_the_webhook_with_the_admin_key() {
    let receiver = receiver(StatusCode::OK).await;
    let env = env().await;
    env.control(
        Method::PATCH,
        &format!("/apps/{CLIENT_ID}"),
        json!({"share_webhook": {"url": receiver.url, "method": "POST", "encoding": "json"}}),
    )
    .await;
    let params = json!({"template_object": feed(1)}).to_string();
    let fields = sharer_fields("default", &params, Some(r#"{"share_id":"42"}"#));
    let id = picker(&env, &fields).await;
    let sent = send_from(&env, &id, RYAN, &format!("direct:{RYAN}:{NEO}")).await;
    assert_eq!(sent.status(), 200);
    assert!(
        sent.text()
            .await
            .unwrap()
            .contains("data-testid=\"share-sent\"")
    );
    let got = receiver.got.lock().unwrap().clone();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].method, Method::POST);
    assert_eq!(
        got[0].headers["authorization"],
        format!("KakaoAK {ADMIN_KEY}")
    );
    assert_eq!(got[0].headers["user-agent"], "KakaoOpenAPI/1.0");
    assert!(!got[0].headers["x-kakao-resource-id"].is_empty());
    let body: Value = serde_json::from_str(&got[0].body).unwrap();
    assert_eq!(body["CHAT_TYPE"], "DirectChat");
    assert_eq!(body["share_id"], "42");
    assert!(
        body.get("TEMPLATE_ID").is_none(),
        "a default template has no TEMPLATE_ID"
    );
    let log = shares(&env).await;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["action"], "default");
    assert_eq!(log[0]["sender"], RYAN);
    assert_eq!(log[0]["message"]["template_object"], feed(1));
    assert_eq!(log[0]["hash_chat_id"], body["HASH_CHAT_ID"]);
    assert_eq!(log[0]["webhook"]["status"], 200);
}

#[tokio::test]
async fn a_get_share_webhook_carries_the_fields_and_a_custom_templates_id_in_the_query() {
    let receiver = receiver(StatusCode::OK).await;
    let env = env().await;
    env.control(
        Method::PATCH,
        &format!("/apps/{CLIENT_ID}"),
        json!({"share_webhook": {"url": receiver.url, "method": "GET"}, "message_template_ids": [777]}),
    )
    .await;
    let params = json!({"template_id": 777, "template_args": {"name": "라이언"}}).to_string();
    let fields = sharer_fields("custom", &params, Some(r#"{"from":"ryan"}"#));
    let id = picker(&env, &fields).await;
    let sent = send_from(&env, &id, APEACH, &format!("memo:{APEACH}")).await;
    assert_eq!(sent.status(), 200);
    let got = receiver.got.lock().unwrap().clone();
    assert_eq!(got[0].method, Method::GET);
    let fields: Vec<(String, String)> = serde_urlencoded::from_str(&got[0].query).unwrap();
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(field("CHAT_TYPE"), Some("MemoChat"));
    assert_eq!(field("TEMPLATE_ID"), Some("777"));
    assert_eq!(field("from"), Some("ryan"));
    assert!(field("HASH_CHAT_ID").is_some());
}

#[tokio::test]
async fn without_callback_arguments_kakao_sends_no_webhook_and_a_picker_sends_once() {
    let receiver = receiver(StatusCode::OK).await;
    let env = env().await;
    env.control(
        Method::PATCH,
        &format!("/apps/{CLIENT_ID}"),
        json!({"share_webhook": {"url": receiver.url}}),
    )
    .await;
    let params = json!({"template_object": feed(0)}).to_string();
    let id = picker(&env, &sharer_fields("default", &params, None)).await;
    let first = send_from(&env, &id, RYAN, "multi:friends").await;
    assert_eq!(first.status(), 200);
    let again = send_from(&env, &id, RYAN, "multi:friends").await;
    assert_eq!(again.status(), 400, "a picker sends once");
    assert!(receiver.got.lock().unwrap().is_empty());
    let log = shares(&env).await;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["chat_type"], "MultiChat");
    assert!(log[0]["webhook"].is_null());
}
