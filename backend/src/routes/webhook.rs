//! Kakao's unlink webhook: the user cut the link outside the service, so the member goes.
//! <https://developers.kakao.com/docs/latest/en/kakaologin/callback#unlink>

use std::time::Duration;

use axum::extract::rejection::FormRejection;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::http::header::{AUTHORIZATION, HeaderMap};
use kakao_sync_wire::kakao::UnlinkWebhook;

use crate::db;
use crate::error::Error;
use crate::secret::ct_eq;
use crate::state::AppState;

/// Kakao waits 3 s; the deletion gets less, so the 200 always arrives in time.
const DELETE_BUDGET: Duration = Duration::from_millis(2000);

/// GET (query) or POST (form). A wrong key or `app_id` is 401 and touches nothing. After that,
/// the answer is 200 whatever happens, even for an unknown user or a database error: Kakao has
/// already unlinked, and only the status counts.
pub async fn unlink(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Form<UnlinkWebhook>, FormRejection>,
) -> Result<StatusCode, Error> {
    let kakao = &state.config.kakao;
    let expected = format!("KakaoAK {}", kakao.admin_key.expose());
    let presented = headers
        .get(AUTHORIZATION)
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if !ct_eq(presented, expected) {
        tracing::warn!("unlink webhook with a wrong admin key");
        return Err(Error::Unauthorized);
    }
    let Form(event) = form?;
    if event.app_id != kakao.app_id {
        tracing::warn!("unlink webhook for another app_id");
        return Err(Error::Unauthorized);
    }
    if event.user_id.is_empty() || !event.user_id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::InvalidRequest(
            "user_id is not a Kakao user id".into(),
        ));
    }

    match tokio::time::timeout(
        DELETE_BUDGET,
        db::delete_member_by_kakao_id(&state.db, &event.user_id),
    )
    .await
    {
        Ok(Ok(deleted)) => {
            tracing::info!(referrer_type = %event.referrer_type, deleted, "unlink webhook")
        }
        Ok(Err(e)) => tracing::error!(error = %e, "unlink webhook: deletion failed"),
        Err(_) => tracing::error!("unlink webhook: deletion took too long"),
    }
    Ok(StatusCode::OK)
}
