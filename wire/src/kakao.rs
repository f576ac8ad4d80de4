//! Kakao's own JSON bodies (kauth and kapi), as the backend reads them. The emulator does not use
//! these types: it writes Kakao's JSON from its own code, so a misreading here cannot be mirrored
//! there. `tests/kakao-corpus/` holds Kakao's documented examples, and `tests/corpus.rs` checks
//! that every one parses.
//!
//! Field names are Kakao's (snake_case). Kakao adds fields over time, so no type here denies
//! unknown fields; every member Kakao's tables mark optional is `Option` or defaults when absent.
//! User ids are `i64`: they can exceed 2^53, so they must never pass through `f64`.

use alloc::collections::BTreeMap;

use alloc::string::String;
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

/// `POST /oauth/token` success body, for both the code and the refresh grant.
///
/// <https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api#request-token-response>
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenResponse {
    /// Always `"bearer"`.
    pub token_type: String,
    pub access_token: String,
    /// Only when OpenID Connect is on for the app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
    /// Seconds; the id_token has the same lifetime.
    pub expires_in: i64,
    /// Always on the code grant; on the refresh grant only when the old one had < 1 month left.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token_expires_in: Option<i64>,
    /// Space-separated consent item ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

/// Every kauth error body (`/oauth/token`, `/oauth/tokeninfo`).
///
/// <https://developers.kakao.com/docs/latest/ko/rest-api/reference#response-code>
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KauthError {
    /// OAuth error, e.g. `invalid_grant`; branch on this or on `error_code`.
    pub error: String,
    /// Human-readable; Kakao may change it.
    #[serde(default)]
    pub error_description: String,
    /// `KOE…`, e.g. `KOE320`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
}

/// Every kapi error body.
///
/// <https://developers.kakao.com/docs/latest/ko/rest-api/reference#response-code>
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KapiError {
    pub msg: String,
    /// Negative, e.g. `-401` (invalid token) or `-402` (insufficient scope).
    pub code: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_type: Option<String>,
    /// With `-402`: the consent items to ask for with additional consent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_scopes: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_scopes: Option<Vec<String>>,
}

/// `{"id": …}`: the answer of `/v1/user/logout`, `/v1/user/unlink` and `/v1/user/signup`.
///
/// <https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api#unlink>
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserId {
    pub id: i64,
}

/// `GET /v1/user/access_token_info`.
///
/// <https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api#get-token-info>
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessTokenInfo {
    pub id: i64,
    /// Seconds left on the access token.
    pub expires_in: i64,
    pub app_id: i64,
}

/// `GET|POST /v2/user/me`.
///
/// <https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api#req-user-info>
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserMe {
    pub id: i64,
    /// Only for apps with auto-link off; `false` = preregistered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_signed_up: Option<bool>,
    /// RFC 3339, UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connected_at: Option<String>,
    /// RFC 3339, UTC: when the user signed up through Kakao Sync's consent screen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub synched_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kakao_account: Option<KakaoAccount>,
}

/// `kakao_account` of `/v2/user/me`: each value is present only when the user agreed to its
/// consent item, and each has a `*_needs_agreement` sibling.
///
/// <https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api#kakaoaccount>
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KakaoAccount {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_needs_agreement: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_nickname_needs_agreement: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_image_needs_agreement: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<Profile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_needs_agreement: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_needs_agreement: Option<bool>,
    /// `false`: the address has since been taken by another Kakao account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_email_valid: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_email_verified: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_range_needs_agreement: Option<bool>,
    /// `1~9`, `10~14`, `15~19`, `20~29`, …, `90~`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_range: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birthyear_needs_agreement: Option<bool>,
    /// `YYYY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birthyear: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birthday_needs_agreement: Option<bool>,
    /// `MMDD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birthday: Option<String>,
    /// `SOLAR` or `LUNAR`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birthday_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_leap_month: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender_needs_agreement: Option<bool>,
    /// `female` or `male`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number_needs_agreement: Option<bool>,
    /// `+82 10-1234-5678` for Korean numbers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
}

/// `kakao_account.profile`.
///
/// <https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api#profile>
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nickname: Option<String>,
    /// 110×110.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumbnail_image_url: Option<String>,
    /// 640×640.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_image_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_default_image: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_default_nickname: Option<bool>,
}

/// `GET /v1/oidc/userinfo`: standard OIDC claims, each present only with consent.
///
/// <https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api#oidc-user-info>
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OidcUserInfo {
    /// The user id, as a string.
    pub sub: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nickname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picture: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// True only when the email is both verified and valid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_verified: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// `YYYY-MM-DD`, `0000-MM-DD` or `YYYY`, depending on consent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birthdate: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number_verified: Option<bool>,
}

