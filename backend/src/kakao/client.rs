//! The HTTP client for kauth and kapi. Each call is a send step and a check step; every call has
//! connect and total timeouts and never follows a redirect.
//! <https://developers.kakao.com/docs/latest/en/kakaologin/rest-api>

use std::sync::Arc;
use std::time::Duration;

use kakao_sync_wire::kakao::{
    AgreedServiceTerms, ChannelsResponse, FriendsResponse, Jwks, KapiError, KauthError, MemoSent,
    MessageSendResult, RevokedServiceTerms, ServiceTermsResponse, TokenResponse, UserId, UserMe,
};
use kakao_sync_wire::oauth::{AuthorizationCode, CodeVerifier};
use reqwest::header::AUTHORIZATION;
use reqwest::{Method, RequestBuilder, StatusCode};
use serde::de::DeserializeOwned;

use super::{KakaoError, Template};
use crate::config::KakaoConfig;
use crate::secret::Secret;

/// Talks to Kakao with the app's credentials.
#[derive(Clone, Debug)]
pub struct KakaoClient {
    http: reqwest::Client,
    /// Shared: handlers clone the client with the state on every request.
    config: Arc<KakaoConfig>,
}

/// Which host answered, since kauth and kapi word their errors differently.
#[derive(Clone, Copy)]
enum Host {
    Kauth,
    Kapi,
}

