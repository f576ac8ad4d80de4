//! Kakao's webhooks, each checked by the admin key Kakao sends (`Authorization: KakaoAK …`,
//! compared in constant time) and recorded durably before the answer:
//! - unlink: the user cut the link outside the service, so the member goes. The event is
//!   recorded and answered at once; the deletion worker deletes the member, with retries, so a
//!   slow or failing database never costs a deletion Kakao will not send again.
//!   <https://developers.kakao.com/docs/latest/en/kakaologin/callback#unlink>
//! - KakaoTalk share: a shared message reached a chat.
//!   <https://developers.kakao.com/docs/latest/ko/kakaotalk-share/callback>
//! - KakaoTalk channel: a user added or blocked one of the app's channels; `GET /channels`
//!   answers from these.
//!   <https://developers.kakao.com/docs/latest/ko/kakaotalk-channel/callback>

use std::future::Future;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap};
use axum::http::{Method, StatusCode, Uri};
use kakao_sync_wire::kakao::{ChannelWebhook, ShareWebhook, UnlinkWebhook};
use serde::de::DeserializeOwned;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::db::{self, ChannelEvent, DeletionKind, ShareEvent};
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
    check_admin_key(&state, &headers, "unlink")?;
    let event: UnlinkWebhook = read_fields("unlink", &method, &headers, uri.query(), &body)?;
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

/// A webhook without the app's admin key is 401 and records nothing.
fn check_admin_key(state: &AppState, headers: &HeaderMap, webhook: &str) -> Result<(), Error> {
    let expected = format!("KakaoAK {}", state.config.kakao.admin_key.expose());
    let presented = headers
        .get(AUTHORIZATION)
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if ct_eq(presented, expected) {
        Ok(())
    } else {
        tracing::warn!(webhook, "webhook with a wrong admin key");
        Err(Error::Unauthorized)
    }
}

/// The longest `X-Kakao-Resource-ID` kept; Kakao's example has 24 characters.
const MAX_RESOURCE_ID: usize = 128;

/// `X-Kakao-Resource-ID`, unique to each webhook Kakao sends: what a repeat is known by.
fn resource_id(headers: &HeaderMap) -> Result<String, Error> {
    headers
        .get("x-kakao-resource-id")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|id| !id.is_empty() && id.len() <= MAX_RESOURCE_ID)
        .map(str::to_owned)
        .ok_or_else(|| Error::InvalidRequest("webhook: no usable X-Kakao-Resource-ID".into()))
}

/// A share or channel webhook's `X-Kakao-Resource-ID` and fields, once its admin key checks.
fn receive<T: DeserializeOwned>(
    webhook: &'static str,
    state: &AppState,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(String, T), Error> {
    check_admin_key(state, headers, webhook)?;
    let resource_id = resource_id(headers)?;
    let fields = read_fields(webhook, method, headers, uri.query(), body)?;
    Ok((resource_id, fields))
}

/// Records within [`RECORD_BUDGET`], for the webhooks whose 2xx says "recorded": a database
/// error is a 500 and a record that takes longer a 503 (it goes on after the answer), so Kakao's
/// delivery log shows what the service did not keep.
async fn record_in_time<F>(webhook: &'static str, record: F) -> Result<StatusCode, Error>
where
    F: Future<Output = Result<bool, sqlx::Error>> + Send + 'static,
{
    match tokio::time::timeout(RECORD_BUDGET, tokio::spawn(record)).await {
        Ok(Ok(Ok(recorded))) => {
            tracing::info!(webhook, repeat = !recorded, "webhook recorded");
            Ok(StatusCode::OK)
        }
        Ok(Ok(Err(e))) => Err(e.into()),
        Ok(Err(e)) => Err(Error::Internal(format!("{webhook} webhook: {e}"))),
        Err(_) => {
            tracing::warn!(webhook, "webhook: answered before it was recorded");
            Err(Error::Timeout)
        }
    }
}

/// The KakaoTalk share webhook (GET or POST, as set in the console): the chat type, the
/// chat's hash, the template id and the sharing page's `serverCallbackArgs`, recorded once per
/// `X-Kakao-Resource-ID`. A wrong key is 401; fields that cannot be read are 400.
pub async fn share(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, Error> {
    let (resource_id, fields): (_, ShareWebhook) =
        receive("share", &state, &method, &uri, &headers, &body)?;
    let event = ShareEvent {
        resource_id,
        chat_type: fields.chat_type,
        hash_chat_id: fields.hash_chat_id,
        template_id: fields.template_id,
        callback_args: serde_json::to_string(&fields.callback_args)
            .expect("a map of JSON values serialises"),
    };
    record_in_time("share", async move {
        db::record_share_event(&state.db, &event).await
    })
    .await
}

/// The KakaoTalk channel webhook (POST): a user added or blocked a channel. Recorded once per
/// `X-Kakao-Resource-ID`; for a user named by user id (`id_type=app_user_id`, given when they
/// agreed to `plusfriends`) it also becomes their recorded relation. A wrong key is 401; fields
/// that cannot be read are 400.
pub async fn channel(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, Error> {
    let (resource_id, fields): (_, ChannelWebhook) =
        receive("channel", &state, &method, &uri, &headers, &body)?;
    let bad = |why: &str| Err(Error::InvalidRequest(format!("channel webhook: {why}")));
    if !matches!(fields.event.as_str(), "added" | "blocked") {
        return bad("event is neither added nor blocked");
    }
    match fields.id_type.as_str() {
        "app_user_id" if !fields.id.is_empty() && fields.id.bytes().all(|b| b.is_ascii_digit()) => {
        }
        "app_user_id" => return bad("an app_user_id is a Kakao user id"),
        "open_id" if !fields.id.is_empty() => {}
        _ => return bad("id_type is neither app_user_id nor open_id, or id is empty"),
    }
    let changed_at = fields
        .updated_at
        .as_deref()
        .and_then(|t| OffsetDateTime::parse(t, &Rfc3339).ok())
        .map_or_else(db::now, OffsetDateTime::unix_timestamp);
    let event = ChannelEvent {
        resource_id,
        event: fields.event,
        user_key: fields.id,
        id_type: fields.id_type,
        channel_public_id: fields.channel_public_id,
        channel_uuid: fields.channel_uuid,
        updated_at: fields.updated_at,
        changed_at,
    };
    record_in_time("channel", async move {
        db::record_channel_event(&state.db, &event).await
    })
    .await
}

/// A webhook's fields from wherever Kakao put them. The docs say GET with a query and POST with
/// the fields in the body, and Kakao's webhook guide adds JSON or query parameters
/// (<https://developers.kakao.com/docs/latest/en/getting-started/callback>); which of these a
/// POST webhook uses is UNCONFIRMED (the channel webhook's typed body table suggests JSON), so
/// a POST is read from its body by content type (form or JSON), or from the query when the
/// body is empty.
fn read_fields<T: DeserializeOwned>(
    webhook: &str,
    method: &Method,
    headers: &HeaderMap,
    query: Option<&str>,
    body: &[u8],
) -> Result<T, Error> {
    let bad = |e: &dyn std::fmt::Display| Error::InvalidRequest(format!("{webhook} webhook: {e}"));
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
