//! Control routes for apps: list, and change settings the way the developer console would
//! (redirect URIs, webhook, OIDC, service terms, consent items, channels).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;

use super::{error, merge_patch};
use crate::fixture::App;
use crate::respond::json;
use crate::state::Emulator;

/// `GET /__emulator/apps`.
pub async fn list(State(emu): State<Emulator>) -> Response {
    json(StatusCode::OK, &emu.world().apps)
}

/// `PATCH /__emulator/apps/{client_id}`: a JSON merge patch (RFC 7396) over the app. Arrays are
/// replaced whole, so adding a service term means sending the full `service_terms` list.
pub async fn patch(
    State(emu): State<Emulator>,
    Path(client_id): Path<String>,
    Json(patch): Json<Value>,
) -> Response {
    let mut world = emu.world();
    let Some(index) = world.apps.iter().position(|a| a.client_id == client_id) else {
        return error(
            StatusCode::NOT_FOUND,
            &format!("no app with client_id {client_id}"),
        );
    };
    let mut value = serde_json::to_value(&world.apps[index]).expect("App serialises");
    merge_patch(&mut value, &patch);
    let changed: App = match serde_json::from_value(value) {
        Ok(app) => app,
        Err(e) => return error(StatusCode::BAD_REQUEST, &e.to_string()),
    };
    let clash = world.apps.iter().enumerate().any(|(i, a)| {
        i != index && (a.client_id == changed.client_id || a.admin_key == changed.admin_key)
    });
    if changed.app_id != world.apps[index].app_id || clash {
        return error(
            StatusCode::BAD_REQUEST,
            "app_id cannot change, and keys must stay unique",
        );
    }
    world.apps[index] = changed;
    json(StatusCode::OK, &world.apps[index])
}
