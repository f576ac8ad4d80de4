//! KakaoTalk messages and friends: send to me (`/v2/api/talk/memo/…`), the friends list
//! (`/v1/api/talk/friends`) and send to friends (`/v1/api/talk/friends/message/…`), with
//! Kakao's consent checks (`talk_message`, `friends`), daily quotas and errors. Every message
//! sent is kept in the world's log (`GET /__emulator/messages`).
//!
//! <https://developers.kakao.com/docs/latest/ko/kakaotalk-message/rest-api>
//! <https://developers.kakao.com/docs/latest/ko/kakaotalk-social/rest-api>

use axum::extract::{MatchedPath, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Serialize;
use serde_json::{Map, Value, json};

use super::caller::{Accepts, Caller, resolve};
use crate::fixture::App;
use crate::params::{KapiParams, Params};
use crate::respond::{KapiErr, json};
use crate::state::{Emulator, Link, World, app_scoped_id};
use crate::user_view::View;

/// At most this many receivers per message ("한 번에 최대 5명").
const MAX_RECEIVERS: usize = 5;

/// A message Kakao sent, as the control API lists it.
#[derive(Clone, Debug, Serialize)]
pub struct SentMessage {
    /// Unix seconds.
    pub at: i64,
    pub app_id: i64,
    pub sender: i64,
    /// User ids; for a message to me, the sender alone.
    pub receivers: Vec<i64>,
    /// `memo` (to me) or `friends`.
    pub kind: &'static str,
    /// `template_object`, or `{template_id, template_args}`.
    pub template: Value,
}

/// The user's id in an app's friend lists (`uuid`).
fn talk_uuid(app_id: i64, user_id: i64) -> String {
    app_scoped_id("talk-uuid", app_id, user_id)
}

/// Kakao's day for the daily quotas. UNCONFIRMED: that it turns at midnight KST.
fn day(unix: i64) -> i64 {
    (unix + 9 * 3600).div_euclid(86_400)
}

/// The consent items among `needed` the user has not agreed to: `-402` naming them.
fn require_scopes(link: &Link, needed: &[&str]) -> Result<(), KapiErr> {
    let missing: Vec<String> = needed
        .iter()
        .filter(|s| !link.scopes.contains(**s))
        .map(|s| (*s).to_owned())
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(KapiErr::insufficient_scope(missing))
    }
}

/// A user's caller, linked, with the consent items `needed`.
fn talk_caller(
    world: &World,
    headers: &HeaderMap,
    params: &Params,
    needed: &[&str],
) -> Result<(Caller, App), KapiErr> {
    let caller = resolve(world, headers, params, Accepts::BearerOnly)?;
    let (app, link) = caller.linked(world)?;
    require_scopes(link, needed)?;
    Ok((caller.clone(), app.clone()))
}

/// The members each default template type must have, from Kakao's default template pages
/// (<https://developers.kakao.com/docs/latest/ko/message-template/default>); the checks of the
/// members' own contents are Kakao's and not all reproduced here. UNCONFIRMED: the code and
/// message Kakao answers for a template it cannot use (`-2` here).
const TEMPLATE_MEMBERS: &[(&str, &[&str])] = &[
    ("feed", &["content"]),
    ("list", &["header_title", "header_link", "contents"]),
    ("location", &["content", "address"]),
    ("commerce", &["content", "commerce"]),
    ("text", &["text", "link"]),
];

/// `template_object` read and checked like Kakao's template API: an object of a known type with
/// its members, a text of at most 200 characters, at most two buttons.
fn default_template(params: &Params) -> Result<Value, KapiErr> {
    let bad = |why: &str| KapiErr::bad_param(format!("template_object: {why}"));
    let text = params
        .get("template_object")
        .ok_or_else(|| bad("required"))?;
    let object: Map<String, Value> =
        serde_json::from_str(text).map_err(|_| bad("not a JSON object"))?;
    let kind = object
        .get("object_type")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("object_type is required"))?;
    let (_, members) = TEMPLATE_MEMBERS
        .iter()
        .find(|(k, _)| *k == kind)
        .ok_or_else(|| bad(&format!("unknown object_type {kind}")))?;
    if let Some(missing) = members.iter().find(|m| !object.contains_key(**m)) {
        return Err(bad(&format!("{kind} needs {missing}")));
    }
    if kind == "text"
        && object
            .get("text")
            .and_then(Value::as_str)
            .is_none_or(|t| t.chars().count() > 200)
    {
        return Err(bad("text must be a string of at most 200 characters"));
    }
    if object
        .get("buttons")
        .and_then(Value::as_array)
        .is_some_and(|b| b.len() > 2)
    {
        return Err(bad("at most 2 buttons"));
    }
    Ok(Value::Object(object))
}