impl KakaoClient {
    /// A client with `KAKAO_CONNECT_TIMEOUT_MS` / `KAKAO_TIMEOUT_MS`, rustls (ring) and no
    /// redirect-following: an answer from Kakao is read as it is, never chased elsewhere.
    pub fn new(config: &KakaoConfig) -> Result<Self, reqwest::Error> {
        // The ring provider, chosen once per process; a second install is a harmless no-op.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .tls_backend_rustls()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .user_agent(concat!("kakao-sync-backend/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self {
            http,
            config: Arc::new(config.clone()),
        })
    }

    /// The settings it was built with.
    pub fn config(&self) -> &KakaoConfig {
        &self.config
    }

    /// A request to kauth at `path`, relative to `KAKAO_AUTH_URL`.
    pub(crate) fn kauth(&self, method: Method, path: &str) -> RequestBuilder {
        let url = self
            .config
            .auth_url
            .join(path)
            .expect("a relative path joins a base URL");
        self.http.request(method, url)
    }

    /// A kapi request with the app's admin key (`Authorization: KakaoAK …`), for calls made
    /// about a user without their token.
    pub(crate) fn kapi_admin(&self, method: Method, path: &str) -> RequestBuilder {
        let url = self
            .config
            .api_url
            .join(path)
            .expect("a relative path joins a base URL");
        let key = format!("KakaoAK {}", self.config.admin_key.expose());
        self.http
            .request(method, url)
            .header(reqwest::header::AUTHORIZATION, key)
    }

    fn kapi(&self, method: Method, path: &str, token: &Secret) -> RequestBuilder {
        let url = self
            .config
            .api_url
            .join(path)
            .expect("a relative path joins a base URL");
        self.http.request(method, url).bearer_auth(token.expose())
    }

    /// Exchanges an authorization code (`client_secret_post`, with the PKCE verifier when this
    /// service started the login).
    /// <https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#request-token>
    pub async fn exchange_code(
        &self,
        code: &AuthorizationCode,
        code_verifier: Option<&CodeVerifier>,
        redirect_uri: &str,
    ) -> Result<TokenResponse, KakaoError> {
        let mut form = vec![
            ("grant_type", "authorization_code"),
            ("client_id", self.config.rest_api_key.as_str()),
            ("client_secret", self.config.client_secret.expose()),
            ("redirect_uri", redirect_uri),
            ("code", code.expose()),
        ];
        form.extend(code_verifier.map(|v| ("code_verifier", v.expose())));
        send(
            Host::Kauth,
            self.kauth(Method::POST, "oauth/token").form(&form),
        )
        .await
    }

    /// Refreshes an access token; a refresh token Kakao refuses ends the login.
    /// <https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#refresh-tokens>
    pub async fn refresh(&self, refresh_token: &Secret) -> Result<TokenResponse, KakaoError> {
        let form = [
            ("grant_type", "refresh_token"),
            ("client_id", self.config.rest_api_key.as_str()),
            ("client_secret", self.config.client_secret.expose()),
            ("refresh_token", refresh_token.expose()),
        ];
        match send(
            Host::Kauth,
            self.kauth(Method::POST, "oauth/token").form(&form),
        )
        .await
        {
            Err(KakaoError::Refused { error, .. }) if error.as_deref() == Some("invalid_grant") => {
                Err(KakaoError::InvalidToken)
            }
            other => other,
        }
    }

    /// <https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#oidc-get-jwks>
    pub async fn jwks(&self) -> Result<Jwks, KakaoError> {
        send(
            Host::Kauth,
            self.kauth(Method::GET, ".well-known/jwks.json"),
        )
        .await
    }

    /// The URL that logs the browser out of its Kakao account, then returns to
    /// `logout_redirect_uri`. <https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#logout-with-kakao-account>
    pub fn account_logout_url(&self, logout_redirect_uri: &str) -> String {
        let mut url = self
            .config
            .auth_url
            .join("oauth/logout")
            .expect("a relative path joins a base URL");
        url.query_pairs_mut()
            .append_pair("client_id", &self.config.rest_api_key)
            .append_pair("logout_redirect_uri", logout_redirect_uri);
        url.into()
    }

    /// With `secure_resource=true`: Kakao answers `http://` image URLs unless asked, and the page
    /// is served over https.
    /// <https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#req-user-info>
    pub async fn me(&self, token: &Secret) -> Result<UserMe, KakaoError> {
        let request = self.kapi(Method::GET, "v2/user/me", token);
        send(Host::Kapi, request.query(&[("secure_resource", "true")])).await
    }

    /// Every term enabled for the app with this user's status (`result=app_service_terms`; the
    /// default lists agreed terms only, which would hide a revocation).
    /// <https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#get-service-terms>
    pub async fn service_terms(&self, token: &Secret) -> Result<ServiceTermsResponse, KakaoError> {
        let request = self.kapi(Method::GET, "v2/user/service_terms", token);
        send(
            Host::Kapi,
            request.query(&[("result", "app_service_terms")]),
        )
        .await
    }

    /// <https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#upgrade-service-terms>
    pub async fn upgrade_service_terms(
        &self,
        token: &Secret,
        tags: &[String],
    ) -> Result<AgreedServiceTerms, KakaoError> {
        let form = [("tags", tags.join(","))];
        send(
            Host::Kapi,
            self.kapi(Method::POST, "v2/user/upgrade/service_terms", token)
                .form(&form),
        )
        .await
    }

    /// <https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#revoke-service-terms>
    pub async fn revoke_service_terms(
        &self,
        token: &Secret,
        tags: &[String],
    ) -> Result<RevokedServiceTerms, KakaoError> {
        let form = [("tags", tags.join(","))];
        send(
            Host::Kapi,
            self.kapi(Method::POST, "v2/user/revoke/service_terms", token)
                .form(&form),
        )
        .await
    }

    /// Revokes this session's tokens at Kakao. <https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#logout>
    pub async fn logout(&self, token: &Secret) -> Result<UserId, KakaoError> {
        send(Host::Kapi, self.kapi(Method::POST, "v1/user/logout", token)).await
    }

    /// Unlinks the user from the app. <https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#unlink>
    pub async fn unlink(&self, token: &Secret) -> Result<UserId, KakaoError> {
        send(Host::Kapi, self.kapi(Method::POST, "v1/user/unlink", token)).await
    }

    /// Unlinks `user_id` with the admin key (`KakaoAK`, `target_id_type=user_id`): for when no
    /// live token is at hand, since a withdrawal must not depend on one (tokens revoked, the
    /// refresh token expired, the sessions already ended). The key must be allowed the Unlink
    /// API in the console ([App] > [Platform Key] > [Admin Key]).
    /// <https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#unlink>
    pub async fn unlink_by_admin_key(&self, user_id: &str) -> Result<UserId, KakaoError> {
        let url = self
            .config
            .api_url
            .join("v1/user/unlink")
            .expect("a relative path joins a base URL");
        let form = [("target_id_type", "user_id"), ("target_id", user_id)];
        let request = self
            .http
            .post(url)
            .header(
                AUTHORIZATION,
                format!("KakaoAK {}", self.config.admin_key.expose()),
            )
            .form(&form);
        send(Host::Kapi, request).await
    }

    /// <https://developers.kakao.com/docs/latest/en/kakaotalk-channel/rest-api#check-relationship>
    pub async fn channels(&self, token: &Secret) -> Result<ChannelsResponse, KakaoError> {
        let mut request = self.kapi(Method::GET, "v2/api/talk/channels", token);
        if !self.config.channel_public_ids.is_empty() {
            request = request.query(&[
                ("channel_ids", self.config.channel_public_ids.join(",")),
                ("channel_id_type", "channel_public_id".to_owned()),
            ]);
        }
        send(Host::Kapi, request).await
    }

    /// Sends a message to the user's own chat ("send to me"); needs `talk_message`.
    /// <https://developers.kakao.com/docs/latest/en/kakaotalk-message/rest-api#default-template-msg-me>
    pub async fn send_memo(
        &self,
        token: &Secret,
        template: &Template,
    ) -> Result<MemoSent, KakaoError> {
        let path = format!("v2/api/talk/memo/{}send", template.path_segment());
        let form = template.form();
        send(
            Host::Kapi,
            self.kapi(Method::POST, &path, token).form(&form),
        )
        .await
    }

    /// One page of the user's KakaoTalk friends who use the app; needs `friends`. The query is
    /// Kakao's own (`offset`, `limit`, `order`, `friend_order`), checked by the caller.
    /// <https://developers.kakao.com/docs/latest/en/kakaotalk-social/rest-api#get-friends>
    pub async fn friends(
        &self,
        token: &Secret,
        query: &[(&str, String)],
    ) -> Result<FriendsResponse, KakaoError> {
        let request = self.kapi(Method::GET, "v1/api/talk/friends", token);
        send(
            Host::Kapi,
            request.query(query).query(&[("secure_resource", "true")]),
        )
        .await
    }

    /// Sends a message to up to five friends (`receiver_uuids` from [`KakaoClient::friends`]);
    /// needs `talk_message` and `friends`.
    /// <https://developers.kakao.com/docs/latest/en/kakaotalk-message/rest-api#default-template-msg>
    pub async fn send_friends_message(
        &self,
        token: &Secret,
        receiver_uuids: &[String],
        template: &Template,
    ) -> Result<MessageSendResult, KakaoError> {
        let mut form = template.form();
        let uuids = serde_json::to_string(receiver_uuids).expect("strings serialise");
        form.push(("receiver_uuids", uuids));
        let path = format!(
            "v1/api/talk/friends/message/{}send",
            template.path_segment()
        );
        send(
            Host::Kapi,
            self.kapi(Method::POST, &path, token).form(&form),
        )
        .await
    }
}

