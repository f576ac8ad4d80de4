//! The sharer (`sharer.kakao.com`), phone-sized: `POST /picker/link` takes the message the SDK
//! stand-in posts, checks it like Kakao's template API and shows the chat picker (or Kakao's
//! failure page with its error code); `POST /picker/send` sends to the picked chat, logs the
//! share and sends the share webhook.
//!
//! The picker's form fields (`app_key`, `validation_action`, `validation_params`, `lcba`, `ka`)
//! are those Kakao's SDK posts to `/picker/link` [SDK-internal]. Kakao asks a signed-out user
//! to sign in to the Kakao account first; the emulator shows the signed-in account (session
//! cookie or KakaoTalk in-app user) or, without one, lets the user pick a test account on the
//! picker itself.

use std::fmt::Write;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};

use super::{Accepted, Action, Refusal, SentShare, app_for_caller, check_request};
use crate::kauth::pages::esc;
use crate::kauth::session::signed_in;
use crate::params::Params;
use crate::state::{Emulator, World, random_token, rfc3339};
use crate::webhook::send_share;

/// How long a picker stays usable.
const PICKER_SECS: i64 = 600;

/// A checked message waiting on the picker.
#[derive(Debug)]
pub struct Pending {
    pub accepted: Accepted,
    pub server_callback_args: Option<Map<String, Value>>,
    pub expires_at: i64,
}

/// A chat the sender can share to.
struct Chat {
    /// Stable across senders: both sides of a 1:1 chat name the same chat.
    id: String,
    chat_type: &'static str,
    name: String,
}

/// The sender's chats: the chat with oneself, a 1:1 chat with every other test account, a group
/// chat of all of them and an open chat. `CHAT_TYPE`s as Kakao's webhook names them.
fn chats(world: &World, sender: i64) -> Vec<Chat> {
    let mut chats = vec![Chat {
        id: format!("memo:{sender}"),
        chat_type: "MemoChat",
        name: "나와의 채팅".into(),
    }];
    for user in world.users.values().filter(|u| u.id != sender) {
        let (a, b) = (sender.min(user.id), sender.max(user.id));
        chats.push(Chat {
            id: format!("direct:{a}:{b}"),
            chat_type: "DirectChat",
            name: user.nickname.clone(),
        });
    }
    chats.push(Chat {
        id: "multi:friends".into(),
        chat_type: "MultiChat",
        name: "카카오싱크 친구들".into(),
    });
    chats.push(Chat {
        id: "open:developers".into(),
        chat_type: "OpenMultiChat",
        name: "카카오 개발자 오픈채팅".into(),
    });
    chats
}

/// `HASH_CHAT_ID`: "서비스별로 유일한 해시 값, 같은 채팅방이라도 서비스마다 다른 값". UNCONFIRMED:
/// Kakao's length and alphabet; here 22 base64url characters of SHA-256(app id, chat id).
fn hash_chat_id(app_id: i64, chat_id: &str) -> String {
    let digest = ring::digest::digest(
        &ring::digest::SHA256,
        format!("{app_id}\n{chat_id}").as_bytes(),
    );
    URL_SAFE_NO_PAD.encode(&digest.as_ref()[..16])
}

/// `POST /picker/link`.
pub async fn link(State(emu): State<Emulator>, headers: HeaderMap, body: Bytes) -> Response {
    let form = Params::parse(&body).unwrap_or_default();
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let mut world = emu.world();
    let accepted = app_for_caller(&world, form.get("app_key").unwrap_or_default(), origin)
        .and_then(|app| {
            let action = form
                .get("validation_action")
                .and_then(Action::from_sharer)
                .ok_or_else(|| Refusal::BadMessage("validation_action: unknown".into()))?;
            let params: Map<String, Value> = form
                .get("validation_params")
                .and_then(|text| serde_json::from_str(text).ok())
                .ok_or_else(|| {
                    Refusal::BadMessage("validation_params: must be a JSON object".into())
                })?;
            check_request(app, action, &params)
        });
    let server_callback_args = match form
        .get("lcba")
        .map(serde_json::from_str::<Map<String, Value>>)
    {
        None => Ok(None),
        Some(Ok(args)) => Ok(Some(args)),
        Some(Err(_)) => Err(Refusal::BadMessage(
            "serverCallbackArgs: must be a JSON object".into(),
        )),
    };
    let (accepted, server_callback_args) = match (accepted, server_callback_args) {
        (Ok(accepted), Ok(args)) => (accepted, args),
        (Err(refusal), _) | (_, Err(refusal)) => return failure(&refusal),
    };
    let sender = signed_in(&world, &headers).map(|(id, _)| id);
    let id = random_token(18);
    let preview = preview(&accepted);
    let pending = Pending {
        accepted,
        server_callback_args,
        expires_at: world.now() + PICKER_SECS,
    };
    world.pending_shares.insert(id.clone(), pending);
    picker(&world, &id, sender, &preview)
}

