//! KakaoTalk messages through the backend: to the member's own chat, the friends list and
//! messages to friends, against the emulator's consent checks, quotas and sent-message log.

use axum::http::StatusCode;
use reqwest::Method;
use serde_json::{Value, json};

use crate::common::TestDb;
use crate::{APEACH, MUZI, RYAN, World};

crate::on_every_database!(
    a_message_to_me_with_consent_reaches_kakaos_log,
    a_message_to_me_from_a_custom_template_sends_its_id_and_args,
    without_talk_message_consent_the_answer_names_the_scope_to_ask_for,
    a_template_that_cannot_be_one_is_refused_before_kakao,
    the_friends_list_pages_through_friends_who_use_the_app,
    without_friends_consent_the_friends_list_names_the_scope,
    a_message_to_friends_reaches_them_and_six_receivers_are_refused_before_kakao,
    the_senders_daily_quota_stops_messages_to_friends,
);

/// Every consent item of the demo app but these.
fn scopes_without(left_out: &[&str]) -> Value {
    let all = [
        "profile_nickname",
        "profile_image",
        "account_email",
        "name",
        "gender",
        "age_range",
        "birthday",
        "birthyear",
        "phone_number",
        "plusfriends",
        "talk_message",
        "friends",
    ];
    json!({"scope": all.iter().filter(|s| !left_out.contains(s)).collect::<Vec<_>>()})
}

fn text_template(text: &str) -> Value {
    json!({"templateObject": {
        "object_type": "text",
        "text": text,
        "link": {"web_url": "https://example.com", "mobile_web_url": "https://example.com"},
    }})
}

/// The messages the emulator sent.
async fn sent(w: &World) -> Vec<Value> {
    w.control(Method::GET, "/messages", Value::Null)
        .await
        .as_array()
        .unwrap()
        .clone()
}

/// `POST /messages/me` with `template`.
async fn to_me(w: &World, cookie: &str, template: Value) -> (StatusCode, Value) {
    w.call(Method::POST, "/messages/me", cookie, Some(template))
        .await
}

/// Kakao refused, and the answer carries Kakao's code.
fn assert_kakao_refused(status: StatusCode, body: &Value, kakao_code: &str) {
    assert_eq!(
        (
            status,
            body["code"].as_str(),
            body["kakaoErrorCode"].as_str()
        ),
        (
            StatusCode::BAD_REQUEST,
            Some("kakao_error"),
            Some(kakao_code)
        ),
        "{body}"
    );
}

async fn kakao_calls(w: &World, path: &str) -> usize {
    w.kakao_paths().await.iter().filter(|p| *p == path).count()
}

async fn a_message_to_me_with_consent_reaches_kakaos_log(db: TestDb) {
    let w = World::start(db).await;
    let (_, cookie) = w.login(RYAN, json!({})).await;
    let (status, body) = to_me(&w, &cookie, text_template("안녕")).await;
    assert_eq!((status, body), (StatusCode::NO_CONTENT, Value::Null));
    let sent = sent(&w).await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(
        (&sent[0]["kind"], &sent[0]["sender"], &sent[0]["receivers"]),
        (&json!("memo"), &json!(RYAN), &json!([RYAN]))
    );
    assert_eq!(sent[0]["template"]["text"], "안녕");
}

async fn a_message_to_me_from_a_custom_template_sends_its_id_and_args(db: TestDb) {
    let w = World::start(db).await;
    let (_, cookie) = w.login(RYAN, json!({})).await;
    let template = json!({"templateId": 100, "templateArgs": {"name": "라이언"}});
    let (status, _) = to_me(&w, &cookie, template).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let sent = sent(&w).await;
    assert_eq!(
        sent[0]["template"],
        json!({"template_id": 100, "template_args": {"name": "라이언"}})
    );
    // A template the app does not have is Kakao's refusal, passed on with Kakao's code.
    let (status, body) = to_me(&w, &cookie, json!({"templateId": 7})).await;
    assert_kakao_refused(status, &body, "-2");
}

async fn without_talk_message_consent_the_answer_names_the_scope_to_ask_for(db: TestDb) {
    let w = World::start(db).await;
    let (_, cookie) = w.login(RYAN, scopes_without(&["talk_message"])).await;
    let (status, body) = to_me(&w, &cookie, text_template("x")).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["code"], "consent_required");
    assert_eq!(body["requiredScopes"], json!(["talk_message"]));
    assert!(sent(&w).await.is_empty());
    // Additional consent for exactly that item, and the same message goes.
    let (_, cookie) = w.login(RYAN, json!({"scope": ["talk_message"]})).await;
    let (status, _) = to_me(&w, &cookie, text_template("x")).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(sent(&w).await.len(), 1);
}

async fn a_template_that_cannot_be_one_is_refused_before_kakao(db: TestDb) {
    let w = World::start(db).await;
    let (_, cookie) = w.login(RYAN, json!({})).await;
    for template in [
        json!({"templateObject": {"object_type": "poster"}}),
        json!({}),
        json!({"templateObject": {"object_type": "text"}, "templateId": 100}),
        json!({"templateObject": "text"}),
    ] {
        let (status, body) = to_me(&w, &cookie, template.clone()).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::BAD_REQUEST, Some("invalid_request")),
            "{template}: {body}"
        );
    }
    assert_eq!(kakao_calls(&w, "/v2/api/talk/memo/default/send").await, 0);
    assert_eq!(kakao_calls(&w, "/v2/api/talk/memo/send").await, 0);
}