/// The pause before the one retry of a kapi call Kakao answered with `-1`.
const RETRY_PAUSE: Duration = Duration::from_millis(100);

/// Sends `request`; kapi's `-1` ("internal error, retry") gets exactly one retry, and a second
/// `-1` is [`KakaoError::Unavailable`].
/// <https://developers.kakao.com/docs/latest/en/rest-api/reference#response-code>
async fn send<T: DeserializeOwned>(host: Host, request: RequestBuilder) -> Result<T, KakaoError> {
    // Every request here has a form or no body, so a copy for the retry always exists.
    let retry = request.try_clone();
    let (status, body) = exchange(request).await?;
    match retry {
        Some(retry) if is_retryable(host, status, &body) => {
            tokio::time::sleep(RETRY_PAUSE).await;
            let (status, body) = exchange(retry).await?;
            if is_retryable(host, status, &body) {
                return Err(KakaoError::Unavailable(
                    "Kakao answered -1 (temporary error) twice".into(),
                ));
            }
            check(host, status, &body)
        }
        _ => check(host, status, &body),
    }
}

async fn exchange(request: RequestBuilder) -> Result<(StatusCode, Vec<u8>), KakaoError> {
    let response = request.send().await.map_err(transport_error)?;
    let status = response.status();
    let body = response.bytes().await.map_err(transport_error)?;
    Ok((status, body.to_vec()))
}

/// kapi's `-1` with its documented 400: Kakao's own temporary error, which its documentation
/// says to retry. A 5xx is an outage, answered at once as [`KakaoError::Unavailable`].
fn is_retryable(host: Host, status: StatusCode, body: &[u8]) -> bool {
    matches!(host, Host::Kapi)
        && status == StatusCode::BAD_REQUEST
        && serde_json::from_slice::<KapiError>(body).is_ok_and(|e| e.code == -1)
}

fn transport_error(e: reqwest::Error) -> KakaoError {
    if e.is_timeout() {
        KakaoError::Timeout
    } else {
        KakaoError::Unavailable(e.without_url().to_string())
    }
}

