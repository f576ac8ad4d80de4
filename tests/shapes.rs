//! Every shape `shape!` declares, pinned: its TypeScript declaration lists exactly the keys its
//! reader reads, and the backend's requests and answers have `wire`'s serde spelling and
//! `backend/openapi.json`'s, so a field renamed on either side fails here. Runs in headless
//! Chromium, since the readers read real JS objects.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::disallowed_macros,
    clippy::disallowed_methods,
    clippy::disallowed_types
)]

use js_sys::{JSON, Object, Reflect};
use kakao_sync::browser::backend::{MemberKey, SignedIn};
use kakao_sync::browser::shape::{self, Read, Shape, Write};
use kakao_sync::core::config::{AuthorizeParams, ClientConfig, LoginOptions};
use kakao_sync::js::options::TermsConsentOptions;
use kakao_sync_wire::api::{
    LogoutRequest, LogoutResponse, Member, SessionRequest, SessionResponse, TagsRequest, TalkLogin,
    TalkLoginRequest, TalkSessionRequest, TermStatus,
};
use kakao_sync_wire::oauth::{AuthorizationCode, CodeVerifier, Nonce, State};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const OPENAPI: &str = include_str!("../backend/openapi.json");

/// The keys a TypeScript interface declares, each with whether it is optional (`key?:`).
fn typescript_keys(typescript: &str) -> Vec<(String, bool)> {
    typescript
        .lines()
        .map(str::trim)
        .filter(|line| !line.starts_with("/**") && !line.starts_with("export") && *line != "}")
        .filter(|line| !line.is_empty())
        .map(|line| {
            let key = line.split(':').next().unwrap();
            match key.strip_suffix('?') {
                Some(key) => (key.to_owned(), true),
                None => (key.to_owned(), false),
            }
        })
        .collect()
}

fn declared_keys<T: Shape>() -> Vec<(String, bool)> {
    T::KEYS
        .iter()
        .map(|key| (key.to_string(), T::OPTIONAL.contains(key)))
        .collect()
}

/// The TypeScript declaration names the shape and lists exactly its keys, optional where the
/// reader lets them be left out.
fn typescript_agrees<T: Shape>() {
    assert!(
        T::TYPESCRIPT.contains(&format!("export interface {} {{", T::NAME)),
        "{}",
        T::TYPESCRIPT
    );
    assert_eq!(
        typescript_keys(T::TYPESCRIPT),
        declared_keys::<T>(),
        "{}",
        T::NAME
    );
}

/// `wire`'s serde spelling of `sample` (`null` for `None`, as the backend sends it).
fn wire_json<T: Serialize>(sample: &T) -> JsValue {
    sample
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap()
}

fn keys_of(object: &JsValue) -> Vec<String> {
    Object::keys(object.unchecked_ref::<Object>())
        .iter()
        .map(|k| k.as_string().unwrap())
        .collect()
}

/// The shape's keys are `wire`'s for `sample` and openapi's `schema`: its properties, the
/// optional ones exactly those openapi does not require.
fn contract_agrees<T: Shape + Serialize>(schema: &str, sample: &T) {
    typescript_agrees::<T>();
    assert_eq!(keys_of(&wire_json(sample)), T::KEYS, "wire's {schema}");

    let openapi = JSON::parse(OPENAPI).unwrap();
    let schema_json = ["components", "schemas", schema]
        .iter()
        .fold(openapi, |v, key| Reflect::get(&v, &(*key).into()).unwrap());
    let properties = Reflect::get(&schema_json, &"properties".into()).unwrap();
    assert_eq!(keys_of(&properties), T::KEYS, "openapi's {schema}");
    let required: Vec<String> =
        serde_wasm_bindgen::from_value(Reflect::get(&schema_json, &"required".into()).unwrap())
            .unwrap_or_default();
    let optional: Vec<&str> = T::KEYS
        .iter()
        .copied()
        .filter(|k| !required.iter().any(|r| r == k))
        .collect();
    assert_eq!(
        optional,
        T::OPTIONAL,
        "openapi's required fields of {schema}"
    );
}

/// What the backend sends, as `wire` serializes it, reads back as the same value.
fn reads_back<T: Read + Serialize + PartialEq + std::fmt::Debug>(sample: T) {
    let read: T = shape::answer(&wire_json(&sample)).unwrap();
    assert_eq!(read, sample);
}

/// What the page sends is what `wire` deserializes (which refuses unknown fields) into the same
/// value.
fn writes_for_wire<T: Write + DeserializeOwned + PartialEq + std::fmt::Debug>(sample: T) {
    let sent: T = serde_wasm_bindgen::from_value(sample.to_js()).unwrap();
    assert_eq!(sent, sample);
}

/// Every field different, so a swap of two fields of one type shows.
fn member() -> Member {
    Member {
        kakao_id: "4201".into(),
        nickname: Some("nick".into()),
        profile_image_url: Some("https://k.example/p.jpg".into()),
        thumbnail_image_url: Some("https://k.example/t.jpg".into()),
        email: Some("a@example.com".into()),
        email_verified: true,
        name: Some("name".into()),
        phone_number: Some("+82 10-0000-0000".into()),
        age_range: Some("20~29".into()),
        birthyear: Some("1990".into()),
        birthday: Some("0101".into()),
        gender: None,
        created_at: "2026-01-01T00:00:00Z".into(),
        updated_at: "2026-01-02T00:00:00Z".into(),
    }
}