/// The template of a send call: `…/default/send` takes `template_object`, `…/send` a custom
/// template's `template_id`.
fn template(path: &MatchedPath, app: &App, params: &Params) -> Result<Value, KapiErr> {
    if path.as_str().ends_with("/default/send") {
        default_template(params)
    } else {
        custom_template(app, params)
    }
}

/// `template_id` (one of the app's custom templates) and `template_args` (a JSON object of
/// strings).
fn custom_template(app: &App, params: &Params) -> Result<Value, KapiErr> {
    let id: i64 = params
        .get("template_id")
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| KapiErr::bad_param("template_id is required (Long)"))?;
    if !app.message_template_ids.contains(&id) {
        return Err(KapiErr::bad_param(format!(
            "template_id {id} does not exist"
        )));
    }
    let args = match params.get("template_args") {
        None => Value::Null,
        Some(text) => serde_json::from_str::<Map<String, Value>>(text)
            .ok()
            .filter(|m| m.values().all(Value::is_string))
            .map(Value::Object)
            .ok_or_else(|| KapiErr::bad_param("template_args must be a JSON object of strings"))?,
    };
    Ok(json!({"template_id": id, "template_args": args}))
}

/// Today's messages of `app_id` (receivers counted one by one, a memo as one).
fn sent_today(world: &World, app_id: i64) -> impl Iterator<Item = &SentMessage> {
    let today = day(world.now());
    world
        .sent_messages
        .iter()
        .filter(move |m| m.app_id == app_id && day(m.at) == today)
}

/// The app's daily quota. UNCONFIRMED: the code Kakao answers when an app spends it (`-10`,
/// "API limit exceeded", here), and whether messages to me count toward it.
fn check_app_quota(world: &World, app_id: i64, adding: usize) -> Result<(), KapiErr> {
    let used: usize = sent_today(world, app_id).map(|m| m.receivers.len()).sum();
    if used + adding > world.limits.talk_messages_per_day {
        return Err(KapiErr::new(-10, "API limit has been exceeded."));
    }
    Ok(())
}

/// `POST /v2/api/talk/memo/default/send` (`template_object`) and `POST /v2/api/talk/memo/send`
/// (`template_id`): a message in the user's own chat; needs `talk_message`.
/// UNCONFIRMED: the answer `{"result_code": 0}`, read from public clients.
pub async fn memo(
    State(emu): State<Emulator>,
    path: MatchedPath,
    headers: HeaderMap,
    KapiParams(params): KapiParams,
) -> Result<Response, KapiErr> {
    let mut world = emu.world();
    let (caller, app) = talk_caller(&world, &headers, &params, &["talk_message"])?;
    let template = template(&path, &app, &params)?;
    check_app_quota(&world, app.app_id, 1)?;
    let at = world.now();
    world.sent_messages.push(SentMessage {
        at,
        app_id: app.app_id,
        sender: caller.user_id,
        receivers: vec![caller.user_id],
        kind: "memo",
        template,
    });
    Ok(json(StatusCode::OK, &json!({"result_code": 0})))
}

/// The user's KakaoTalk friends who are linked to the app, as (user id, nickname).
fn app_friends(world: &World, app_id: i64, user_id: i64) -> Vec<(i64, String)> {
    let Some(me) = world.users.get(&user_id) else {
        return Vec::new();
    };
    world
        .users
        .values()
        .filter(|u| u.id != user_id)
        .filter(|u| me.friends.contains(&u.id) || u.friends.contains(&user_id))
        .filter(|u| world.links.contains_key(&(app_id, u.id)))
        .map(|u| (u.id, u.nickname.clone()))
        .collect()
}

