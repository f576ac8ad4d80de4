//! The chat of the app's chatbot, played at phone size: `GET /__emulator/chat` shows an auth
//! block (인증블록) whose button opens Kakao Sync's consent as a half-view over the chat, an
//! authorization for the sync plugin's redirect URI; `GET /__emulator/chat/continue` is the
//! continue URL the service's redirect ends on, which closes the half-view.
//! <https://developers.kakao.com/docs/latest/en/kakaosync/plugin>
//!
//! At Kakao the half-view is a webview sheet of KakaoTalk; here it is a frame in a bottom sheet,
//! which the chat closes when the frame reaches the continue URL. A service page that forbids
//! framing (an error page with `frame-ancestors 'none'`) shows as blocked in the sheet.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{Html, IntoResponse, Response};

use super::{chat_app, error};
use crate::kauth::pages::esc;
use crate::kauth::request::{PLUGIN_CONTINUE_PATH, redirect_with};
use crate::state::{Emulator, random_token};

/// The chat with its auth block, for `client_id` (may be left out when there is one app).
pub async fn page(
    State(emu): State<Emulator>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let world = emu.world();
    let app = match chat_app(&world, query.get("client_id").map(String::as_str)) {
        Ok(app) => app,
        Err((status, why)) => return error(status, why),
    };
    let Some(plugin) = app
        .chatbot
        .as_ref()
        .and_then(|c| c.plugin_redirect_uri.as_deref())
    else {
        return error(
            StatusCode::BAD_REQUEST,
            "the app has no sync plugin: PATCH /__emulator/apps/{client_id} with chatbot.plugin_redirect_uri",
        );
    };
    // UNCONFIRMED: what Kakao puts in the plugin's state; here an opaque random value.
    let state = random_token(12);
    let consent = redirect_with(
        "/oauth/authorize",
        &[
            ("client_id", app.client_id.as_str()),
            ("redirect_uri", plugin),
            ("response_type", "code"),
            ("state", state.as_str()),
        ],
    );
    Html(format!(
        r#"<!doctype html><html lang="ko"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{name} 챗봇</title>
<style>
body{{margin:0;font-family:sans-serif;background:#bacee0;max-width:420px;min-height:100vh;position:relative}}
.bubble{{background:#fff;border-radius:12px;margin:12px;padding:12px;max-width:75%}}
.block button{{display:block;width:100%;margin-top:8px;padding:10px;border:0;border-radius:8px;background:#fee500;font-size:15px}}
#sheet{{display:none;position:fixed;left:0;right:0;bottom:0;height:85vh;max-width:420px;background:#fff;border-radius:16px 16px 0 0;box-shadow:0 -2px 12px #0004}}
#sheet iframe{{width:100%;height:100%;border:0;border-radius:16px 16px 0 0}}
</style></head><body>
<div class="bubble">{name}입니다. 무엇을 도와드릴까요?</div>
<div class="bubble block" id="auth-block">카카오싱크로 간편하게 가입하고 회원 혜택을 받아보세요.
<button id="open-consent" data-consent="{consent}">카카오싱크로 가입하기</button></div>
<div class="bubble" id="joined" hidden>가입이 완료되었습니다.</div>
<div id="sheet" data-half-view="open"><iframe id="half-view" title="카카오싱크"></iframe></div>
<script>
const sheet = document.getElementById('sheet');
const frame = document.getElementById('half-view');
document.getElementById('open-consent').addEventListener('click', (e) => {{
  frame.src = e.target.dataset.consent;
  sheet.style.display = 'block';
}});
frame.addEventListener('load', () => {{
  let path = null;
  try {{ path = frame.contentWindow.location.pathname; }} catch (_) {{}}
  if (path === '{continue_path}') {{
    sheet.style.display = 'none';
    sheet.dataset.halfView = 'closed';
    document.getElementById('joined').hidden = false;
  }}
}});
</script></body></html>"#,
        name = esc(&app.name),
        consent = esc(&consent),
        continue_path = PLUGIN_CONTINUE_PATH,
    ))
    .into_response()
}

/// The chat, after the half-view closed.
pub async fn continued() -> Response {
    (
        [(CONTENT_TYPE, "text/html; charset=utf-8")],
        concat!(
            r#"<!doctype html><html lang="ko"><head><meta charset="utf-8">"#,
            r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#,
            r#"<title>채팅 · Chat</title></head><body data-half-view="closed">"#,
            "<p>하프뷰가 닫히고 채팅으로 돌아왔습니다. · The half-view closed; back in the chat.</p>",
            "</body></html>"
        ),
    )
        .into_response()
}
