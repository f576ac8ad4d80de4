//! The emulator's answers against Kakao's documented examples (`wire/tests/kakao-corpus/`): no
//! member the documentation does not show, the same JSON types, and every member the
//! documentation does not mark optional.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use axum::http::Method;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

use crate::common::*;

/// Each member's path (`a.b`, `list[].c`; keys under `properties` are free and read `*`) and the
/// JSON types seen there.
type Shape = BTreeMap<String, BTreeSet<&'static str>>;

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn flatten(value: &Value, path: &str, shape: &mut Shape) {
    match value {
        Value::Object(members) => {
            for (key, member) in members {
                let key = if path == "properties" { "*" } else { key };
                let child = if path.is_empty() {
                    key.to_owned()
                } else {
                    format!("{path}.{key}")
                };
                shape
                    .entry(child.clone())
                    .or_default()
                    .insert(json_type(member));
                flatten(member, &child, shape);
            }
        }
        Value::Array(items) => {
            let child = format!("{path}[]");
            for item in items {
                shape
                    .entry(child.clone())
                    .or_default()
                    .insert(json_type(item));
                flatten(item, &child, shape);
            }
        }
        _ => {}
    }
}

fn shape_of(value: &Value) -> Shape {
    let mut shape = Shape::new();
    flatten(value, "", &mut shape);
    shape
}

/// What Kakao documents for one answer: the union of its examples and the optional members.
#[derive(Default)]
struct Documented {
    shape: Shape,
    optional: Vec<String>,
}

impl Documented {
    fn is_optional(&self, path: &str) -> bool {
        self.optional.iter().any(|o| {
            o == path
                || o.strip_suffix(".*")
                    .is_some_and(|parent| path.starts_with(&format!("{parent}.")))
        })
    }

    /// Every way `answer` departs from the documented shape.
    fn departures(&self, answer: &Value) -> Vec<String> {
        let got = shape_of(answer);
        let mut out = Vec::new();
        for (path, types) in &got {
            match self.shape.get(path) {
                None => out.push(format!("{path}: not in Kakao's documentation")),
                Some(documented) if !types.is_subset(documented) => {
                    out.push(format!("{path}: {types:?}, documented {documented:?}"))
                }
                Some(_) => {}
            }
        }
        for path in self.shape.keys() {
            let parent_present = match path.rsplit_once('.') {
                None => !path.ends_with("[]"),
                Some((parent, _)) => got.contains_key(parent),
            };
            if parent_present && !self.is_optional(path) && !got.contains_key(path) {
                out.push(format!("{path}: documented as always present, missing"));
            }
        }
        out
    }
}

fn documented() -> BTreeMap<String, Documented> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../wire/tests/kakao-corpus");
    let mut all: BTreeMap<String, Documented> = BTreeMap::new();
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let file: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        let doc = all
            .entry(file["answer"].as_str().unwrap().to_owned())
            .or_default();
        for (member, types) in shape_of(&file["body"]) {
            doc.shape.entry(member).or_default().extend(types);
        }
        for optional in file["optional"].as_array().unwrap() {
            doc.optional.push(optional.as_str().unwrap().to_owned());
        }
    }
    all
}

