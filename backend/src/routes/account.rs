//! `POST /logout` and `POST /withdraw`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::{HeaderMap, SET_COOKIE};
use axum::response::IntoResponse;
use kakao_sync_wire::api::{LogoutRequest, LogoutResponse};

use crate::cookie::{self, cleared_cookie};
use crate::db;
use crate::error::Error;
use crate::kakao::KakaoError;
use crate::state::{AppState, Signed};

/// Logs out at Kakao (this session's tokens), deletes the session and clears the cookie; with
/// `withKakaoAccount`, answers the kauth URL that also ends the browser's Kakao account session.
/// An empty body means `{}`; without a session the answer is the same, so logout is idempotent.
/// <https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#logout>
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<impl IntoResponse, Error> {
    let request: LogoutRequest = if body.is_empty() {
        LogoutRequest::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| Error::InvalidRequest(e.to_string()))?
    };
    let kakao_logout_url = match (
        request.with_kakao_account,
        &state.config.kakao.logout_redirect_uri,
    ) {
        (false, _) => None,
        (true, Some(uri)) => Some(state.kakao.account_logout_url(uri)),
        (true, None) => {
            return Err(Error::InvalidRequest(
                "withKakaoAccount needs KAKAO_LOGOUT_REDIRECT_URI on the server".into(),
            ));
        }
    };

    let session = match cookie::session_id(&headers, &state.config.cookie.name)? {
        Some(id) => db::find_session(&state.db, id, db::now()).await?,
        None => None,
    };
    if let Some(session) = session {
        // The member asked to leave: a Kakao failure is logged, never a reason to stay signed in.
        match state.kakao.logout(&session.access_token).await {
            Ok(_) | Err(KakaoError::InvalidToken) => {}
            Err(e) => tracing::warn!(error = %e, "Kakao token logout failed; local logout goes on"),
        }
        db::delete_session(&state.db, &session.id_hash).await?;
    }
    Ok((
        [(SET_COOKIE, cleared_cookie(&state.config.cookie))],
        Json(LogoutResponse { kakao_logout_url }),
    ))
}

/// Unlinks the member at Kakao, then deletes their data and sessions. If Kakao cannot be reached
/// nothing is deleted, so the member can try again; `-101` (already unlinked) goes on.
/// <https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#unlink>
pub async fn withdraw(
    State(state): State<AppState>,
    Signed(session): Signed,
) -> Result<impl IntoResponse, Error> {
    let unlinked = state
        .with_token(&session, |token| {
            let kakao = &state.kakao;
            async move { kakao.unlink(&token).await }
        })
        .await;
    match unlinked {
        Ok(_) => {}
        Err(Error::Kakao(KakaoError::Refused { error_code, .. }))
            if error_code.as_deref() == Some("-101") => {}
        Err(e) => return Err(e),
    }
    db::delete_member(&state.db, &session.member_id).await?;
    tracing::info!("member withdrew");
    Ok((
        StatusCode::NO_CONTENT,
        [(SET_COOKIE, cleared_cookie(&state.config.cookie))],
    ))
}
