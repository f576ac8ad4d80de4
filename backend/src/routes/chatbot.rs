//! `POST /chatbot/skill`: an Open Builder skill that tells the bot who is chatting.
//! <https://developers.kakao.com/docs/latest/en/kakaosync/plugin>

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::HeaderMap;
use serde_json::Value;

use crate::chatbot::{chat_user, skill_response};
use crate::error::Error;
use crate::secret::ct_eq;
use crate::state::AppState;

/// The header the skill's settings in Open Builder add to each call, with
/// `CHATBOT_SKILL_SECRET` as its value. UNCONFIRMED on developers.kakao.com: that a skill's
/// settings can add a header; without it, put the secret in the skill URL's path instead.
const SKILL_SECRET_HEADER: &str = "x-skill-secret";

/// Answers a skill response (version 2.0) for the member behind the request's `appUserId`, or
/// for "not a member yet". Open Builder calls without any credential of Kakao's, so the secret
/// the service set in the skill's headers is what keeps anyone else from asking who a Kakao id
/// is.
pub async fn skill(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Value>, Error> {
    let Some(secret) = &state.config.chatbot.skill_secret else {
        return Err(Error::NotFound);
    };
    let presented = headers
        .get(SKILL_SECRET_HEADER)
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if !ct_eq(presented, secret.expose()) {
        return Err(Error::Unauthorized);
    }
    let Json(request) = body?;
    if !request["userRequest"].is_object() {
        return Err(Error::InvalidRequest(
            "not an Open Builder skill request: userRequest is missing".into(),
        ));
    }
    let member = chat_user(&state.db, &request).await?;
    Ok(Json(skill_response(member.as_ref())))
}
