//! The consent-item APIs: which items the user agreed to, and withdrawing optional ones.
//!
//! <https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api#check-consent>

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};

use super::caller::{Accepts, resolve};
use crate::fixture::{App, ConsentItem};
use crate::params::{KapiParams, Params};
use crate::respond::{KapiErr, json};
use crate::state::{Emulator, Link};

/// Consent items that grant access to a service rather than personal information.
const SERVICE_SCOPES: &[&str] = &["plusfriends", "talk_message", "friends", "talk_chats"];

/// One entry of `scopes`: `revocable` is sent only for agreed items.
fn scope(item: &ConsentItem, link: &Link) -> Value {
    let agreed = link.scopes.contains(&item.id);
    let kind = if SERVICE_SCOPES.contains(&item.id.as_str()) {
        "SERVICE"
    } else {
        "PRIVACY"
    };
    let mut entry = json!({
        "id": item.id,
        "display_name": item.display_name,
        "type": kind,
        "using": true,
        "agreed": agreed,
    });
    if agreed {
        entry["revocable"] = (!item.required).into();
    }
    entry
}

/// `scopes` is a JSON array of scope ids; `None` when absent.
fn scope_ids(params: &Params) -> Result<Option<Vec<String>>, KapiErr> {
    params
        .get("scopes")
        .map(serde_json::from_str)
        .transpose()
        .map_err(|_| KapiErr::bad_param("scopes must be a JSON array of scope ids"))
}

/// The app's items named in `ids`, or `-2` naming the ones it does not use.
fn configured<'a>(
    app: &'a App,
    ids: &[String],
    action: &str,
) -> Result<Vec<&'a ConsentItem>, KapiErr> {
    let unknown: Vec<&str> = ids
        .iter()
        .filter(|id| !app.consent_items.iter().any(|c| &c.id == *id))
        .map(String::as_str)
        .collect();
    if !unknown.is_empty() {
        return Err(KapiErr::bad_param(format!(
            "There is no scopes to {action}. check out if given scope id([{}]) is correct again.",
            unknown.join(", ")
        )));
    }
    Ok(app
        .consent_items
        .iter()
        .filter(|c| ids.contains(&c.id))
        .collect())
}

/// `GET /v2/user/scopes`, optionally narrowed by `scopes`.
pub async fn scopes(
    State(emu): State<Emulator>,
    headers: HeaderMap,
    KapiParams(params): KapiParams,
) -> Result<Response, KapiErr> {
    let ids = scope_ids(&params)?;
    let world = emu.world();
    let caller = resolve(&world, &headers, &params, Accepts::BearerOrAdminKey)?;
    let (app, link) = caller.linked(&world)?;
    let items = match &ids {
        Some(ids) => configured(app, ids, "get")?,
        None => app.consent_items.iter().collect(),
    };
    Ok(json(
        StatusCode::OK,
        &json!({
            "id": caller.user_id,
            "scopes": items.into_iter().map(|item| scope(item, link)).collect::<Vec<_>>(),
        }),
    ))
}

/// `POST /v2/user/revoke/scopes` with `scopes`: withdraws optional items; a required one is
/// `-3` with 403.
pub async fn revoke(
    State(emu): State<Emulator>,
    headers: HeaderMap,
    KapiParams(params): KapiParams,
) -> Result<Response, KapiErr> {
    let ids = scope_ids(&params)?
        .filter(|ids| !ids.is_empty())
        .ok_or_else(|| KapiErr::bad_param("scopes is required"))?;
    let mut world = emu.world();
    let caller = resolve(&world, &headers, &params, Accepts::BearerOrAdminKey)?;
    let (app, link) = caller.linked_mut(&mut world)?;
    let items = configured(&app, &ids, "revoke")?;
    if let Some(required) = items.iter().find(|i| i.required) {
        return Err(KapiErr::new(
            -3,
            format!(
                "[{}] is not revocable. check out if it's set as required on developers.kakao.com",
                required.id
            ),
        ));
    }
    for item in &items {
        link.scopes.remove(&item.id);
    }
    Ok(json(
        StatusCode::OK,
        &json!({
            "id": caller.user_id,
            "scopes": items.into_iter().map(|item| scope(item, link)).collect::<Vec<_>>(),
        }),
    ))
}
