//! The options pages pass in (read from JavaScript objects as `js::options` declares them,
//! rejecting unknown fields so a typo fails loudly), and the checks that need no browser.

use crate::core::authorize::{AuthorizeRequest, Prompt, check_redirect_uri};
use crate::core::error::Error;
use crate::core::lang::Lang;
use crate::core::talk_login::WaitLimit;
use crate::core::text::concat;
use crate::prelude::*;

/// The backend's default mount point, same origin as the page.
pub const DEFAULT_BACKEND_URL: &str = "/api/kakao";

/// `new KakaoSync({...})`.
#[derive(Clone, Debug)]
pub struct ClientConfig {
    pub client_id: String,
    pub redirect_uri: String,
    /// `None`: [`DEFAULT_BACKEND_URL`].
    pub backend_url: Option<String>,
    pub authorize_endpoint: Option<String>,
    pub scope: Vec<String>,
    pub service_terms: Vec<String>,
    pub channel_public_ids: Vec<String>,
    pub lang: Lang,
    /// The app's JavaScript key, which KakaoTalk easy login needs (`core::talk_login`).
    pub javascript_key: Option<String>,
    /// `Some(false)` turns KakaoTalk easy login off for every login.
    pub through_talk: Option<bool>,
    /// How long to wait for KakaoTalk before account login; `None`: the default.
    pub talk_wait_ms: Option<f64>,
}

impl ClientConfig {
    /// Checks what can be checked before any login: the same rules the authorize URL applies.
    pub fn validate(&self) -> Result<(), Error> {
        if self.client_id.trim().is_empty() {
            return Err(Error::InvalidConfig {
                field: "clientId",
                reason: "must not be empty",
            });
        }
        check_redirect_uri(&self.redirect_uri)?;
        if self
            .backend_url
            .as_deref()
            .is_some_and(|url| url.trim().is_empty())
        {
            return Err(Error::InvalidConfig {
                field: "backendUrl",
                reason: "must not be empty",
            });
        }
        WaitLimit::new(self.talk_wait_ms)?;
        Ok(())
    }

    /// The backend route `path` (which starts with `/`) under `backendUrl`.
    pub fn backend_route(&self, path: &str) -> String {
        let backend_url = self.backend_url.as_deref().unwrap_or(DEFAULT_BACKEND_URL);
        concat(&[backend_url.trim_end_matches(['/']), path])
    }
}

/// `kakaoSync.login({...})`: per-login overrides of the client's defaults.
#[derive(Clone, Debug, Default)]
pub struct LoginOptions {
    pub prompt: Vec<String>,
    pub login_hint: Option<String>,
    pub service_terms: Option<Vec<String>>,
    pub scope: Option<Vec<String>>,
    /// `Some(false)` turns KakaoTalk easy login off for this login.
    pub through_talk: Option<bool>,
}

/// `buildAuthorizeUrl({...})`: every authorize parameter, owned.
#[derive(Clone, Debug)]
pub struct AuthorizeParams {
    pub client_id: String,
    pub redirect_uri: String,
    pub scope: Vec<String>,
    pub prompt: Vec<String>,
    pub login_hint: Option<String>,
    pub service_terms: Vec<String>,
    pub channel_public_ids: Vec<String>,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub authorize_endpoint: Option<String>,
}

impl AuthorizeParams {
    pub fn build(&self) -> Result<String, Error> {
        let prompt = parse_prompts(&self.prompt)?;
        crate::core::authorize::build_authorize_url(&AuthorizeRequest {
            client_id: &self.client_id,
            redirect_uri: &self.redirect_uri,
            scope: &self.scope,
            prompt: &prompt,
            login_hint: self.login_hint.as_deref(),
            service_terms: &self.service_terms,
            channel_public_ids: &self.channel_public_ids,
            state: self.state.as_deref(),
            nonce: self.nonce.as_deref(),
            code_challenge: self.code_challenge.as_deref(),
            endpoint: self.authorize_endpoint.as_deref(),
        })
    }
}

pub fn parse_prompts(values: &[String]) -> Result<Vec<Prompt>, Error> {
    let mut prompts = Vec::with_capacity(values.len());
    for value in values {
        prompts.push(Prompt::parse(value)?);
    }
    Ok(prompts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(redirect_uri: &str) -> ClientConfig {
        ClientConfig {
            client_id: "k".into(),
            redirect_uri: redirect_uri.into(),
            backend_url: None,
            authorize_endpoint: None,
            scope: vec![],
            service_terms: vec![],
            channel_public_ids: vec![],
            lang: Lang::Ko,
            javascript_key: None,
            through_talk: None,
            talk_wait_ms: None,
        }
    }

    #[test]
    fn backend_routes_join_without_double_slashes() {
        let mut c = config("https://a.example/cb");
        assert_eq!(c.backend_route("/session"), "/api/kakao/session");
        c.backend_url = Some("https://api.example/kakao/".into());
        assert_eq!(
            c.backend_route("/terms/agree"),
            "https://api.example/kakao/terms/agree"
        );
    }

    #[test]
    fn validation_names_the_bad_field() {
        assert_eq!(config("https://a.example/cb").validate(), Ok(()));
        assert!(matches!(
            config("/cb").validate(),
            Err(Error::InvalidConfig {
                field: "redirectUri",
                ..
            })
        ));
        let mut c = config("https://a.example/cb");
        c.client_id = String::new();
        assert!(matches!(
            c.validate(),
            Err(Error::InvalidConfig {
                field: "clientId",
                ..
            })
        ));
        let mut c = config("https://a.example/cb");
        c.backend_url = Some(" ".into());
        assert!(matches!(
            c.validate(),
            Err(Error::InvalidConfig {
                field: "backendUrl",
                ..
            })
        ));
    }

    #[test]
    fn authorize_params_reject_unknown_prompts() {
        let p = AuthorizeParams {
            client_id: "k".into(),
            redirect_uri: "https://a.example/cb".into(),
            scope: vec![],
            prompt: vec!["nonee".into()],
            login_hint: None,
            service_terms: vec![],
            channel_public_ids: vec![],
            state: None,
            nonce: None,
            code_challenge: None,
            authorize_endpoint: None,
        };
        assert!(matches!(
            p.build(),
            Err(Error::InvalidConfig {
                field: "prompt",
                ..
            })
        ));
    }
}