/// The id_token payload (and `/oauth/tokeninfo`'s answer).
///
/// <https://developers.kakao.com/docs/latest/ko/kakaologin/common#oidc-id-token>
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdTokenClaims {
    pub iss: String,
    /// The app key used as `client_id`.
    pub aud: String,
    /// The user id, as a string.
    pub sub: String,
    pub iat: i64,
    pub exp: i64,
    pub auth_time: i64,
    /// Copied from the authorize request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nonce: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nickname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picture: Option<String>,
    /// Only when the email is valid and verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// `GET /.well-known/jwks.json`.
///
/// <https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api#oidc-get-jwks>
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwks {
    pub keys: Vec<Jwk>,
}

/// One key of [`Jwks`]. Kakao's are RSA keys with every member set, but RFC 7517 requires only
/// `kty`: a set may hold keys a reader cannot use (an EC key has no `n`), and those must not
/// make the whole set unreadable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwk {
    /// `RSA` at Kakao.
    pub kty: String,
    /// 30 hex characters at Kakao.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
    /// `RS256` at Kakao.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alg: Option<String>,
    /// `sig` at Kakao.
    #[serde(rename = "use", default, skip_serializing_if = "Option::is_none")]
    pub use_: Option<String>,
    /// Base64url modulus, big-endian, no padding (RSA keys).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n: Option<String>,
    /// Base64url exponent, `AQAB` (RSA keys).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub e: Option<String>,
}

/// `GET /.well-known/openid-configuration`.
///
/// <https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api#oidc-get-discovery>
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenIdConfiguration {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub userinfo_endpoint: String,
    pub jwks_uri: String,
    pub token_endpoint_auth_methods_supported: Vec<String>,
    pub subject_types_supported: Vec<String>,
    pub id_token_signing_alg_values_supported: Vec<String>,
    pub request_uri_parameter_supported: bool,
    pub response_types_supported: Vec<String>,
    pub response_modes_supported: Vec<String>,
    pub grant_types_supported: Vec<String>,
    pub code_challenge_methods_supported: Vec<String>,
    pub claims_supported: Vec<String>,
}

/// `GET /v2/user/scopes` and `POST /v2/user/revoke/scopes`.
///
/// <https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api#check-consent>
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopesResponse {
    pub id: i64,
    pub scopes: Vec<Scope>,
}

/// One consent item of the app and this user's consent to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    /// The scope id, e.g. `account_email`.
    pub id: String,
    pub display_name: String,
    /// `PRIVACY` (personal information) or `SERVICE` (access permission).
    #[serde(rename = "type")]
    pub type_: String,
    /// Configured for the app.
    pub using: bool,
    pub agreed: bool,
    /// Present only when agreed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revocable: Option<bool>,
}

/// `GET /v2/user/service_terms`.
///
/// <https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api#get-service-terms>
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceTermsResponse {
    pub id: i64,
    /// Optional in Kakao's table (and nullable in its SDKs): absent reads as no terms.
    #[serde(default)]
    pub service_terms: Vec<ServiceTerm>,
}

/// One service term and this user's consent to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceTerm {
    pub tag: String,
    pub required: bool,
    pub agreed: bool,
    pub revocable: bool,
    /// RFC 3339, UTC; absent when never agreed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreed_at: Option<String>,
    /// `KAUTH` (Kakao's consent screen) or `KAPI` (the upgrade API).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreed_by: Option<String>,
}

/// `POST /v2/user/revoke/service_terms`.
///
/// <https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api#revoke-service-terms>
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevokedServiceTerms {
    pub id: i64,
    /// Optional in Kakao's table: absent when nothing was revoked.
    #[serde(default)]
    pub revoked_service_terms: Vec<RevokedServiceTerm>,
}

/// One entry of [`RevokedServiceTerms`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevokedServiceTerm {
    pub tag: String,
    pub agreed: bool,
}

/// `POST /v2/user/upgrade/service_terms`.
///
/// <https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api#upgrade-service-terms>
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreedServiceTerms {
    pub id: i64,
    /// Optional in Kakao's table: absent when nothing was newly agreed.
    #[serde(default)]
    pub agreed_service_terms: Vec<AgreedServiceTerm>,
}

/// One entry of [`AgreedServiceTerms`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreedServiceTerm {
    pub tag: String,
    pub agreed: bool,
    pub agreed_at: String,
    pub agreed_by: String,
}

