//! `POST /__emulator/users/{id}/channels/{public_id}`: the user adds or blocks one of the app's
//! KakaoTalk channels in KakaoTalk. Kakao records the relation, then sends the app's channel
//! webhook. Adding a channel on the consent screen sends none here: Kakao's webhook page speaks
//! of users adding or blocking a channel, without saying whether the consent screen counts
//! (UNCONFIRMED).
//! <https://developers.kakao.com/docs/latest/ko/kakaotalk-channel/callback>

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::{chat_app, error};
use crate::respond::json;
use crate::state::{ChannelRelation, Emulator, app_scoped_id, rfc3339};
use crate::webhook::{ChannelFields, send_channel};

/// The body.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelChange {
    /// `added` or `blocked`.
    event: String,
    /// Which app; may be left out when the fixture has one app.
    #[serde(default)]
    client_id: Option<String>,
}

/// Answers `{user_id, channel_public_id, relation, webhook}` (`webhook` null when the app has
/// no channel webhook); 404 for an unknown user or a channel not linked to the app.
pub async fn change(
    State(emu): State<Emulator>,
    Path((user_id, public_id)): Path<(i64, String)>,
    Json(body): Json<ChannelChange>,
) -> Response {
    let (event, relation) = match body.event.as_str() {
        "added" => ("added", "ADDED"),
        "blocked" => ("blocked", "BLOCKED"),
        _ => return error(StatusCode::BAD_REQUEST, "event must be added or blocked"),
    };
    let (app, fields) = {
        let mut world = emu.world();
        let app = match chat_app(&world, body.client_id.as_deref()) {
            Ok(app) => app.clone(),
            Err((status, message)) => return error(status, message),
        };
        if !world.users.contains_key(&user_id) {
            return error(StatusCode::NOT_FOUND, &format!("no user {user_id}"));
        }
        let Some(channel) = app.channels.iter().find(|c| c.public_id == public_id) else {
            return error(StatusCode::NOT_FOUND, "no such channel linked to the app");
        };
        let now = world.now();
        world.channel_relations.insert(
            (user_id, public_id.clone()),
            ChannelRelation {
                relation,
                updated_at: now,
            },
        );
        let consented = world
            .links
            .get(&(app.app_id, user_id))
            .is_some_and(|l| l.scopes.contains("plusfriends"));
        let (id, id_type) = if consented {
            (user_id.to_string(), "app_user_id")
        } else {
            (app_scoped_id("open-id", app.app_id, user_id), "open_id")
        };
        let fields = ChannelFields {
            event,
            id,
            id_type,
            channel_public_id: channel.public_id.clone(),
            channel_uuid: channel.uuid.clone(),
            updated_at: rfc3339(now),
        };
        (app, fields)
    };
    let delivery = match &app.channel_webhook {
        Some(hook) => Some(send_channel(emu.http(), hook, &app.admin_key, &fields).await),
        None => None,
    };
    json(
        StatusCode::OK,
        &serde_json::json!({
            "user_id": user_id,
            "channel_public_id": public_id,
            "relation": relation,
            "webhook": delivery,
        }),
    )
}