fn term() -> TermStatus {
    TermStatus {
        tag: "tos".into(),
        title: "Terms".into(),
        url: Some("https://a.example/tos".into()),
        required: true,
        agreed: false,
        revocable: true,
        agreed_at: Some("2026-01-03T00:00:00Z".into()),
        agreed_by: None,
    }
}

fn session_request() -> SessionRequest {
    SessionRequest {
        code: AuthorizationCode::new("the-code".into()),
        code_verifier: CodeVerifier::new("the-verifier".into()),
        nonce: Nonce::new("the-nonce".into()),
        redirect_uri: "https://a.example/cb".into(),
    }
}

#[wasm_bindgen_test]
fn session_request_is_wires_and_openapis() {
    contract_agrees("SessionRequest", &session_request());
    writes_for_wire(session_request());
}

/// `Part` declares some of `Whole`'s keys under `Whole`'s name, each as optional as there.
fn part_of<Part: Shape, Whole: Shape>() {
    assert_eq!(Part::NAME, Whole::NAME);
    for key in Part::KEYS {
        assert!(Whole::KEYS.contains(key), "{key} in {}", Whole::NAME);
        assert_eq!(
            Part::OPTIONAL.contains(key),
            Whole::OPTIONAL.contains(key),
            "{key}"
        );
    }
}

#[wasm_bindgen_test]
fn member_is_wires_and_openapis_and_the_page_checks_its_key() {
    contract_agrees("Member", &member());
    part_of::<MemberKey, Member>();
    let key: MemberKey = shape::answer(&wire_json(&member())).unwrap();
    assert_eq!(key.kakao_id, "4201");
}

#[wasm_bindgen_test]
fn session_response_is_wires_and_openapis_and_the_page_checks_it() {
    let response = SessionResponse {
        member: member(),
        is_new_member: true,
        missing_required_terms: vec!["privacy".into()],
    };
    contract_agrees("SessionResponse", &response);
    part_of::<SignedIn, SessionResponse>();
    let signed_in: SignedIn = shape::answer(&wire_json(&response)).unwrap();
    assert_eq!(
        signed_in,
        SignedIn {
            member: MemberKey {
                kakao_id: "4201".into()
            },
            is_new_member: true,
            missing_required_terms: vec!["privacy".into()],
        }
    );
    let without_key = wire_json(&response);
    let member_json = Reflect::get(&without_key, &"member".into()).unwrap();
    Reflect::delete_property(member_json.unchecked_ref::<Object>(), &"kakaoId".into()).unwrap();
    let e = shape::answer::<SignedIn>(&without_key).unwrap_err();
    assert!(
        e.message().contains("`kakaoId` in Member"),
        "{}",
        e.message()
    );
}

#[wasm_bindgen_test]
fn term_status_is_wires_and_openapis() {
    contract_agrees("TermStatus", &term());
    reads_back(term());
    let terms: Vec<TermStatus> = shape::list(&wire_json(&vec![term(), term()])).unwrap();
    assert_eq!(terms, [term(), term()]);
}

#[wasm_bindgen_test]
fn tags_request_is_wires_and_openapis() {
    let request = TagsRequest {
        tags: vec!["tos".into(), "privacy".into()],
    };
    contract_agrees("TagsRequest", &request);
    writes_for_wire(request);
}

#[wasm_bindgen_test]
fn logout_options_are_wires_logout_request_and_openapis() {
    let request = LogoutRequest {
        with_kakao_account: true,
    };
    contract_agrees("LogoutRequest", &request);
    writes_for_wire(request.clone());
    reads_back(request);
    let empty: LogoutRequest = shape::options(JsValue::UNDEFINED).unwrap();
    assert!(
        !empty.with_kakao_account,
        "left out: false, as wire's default"
    );
}

#[wasm_bindgen_test]
fn logout_response_is_wires_and_openapis() {
    let response = LogoutResponse {
        kakao_logout_url: Some("https://kauth.kakao.com/oauth/logout?x".into()),
    };
    contract_agrees("LogoutResponse", &response);
    reads_back(response);
    reads_back(LogoutResponse {
        kakao_logout_url: None,
    });
}

#[wasm_bindgen_test]
fn talk_login_shapes_are_wires_and_openapis() {
    let request = TalkLoginRequest {
        redirect_uri: "https://a.example/cb".into(),
    };
    contract_agrees("TalkLoginRequest", &request);
    writes_for_wire(request);

    let talk = TalkLogin {
        auth_tran_id: "T".repeat(60),
        state: State::new("the-state".into()),
        nonce: Nonce::new("the-nonce".into()),
        expires_in: 600,
    };
    contract_agrees("TalkLogin", &talk);
    reads_back(talk.clone());
    // Seconds are whole: a fraction or a negative number is not the backend's answer.
    for bad in [1.5, -1.0] {
        let answer = wire_json(&talk);
        Reflect::set(&answer, &"expiresIn".into(), &bad.into()).unwrap();
        let e = shape::answer::<TalkLogin>(&answer).unwrap_err();
        assert!(e.to_string().contains("expiresIn"), "{e}");
    }

    let session = TalkSessionRequest {
        code: AuthorizationCode::new("the-code".into()),
        state: State::new("the-state".into()),
    };
    contract_agrees("TalkSessionRequest", &session);
    writes_for_wire(session);
}