/// `GET /v2/api/talk/channels`.
///
/// <https://developers.kakao.com/docs/latest/ko/kakaotalk-channel/rest-api#check-relationship>
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelsResponse {
    pub user_id: i64,
    pub channels: Vec<Channel>,
}

/// One KakaoTalk channel linked to the app, and the user's relation to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Channel {
    /// The channel's search id, e.g. `@kakaosync`.
    pub channel_uuid: String,
    /// The profile id, e.g. `_ZeUTxl`.
    pub channel_public_id: String,
    /// `ADDED`, `BLOCKED` or `NONE`.
    pub relation: String,
    /// RFC 3339, UTC; absent for `NONE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
}

/// The fields of Kakao's unlink webhook (query string for GET; for POST a form body, query
/// parameters or JSON). All are strings on the wire, `user_id` included (it can exceed 2^53).
///
/// <https://developers.kakao.com/docs/latest/ko/kakaologin/callback#unlink>
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnlinkWebhook {
    pub app_id: String,
    pub user_id: String,
    /// `UNLINK_FROM_APPS`, `ACCOUNT_DELETE`, `FORCED_ACCOUNT_DELETE`, `UNLINK_FROM_ADMIN` or
    /// `INCOMPLETE_SIGN_UP`.
    pub referrer_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_user_token: Option<String>,
}

/// `GET /v1/api/talk/friends`: one page of the user's KakaoTalk friends who use the app.
/// The members follow Kakao's SDK models (`Friends`, `Friend`), which type all but
/// `total_count` and `uuid` as optional.
///
/// <https://developers.kakao.com/docs/latest/ko/kakaotalk-social/rest-api#get-friends>
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FriendsResponse {
    #[serde(default)]
    pub elements: Vec<TalkFriend>,
    pub total_count: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub favorite_count: Option<i64>,
    /// The previous page's full kapi URL (`offset`, `limit`, `order`, `friend_order` in its
    /// query); absent on the first page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before_url: Option<String>,
    /// The next page's full kapi URL; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_url: Option<String>,
}

/// One entry of [`FriendsResponse`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TalkFriend {
    /// The friend's user id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// The id a message to this friend is addressed to (`receiver_uuids`).
    pub uuid: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_nickname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_thumbnail_image: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub favorite: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_msg: Option<bool>,
}

/// `POST /v2/api/talk/memo/default/send` and `/v2/api/talk/memo/send` (send to me).
///
/// <https://developers.kakao.com/docs/latest/ko/kakaotalk-message/rest-api#default-template-msg-me>
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemoSent {
    /// `0`: sent.
    pub result_code: i32,
}

/// `POST /v1/api/talk/friends/message/default/send` and `/v1/api/talk/friends/message/send`.
/// Both members are optional in Kakao's SDK models (`MessageSendResult`).
///
/// <https://developers.kakao.com/docs/latest/ko/kakaotalk-message/rest-api#default-template-msg>
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageSendResult {
    #[serde(default)]
    pub successful_receiver_uuids: Vec<String>,
    #[serde(default)]
    pub failure_info: Vec<MessageFailureInfo>,
}

/// Receivers a message did not reach, and Kakao's reason (e.g. `-532`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageFailureInfo {
    pub code: i32,
    pub msg: String,
    pub receiver_uuids: Vec<String>,
}

/// The KakaoTalk share webhook's body (a GET's query, or a POST's body): Kakao's three fields
/// and the `serverCallbackArgs` the sharing page set, each as its own member.
///
/// <https://developers.kakao.com/docs/latest/ko/kakaotalk-share/callback>
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShareWebhook {
    /// `MemoChat`, `DirectChat`, `MultiChat`, `OpenDirectChat` or `OpenMultiChat`.
    #[serde(rename = "CHAT_TYPE")]
    pub chat_type: String,
    /// The receiving chat, hashed per service.
    #[serde(rename = "HASH_CHAT_ID")]
    pub hash_chat_id: String,
    /// The custom template shared, if one was. A Long in the table; a query or form carries it
    /// as text, so both are read.
    #[serde(
        rename = "TEMPLATE_ID",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "long_or_text"
    )]
    pub template_id: Option<i64>,
    /// The `serverCallbackArgs` keys and values.
    #[serde(flatten)]
    pub callback_args: BTreeMap<String, serde_json::Value>,
}

