//! `GET /v2/api/talk/channels`: the user's relation to the app's KakaoTalk channels.
//!
//! <https://developers.kakao.com/docs/latest/ko/kakaotalk-channel/rest-api#check-relationship>

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};

use super::caller::{Accepts, resolve};
use crate::params::KapiParams;
use crate::respond::{KapiErr, json};
use crate::state::{Emulator, rfc3339};

/// Needs the `plusfriends` consent item; `channel_ids` (with
/// `channel_id_type=channel_public_id`) narrows the answer, which only ever covers channels
/// linked to the app.
pub async fn channels(
    State(emu): State<Emulator>,
    headers: HeaderMap,
    KapiParams(params): KapiParams,
) -> Result<Response, KapiErr> {
    let world = emu.world();
    let caller = resolve(&world, &headers, &params, Accepts::BearerOrAdminKey)?;
    let (app, link) = caller.linked(&world)?;
    if !link.scopes.contains("plusfriends") {
        return Err(KapiErr::insufficient_scope(vec!["plusfriends".into()]));
    }
    match params.get("channel_id_type") {
        None | Some("channel_public_id") => {}
        Some(other) => {
            return Err(KapiErr::bad_param(format!(
                "unsupported channel_id_type: {other}"
            )));
        }
    }
    let wanted = params.list("channel_ids");
    let channels = app
        .channels
        .iter()
        .filter(|c| wanted.as_ref().is_none_or(|w| w.contains(&c.public_id)))
        .map(|c| {
            let relation = world
                .channel_relations
                .get(&(caller.user_id, c.public_id.clone()));
            let mut channel = json!({
                "channel_uuid": c.uuid,
                "channel_public_id": c.public_id,
                "relation": relation.map_or("NONE", |r| r.relation),
            });
            // Absent for `NONE`: there is no change to date.
            if let Some(r) = relation {
                channel["updated_at"] = rfc3339(r.updated_at).into();
            }
            channel
        })
        .collect::<Vec<Value>>();
    Ok(json(
        StatusCode::OK,
        &json!({"user_id": caller.user_id, "channels": channels}),
    ))
}
