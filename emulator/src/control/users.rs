//! Control routes for test accounts: list, add, edit, pick the KakaoTalk in-app user, and
//! unlink from "Kakao account settings" (which fires the app's unlink webhook).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::Value;

use super::{error, merge_patch};
use crate::fixture::User;
use crate::respond::json;
use crate::state::Emulator;
use crate::webhook::{UnlinkFields, send_unlink};

/// `GET /__emulator/users`.
pub async fn list(State(emu): State<Emulator>) -> Response {
    let users: Vec<User> = emu.world().users.values().cloned().collect();
    json(StatusCode::OK, &users)
}

/// `POST /__emulator/users`: a [`User`] in the fixture's JSON form; `id` may be left out.
pub async fn add(State(emu): State<Emulator>, Json(mut body): Json<Value>) -> Response {
    let mut world = emu.world();
    let Some(fields) = body.as_object_mut() else {
        return error(StatusCode::BAD_REQUEST, "expected a JSON object");
    };
    if !fields.contains_key("id") {
        let next = world.users.keys().max().map_or(1, |max| max + 1);
        fields.insert("id".into(), next.into());
    }
    let user: User = match serde_json::from_value(body) {
        Ok(user) => user,
        Err(e) => return error(StatusCode::BAD_REQUEST, &e.to_string()),
    };
    if world.users.contains_key(&user.id) {
        return error(StatusCode::CONFLICT, &format!("user {} exists", user.id));
    }
    world.users.insert(user.id, user.clone());
    json(StatusCode::CREATED, &user)
}

/// `PATCH /__emulator/users/{id}`: a JSON merge patch (RFC 7396) over the user.
pub async fn patch(
    State(emu): State<Emulator>,
    Path(id): Path<i64>,
    Json(patch): Json<Value>,
) -> Response {
    let mut world = emu.world();
    let Some(user) = world.users.get_mut(&id) else {
        return error(StatusCode::NOT_FOUND, &format!("no user {id}"));
    };
    let mut value = serde_json::to_value(&*user).expect("User serialises");
    merge_patch(&mut value, &patch);
    match serde_json::from_value::<User>(value) {
        Ok(changed) if changed.id == id => {
            *user = changed;
            json(StatusCode::OK, user)
        }
        Ok(_) => error(StatusCode::BAD_REQUEST, "a user's id cannot change"),
        Err(e) => error(StatusCode::BAD_REQUEST, &e.to_string()),
    }
}

/// `POST /__emulator/inapp-user` body.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InappUser {
    /// `null`: nobody is signed in to KakaoTalk.
    user_id: Option<i64>,
}

/// `POST /__emulator/inapp-user`.
pub async fn set_inapp(State(emu): State<Emulator>, Json(body): Json<InappUser>) -> Response {
    let mut world = emu.world();
    if let Some(id) = body.user_id.filter(|id| !world.users.contains_key(id)) {
        return error(StatusCode::NOT_FOUND, &format!("no user {id}"));
    }
    world.inapp_user = body.user_id;
    json(
        StatusCode::OK,
        &serde_json::json!({ "user_id": body.user_id }),
    )
}

/// `POST /__emulator/users/{id}/unlink` body.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct UnlinkFromSettings {
    /// Which app; may be left out when the fixture has one app.
    #[serde(default)]
    client_id: Option<String>,
    /// Default `UNLINK_FROM_APPS`.
    #[serde(default)]
    referrer_type: Option<String>,
}

/// The documented `referrer_type` values.
const REFERRER_TYPES: &[&str] = &[
    "UNLINK_FROM_APPS",
    "ACCOUNT_DELETE",
    "FORCED_ACCOUNT_DELETE",
    "UNLINK_FROM_ADMIN",
    "INCOMPLETE_SIGN_UP",
];

/// `POST /__emulator/users/{id}/unlink`: the user unlinks the app from Kakao account settings.
/// Kakao unlinks first, then calls the webhook; the answer carries the webhook's status.
pub async fn unlink(
    State(emu): State<Emulator>,
    Path(id): Path<i64>,
    body: Option<Json<UnlinkFromSettings>>,
) -> Response {
    let body = body.map(|Json(b)| b).unwrap_or_default();
    let referrer_type = body
        .referrer_type
        .unwrap_or_else(|| "UNLINK_FROM_APPS".into());
    if !REFERRER_TYPES.contains(&referrer_type.as_str()) {
        return error(
            StatusCode::BAD_REQUEST,
            &format!("referrer_type must be one of {}", REFERRER_TYPES.join(", ")),
        );
    }
    let (app, hook) = {
        let mut world = emu.world();
        let app = match &body.client_id {
            Some(client_id) => world.app_by_client_id(client_id).cloned(),
            None if world.apps.len() == 1 => world.apps.first().cloned(),
            None => {
                return error(
                    StatusCode::BAD_REQUEST,
                    "client_id is required: several apps",
                );
            }
        };
        let Some(app) = app else {
            return error(StatusCode::NOT_FOUND, "no such app");
        };
        if !world.unlink(app.app_id, id) {
            return error(
                StatusCode::NOT_FOUND,
                &format!("user {id} is not linked to the app"),
            );
        }
        let hook = app.unlink_webhook.clone();
        (app, hook)
    };
    let delivery = match hook {
        Some(hook) => {
            let fields = UnlinkFields {
                app_id: app.app_id.to_string(),
                user_id: id.to_string(),
                referrer_type: referrer_type.clone(),
            };
            Some(send_unlink(emu.http(), &hook, &app.admin_key, &fields).await)
        }
        None => None,
    };
    json(
        StatusCode::OK,
        &serde_json::json!({
            "app_id": app.app_id,
            "user_id": id,
            "referrer_type": referrer_type,
            "webhook": delivery,
        }),
    )
}
