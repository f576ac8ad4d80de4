//! `POST /__emulator/skill`: the chatbot sends a skill request for a user, as Open Builder does
//! when the user's utterance reaches a block with a skill. The payload follows Kakao Business's
//! chatbot guide (`skill_guide/answer_json_format`); its `userRequest.user.properties.appUserId`
//! is the user's Kakao id for the app, which Open Builder adds once the Kakao Sync plugin is
//! connected (Open Builder FAQ). Built from JSON here, with no type of the service's.
//! <https://developers.kakao.com/docs/latest/en/kakaosync/plugin>

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};

use super::{chat_app, error};
use crate::respond::json;
use crate::state::Emulator;

/// The control call's body.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkillCall {
    /// The app whose chatbot speaks; may be left out when there is one app.
    #[serde(default)]
    client_id: Option<String>,
    user_id: i64,
    /// Whether `appUserId` is sent. Default: when the user is linked to the app (signed up
    /// through the plugin or a login). UNCONFIRMED whether Kakao sends it for a user linked
    /// outside the plugin.
    #[serde(default)]
    with_app_user_id: Option<bool>,
    #[serde(default = "default_utterance")]
    utterance: String,
}

fn default_utterance() -> String {
    "내 정보".to_owned()
}

/// Sends the skill request to the app's `chatbot.skill_url` and answers `{request, status,
/// response}`: what was sent, the skill server's status and its JSON answer (null when none).
pub async fn send(State(emu): State<Emulator>, Json(call): Json<SkillCall>) -> Response {
    let (chatbot, skill_url, app_id, linked) = {
        let world = emu.world();
        let app = match chat_app(&world, call.client_id.as_deref()) {
            Ok(app) => app,
            Err((status, why)) => return error(status, why),
        };
        let Some((chatbot, skill_url)) = app
            .chatbot
            .clone()
            .and_then(|c| c.skill_url.clone().map(|url| (c, url)))
        else {
            return error(
                StatusCode::BAD_REQUEST,
                "the app has no skill: PATCH /__emulator/apps/{client_id} with chatbot.skill_url",
            );
        };
        if !world.users.contains_key(&call.user_id) {
            return error(StatusCode::NOT_FOUND, &format!("no user {}", call.user_id));
        }
        let linked = world.links.contains_key(&(app.app_id, call.user_id));
        (chatbot, skill_url, app.app_id, linked)
    };
    let mut properties = json!({
        // Stable per user and bot; the real keys are opaque strings. UNCONFIRMED format.
        "plusfriendUserKey": format!("pf-{app_id}-{}", call.user_id),
        "botUserKey": format!("bot-{app_id}-{}", call.user_id),
    });
    if call.with_app_user_id.unwrap_or(linked) {
        properties["appUserId"] = json!(call.user_id.to_string());
    }
    let request = json!({
        "intent": {"id": "emulator-intent", "name": "스킬 블록"},
        "userRequest": {
            "timezone": "Asia/Seoul",
            "params": {"ignoreMe": "true"},
            "block": {"id": "emulator-block", "name": "스킬 블록"},
            "utterance": call.utterance,
            "lang": "ko",
            "user": {
                "id": format!("bot-{app_id}-{}", call.user_id),
                "type": "botUserKey",
                "properties": properties,
            },
        },
        "bot": {"id": format!("emulator-bot-{app_id}"), "name": "에뮬레이터 봇"},
        "action": {"name": "skill", "clientExtra": null, "params": {}, "id": "emulator-action", "detailParams": {}},
    });
    let mut outgoing = emu.http().post(&skill_url).json(&request);
    for (name, value) in &chatbot.skill_headers {
        outgoing = outgoing.header(name, value);
    }
    match outgoing.send().await {
        Ok(answer) => {
            let status = answer.status().as_u16();
            let body: Value = answer.json().await.unwrap_or(Value::Null);
            json(
                StatusCode::OK,
                &json!({"request": request, "status": status, "response": body}),
            )
        }
        Err(e) => error(
            StatusCode::BAD_GATEWAY,
            &format!("the skill server did not answer: {}", e.without_url()),
        ),
    }
}