/// `POST /picker/send`: `share` (the picker), `chat` and, without a signed-in account,
/// `sender`.
pub async fn send(State(emu): State<Emulator>, headers: HeaderMap, body: Bytes) -> Response {
    let form = Params::parse(&body).unwrap_or_default();
    let (shared, hook, admin_key) = {
        let mut world = emu.world();
        let now = world.now();
        let Some(pending) = form
            .get("share")
            .and_then(|id| world.pending_shares.remove(id))
            .filter(|p| p.expires_at > now)
        else {
            return failure(&Refusal::BadMessage(
                "the share expired or was already sent".into(),
            ));
        };
        let sender = signed_in(&world, &headers)
            .map(|(id, _)| id)
            .or_else(|| form.get("sender").and_then(|id| id.parse().ok()))
            .filter(|id| world.users.contains_key(id));
        let Some(sender) = sender else {
            return failure(&Refusal::BadMessage("no Kakao account chosen".into()));
        };
        let Some(chat) = chats(&world, sender)
            .into_iter()
            .find(|c| Some(c.id.as_str()) == form.get("chat"))
        else {
            return failure(&Refusal::BadMessage("no chat chosen".into()));
        };
        let Some(app) = world.app(pending.accepted.app_id).cloned() else {
            return failure(&Refusal::UnknownKey);
        };
        let shared = SentShare {
            at: rfc3339(now),
            app_id: app.app_id,
            action: pending.accepted.action,
            message: pending.accepted.message,
            server_callback_args: pending.server_callback_args,
            sender,
            chat_type: chat.chat_type,
            hash_chat_id: hash_chat_id(app.app_id, &chat.id),
            webhook: None,
        };
        let hook = app
            .share_webhook
            .clone()
            .filter(|_| shared.server_callback_args.is_some());
        (shared, hook, app.admin_key)
    };
    let mut shared = shared;
    if let Some(hook) = hook {
        let mut fields = Map::new();
        fields.insert("CHAT_TYPE".into(), shared.chat_type.into());
        fields.insert("HASH_CHAT_ID".into(), shared.hash_chat_id.clone().into());
        if let Some(id) = shared.message.get("template_id") {
            fields.insert("TEMPLATE_ID".into(), id.clone());
        }
        for (key, value) in shared.server_callback_args.iter().flatten() {
            fields.insert(key.clone(), value.clone());
        }
        let resource_id = random_token(18);
        shared.webhook =
            Some(send_share(emu.http(), &hook, &admin_key, &resource_id, &fields).await);
    }
    emu.world().shares.push(shared);
    page(
        StatusCode::OK,
        "보냈습니다",
        "<section class=\"done\" data-testid=\"share-sent\"><h1>메시지를 보냈습니다</h1>\
         <p>카카오톡에서 확인해 보세요.</p>\
         <button type=\"button\" onclick=\"window.close()\">닫기</button></section>",
    )
}

