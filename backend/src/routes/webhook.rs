//! Kakao's unlink webhook: the user cut the link outside the service, so the member goes. The
//! event is recorded durably and answered at once; the deletion worker deletes the member, with
//! retries, so a slow or failing database never costs a deletion Kakao will not send again.
//! <https://developers.kakao.com/docs/latest/en/kakaologin/callback#unlink>

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap};
use axum::http::{Method, StatusCode, Uri};
use kakao_sync_wire::kakao::UnlinkWebhook;

use crate::db::{self, DeletionKind};
use crate::error::Error;
use crate::secret::ct_eq;
use crate::state::AppState;

/// Kakao waits 3 s; recording gets less, so the 200 always arrives in time. A record that takes
/// longer is not cancelled: it goes on after the answer.
const RECORD_BUDGET: Duration = Duration::from_millis(2000);

/// A wrong key or `app_id` is 401 and records nothing; fields that cannot be read are 400.
/// After that, the answer is 200 whatever happens, even for an unknown user or a database
/// error, as Kakao asks: it has already unlinked, and only the status counts.
pub async fn unlink(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
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
    let event = read_event(&method, &headers, uri.query(), &body)?;
    if event.app_id != kakao.app_id {
        tracing::warn!("unlink webhook for another app_id");
        return Err(Error::Unauthorized);
    }
    if event.user_id.is_empty() || !event.user_id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::InvalidRequest(
            "user_id is not a Kakao user id".into(),
        ));
    }

    let referrer_type = event.referrer_type;
    let record = {
        let state = state.clone();
        tokio::spawn(async move {
            let recorded =
                db::record_deletion(&state.db, DeletionKind::Unlinked, &event.user_id, None).await;
            match &recorded {
                Ok(_) => {
                    tracing::info!(%referrer_type, "unlink webhook recorded");
                    state.deletions_due.notify_one();
                }
                Err(e) => tracing::error!(
                    error = %e,
                    %referrer_type,
                    "unlink webhook: the deletion could not be recorded"
                ),
            }
        })
    };
    if tokio::time::timeout(RECORD_BUDGET, record).await.is_err() {
        tracing::warn!("unlink webhook: answered before the deletion was recorded");
    }
    Ok(StatusCode::OK)
}

/// The event's fields from wherever Kakao put them. The docs say GET with a query and POST with
/// the fields in the body, and Kakao's webhook guide adds JSON or query parameters
/// (<https://developers.kakao.com/docs/latest/en/getting-started/callback>); which of these a
/// POST unlink webhook uses is UNCONFIRMED, so a POST is read from its body by content type
/// (form or JSON), or from the query when the body is empty.
fn read_event(
    method: &Method,
    headers: &HeaderMap,
    query: Option<&str>,
    body: &[u8],
) -> Result<UnlinkWebhook, Error> {
    let bad = |e: &dyn std::fmt::Display| Error::InvalidRequest(format!("unlink webhook: {e}"));
    if method == Method::GET || body.is_empty() {
        return serde_urlencoded::from_str(query.unwrap_or_default()).map_err(|e| bad(&e));
    }
    let media_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase());
    match media_type.as_deref() {
        Some("application/json") => serde_json::from_slice(body).map_err(|e| bad(&e)),
        Some("application/x-www-form-urlencoded") | None => {
            serde_urlencoded::from_bytes(body).map_err(|e| bad(&e))
        }
        Some(other) => Err(bad(&format!("unsupported content type {other}"))),
    }
}