/// Reads an answer: the documented JSON on success, Kakao's error body otherwise.
fn check<T: DeserializeOwned>(
    host: Host,
    status: StatusCode,
    body: &[u8],
) -> Result<T, KakaoError> {
    if status.is_success() {
        return serde_json::from_slice(body)
            .map_err(|e| KakaoError::Unavailable(format!("unreadable answer ({e})")));
    }
    if status.is_server_error() || status.is_redirection() {
        return Err(KakaoError::Unavailable(format!("HTTP {status}")));
    }
    match host {
        Host::Kauth => match serde_json::from_slice::<KauthError>(body) {
            Ok(e) => Err(KakaoError::Refused {
                error: Some(e.error),
                error_code: e.error_code,
                message: e.error_description,
            }),
            Err(_) => Err(KakaoError::Unavailable(format!(
                "HTTP {status} without an error body"
            ))),
        },
        Host::Kapi => match serde_json::from_slice::<KapiError>(body) {
            Ok(e) if e.code == -401 => Err(KakaoError::InvalidToken),
            Ok(e) if e.code == -402 => Err(KakaoError::InsufficientScope {
                required_scopes: e.required_scopes.unwrap_or_default(),
            }),
            Ok(e) => Err(KakaoError::Refused {
                error: None,
                error_code: Some(e.code.to_string()),
                message: e.msg,
            }),
            Err(_) => Err(KakaoError::Unavailable(format!(
                "HTTP {status} without an error body"
            ))),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kauth_errors_keep_their_codes() {
        let body = br#"{"error":"invalid_grant","error_description":"authorization code not found","error_code":"KOE320"}"#;
        match check::<TokenResponse>(Host::Kauth, StatusCode::BAD_REQUEST, body) {
            Err(KakaoError::Refused {
                error, error_code, ..
            }) => {
                assert_eq!(error.as_deref(), Some("invalid_grant"));
                assert_eq!(error_code.as_deref(), Some("KOE320"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn kapi_minus_401_means_the_token_is_dead() {
        let body = br#"{"msg":"this access token does not exist","code":-401}"#;
        assert!(matches!(
            check::<UserMe>(Host::Kapi, StatusCode::UNAUTHORIZED, body),
            Err(KakaoError::InvalidToken)
        ));
    }

    #[test]
    fn kapi_refusals_carry_the_negative_code() {
        let body = br#"{"msg":"daily limit exceeded","code":-532}"#;
        match check::<MessageSendResult>(Host::Kapi, StatusCode::BAD_REQUEST, body) {
            Err(KakaoError::Refused { error_code, .. }) => {
                assert_eq!(error_code.as_deref(), Some("-532"))
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn kapi_minus_402_names_the_consent_items_to_ask_for() {
        let body =
            br#"{"msg":"insufficient scopes","code":-402,"required_scopes":["talk_message"]}"#;
        match check::<ChannelsResponse>(Host::Kapi, StatusCode::FORBIDDEN, body) {
            Err(KakaoError::InsufficientScope { required_scopes }) => {
                assert_eq!(required_scopes, ["talk_message"])
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn only_kapis_minus_1_is_retryable() {
        let minus_1 = br#"{"msg":"internal error","code":-1}"#;
        let bad_request = StatusCode::BAD_REQUEST;
        assert!(is_retryable(Host::Kapi, bad_request, minus_1));
        assert!(!is_retryable(
            Host::Kapi,
            StatusCode::SERVICE_UNAVAILABLE,
            minus_1
        ));
        assert!(!is_retryable(Host::Kauth, bad_request, minus_1));
        let minus_2 = br#"{"msg":"x","code":-2}"#;
        assert!(!is_retryable(Host::Kapi, bad_request, minus_2));
    }

    #[test]
    fn server_errors_redirects_and_garbage_are_unavailable() {
        for (status, body) in [
            (StatusCode::BAD_GATEWAY, &b"<html>"[..]),
            (StatusCode::FOUND, &b""[..]),
            (StatusCode::OK, &b"{\"id\":"[..]),
            (StatusCode::BAD_REQUEST, &b"not json"[..]),
        ] {
            assert!(
                matches!(
                    check::<UserId>(Host::Kapi, status, body),
                    Err(KakaoError::Unavailable(_))
                ),
                "{status}"
            );
        }
    }
}