/// What the message shows, in the picker's preview: the content's title and description, or
/// the text, or what a custom template or scrap names.
fn preview(accepted: &Accepted) -> String {
    let template = accepted.message.get("template_object");
    let field = |path: &[&str]| {
        path.iter()
            .try_fold(template?, |value, key| value.get(*key))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let title = field(&["content", "title"])
        .or_else(|| field(&["header_title"]))
        .or_else(|| field(&["text"]))
        .or_else(|| {
            accepted
                .message
                .get("request_url")
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .or_else(|| accepted.template_id.map(|id| format!("메시지 템플릿 {id}")))
        .unwrap_or_default();
    let description = field(&["content", "description"]).unwrap_or_default();
    let buttons = template
        .and_then(|t| t.get("buttons"))
        .and_then(Value::as_array)
        .map(|buttons| {
            buttons
                .iter()
                .filter_map(|b| b.get("title").and_then(Value::as_str))
                .map(|title| format!("<span class=\"btn\">{}</span>", esc(title)))
                .collect::<String>()
        })
        .unwrap_or_default();
    format!(
        "<article class=\"bubble\" data-testid=\"share-preview\"><strong>{}</strong>\
         <p>{}</p><div class=\"btns\">{buttons}</div></article>",
        esc(&title),
        esc(&description)
    )
}

fn picker(world: &World, id: &str, sender: Option<i64>, preview: &str) -> Response {
    let mut body = format!(
        "<header><h1>카카오톡 공유</h1></header>{preview}\
         <form method=\"post\" action=\"/picker/send\">\
         <input type=\"hidden\" name=\"share\" value=\"{}\">",
        esc(id)
    );
    let chooser = match sender {
        Some(id) => id,
        None => {
            body.push_str("<label class=\"sender\">보내는 카카오계정 <select name=\"sender\" data-testid=\"share-sender\">");
            for user in world.users.values() {
                let _ = write!(
                    body,
                    "<option value=\"{}\">{}</option>",
                    user.id,
                    esc(&user.nickname)
                );
            }
            body.push_str("</select></label>");
            world.users.keys().next().copied().unwrap_or_default()
        }
    };
    body.push_str("<h2>보낼 대상 선택</h2><ul class=\"chats\">");
    for (i, chat) in chats(world, chooser).iter().enumerate() {
        let _ = write!(
            body,
            "<li><label><input type=\"radio\" name=\"chat\" value=\"{}\" data-testid=\"share-chat\" \
             data-chat-type=\"{}\"{}> {}</label></li>",
            esc(&chat.id),
            chat.chat_type,
            if i == 0 { " checked" } else { "" },
            esc(&chat.name)
        );
    }
    body.push_str(
        "</ul><button class=\"primary\" type=\"submit\" data-testid=\"share-send\">보내기</button></form>",
    );
    page(StatusCode::OK, "카카오톡 공유", &body)
}

/// Kakao's failure page (`/picker/failed`), with the error code its docs list.
fn failure(refusal: &Refusal) -> Response {
    let (code, message) = refusal.sharer();
    page(
        StatusCode::BAD_REQUEST,
        "카카오톡 공유 오류",
        &format!(
            "<section class=\"done\"><h1>카카오톡 공유를 할 수 없습니다</h1>\
             <p>에러 코드 <strong data-testid=\"share-error-code\">{}</strong></p>\
             <p data-testid=\"share-error-message\">{}</p></section>",
            esc(code),
            esc(&message)
        ),
    )
}

const STYLE: &str = "body{margin:0;font-family:system-ui,sans-serif;background:#fff;color:#191919}\
header{background:#FEE500;padding:14px 16px}h1{font-size:17px;margin:0}\
h2{font-size:14px;color:#555;margin:16px 16px 4px}\
.bubble{margin:16px;padding:14px;border-radius:12px;background:#f2f2f2;overflow-wrap:anywhere}\
.bubble p{margin:6px 0 0;color:#555;font-size:14px}.btns{display:flex;gap:6px;margin-top:10px}\
.btn{flex:1;text-align:center;background:#fff;border-radius:6px;padding:8px;font-size:13px}\
.sender{display:block;margin:8px 16px;font-size:14px}select{margin-left:6px;font-size:14px}\
ul.chats{list-style:none;margin:0;padding:0}ul.chats label{display:flex;gap:10px;align-items:center;padding:12px 16px;border-bottom:1px solid #eee;font-size:15px}\
button{font-size:16px;border:0;border-radius:8px;padding:14px;background:#eee}\
button.primary{display:block;width:calc(100% - 32px);margin:16px;background:#FEE500;font-weight:600}\
.done{margin:40px 16px;text-align:center;overflow-wrap:anywhere}.done button{margin-top:16px;width:100%}";

fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"ko\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <link rel=\"icon\" href=\"data:,\"><title>{} | Kakao (emulator)</title>\
         <style>{STYLE}</style></head><body>{body}</body></html>",
        esc(title)
    );
    (status, Html(html)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chat_hashes_differently_per_app_and_the_same_for_both_sides() {
        let one = hash_chat_id(1, "direct:1:2");
        assert_eq!(one.len(), 22);
        assert_eq!(one, hash_chat_id(1, "direct:1:2"));
        assert_ne!(one, hash_chat_id(2, "direct:1:2"));
        assert_ne!(one, hash_chat_id(1, "direct:1:3"));
    }
}
