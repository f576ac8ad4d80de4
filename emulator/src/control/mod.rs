//! The test-control API, JSON under `/__emulator/` only: reset, accounts, apps, the KakaoTalk
//! in-app user, KakaoTalk on the phone (easy login), unlink from Kakao settings, faults, the
//! request log, the clock, an authorize shortcut, the chatbot's skill requests, and the KakaoTalk
//! shares. Documented in `emulator/README.md`.

pub mod apps;
pub mod authorize;
pub mod chat;
pub mod faults;
pub mod kakaotalk;
pub mod log;
pub mod overview;
pub mod skill;
pub mod users;

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, patch, post};
use serde::Deserialize;
use serde_json::Value;

use crate::fixture::App;
use crate::respond::json;
use crate::state::{Emulator, World};

/// The control routes, to be nested under `/__emulator`.
pub fn routes() -> Router<Emulator> {
    Router::new()
        .route("/", get(overview::page))
        .route("/links", get(overview::list_links))
        .route("/reset", post(reset))
        .route("/clock", post(advance_clock))
        .route("/limits", patch(patch_limits))
        .route("/users", get(users::list).post(users::add))
        .route("/users/{id}", patch(users::patch))
        .route("/users/{id}/unlink", post(users::unlink))
        .route("/inapp-user", post(users::set_inapp))
        .route("/kakaotalk", post(kakaotalk::set_installed))
        .route("/kakaotalk/launch", get(kakaotalk::launch))
        .route("/kakaotalk/confirm", post(kakaotalk::confirm))
        .route("/apps", get(apps::list))
        .route("/apps/{client_id}", patch(apps::patch))
        .route(
            "/faults",
            get(faults::list).post(faults::add).delete(faults::clear),
        )
        .route("/requests", get(log::list))
        .route("/shares", get(crate::share::list))
        .route("/authorize", post(authorize::shortcut))
        .route("/skill", post(skill::send))
        .route("/chat", get(chat::page))
        .route("/chat/continue", get(chat::continued))
}

/// A control-API error: `{"error": "…"}`.
pub fn error(status: StatusCode, message: &str) -> Response {
    json(status, &serde_json::json!({ "error": message }))
}

/// The app a chat call names by `client_id`, which may be left out when there is only one; else
/// the status and message of the control API's error.
pub fn chat_app<'w>(
    world: &'w World,
    client_id: Option<&str>,
) -> Result<&'w App, (StatusCode, &'static str)> {
    match client_id {
        Some(client_id) => world.app_by_client_id(client_id),
        None if world.apps.len() == 1 => world.apps.first(),
        None => {
            return Err((
                StatusCode::BAD_REQUEST,
                "client_id is required: several apps",
            ));
        }
    }
    .ok_or((StatusCode::NOT_FOUND, "no such app"))
}

/// RFC 7396 JSON merge patch: objects merge, `null` deletes, anything else replaces.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(changes) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Default::default());
    }
    let fields = target.as_object_mut().expect("made an object above");
    for (key, change) in changes {
        if change.is_null() {
            fields.remove(key);
        } else {
            merge_patch(fields.entry(key.clone()).or_insert(Value::Null), change);
        }
    }
}

/// `POST /__emulator/reset`: back to the fixture.
async fn reset(State(emu): State<Emulator>) -> StatusCode {
    emu.reset();
    StatusCode::NO_CONTENT
}

/// `POST /__emulator/clock` body.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Advance {
    seconds: i64,
}

/// `POST /__emulator/clock {"seconds": n}`: moves the emulator's clock forward, so codes,
/// tokens and sessions expire without waiting. Answers the new time.
async fn advance_clock(State(emu): State<Emulator>, Json(body): Json<Advance>) -> Response {
    let mut world = emu.world();
    world.clock_offset += body.seconds;
    json(StatusCode::OK, &serde_json::json!({ "now": world.now() }))
}

/// `PATCH /__emulator/limits`: a JSON merge patch of the token lifetimes and issuance limits
/// (until the next reset), e.g. for a benchmark whose repeated sign-ins of a few accounts would
/// meet Kakao's per-account limits. Answers the limits now in force; 400 on an unknown field.
async fn patch_limits(State(emu): State<Emulator>, Json(patch): Json<Value>) -> Response {
    let mut world = emu.world();
    let mut limits = serde_json::to_value(&world.limits).expect("limits serialise");
    merge_patch(&mut limits, &patch);
    match serde_json::from_value(limits) {
        Ok(limits) => {
            world.limits = limits;
            json(StatusCode::OK, &world.limits)
        }
        Err(e) => error(StatusCode::BAD_REQUEST, &e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_patch_merges_objects_deletes_nulls_and_replaces_arrays() {
        let mut target = serde_json::json!({"a": {"b": 1, "c": 2}, "d": [1, 2], "e": 1});
        merge_patch(
            &mut target,
            &serde_json::json!({"a": {"b": 9}, "d": [3], "e": null}),
        );
        assert_eq!(target, serde_json::json!({"a": {"b": 9, "c": 2}, "d": [3]}));
    }
}
