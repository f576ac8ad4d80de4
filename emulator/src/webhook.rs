//! The outgoing webhooks: the unlink webhook, what Kakao sends a service when a user unlinks it
//! outside the service (Kakao account settings, account deletion, …), and the KakaoTalk share
//! webhook, sent when a shared message reaches a chat.
//!
//! <https://developers.kakao.com/docs/latest/ko/kakaologin/callback#unlink>

use serde::Serialize;

use crate::fixture::{Webhook, WebhookEncoding, WebhookMethod};

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

/// What happened when the webhook was sent.
#[derive(Clone, Debug, Serialize)]
pub struct Delivery {
    pub url: String,
    pub method: WebhookMethod,
    /// The service's HTTP status; Kakao expects 200 within 3 seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Why no status came back (refused, timed out, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Sends the unlink webhook; see [`send`].
pub async fn send_unlink(
    http: &reqwest::Client,
    hook: &Webhook,
    admin_key: &str,
    fields: &UnlinkFields,
) -> Delivery {
    send(
        http.request(method(hook), &hook.url),
        hook,
        admin_key,
        fields,
    )
    .await
}

/// Sends the KakaoTalk share webhook: `fields` are `CHAT_TYPE`, `HASH_CHAT_ID`, `TEMPLATE_ID`
/// when a template id was used, and the share's `serverCallbackArgs`; `resource_id` is this
/// webhook's `X-Kakao-Resource-ID`. Sent once, never retried.
///
/// <https://developers.kakao.com/docs/latest/ko/kakaotalk-share/callback>
pub async fn send_share(
    http: &reqwest::Client,
    hook: &Webhook,
    admin_key: &str,
    resource_id: &str,
    fields: &serde_json::Map<String, serde_json::Value>,
) -> Delivery {
    let request = http
        .request(method(hook), &hook.url)
        .header("X-Kakao-Resource-ID", resource_id)
        .header(reqwest::header::USER_AGENT, "KakaoOpenAPI/1.0");
    send(request, hook, admin_key, fields).await
}

fn method(hook: &Webhook) -> reqwest::Method {
    match hook.method {
        WebhookMethod::Get => reqwest::Method::GET,
        WebhookMethod::Post => reqwest::Method::POST,
    }
}

/// Sends `request` with `Authorization: KakaoAK <admin key>` and the fields in the query for
/// GET; for POST as the app's [`WebhookEncoding`] says. Redirects are not followed and the
/// timeout is Kakao's 3 seconds (both set on the client).
async fn send(
    request: reqwest::RequestBuilder,
    hook: &Webhook,
    admin_key: &str,
    fields: &impl Serialize,
) -> Delivery {
    let request = match (hook.method, hook.encoding) {
        (WebhookMethod::Get, _) | (WebhookMethod::Post, WebhookEncoding::Query) => {
            request.query(fields)
        }
        (WebhookMethod::Post, WebhookEncoding::Form) => request.form(fields),
        (WebhookMethod::Post, WebhookEncoding::Json) => request.json(fields),
    };
    let result = request
        .header(
            reqwest::header::AUTHORIZATION,
            format!("KakaoAK {admin_key}"),
        )
        .send()
        .await;
    let (status, error) = match result {
        Ok(response) => (Some(response.status().as_u16()), None),
        Err(e) => (None, Some(e.without_url().to_string())),
    };
    Delivery {
        url: hook.url.clone(),
        method: hook.method,
        status,
        error,
    }
}
