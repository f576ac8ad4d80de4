//! The contract between the browser module and the backend (`/api/kakao/*`), in the camelCase
//! JSON the browser sees. A team re-implementing the backend reads `backend/openapi.json`, which
//! describes these same shapes.

use alloc::string::String;
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
}
