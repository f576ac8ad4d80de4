//! kapi's user endpoints: token info, logout, unlink, user info and OIDC userinfo.
//!
//! <https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api>

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::caller::{Accepts, Caller, resolve};
use crate::params::KapiParams;
use crate::respond::{KapiErr, json};
use crate::state::{Emulator, World};
use crate::user_view::View;

/// Runs `f` on the caller's view of the user, or `-101` when the user is no longer linked.
pub fn with_view<T>(
    emu: &Emulator,
    world: &World,
    caller: &Caller,
    f: impl FnOnce(&View) -> T,
) -> Result<T, KapiErr> {
    let (app, link) = caller.linked(world)?;
    let user = world
        .users
        .get(&caller.user_id)
        .ok_or_else(KapiErr::not_linked)?;
    Ok(f(&View {
        app,
        user,
        link,
        issuer: emu.issuer(),
    }))
}

/// `GET /v1/user/access_token_info`.
pub async fn access_token_info(
    State(emu): State<Emulator>,
    headers: HeaderMap,
    KapiParams(params): KapiParams,
) -> Result<Response, KapiErr> {
    let world = emu.world();
    let caller = resolve(&world, &headers, &params, Accepts::BearerOnly)?;
    Ok(json(
        StatusCode::OK,
        &json!({
            "id": caller.user_id,
            "expires_in": caller.expires_at.unwrap_or(0) - world.now(),
            "app_id": caller.app_id,
        }),
    ))
}

/// `POST /v1/user/logout`: a Bearer call revokes that token and its refresh token; an admin-key
/// call revokes all of the user's tokens for the app. The Kakao account session stays.
pub async fn logout(
    State(emu): State<Emulator>,
    headers: HeaderMap,
    KapiParams(params): KapiParams,
) -> Result<Response, KapiErr> {
    let mut world = emu.world();
    let caller = resolve(&world, &headers, &params, Accepts::BearerOrAdminKey)?;
    match &caller.access_token {
        Some(token) => {
            if let Some(issued) = world.access_tokens.remove(token) {
                world.refresh_tokens.remove(&issued.refresh_token);
            }
        }
        None => world.revoke_tokens(caller.app_id, caller.user_id),
    }
    Ok(json(StatusCode::OK, &json!({"id": caller.user_id})))
}

/// `POST /v1/user/unlink`: the service unlinks the user. No webhook: the service knows.
pub async fn unlink(
    State(emu): State<Emulator>,
    headers: HeaderMap,
    KapiParams(params): KapiParams,
) -> Result<Response, KapiErr> {
    let mut world = emu.world();
    let caller = resolve(&world, &headers, &params, Accepts::BearerOrAdminKey)?;
    world.unlink(caller.app_id, caller.user_id);
    Ok(json(StatusCode::OK, &json!({"id": caller.user_id})))
}

/// `GET|POST /v2/user/me`, with `secure_resource` and `property_keys`.
pub async fn me(
    State(emu): State<Emulator>,
    headers: HeaderMap,
    KapiParams(params): KapiParams,
) -> Result<Response, KapiErr> {
    let secure = match params.get("secure_resource") {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return Err(KapiErr::bad_param("secure_resource must be true or false")),
    };
    let keys: Option<Vec<String>> = params
        .get("property_keys")
        .map(serde_json::from_str)
        .transpose()
        .map_err(|_| KapiErr::bad_param("property_keys must be a JSON array of strings"))?;
    let world = emu.world();
    let caller = resolve(&world, &headers, &params, Accepts::BearerOrAdminKey)?;
    let me = with_view(&emu, &world, &caller, |view| view.user_me(secure))?;
    match keys {
        Some(keys) => Ok(json(StatusCode::OK, &select_properties(me, &keys)?)),
        None => Ok(json(StatusCode::OK, &me)),
    }
}

/// Keeps `id` and what `property_keys` names. `kakao_account.email` brings its companions
/// (`email_needs_agreement`, `is_email_valid`, `is_email_verified`); a trailing dot selects a
/// whole object.
fn select_properties(full: Value, keys: &[String]) -> Result<Value, KapiErr> {
    let Value::Object(full) = full else {
        unreachable!("the /v2/user/me answer is an object")
    };
    let mut out = Map::new();
    out.insert("id".into(), full["id"].clone());
    let mut account = Map::new();
    let empty = Map::new();
    let full_account = full
        .get("kakao_account")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let mut properties = Map::new();
    let full_properties = full
        .get("properties")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    for key in keys {
        match key.as_str() {
            "id" => {}
            "has_signed_up" | "connected_at" | "synched_at" => {
                if let Some(v) = full.get(key.as_str()) {
                    out.insert(key.clone(), v.clone());
                }
            }
            "kakao_account." => account.extend(full_account.clone()),
            "properties." => properties.extend(full_properties.clone()),
            _ => {
                if let Some(field) = key.strip_prefix("kakao_account.") {
                    for name in companions(field) {
                        if let Some(v) = full_account.get(&name) {
                            account.insert(name, v.clone());
                        }
                    }
                } else if let Some(name) = key.strip_prefix("properties.") {
                    if let Some(v) = full_properties.get(name) {
                        properties.insert(name.to_owned(), v.clone());
                    }
                } else {
                    return Err(KapiErr::bad_param(format!("invalid property key: {key}")));
                }
            }
        }
    }
    if !account.is_empty() {
        out.insert("kakao_account".into(), Value::Object(account));
    }
    if !properties.is_empty() {
        out.insert("properties".into(), Value::Object(properties));
    }
    Ok(Value::Object(out))
}

/// The `kakao_account` fields that come with `kakao_account.<field>`.
fn companions(field: &str) -> Vec<String> {
    let extra: &[&str] = match field {
        "profile" => &[
            "profile_needs_agreement",
            "profile_nickname_needs_agreement",
            "profile_image_needs_agreement",
        ],
        "email" => &["is_email_valid", "is_email_verified"],
        "birthday" => &["birthday_type", "is_leap_month"],
        _ => &[],
    };
    let mut names = vec![field.to_owned(), format!("{field}_needs_agreement")];
    names.extend(extra.iter().map(|s| (*s).to_owned()));
    names
}

/// `GET /v1/oidc/userinfo` (Bearer only).
pub async fn oidc_userinfo(
    State(emu): State<Emulator>,
    headers: HeaderMap,
    KapiParams(params): KapiParams,
) -> Result<Response, KapiErr> {
    let world = emu.world();
    let caller = resolve(&world, &headers, &params, Accepts::BearerOnly)?;
    if !world.app(caller.app_id).is_some_and(|a| a.oidc) {
        // UNCONFIRMED: Kakao's answer when OIDC is off; -3 is its "feature not enabled".
        return Err(KapiErr::new(
            -3,
            "OpenID Connect is not enabled for this app",
        ));
    }
    let info = with_view(&emu, &world, &caller, |view| view.oidc_userinfo())?;
    Ok(json(StatusCode::OK, &info))
}
