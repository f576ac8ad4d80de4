//! The chatbot's members: an Open Builder skill request is answered with the member behind its
//! `appUserId`, or with "not a member yet", and only for the holder of the skill secret.

use axum::http::StatusCode;
use serde_json::{Value, json};

use reqwest::Method;

use crate::common::{REST_API_KEY, TestDb};
use crate::plugin::{land_with_code, plugin_code, plugin_world};
use crate::{APEACH, RYAN, World};

crate::on_every_database!(
    the_emulators_chatbot_is_answered_with_the_member_after_the_plugin,
    a_skill_request_after_the_plugin_is_answered_with_the_member,
    a_skill_request_without_app_user_id_is_not_a_member_yet,
    an_app_user_id_without_a_member_is_not_a_member_yet,
    a_wrong_or_missing_secret_is_refused,
    without_a_skill_secret_the_route_is_absent,
);

const SECRET: &str = "skill-secret-for-tests-0123456789";

/// A skill request as Open Builder sends it, with `properties` as the user's.
fn skill_request(properties: Value) -> Value {
    json!({
        "intent": {"id": "intent-1", "name": "블록 이름"},
        "userRequest": {
            "timezone": "Asia/Seoul",
            "params": {"ignoreMe": "true"},
            "block": {"id": "block-1", "name": "블록 이름"},
            "utterance": "내 정보",
            "lang": "ko",
            "user": {"id": "bot-user-key-1", "type": "botUserKey", "properties": properties},
        },
        "bot": {"id": "bot-1", "name": "봇 이름"},
        "action": {"name": "skill", "clientExtra": null, "params": {}, "id": "action-1", "detailParams": {}},
    })
}

async fn ask(w: &World, secret: Option<&str>, body: &Value) -> (StatusCode, Value) {
    let mut request = w.http.post(w.api("/chatbot/skill")).json(body);
    if let Some(secret) = secret {
        request = request.header("x-skill-secret", secret);
    }
    let response = request.send().await.unwrap();
    (response.status(), response.json().await.unwrap())
}

fn assert_simple_text(answer: &Value) {
    assert_eq!(answer["version"], "2.0", "{answer}");
    let outputs = answer["template"]["outputs"].as_array().unwrap();
    assert_eq!(outputs.len(), 1, "{answer}");
    assert!(
        outputs[0]["simpleText"]["text"]
            .as_str()
            .is_some_and(|t| !t.is_empty())
    );
}

async fn a_skill_request_after_the_plugin_is_answered_with_the_member(db: TestDb) {
    let w = plugin_world(db, &[("CHATBOT_SKILL_SECRET", SECRET)]).await;
    let code = plugin_code(&w, RYAN, json!({})).await;
    assert_eq!(land_with_code(&w, &code).await.0, StatusCode::FOUND);
    let request = skill_request(json!({
        "plusfriendUserKey": "pf-key", "appUserId": RYAN.to_string(), "isFriend": true,
    }));
    let (status, answer) = ask(&w, Some(SECRET), &request).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_simple_text(&answer);
    assert_eq!(answer["data"]["isMember"], true);
    let member_id: String = sqlx::query_scalar("SELECT id FROM members WHERE kakao_id = $1")
        .bind(RYAN.to_string())
        .fetch_one(w.state.db.reads())
        .await
        .unwrap();
    assert_eq!(answer["data"]["memberId"], member_id);
    let nickname = answer["data"]["nickname"].as_str().unwrap();
    assert!(
        answer["template"]["outputs"][0]["simpleText"]["text"]
            .as_str()
            .unwrap()
            .contains(nickname)
    );
}

async fn a_skill_request_without_app_user_id_is_not_a_member_yet(db: TestDb) {
    let w = plugin_world(db, &[("CHATBOT_SKILL_SECRET", SECRET)]).await;
    w.login(RYAN, json!({})).await;
    let request = skill_request(json!({"plusfriendUserKey": "pf-key", "isFriend": true}));
    let (status, answer) = ask(&w, Some(SECRET), &request).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_simple_text(&answer);
    assert_eq!(answer["data"], json!({"isMember": false}));
}

async fn an_app_user_id_without_a_member_is_not_a_member_yet(db: TestDb) {
    let w = plugin_world(db, &[("CHATBOT_SKILL_SECRET", SECRET)]).await;
    w.login(RYAN, json!({})).await;
    let request = skill_request(json!({"appUserId": APEACH.to_string()}));
    let (status, answer) = ask(&w, Some(SECRET), &request).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["data"], json!({"isMember": false}));
}

async fn a_wrong_or_missing_secret_is_refused(db: TestDb) {
    let w = plugin_world(db, &[("CHATBOT_SKILL_SECRET", SECRET)]).await;
    w.login(RYAN, json!({})).await;
    let request = skill_request(json!({"appUserId": RYAN.to_string()}));
    for secret in [None, Some("skill-secret-for-tests-0123456788"), Some("")] {
        let (status, answer) = ask(&w, secret, &request).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{secret:?}");
        assert_eq!(answer["code"], "unauthorized");
        assert!(answer.get("data").is_none(), "{answer}");
    }
    let (status, answer) = ask(&w, Some(SECRET), &json!({"hello": "world"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(answer["code"], "invalid_request");
}

async fn without_a_skill_secret_the_route_is_absent(db: TestDb) {
    let w = World::start(db).await;
    let (status, answer) = ask(&w, Some(""), &skill_request(json!({}))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(answer["code"], "not_found");
}

/// The whole chat, Kakao's side played by the emulator: the chatbot asks before the sign-up
/// (no appUserId: not a member yet), the plugin signs the user up, and the next skill request
/// is answered with the member.
async fn the_emulators_chatbot_is_answered_with_the_member_after_the_plugin(db: TestDb) {
    let w = plugin_world(db, &[("CHATBOT_SKILL_SECRET", SECRET)]).await;
    let chatbot = json!({"chatbot": {
        "skill_url": w.api("/chatbot/skill"),
        "skill_headers": {"X-Skill-Secret": SECRET},
    }});
    w.control(Method::PATCH, &format!("/apps/{REST_API_KEY}"), chatbot)
        .await;
    let before = w
        .control(Method::POST, "/skill", json!({"user_id": RYAN}))
        .await;
    assert_eq!(before["status"], 200, "{before}");
    assert!(
        before["request"]["userRequest"]["user"]["properties"]
            .get("appUserId")
            .is_none()
    );
    assert_eq!(before["response"]["data"]["isMember"], false);

    let code = plugin_code(&w, RYAN, json!({})).await;
    assert_eq!(land_with_code(&w, &code).await.0, StatusCode::FOUND);

    let after = w
        .control(Method::POST, "/skill", json!({"user_id": RYAN}))
        .await;
    assert_eq!(after["status"], 200, "{after}");
    assert_eq!(after["response"]["version"], "2.0");
    assert_eq!(after["response"]["data"]["isMember"], true);
    assert!(after["response"]["data"]["memberId"].is_string());
}