/// `GET /v1/api/talk/friends`: needs `friends`. Paged by `offset` (default 0) and `limit`
/// (default 10, at most 100; UNCONFIRMED both), ordered by `friend_order` (`favorite` first,
/// the default, or `nickname`; the emulator's users have no favourites) and `order`
/// (`asc`, the default, or `desc`).
pub async fn friends(
    State(emu): State<Emulator>,
    headers: HeaderMap,
    KapiParams(params): KapiParams,
) -> Result<Response, KapiErr> {
    let world = emu.world();
    let (caller, app) = talk_caller(&world, &headers, &params, &["friends"])?;
    let number = |name: &str, default: usize| match params.get(name) {
        None => Ok(default),
        Some(v) => v
            .parse::<usize>()
            .map_err(|_| KapiErr::bad_param(format!("{name} must be a number"))),
    };
    let offset = number("offset", 0)?;
    let limit = number("limit", 10)?;
    if !(1..=100).contains(&limit) {
        return Err(KapiErr::bad_param("limit must be between 1 and 100"));
    }
    let order = params.get("order").unwrap_or("asc");
    let friend_order = params.get("friend_order").unwrap_or("favorite");
    if !matches!(order, "asc" | "desc") || !matches!(friend_order, "favorite" | "nickname") {
        return Err(KapiErr::bad_param(
            "order is asc or desc; friend_order is favorite or nickname",
        ));
    }
    let mut all = app_friends(&world, app.app_id, caller.user_id);
    all.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    if order == "desc" {
        all.reverse();
    }
    let page_url = |offset: usize| {
        format!(
            "{}/v1/api/talk/friends?offset={offset}&limit={limit}&order={order}&friend_order={friend_order}",
            emu.issuer()
        )
    };
    let elements: Vec<Value> = all
        .iter()
        .skip(offset)
        .take(limit)
        .filter_map(|(id, nickname)| {
            let user = world.users.get(id)?;
            let link = world.links.get(&(app.app_id, *id))?;
            let view = View {
                app: &app,
                user,
                link,
                issuer: emu.issuer(),
            };
            let (_, thumbnail) = view.image_urls(params.get("secure_resource") == Some("true"));
            Some(json!({
                "id": id,
                "uuid": talk_uuid(app.app_id, *id),
                "favorite": false,
                "profile_nickname": nickname,
                "profile_thumbnail_image": thumbnail,
                "allowed_msg": true,
            }))
        })
        .collect();
    let mut body = json!({
        "elements": elements,
        "total_count": all.len(),
        "favorite_count": 0,
    });
    if offset > 0 {
        body["before_url"] = page_url(offset.saturating_sub(limit)).into();
    }
    if offset + limit < all.len() {
        body["after_url"] = page_url(offset + limit).into();
    }
    Ok(json(StatusCode::OK, &body))
}

