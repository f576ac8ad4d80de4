//! `GET /__emulator/messages`: every KakaoTalk message the emulator sent (to me and to
//! friends), oldest first, with its template as Kakao received it.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use crate::respond::json;
use crate::state::Emulator;

pub async fn list(State(emu): State<Emulator>) -> Response {
    json(StatusCode::OK, &emu.world().sent_messages)
}
