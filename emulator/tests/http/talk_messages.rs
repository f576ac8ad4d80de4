//! KakaoTalk messages, friends and the channel webhook over real HTTP: Kakao's consent checks,
//! errors and quotas, the sent-message log, and the webhook's headers and body.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::*;

const TEXT: &str = r#"{"object_type":"text","text":"hi","link":{"web_url":"https://example.com"}}"#;

async fn token_with(env: &Env, user: i64, scope: &[&str]) -> String {
    let code = env.code_for(user, json!({"scope": scope})).await;
    env.exchange(&code).await.access_token
}

async fn sent(env: &Env) -> Vec<Value> {
    kakao_json(env.control(Method::GET, "/messages", Value::Null).await).await
}

#[tokio::test]
async fn a_message_to_me_needs_talk_message_and_is_logged() {
    let env = env().await;
    let without = token_with(&env, RYAN, &["profile_nickname", "account_email"]).await;
    let memo = |token: String| {
        let env = &env;
        async move {
            env.bearer_post(
                "/v2/api/talk/memo/default/send",
                &token,
                &[("template_object", TEXT)],
            )
            .await
        }
    };
    let body = assert_kapi_error(memo(without).await, 403, -402).await;
    assert_eq!(body["required_scopes"], json!(["talk_message"]));
    assert!(sent(&env).await.is_empty());

    let with = env.signed_up(RYAN).await.access_token;
    let answer: Value = kakao_json(memo(with.clone()).await).await;
    assert_eq!(answer, json!({"result_code": 0}));
    let log = sent(&env).await;
    assert_eq!(
        (log.len(), &log[0]["kind"], &log[0]["template"]["text"]),
        (1, &json!("memo"), &json!("hi"))
    );

    let bad = env
        .bearer_post(
            "/v2/api/talk/memo/default/send",
            &with,
            &[("template_object", r#"{"object_type":"text"}"#)],
        )
        .await;
    assert_kapi_error(bad, 400, -2).await;
    let unknown = env
        .bearer_post("/v2/api/talk/memo/send", &with, &[("template_id", "999")])
        .await;
    assert_kapi_error(unknown, 400, -2).await;
    let custom = env
        .bearer_post(
            "/v2/api/talk/memo/send",
            &with,
            &[("template_id", "100"), ("template_args", r#"{"a":"b"}"#)],
        )
        .await;
    assert_eq!(custom.status(), 200);
    assert_eq!(sent(&env).await.len(), 2);

    // Withdrawing the consent item (Kakao's revoke-scopes API) stops the next message.
    let revoked = env
        .bearer_post(
            "/v2/user/revoke/scopes",
            &with,
            &[("scopes", r#"["talk_message"]"#)],
        )
        .await;
    assert_eq!(revoked.status(), 200);
    let body = assert_kapi_error(memo(with).await, 403, -402).await;
    assert_eq!(body["required_scopes"], json!(["talk_message"]));
    assert_eq!(sent(&env).await.len(), 2);
}

#[tokio::test]
async fn friends_are_the_users_friends_who_use_the_app_and_need_friends_consent() {
    let env = env().await;
    let ryan = env.signed_up(RYAN).await.access_token;
    let list = |token: String| {
        let env = &env;
        async move { env.bearer_get("/v1/api/talk/friends", &token).await }
    };
    let none: Value = kakao_json(list(ryan.clone()).await).await;
    assert_eq!(
        (&none["total_count"], &none["elements"]),
        (&json!(0), &json!([]))
    );
    env.signed_up(APEACH).await;
    let one: Value = kakao_json(list(ryan).await).await;
    assert_eq!(one["total_count"], 1);
    assert_eq!(one["elements"][0]["id"], APEACH);
    // MUZI names no friends, but RYAN names MUZI: friendship goes both ways.
    let muzi = env.signed_up(MUZI).await.access_token;
    let theirs: Value = kakao_json(list(muzi).await).await;
    assert_eq!(theirs["elements"][0]["id"], RYAN);

    let without = token_with(&env, NEO, &["profile_nickname", "account_email"]).await;
    let body = assert_kapi_error(list(without).await, 403, -402).await;
    assert_eq!(body["required_scopes"], json!(["friends"]));
}

async fn send_to_friends(env: &Env, token: &str, receivers: Value) -> reqwest::Response {
    env.bearer_post(
        "/v1/api/talk/friends/message/default/send",
        token,
        &[
            ("receiver_uuids", &receivers.to_string()),
            ("template_object", TEXT),
        ],
    )
    .await
}

#[tokio::test]
async fn messages_to_friends_take_at_most_five_and_count_against_daily_quotas() {
    let env = env().await;
    env.signed_up(APEACH).await;
    let ryan = env.signed_up(RYAN).await.access_token;
    let friends: Value = kakao_json(env.bearer_get("/v1/api/talk/friends", &ryan).await).await;
    let uuid = friends["elements"][0]["uuid"].as_str().unwrap().to_owned();
    let six = json!([uuid, uuid, uuid, uuid, uuid, uuid]);
    assert_kapi_error(send_to_friends(&env, &ryan, six).await, 400, -2).await;
    assert!(sent(&env).await.is_empty());

    env.control(
        Method::PATCH,
        "/limits",
        json!({"talk_messages_per_pair_per_day": 1}),
    )
    .await;
    let first: Value = kakao_json(send_to_friends(&env, &ryan, json!([uuid])).await).await;
    assert_eq!(first, json!({"successful_receiver_uuids": [uuid]}));
    let second: Value = kakao_json(send_to_friends(&env, &ryan, json!([uuid])).await).await;
    assert_eq!(second["failure_info"][0]["code"], -536);
    assert_eq!(second.get("successful_receiver_uuids"), None);

    env.control(
        Method::PATCH,
        "/limits",
        json!({"talk_messages_per_sender_per_day": 1}),
    )
    .await;
    assert_kapi_error(send_to_friends(&env, &ryan, json!([uuid])).await, 400, -532).await;
    // The day turns (KST): the quotas start again (with a token of that day).
    env.control(Method::POST, "/clock", json!({"seconds": 24 * 3600}))
        .await;
    let ryan = env.signed_up(RYAN).await.access_token;
    let next_day: Value = kakao_json(send_to_friends(&env, &ryan, json!([uuid])).await).await;
    assert_eq!(next_day["successful_receiver_uuids"], json!([uuid]));
    assert_eq!(sent(&env).await.len(), 2);
}

#[tokio::test]
async fn adding_and_blocking_a_channel_sends_kakaos_channel_webhook() {
    let env = env().await;
    let receiver = receiver(StatusCode::OK).await;
    env.control(
        Method::PATCH,
        &format!("/apps/{CLIENT_ID}"),
        json!({"channel_webhook": {"url": receiver.url, "encoding": "json"}}),
    )
    .await;
    let ryan = env.signed_up(RYAN).await.access_token;
    let change = |user: i64, event: &str| {
        let env = &env;
        let body = json!({"event": event});
        async move {
            let r = env
                .control(
                    Method::POST,
                    &format!("/users/{user}/channels/_ZeUTxl"),
                    body,
                )
                .await;
            kakao_json::<Value>(r).await
        }
    };
    let answer = change(RYAN, "added").await;
    assert_eq!(
        (&answer["relation"], &answer["webhook"]["status"]),
        (&json!("ADDED"), &json!(200))
    );
    change(RYAN, "blocked").await;
    // MUZI never agreed to plusfriends: Kakao names them by an open id.
    env.code_for(
        MUZI,
        json!({"scope": ["profile_nickname", "account_email"]}),
    )
    .await;
    change(MUZI, "added").await;

    let got = receiver.got.lock().unwrap().clone();
    assert_eq!(got.len(), 3);
    let mut ids = Vec::new();
    for r in &got {
        assert_eq!(r.method, Method::POST);
        assert_eq!(r.headers["authorization"], format!("KakaoAK {ADMIN_KEY}"));
        assert_eq!(r.headers["user-agent"], "KakaoOpenAPI/1.0");
        assert!(
            r.headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/json")
        );
        ids.push(
            r.headers["x-kakao-resource-id"]
                .to_str()
                .unwrap()
                .to_owned(),
        );
    }
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 3, "each webhook has its own resource id");
    let bodies: Vec<Value> = got
        .iter()
        .map(|r| serde_json::from_str(&r.body).unwrap())
        .collect();
    assert_eq!(
        (
            &bodies[0]["event"],
            &bodies[0]["id"],
            &bodies[0]["id_type"],
            &bodies[0]["channel_uuid"]
        ),
        (
            &json!("added"),
            &json!(RYAN.to_string()),
            &json!("app_user_id"),
            &json!("@kakaosyncdemo")
        )
    );
    assert!(bodies[0]["updated_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(bodies[1]["event"], "blocked");
    assert_eq!(bodies[2]["id_type"], "open_id");
    assert_ne!(bodies[2]["id"], json!(MUZI.to_string()));

    let channels: Value = kakao_json(env.bearer_get("/v2/api/talk/channels", &ryan).await).await;
    assert_eq!(channels["channels"][0]["relation"], "BLOCKED");
    let unknown = env
        .control(
            Method::POST,
            "/users/4200000001/channels/_nope",
            json!({"event": "added"}),
        )
        .await;
    assert_eq!(unknown.status(), 404);
}