/// RYAN signed in after APEACH and MUZI, his KakaoTalk friends, began using the app.
async fn ryan_among_friends(w: &World) -> String {
    w.login(APEACH, json!({})).await;
    w.login(MUZI, json!({})).await;
    w.login(RYAN, json!({})).await.1
}

async fn the_friends_list_pages_through_friends_who_use_the_app(db: TestDb) {
    let w = World::start(db).await;
    let cookie = ryan_among_friends(&w).await;
    let (status, first) = w
        .call(
            Method::GET,
            "/friends?limit=1&friendOrder=nickname",
            &cookie,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(
        (
            &first["totalCount"],
            &first["beforeOffset"],
            &first["afterOffset"]
        ),
        (&json!(2), &Value::Null, &json!(1))
    );
    let friends = first["friends"].as_array().unwrap();
    assert_eq!(friends.len(), 1);
    // 무지 before 어피치 in Korean order.
    assert_eq!(friends[0]["profileNickname"], "무지");
    assert_eq!(friends[0]["kakaoId"], MUZI.to_string());
    assert!(friends[0]["uuid"].as_str().is_some_and(|u| !u.is_empty()));
    let next = format!(
        "/friends?limit=1&friendOrder=nickname&offset={}",
        first["afterOffset"]
    );
    let (_, second) = w.call(Method::GET, &next, &cookie, None).await;
    assert_eq!(second["friends"][0]["profileNickname"], "어피치");
    assert_eq!(
        (&second["beforeOffset"], &second["afterOffset"]),
        (&json!(0), &Value::Null)
    );
    let (status, body) = w
        .call(Method::GET, "/friends?limit=500", &cookie, None)
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_request"))
    );
}

async fn without_friends_consent_the_friends_list_names_the_scope(db: TestDb) {
    let w = World::start(db).await;
    let (_, cookie) = w.login(RYAN, scopes_without(&["friends"])).await;
    let (status, body) = w.call(Method::GET, "/friends", &cookie, None).await;
    assert_eq!(
        (status, &body["code"], &body["requiredScopes"]),
        (
            StatusCode::FORBIDDEN,
            &json!("consent_required"),
            &json!(["friends"])
        ),
        "{body}"
    );
}

/// The uuids `GET /friends` gives RYAN.
async fn friend_uuids(w: &World, cookie: &str) -> Vec<String> {
    let (_, page) = w.call(Method::GET, "/friends", cookie, None).await;
    page["friends"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["uuid"].as_str().unwrap().to_owned())
        .collect()
}

async fn a_message_to_friends_reaches_them_and_six_receivers_are_refused_before_kakao(db: TestDb) {
    let w = World::start(db).await;
    let cookie = ryan_among_friends(&w).await;
    let uuids = friend_uuids(&w, &cookie).await;
    assert_eq!(uuids.len(), 2);
    let mut receivers = uuids.clone();
    receivers.push("not-a-friend".into());
    let body = json!({"receiverUuids": receivers, "template": text_template("같이 해요")});
    let (status, answer) = w
        .call(Method::POST, "/messages/friends", &cookie, Some(body))
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["successfulReceiverUuids"], json!(uuids));
    assert_eq!(
        answer["failures"],
        json!([{"code": -502, "message": "not a friend", "receiverUuids": ["not-a-friend"]}])
    );
    let sent = sent(&w).await;
    assert_eq!(sent.len(), 1);
    let mut got: Vec<i64> = serde_json::from_value(sent[0]["receivers"].clone()).unwrap();
    got.sort_unstable();
    assert_eq!(
        (sent[0]["kind"].as_str(), got),
        (Some("friends"), vec![APEACH, MUZI])
    );

    let path = "/v1/api/talk/friends/message/default/send";
    let before = kakao_calls(&w, path).await;
    let six: Vec<String> = (0..6).map(|i| format!("{}-{i}", uuids[0])).collect();
    let body = json!({"receiverUuids": six, "template": text_template("x")});
    let (status, answer) = w
        .call(Method::POST, "/messages/friends", &cookie, Some(body))
        .await;
    assert_eq!(
        (status, answer["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("too_many_receivers")),
        "{answer}"
    );
    assert_eq!(kakao_calls(&w, path).await, before);
    assert_eq!(self::sent(&w).await.len(), 1);
}

async fn the_senders_daily_quota_stops_messages_to_friends(db: TestDb) {
    let w = World::start(db).await;
    let cookie = ryan_among_friends(&w).await;
    let uuids = friend_uuids(&w, &cookie).await;
    w.control(
        Method::PATCH,
        "/limits",
        json!({"talk_messages_per_sender_per_day": 2}),
    )
    .await;
    let body = json!({"receiverUuids": uuids, "template": text_template("1")});
    let (status, _) = w
        .call(
            Method::POST,
            "/messages/friends",
            &cookie,
            Some(body.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, answer) = w
        .call(Method::POST, "/messages/friends", &cookie, Some(body))
        .await;
    assert_kakao_refused(status, &answer, "-532");
    assert_eq!(sent(&w).await.len(), 1);
}
