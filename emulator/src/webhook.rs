//! The webhooks Kakao sends a service, each with `Authorization: KakaoAK <admin key>`:
//! - unlink, when a user unlinks the app outside the service (Kakao account settings, account
//!   deletion, …); <https://developers.kakao.com/docs/latest/ko/kakaologin/callback#unlink>
//! - KakaoTalk channel, when a user adds or blocks one of the app's channels, with a
//!   `X-Kakao-Resource-ID` unique to each and `User-Agent: KakaoOpenAPI/1.0`.
//!   <https://developers.kakao.com/docs/latest/ko/kakaotalk-channel/callback>
//! - KakaoTalk share, when a shared message reaches a chat, with the same two headers.
//!   <https://developers.kakao.com/docs/latest/ko/kakaotalk-share/callback>

use reqwest::RequestBuilder;
use serde::Serialize;

use crate::fixture::{Webhook, WebhookEncoding, WebhookMethod};
use crate::state::random_token;

/// The fields of the unlink webhook, all strings on the wire (`user_id` can exceed 2^53).
/// `group_user_token` is left out: it exists only for apps in a group, which the emulator has not.
#[derive(Clone, Debug, Serialize)]
pub struct UnlinkFields {
    pub app_id: String,
    pub user_id: String,
    /// `UNLINK_FROM_APPS`, `ACCOUNT_DELETE`, `FORCED_ACCOUNT_DELETE`, `UNLINK_FROM_ADMIN` or
    /// `INCOMPLETE_SIGN_UP`.
    pub referrer_type: String,
}

/// The fields of the channel webhook.
#[derive(Clone, Debug, Serialize)]
pub struct ChannelFields {
    /// `added` or `blocked`.
    pub event: &'static str,
    /// The user id when `id_type` is `app_user_id`, else the user's open id.
    pub id: String,
    /// `app_user_id` for users who agreed to `plusfriends`, else `open_id`.
    pub id_type: &'static str,
    pub channel_public_id: String,
    pub channel_uuid: String,
    /// RFC 3339, UTC.
    pub updated_at: String,
}

/// What happened when the webhook was sent.
#[derive(Clone, Debug, Serialize)]
pub struct Delivery {
    pub url: String,
    pub method: WebhookMethod,
    /// The service's HTTP status; Kakao expects 2xx within 3 seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Why no status came back (refused, timed out, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The channel or share webhook's `X-Kakao-Resource-ID`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_id: Option<String>,
}

/// The request for `hook` with the admin key: fields in the query for GET; for POST as the
/// app's [`WebhookEncoding`] says. Redirects are not followed and the timeout is Kakao's
/// 3 seconds (both set on `http`).
fn request(
    http: &reqwest::Client,
    hook: &Webhook,
    admin_key: &str,
    fields: &impl Serialize,
) -> RequestBuilder {
    let request = match (hook.method, hook.encoding) {
        (WebhookMethod::Get, _) => http.get(&hook.url).query(fields),
        (WebhookMethod::Post, WebhookEncoding::Form) => http.post(&hook.url).form(fields),
        (WebhookMethod::Post, WebhookEncoding::Json) => http.post(&hook.url).json(fields),
        (WebhookMethod::Post, WebhookEncoding::Query) => http.post(&hook.url).query(fields),
    };
    request.header(
        reqwest::header::AUTHORIZATION,
        format!("KakaoAK {admin_key}"),
    )
}

async fn deliver(request: RequestBuilder, hook: &Webhook, resource_id: Option<String>) -> Delivery {
    let (status, error) = match request.send().await {
        Ok(response) => (Some(response.status().as_u16()), None),
        Err(e) => (None, Some(e.without_url().to_string())),
    };
    Delivery {
        url: hook.url.clone(),
        method: hook.method,
        status,
        error,
        resource_id,
    }
}

/// Sends the unlink webhook.
pub async fn send_unlink(
    http: &reqwest::Client,
    hook: &Webhook,
    admin_key: &str,
    fields: &UnlinkFields,
) -> Delivery {
    deliver(request(http, hook, admin_key, fields), hook, None).await
}

/// Sends the channel webhook with a fresh `X-Kakao-Resource-ID` (Kakao's example has 24
/// characters of this alphabet).
pub async fn send_channel(
    http: &reqwest::Client,
    hook: &Webhook,
    admin_key: &str,
    fields: &ChannelFields,
) -> Delivery {
    let resource_id = random_token(18);
    let request = request(http, hook, admin_key, fields)
        .header("X-Kakao-Resource-ID", &resource_id)
        .header(reqwest::header::USER_AGENT, "KakaoOpenAPI/1.0");
    deliver(request, hook, Some(resource_id)).await
}

/// Sends the KakaoTalk share webhook: `fields` are `CHAT_TYPE`, `HASH_CHAT_ID`, `TEMPLATE_ID`
/// when a template id was used, and the share's `serverCallbackArgs`; `resource_id` is this
/// webhook's `X-Kakao-Resource-ID`. Sent once, never retried.
pub async fn send_share(
    http: &reqwest::Client,
    hook: &Webhook,
    admin_key: &str,
    resource_id: &str,
    fields: &serde_json::Map<String, serde_json::Value>,
) -> Delivery {
    let request = request(http, hook, admin_key, fields)
        .header("X-Kakao-Resource-ID", resource_id)
        .header(reqwest::header::USER_AGENT, "KakaoOpenAPI/1.0");
    deliver(request, hook, Some(resource_id.to_owned())).await
}