/// `POST /v1/api/talk/friends/message/default/send` and `/v1/api/talk/friends/message/send`:
/// needs `talk_message` and `friends`. `receiver_uuids` is a JSON array of one to five uuids
/// from the friends list. The sender's and the app's daily quotas fail the whole request
/// (`-532`, `-10`); a receiver who is not a friend using the app (`-502`), whose daily quota
/// is spent (`-533`) or whose quota with this sender is (`-536`) is listed in `failure_info`
/// while the others get the message. UNCONFIRMED: which failures Kakao reports per receiver
/// rather than for the whole request, and the code for more than five receivers (`-2` here).
pub async fn friends_message(
    State(emu): State<Emulator>,
    path: MatchedPath,
    headers: HeaderMap,
    KapiParams(params): KapiParams,
) -> Result<Response, KapiErr> {
    let mut world = emu.world();
    let (caller, app) = talk_caller(&world, &headers, &params, &["talk_message", "friends"])?;
    let uuids: Vec<String> = params
        .get("receiver_uuids")
        .and_then(|v| serde_json::from_str(v).ok())
        .ok_or_else(|| KapiErr::bad_param("receiver_uuids must be a JSON array of uuids"))?;
    if uuids.is_empty() || uuids.len() > MAX_RECEIVERS {
        return Err(KapiErr::bad_param(format!(
            "receiver_uuids: one to {MAX_RECEIVERS} receivers, not {}",
            uuids.len()
        )));
    }
    let template = template(&path, &app, &params)?;
    let sender = caller.user_id;
    let mine: Vec<&SentMessage> = sent_today(&world, app.app_id)
        .filter(|m| m.kind == "friends")
        .collect();
    let by_sender: usize = mine
        .iter()
        .filter(|m| m.sender == sender)
        .map(|m| m.receivers.len())
        .sum();
    if by_sender + uuids.len() > world.limits.talk_messages_per_sender_per_day {
        return Err(KapiErr::new(-532, "daily limit exceeded."));
    }
    check_app_quota(&world, app.app_id, uuids.len())?;
    let friends = app_friends(&world, app.app_id, sender);
    let limits = world.limits.clone();
    let mut delivered = Vec::new();
    let mut failures: Vec<(i32, &str, Vec<String>)> = Vec::new();
    for uuid in &uuids {
        let receiver = friends
            .iter()
            .map(|(id, _)| *id)
            .find(|id| talk_uuid(app.app_id, *id) == *uuid);
        let outcome = match receiver {
            None => Err((-502, "not a friend")),
            Some(r) => {
                let to_r = |m: &&&SentMessage| m.receivers.contains(&r);
                let received = mine.iter().filter(to_r).count();
                let from_pair = mine
                    .iter()
                    .filter(to_r)
                    .filter(|m| m.sender == sender)
                    .count();
                if received >= limits.talk_messages_per_receiver_per_day {
                    Err((-533, "receiver's daily limit exceeded."))
                } else if from_pair >= limits.talk_messages_per_pair_per_day {
                    Err((
                        -536,
                        "daily limit between this sender and receiver exceeded.",
                    ))
                } else {
                    Ok(r)
                }
            }
        };
        match outcome {
            Ok(r) => delivered.push((r, uuid.clone())),
            Err((code, msg)) => match failures.iter_mut().find(|f| f.0 == code) {
                Some(f) => f.2.push(uuid.clone()),
                None => failures.push((code, msg, vec![uuid.clone()])),
            },
        }
    }
    let mut body = json!({});
    if !delivered.is_empty() {
        let at = world.now();
        world.sent_messages.push(SentMessage {
            at,
            app_id: app.app_id,
            sender,
            receivers: delivered.iter().map(|(r, _)| *r).collect(),
            kind: "friends",
            template,
        });
        body["successful_receiver_uuids"] = delivered
            .into_iter()
            .map(|(_, u)| u)
            .collect::<Vec<_>>()
            .into();
    }
    if !failures.is_empty() {
        body["failure_info"] = failures
            .into_iter()
            .map(|(code, msg, uuids)| json!({"code": code, "msg": msg, "receiver_uuids": uuids}))
            .collect::<Vec<_>>()
            .into();
    }
    Ok(json(StatusCode::OK, &body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(template: Value) -> Params {
        Params::parse(
            serde_urlencoded::to_string([("template_object", template.to_string())])
                .unwrap()
                .as_bytes(),
        )
        .unwrap()
    }

    #[test]
    fn default_templates_are_checked_like_kakaos_template_api() {
        let link = json!({"web_url": "https://example.com"});
        assert!(
            default_template(&params(
                json!({"object_type": "text", "text": "hi", "link": link})
            ))
            .is_ok()
        );
        for bad in [
            json!({"object_type": "text", "link": link}),
            json!({"object_type": "text", "text": "가".repeat(201), "link": link}),
            json!({"object_type": "poster"}),
            json!({"text": "hi"}),
            json!({"object_type": "feed", "content": {}, "buttons": [{}, {}, {}]}),
            json!({"object_type": "list", "header_title": "t", "contents": []}),
        ] {
            assert!(default_template(&params(bad.clone())).is_err(), "{bad}");
        }
    }

    #[test]
    fn kakaos_day_turns_at_midnight_kst() {
        // 2026-12-01T14:59:59Z is 23:59:59 KST; a second later it is the next day in Korea.
        assert_eq!(day(1_796_137_199) + 1, day(1_796_137_200));
    }
}
