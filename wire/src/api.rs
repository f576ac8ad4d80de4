//! The contract between the browser module and the backend (`/api/kakao/*`), in the camelCase
//! JSON the browser sees. A team re-implementing the backend reads `backend/openapi.json`, which
//! describes these same shapes.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::oauth::{AuthorizationCode, CodeVerifier, Nonce, State};

/// `POST /session`: what the redirect page sends once it has checked `state`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SessionRequest {
    /// The authorization code from the redirect; single use at Kakao.
    pub code: AuthorizationCode,
    /// The PKCE verifier whose S256 challenge went into the authorize URL.
    pub code_verifier: CodeVerifier,
    /// The nonce that went into the authorize URL; must equal the id_token's `nonce`.
    pub nonce: Nonce,
    /// The exact `redirect_uri` the authorize URL carried (Kakao checks it again, KOE303).
    pub redirect_uri: String,
}

/// `POST /session/talk`: open a KakaoTalk easy login for the page's redirect URI.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TalkLoginRequest {
    /// One of the backend's redirect URIs; the code exchange uses it again.
    pub redirect_uri: String,
}

/// `POST /session/talk` answer: what the page puts into KakaoTalk's login request. The backend
/// keeps the state and the nonce; only a code posted with this state may skip PKCE.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TalkLogin {
    /// 60 ASCII letters and digits: the id the page polls kauth's `apiweb/code.json` with.
    pub auth_tran_id: String,
    /// Kept by the page, never sent to Kakao, posted back with the code: it stands in for the
    /// PKCE verifier this path cannot carry.
    pub state: State,
    pub nonce: Nonce,
    /// Seconds until the backend refuses this transaction's code.
    pub expires_in: u64,
}

/// `POST /session` for a KakaoTalk easy login the backend opened: no PKCE verifier, since
/// Kakao's KakaoTalk path carries no challenge; the state names the open transaction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TalkSessionRequest {
    pub code: AuthorizationCode,
    /// The state `POST /session/talk` answered.
    pub state: State,
}

/// A service member as the backend stores it, built from the Kakao data the user consented to.
/// The member key is the Kakao user id, kept as a decimal string because it can exceed 2^53.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    pub kakao_id: String,
    pub nickname: Option<String>,
    pub profile_image_url: Option<String>,
    pub thumbnail_image_url: Option<String>,
    pub email: Option<String>,
    /// Kakao reports the email as both valid and verified; only then is it used to link accounts.
    pub email_verified: bool,
    pub name: Option<String>,
    pub phone_number: Option<String>,
    pub age_range: Option<String>,
    pub birthyear: Option<String>,
    pub birthday: Option<String>,
    pub gender: Option<String>,
    /// RFC 3339 times, UTC.
    pub created_at: String,
    pub updated_at: String,
}

/// `POST /session` answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionResponse {
    pub member: Member,
    pub is_new_member: bool,
    /// Tags of required service terms the member has not agreed to (re-prompt with `service_terms`).
    pub missing_required_terms: Vec<String>,
}

/// One service term: the app's catalogue entry merged with this member's consent at Kakao.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TermStatus {
    pub tag: String,
    pub title: String,
    pub url: Option<String>,
    pub required: bool,
    pub agreed: bool,
    pub revocable: bool,
    /// RFC 3339, when the member last agreed.
    pub agreed_at: Option<String>,
    /// `KAUTH` (Kakao's consent screen) or `KAPI` (the upgrade API).
    pub agreed_by: Option<String>,
}

/// `POST /terms/agree` and `POST /terms/revoke`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TagsRequest {
    pub tags: Vec<String>,
}

/// `POST /logout`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LogoutRequest {
    #[serde(default)]
    pub with_kakao_account: bool,
}

/// `POST /logout` answer: with `withKakaoAccount`, the kauth account-logout URL to navigate to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogoutResponse {
    pub kakao_logout_url: Option<String>,
}

/// `GET /channels`: one KakaoTalk channel linked to the app and the member's relation to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChannelRelation {
    pub channel_public_id: String,
    pub channel_uuid: Option<String>,
    /// `ADDED`, `BLOCKED` or `NONE`, as Kakao reports it.
    pub relation: String,
    pub updated_at: Option<String>,
}

/// Every non-2xx answer of the backend. `code` is stable; `message` is for people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiError {
    pub code: String,
    pub message: String,
    /// Kakao's `error` (kauth) when Kakao refused, e.g. `invalid_grant`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kakao_error: Option<String>,
    /// Kakao's `error_code` (`KOE320`) or kapi `code` (`-401`) when Kakao refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kakao_error_code: Option<String>,
    /// With `consent_required`: the consent items to ask for (`login({ scope })`), from Kakao's
    /// `-402` answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_scopes: Option<Vec<String>>,
}

/// What a KakaoTalk message says: a default template (`templateObject`, a JSON object in
/// Kakao's template format with its `object_type`, handed to Kakao as it is) or a custom
/// template made in the console (`templateId`, with `templateArgs` for its placeholders).
/// Exactly one of `templateObject` and `templateId`. `POST /messages/me` takes it as its body.
/// <https://developers.kakao.com/docs/latest/ko/message-template/common>
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MessageTemplate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_object: Option<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_args: Option<BTreeMap<String, String>>,
}

/// `POST /messages/friends`: at most five receivers, by the `uuid` `GET /friends` gave.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FriendsMessageRequest {
    pub receiver_uuids: Vec<String>,
    pub template: MessageTemplate,
}

/// `POST /messages/friends` answer: who got the message, and why the others did not.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FriendsMessageResponse {
    pub successful_receiver_uuids: Vec<String>,
    pub failures: Vec<MessageFailure>,
}

/// Receivers Kakao did not deliver to, with Kakao's code (e.g. `-532`, the sender's daily
/// quota) and message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageFailure {
    pub code: i32,
    pub message: String,
    pub receiver_uuids: Vec<String>,
}

/// `GET /friends` query, Kakao's paging: `offset` (default 0), `limit`, `order` (`asc` or
/// `desc`) and `friendOrder` (`nickname` or `favorite`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FriendsQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub friend_order: Option<String>,
}

/// `GET /friends` answer: one page of the member's KakaoTalk friends who use the app. The
/// neighbouring pages are asked for with `offset` set to `beforeOffset` or `afterOffset` (and
/// the same `limit` and orders); each is absent at its end of the list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FriendsPage {
    pub total_count: i64,
    pub favorite_count: Option<i64>,
    pub friends: Vec<Friend>,
    pub before_offset: Option<u32>,
    pub after_offset: Option<u32>,
}

/// One KakaoTalk friend; each member but `uuid` is present only when Kakao gives it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Friend {
    /// The receiver id for `POST /messages/friends`.
    pub uuid: String,
    /// The friend's Kakao user id, as a decimal string.
    pub kakao_id: Option<String>,
    pub profile_nickname: Option<String>,
    pub profile_thumbnail_image: Option<String>,
    pub favorite: Option<bool>,
    /// Whether the friend accepts messages.
    pub allowed_msg: Option<bool>,
}