/// The emulator's answers, gathered by name, for the shape check.
#[derive(Default)]
struct Answers(Vec<(&'static str, String, Value)>);

impl Answers {
    fn add(&mut self, answer: &'static str, how: &str, body: Value) {
        self.0.push((answer, how.to_owned(), body));
    }

    async fn add_response(&mut self, answer: &'static str, how: &str, response: reqwest::Response) {
        let is_error = answer.ends_with("_error");
        assert_eq!(
            response.status().is_success(),
            !is_error,
            "{answer} ({how}): HTTP {}",
            response.status()
        );
        self.add(answer, how, kakao_json(response).await);
    }
}

fn payload(id_token: &str) -> Value {
    let part = id_token.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
}

/// Drives every kauth and kapi answer the backend reads, in its variants.
async fn gather(env: &Env) -> Answers {
    let mut answers = Answers::default();
    let code = env.code_for(RYAN, json!({"nonce": "n"})).await;
    let full: Value = kakao_json(env.redeem(&code).await).await;
    let access = full["access_token"].as_str().unwrap().to_owned();
    let id_token = full["id_token"].as_str().unwrap().to_owned();
    let refresh_token = full["refresh_token"].as_str().unwrap().to_owned();
    answers.add("token", "code grant", full);
    answers.add("id_token_payload", "id_token", payload(&id_token));
    let info = env
        .http
        .post(env.url("/oauth/tokeninfo"))
        .form(&[("id_token", id_token.as_str())])
        .send()
        .await
        .unwrap();
    answers
        .add_response("id_token_payload", "tokeninfo", info)
        .await;
    answers
        .add_response("kauth_error", "used code", env.redeem(&code).await)
        .await;

    let get = |path: &'static str, query: &'static [(&'static str, &'static str)]| {
        let access = access.clone();
        async move { env.bearer_get_query(path, &access, query).await }
    };
    for (how, query) in [
        ("all agreed", &[][..]),
        ("secure_resource", &[("secure_resource", "true")][..]),
        (
            "property_keys",
            &[(
                "property_keys",
                r#"["kakao_account.email","properties.nickname"]"#,
            )][..],
        ),
    ] {
        answers
            .add_response("user_me", how, get("/v2/user/me", query).await)
            .await;
    }
    answers
        .add_response(
            "access_token_info",
            "",
            get("/v1/user/access_token_info", &[]).await,
        )
        .await;
    answers
        .add_response("oidc_userinfo", "", get("/v1/oidc/userinfo", &[]).await)
        .await;
    answers
        .add_response("scopes", "", get("/v2/user/scopes", &[]).await)
        .await;
    answers
        .add_response("channels", "", get("/v2/api/talk/channels", &[]).await)
        .await;

    // A KakaoTalk friend who uses the app, for the friends list and messages to friends.
    env.signed_up(APEACH).await;
    let friends: Value = kakao_json(get("/v1/api/talk/friends", &[]).await).await;
    answers.add("friends", "", friends.clone());
    let uuid = friends["elements"][0]["uuid"].as_str().unwrap().to_owned();
    let text = r#"{"object_type":"text","text":"hi","link":{"web_url":"https://example.com"}}"#;
    let memo = env
        .bearer_post(
            "/v2/api/talk/memo/default/send",
            &access,
            &[("template_object", text)],
        )
        .await;
    answers.add_response("memo_sent", "", memo).await;
    for (how, receivers) in [
        ("all sent", format!(r#"["{uuid}"]"#)),
        ("partly sent", format!(r#"["{uuid}","not-a-friend"]"#)),
    ] {
        let sent = env
            .bearer_post(
                "/v1/api/talk/friends/message/default/send",
                &access,
                &[
                    ("receiver_uuids", receivers.as_str()),
                    ("template_object", text),
                ],
            )
            .await;
        answers.add_response("message_send", how, sent).await;
    }
    answers
        .add_response(
            "service_terms",
            "agreed",
            get("/v2/user/service_terms", &[]).await,
        )
        .await;
    let all_terms = get("/v2/user/service_terms", &[("result", "app_service_terms")]).await;
    answers
        .add_response("service_terms", "app", all_terms)
        .await;
    for (answer, path) in [
        ("revoke_service_terms", "/v2/user/revoke/service_terms"),
        ("upgrade_service_terms", "/v2/user/upgrade/service_terms"),
        ("revoke_service_terms", "/v2/user/revoke/service_terms"),
    ] {
        let response = env
            .bearer_post(path, &access, &[("tags", "terms_marketing")])
            .await;
        answers.add_response(answer, path, response).await;
    }

    let code = env
        .code_for(
            MUZI,
            json!({
                "scope": ["profile_nickname", "account_email"],
                "service_terms": ["terms_service", "terms_privacy"],
            }),
        )
        .await;
    let partial: Value = kakao_json(env.redeem(&code).await).await;
    let muzi = partial["access_token"].as_str().unwrap().to_owned();
    answers.add("token", "code grant, required items only", partial);
    answers
        .add_response(
            "user_me",
            "required items only",
            env.bearer_get("/v2/user/me", &muzi).await,
        )
        .await;
    answers
        .add_response(
            "service_terms",
            "required terms only",
            env.bearer_get("/v2/user/service_terms", &muzi).await,
        )
        .await;
    answers
        .add_response(
            "kapi_error",
            "-402",
            env.bearer_get("/v2/api/talk/channels", &muzi).await,
        )
        .await;
    answers
        .add_response(
            "kapi_error",
            "-401",
            env.bearer_get("/v2/user/me", "nope").await,
        )
        .await;
    answers
        .add_response(
            "user_id",
            "logout",
            env.bearer_post("/v1/user/logout", &muzi, &[]).await,
        )
        .await;

    let jwks = env.http.get(env.url("/.well-known/jwks.json")).send().await;
    answers.add_response("jwks", "", jwks.unwrap()).await;
    let discovery = env
        .http
        .get(env.url("/.well-known/openid-configuration"))
        .send()
        .await;
    answers
        .add_response("discovery", "", discovery.unwrap())
        .await;

    answers
        .add_response("token", "refresh", env.refresh(&refresh_token).await)
        .await;
    env.control(Method::POST, "/clock", json!({"seconds": 31 * 24 * 3600}))
        .await;
    let rotated: Value = kakao_json(env.refresh(&refresh_token).await).await;
    let access = rotated["access_token"].as_str().unwrap().to_owned();
    answers.add("token", "refresh, rotated", rotated);
    let unlinked = env.bearer_post("/v1/user/unlink", &access, &[]).await;
    answers.add_response("user_id", "unlink", unlinked).await;
    answers
}

#[tokio::test]
async fn every_answer_has_the_shape_kakao_documents() {
    let env = env().await;
    let documented = documented();
    let answers = gather(&env).await;
    let mut departures = Vec::new();
    let mut seen = BTreeSet::new();
    for (answer, how, body) in &answers.0 {
        seen.insert(*answer);
        let doc = documented
            .get(*answer)
            .unwrap_or_else(|| panic!("no documented example of {answer}"));
        for d in doc.departures(body) {
            departures.push(format!("{answer} ({how}): {d}"));
        }
    }
    let undocumented: Vec<&String> = documented
        .keys()
        .filter(|a| !seen.contains(a.as_str()))
        .collect();
    assert!(undocumented.is_empty(), "never exercised: {undocumented:?}");
    assert!(departures.is_empty(), "{departures:#?}");
}

#[test]
fn the_shape_check_reports_extra_members_wrong_types_nulls_and_missing_members() {
    let documented = documented();
    let terms = &documented["service_terms"];
    assert!(terms.departures(&json!({"id": 1})).is_empty());
    let departures = terms.departures(&json!({
        "id": "1",
        "service_terms": [{"tag": "a", "required": true, "agreed": false, "agreed_at": null}],
        "extra": 1,
    }));
    let text = departures.join("\n");
    for expected in [
        "id: {\"string\"}",
        "service_terms[].agreed_at: {\"null\"}",
        "extra: not in",
        "service_terms[].revocable: documented as always present",
    ] {
        assert!(text.contains(expected), "{expected} not in {text}");
    }
    let me = &documented["user_me"];
    assert!(
        me.departures(&json!({"id": 1_285_016_924_429_472_463_i64, "properties": {"x": "y"}}))
            .is_empty()
    );
}
