//! `POST /logout` and `POST /withdraw`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::{HeaderMap, SET_COOKIE};
use axum::response::{IntoResponse, Response};
use kakao_sync_wire::api::{LogoutRequest, LogoutResponse};
use serde_json::json;

use crate::cookie::{self, cleared_cookie};
use crate::db::{self, DeletionKind};
use crate::error::Error;
use crate::kakao::KakaoError;
use crate::state::{AppState, Signed};
use crate::worker;

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

/// Withdraws the member: records the withdrawal durably and ends their sessions, then unlinks
/// at Kakao (the session's token, or the admin key when Kakao no longer accepts the token) and
/// deletes their data. 204 when all is done; 202 `{status: "pending"}` when Kakao could not be
/// reached or the database failed mid-way: the deletion worker finishes it with retries, so
/// the member never has to come back (and could not: the unlink may have taken the token).
/// <https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#unlink>
pub async fn withdraw(
    State(state): State<AppState>,
    Signed(session): Signed,
) -> Result<Response, Error> {
    let member = db::find_member(&state.db, &session.member_id)
        .await?
        .ok_or(Error::Unauthorized)?;
    let deletion = db::record_deletion(
        &state.db,
        DeletionKind::Withdrawal,
        &member.member.kakao_id,
        Some(worker::lease_until_ms(&state)),
    )
    .await?;
    tracing::info!("member withdrawal recorded");
    let cleared = [(SET_COOKIE, cleared_cookie(&state.config.cookie))];
    if worker::attempt(&state, &deletion, Some(&session.access_token)).await {
        return Ok((StatusCode::NO_CONTENT, cleared).into_response());
    }
    let pending = json!({
        "status": "pending",
        "message": "Your withdrawal is recorded and you are signed out; your data is deleted \
                    as soon as Kakao confirms the unlink."
    });
    Ok((StatusCode::ACCEPTED, cleared, Json(pending)).into_response())
}