/// A Long that may arrive as a JSON number or as decimal text.
fn long_or_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    struct Long;
    impl serde::de::Visitor<'_> for Long {
        type Value = Option<i64>;
        fn expecting(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
            f.write_str("a template id (a Long, or its decimal text)")
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
            i64::try_from(v).map(Some).map_err(E::custom)
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            v.parse().map(Some).map_err(E::custom)
        }
    }
    d.deserialize_any(Long)
}

/// The KakaoTalk channel webhook's JSON body: a user added or blocked one of the app's channels.
///
/// <https://developers.kakao.com/docs/latest/ko/kakaotalk-channel/callback>
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelWebhook {
    /// `added` or `blocked`.
    pub event: String,
    /// The user: their user id when `id_type` is `app_user_id`.
    pub id: String,
    /// `app_user_id` (the user agreed to the `plusfriends` consent item) or `open_id`.
    pub id_type: String,
    pub channel_public_id: String,
    /// Documented as always present, like `updated_at`; both are read leniently, since Kakao
    /// does not send a relation change twice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_uuid: Option<String>,
    /// RFC 3339, UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_ids_beyond_two_to_the_53_round_trip_exactly() {
        let body = r#"{"id":3891047281234567891,"kakao_account":{"email":"a@b.c"}}"#;
        let me: UserMe = serde_json::from_str(body).unwrap();
        assert_eq!(me.id, 3_891_047_281_234_567_891);
        assert_eq!(
            serde_json::to_string(&UserId { id: me.id }).unwrap(),
            r#"{"id":3891047281234567891}"#
        );
    }

    #[test]
    fn absent_optional_fields_are_not_serialised() {
        let token = TokenResponse {
            token_type: "bearer".into(),
            access_token: "a".into(),
            id_token: None,
            expires_in: 21599,
            refresh_token: None,
            refresh_token_expires_in: None,
            scope: None,
        };
        assert_eq!(
            serde_json::to_string(&token).unwrap(),
            r#"{"token_type":"bearer","access_token":"a","expires_in":21599}"#
        );
    }

    #[test]
    fn kapi_errors_parse_with_and_without_scope_lists() {
        let plain: KapiError = serde_json::from_str(r#"{"msg":"x","code":-401}"#).unwrap();
        assert_eq!((plain.code, plain.required_scopes), (-401, None));
        let scoped: KapiError = serde_json::from_str(
            r#"{"msg":"insufficient scopes","code":-402,"required_scopes":["plusfriends"]}"#,
        )
        .unwrap();
        assert_eq!(scoped.required_scopes.unwrap(), ["plusfriends"]);
    }

    #[test]
    fn scope_type_field_keeps_its_json_name() {
        let body = r#"{"id":1,"scopes":[{"id":"plusfriends","display_name":"x","type":"SERVICE","using":true,"agreed":false}]}"#;
        let scopes: ScopesResponse = serde_json::from_str(body).unwrap();
        assert_eq!(scopes.scopes[0].type_, "SERVICE");
        assert_eq!(serde_json::to_string(&scopes).unwrap(), body);
    }

    #[test]
    fn share_webhooks_keep_the_callback_args_and_read_the_template_id_as_number_or_text() {
        let json: ShareWebhook = serde_json::from_str(
            r#"{"CHAT_TYPE":"MemoChat","HASH_CHAT_ID":"h","TEMPLATE_ID":12345,"post":"7"}"#,
        )
        .unwrap();
        assert_eq!(
            (json.template_id, json.callback_args["post"].as_str()),
            (Some(12345), Some("7"))
        );
        assert_eq!(json.callback_args.len(), 1);
        let text: ShareWebhook = serde_json::from_value(serde_json::json!(
            {"CHAT_TYPE":"DirectChat","HASH_CHAT_ID":"h","TEMPLATE_ID":"12345"}
        ))
        .unwrap();
        assert_eq!(
            (text.template_id, text.callback_args.len()),
            (Some(12345), 0)
        );
        assert!(
            serde_json::from_str::<ShareWebhook>(
                r#"{"CHAT_TYPE":"MemoChat","HASH_CHAT_ID":"h","TEMPLATE_ID":"x"}"#
            )
            .is_err()
        );
    }

    #[test]
    fn jwk_use_field_keeps_its_json_name() {
        let jwk = Jwk {
            kid: Some("k".into()),
            kty: "RSA".into(),
            alg: Some("RS256".into()),
            use_: Some("sig".into()),
            n: Some("n".into()),
            e: Some("AQAB".into()),
        };
        assert!(
            serde_json::to_string(&jwk)
                .unwrap()
                .contains(r#""use":"sig""#)
        );
    }
}
