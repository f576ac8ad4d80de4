//! `GET /__emulator/chat/continue`: the continue URL the sync plugin's redirect ends on. At
//! Kakao it closes the half-view and the user is back in the chat; here it is a page that says
//! so, for a browser or a test to land on.
//! <https://developers.kakao.com/docs/latest/en/kakaosync/plugin>

use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};

/// The chat, after the half-view closed.
pub async fn continued() -> Response {
    (
        [(CONTENT_TYPE, "text/html; charset=utf-8")],
        concat!(
            r#"<!doctype html><html lang="ko"><head><meta charset="utf-8">"#,
            r#"<meta name="viewport" content="width=device-width,initial-scale=1">"#,
            r#"<title>채팅 · Chat</title></head><body data-half-view="closed">"#,
            "<p>하프뷰가 닫히고 채팅으로 돌아왔습니다. · The half-view closed; back in the chat.</p>",
            "</body></html>"
        ),
    )
        .into_response()
}