#[wasm_bindgen_test]
fn a_backend_answer_missing_a_required_field_is_refused_naming_it() {
    let answer = wire_json(&term());
    Reflect::delete_property(answer.unchecked_ref::<Object>(), &"revocable".into()).unwrap();
    let e = shape::answer::<TermStatus>(&answer).unwrap_err();
    assert!(
        e.message().contains("`revocable` in TermStatus"),
        "{}",
        e.message()
    );
}

/// An option bag's TypeScript lists its keys, a key the shape does not know is refused, and a
/// value of the wrong type is refused naming its key, all as `invalid_config`.
fn options_are_checked_by_name<T: Read>(valid: &str) {
    typescript_agrees::<T>();
    let valid = JSON::parse(valid).unwrap();
    shape::options::<T>(valid.clone()).unwrap();

    Reflect::set(&valid, &"colour".into(), &"blue".into()).unwrap();
    let e = shape::options::<T>(valid.clone()).err().unwrap();
    assert_eq!(e.code(), "invalid_config");
    assert!(
        e.message().contains("unknown field `colour`"),
        "{}",
        e.message()
    );
    Reflect::delete_property(valid.unchecked_ref::<Object>(), &"colour".into()).unwrap();

    for key in T::KEYS {
        let wrong = Object::assign(&Object::new(), valid.unchecked_ref());
        // An object fits no option: not a string, number, boolean, function or array.
        Reflect::set(&wrong, &(*key).into(), &Object::new()).unwrap();
        let e = shape::options::<T>(wrong.into()).err().unwrap();
        assert_eq!(e.code(), "invalid_config", "{key}");
        assert!(
            e.message().contains(&format!("`{key}`")),
            "{key}: {}",
            e.message()
        );
    }
    for key in T::KEYS.iter().filter(|k| !T::OPTIONAL.contains(k)) {
        let missing = Object::assign(&Object::new(), valid.unchecked_ref());
        Reflect::delete_property(&missing, &(*key).into()).unwrap();
        let e = shape::options::<T>(missing.into()).err().unwrap();
        assert!(
            e.message().contains(&format!("`{key}`")),
            "{key}: {}",
            e.message()
        );
    }
}

#[wasm_bindgen_test]
fn option_bags_are_read_by_name() {
    let client = r#"{"clientId":"k","redirectUri":"https://a.example/cb"}"#;
    options_are_checked_by_name::<ClientConfig>(client);
    options_are_checked_by_name::<AuthorizeParams>(client);
    options_are_checked_by_name::<LoginOptions>("{}");
    options_are_checked_by_name::<TermsConsentOptions>("{}");
}

#[wasm_bindgen_test]
fn two_text_fields_keep_their_own_values() {
    let params: AuthorizeParams = shape::options(
        JSON::parse(
            r#"{"nonce":"n","state":"s","redirectUri":"https://a.example/cb","clientId":"k"}"#,
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(
        (params.state.as_deref(), params.nonce.as_deref()),
        (Some("s"), Some("n"))
    );
    assert_eq!(params.client_id, "k");
}

#[wasm_bindgen_test]
fn the_message_shapes_are_wires_and_openapis() {
    use kakao_sync_wire::api::{
        Friend, FriendsMessageResponse, FriendsPage, MessageFailure, MessageTemplate,
    };
    let object = serde_json::json!({ "object_type": "text" });
    contract_agrees(
        "MessageTemplate",
        &MessageTemplate {
            template_object: object.as_object().cloned(),
            template_id: Some(100),
            template_args: Some([("name".to_owned(), "라이언".to_owned())].into()),
        },
    );
    let friend = Friend {
        uuid: "u1".into(),
        kakao_id: Some("4202".into()),
        profile_nickname: Some("어피치".into()),
        profile_thumbnail_image: Some("https://example.com/a.png".into()),
        favorite: Some(false),
        allowed_msg: Some(true),
    };
    contract_agrees("Friend", &friend);
    contract_agrees(
        "FriendsPage",
        &FriendsPage {
            total_count: 1,
            favorite_count: Some(0),
            friends: vec![friend],
            before_offset: None,
            after_offset: Some(1),
        },
    );
    let failure = MessageFailure {
        code: -532,
        message: "daily quota".into(),
        receiver_uuids: vec!["u2".into()],
    };
    contract_agrees("MessageFailure", &failure);
    contract_agrees(
        "FriendsMessageResponse",
        &FriendsMessageResponse {
            successful_receiver_uuids: vec!["u1".into()],
            failures: vec![failure],
        },
    );
}
