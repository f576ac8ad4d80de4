//! The Kakao authorize URL: every parameter of `GET /oauth/authorize`.
//!
//! <https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#request-code>

use crate::core::error::Error;
use crate::core::pkce;
use crate::core::url::{encode_component, parse_http_url};
use crate::prelude::*;

/// Kakao's production authorize endpoint.
pub const DEFAULT_AUTHORIZE_ENDPOINT: &str = "https://kauth.kakao.com/oauth/authorize";

/// A value of the authorize request's `prompt` parameter.
///
/// <https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#request-code-additional-feature>
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Prompt {
    /// Show the Kakao Account login page even with a session (not available inside KakaoTalk).
    Login,
    /// No page at all: a code for a linked member, otherwise an error redirect
    /// (`consent_required`). This is auto-login from the KakaoTalk in-app browser.
    None,
    /// Send the user to Kakao Account sign-up first.
    Create,
    /// Kakao Account easy login: pick a saved account.
    SelectAccount,
}

impl Prompt {
    pub fn as_str(self) -> &'static str {
        match self {
            Prompt::Login => "login",
            Prompt::None => "none",
            Prompt::Create => "create",
            Prompt::SelectAccount => "select_account",
        }
    }

    /// Parses one value; an unknown one is a configuration error, so a typo fails loudly.
    pub fn parse(value: &str) -> Result<Prompt, Error> {
        match value {
            "login" => Ok(Prompt::Login),
            "none" => Ok(Prompt::None),
            "create" => Ok(Prompt::Create),
            "select_account" => Ok(Prompt::SelectAccount),
            _ => Err(Error::InvalidConfig {
                field: "prompt",
                reason: "must be login, none, create or select_account",
            }),
        }
    }
}

/// Everything one authorize URL can carry. Lists are joined with commas, as Kakao documents.
#[derive(Clone, Debug, Default)]
pub struct AuthorizeRequest<'a> {
    /// The REST API key (or JavaScript key) of the app.
    pub client_id: &'a str,
    /// Must equal a redirect URI registered for that key (else Kakao shows KOE006).
    pub redirect_uri: &'a str,
    /// Consent-item IDs for additional consent, e.g. `account_email`.
    pub scope: &'a [String],
    pub prompt: &'a [Prompt],
    /// Pre-fills the Kakao Account login page (email or phone number).
    pub login_hint: Option<&'a str>,
    /// Kakao Sync: tags of the service terms to show on the consent screen.
    pub service_terms: &'a [String],
    /// KakaoTalk channels to offer on the consent screen (`channel_public_id`).
    pub channel_public_ids: &'a [String],
    pub state: Option<&'a str>,
    /// OIDC: copied into the id_token's `nonce` claim.
    pub nonce: Option<&'a str>,
    /// PKCE S256 challenge (`code_challenge_method=S256` is added with it).
    pub code_challenge: Option<&'a str>,
    /// Defaults to [`DEFAULT_AUTHORIZE_ENDPOINT`]; the emulator's URL in tests and the demo.
    pub endpoint: Option<&'a str>,
}

/// Builds the authorize URL, or says which option is wrong.
pub fn build_authorize_url(req: &AuthorizeRequest<'_>) -> Result<String, Error> {
    let endpoint = req.endpoint.unwrap_or(DEFAULT_AUTHORIZE_ENDPOINT);
    let parsed = parse_http_url(endpoint).ok_or(Error::InvalidConfig {
        field: "authorizeEndpoint",
        reason: "must be an absolute http(s) URL",
    })?;
    if parsed.fragment.is_some() {
        return Err(Error::InvalidConfig {
            field: "authorizeEndpoint",
            reason: "must not have a fragment",
        });
    }
    if req.client_id.trim().is_empty() {
        return Err(Error::InvalidConfig {
            field: "clientId",
            reason: "must not be empty",
        });
    }
    check_redirect_uri(req.redirect_uri)?;
    check_prompts(req.prompt)?;
    check_list("scope", req.scope)?;
    check_list("serviceTerms", req.service_terms)?;
    check_list("channelPublicIds", req.channel_public_ids)?;
    for (field, value) in [
        ("loginHint", req.login_hint),
        ("state", req.state),
        ("nonce", req.nonce),
    ] {
        if value.is_some_and(str::is_empty) {
            return Err(Error::InvalidConfig {
                field,
                reason: "must not be empty when given",
            });
        }
    }
    if req
        .code_challenge
        .is_some_and(|c| !pkce::is_valid_s256_challenge(c))
    {
        return Err(Error::InvalidConfig {
            field: "codeChallenge",
            reason: "must be an S256 challenge (43 base64url characters)",
        });
    }

    let mut url = String::with_capacity(256);
    url.push_str(endpoint);
    url.push(if parsed.query.is_some() { '&' } else { '?' });
    url.push_str("client_id=");
    url.push_str(&encode_component(req.client_id));
    push(&mut url, "redirect_uri", req.redirect_uri);
    url.push_str("&response_type=code");
    push_list(&mut url, "scope", req.scope.iter().map(String::as_str));
    push_list(&mut url, "prompt", req.prompt.iter().map(|p| p.as_str()));
    if let Some(hint) = req.login_hint {
        push(&mut url, "login_hint", hint);
    }
    push_list(
        &mut url,
        "service_terms",
        req.service_terms.iter().map(String::as_str),
    );
    push_list(
        &mut url,
        "channel_public_id",
        req.channel_public_ids.iter().map(String::as_str),
    );
    for (name, value) in [
        ("state", req.state),
        ("nonce", req.nonce),
        ("code_challenge", req.code_challenge),
    ] {
        if let Some(value) = value {
            push(&mut url, name, value);
        }
    }
    if req.code_challenge.is_some() {
        url.push_str("&code_challenge_method=S256");
    }
    Ok(url)
}

/// A redirect URI must be absolute http(s) and carry no fragment (RFC 6749 §3.1.2).
pub fn check_redirect_uri(redirect_uri: &str) -> Result<(), Error> {
    match parse_http_url(redirect_uri) {
        None => Err(Error::InvalidConfig {
            field: "redirectUri",
            reason: "must be an absolute http(s) URL",
        }),
        Some(u) if u.fragment.is_some() => Err(Error::InvalidConfig {
            field: "redirectUri",
            reason: "must not have a fragment",
        }),
        Some(_) => Ok(()),
    }
}

fn check_prompts(prompts: &[Prompt]) -> Result<(), Error> {
    // OIDC Core §3.1.2.1: `none` with any other value is an error; Kakao's `none` shows no page
    // at all, so `login`, `create` or `select_account` beside it could never be honoured.
    if prompts.contains(&Prompt::None) && prompts.iter().any(|p| *p != Prompt::None) {
        return Err(Error::InvalidConfig {
            field: "prompt",
            reason: "none cannot be combined with another prompt",
        });
    }
    Ok(())
}

/// List items are joined with commas, so an item may be neither empty nor contain a comma.
fn check_list(field: &'static str, items: &[String]) -> Result<(), Error> {
    if items.iter().any(|i| i.is_empty() || i.contains([','])) {
        return Err(Error::InvalidConfig {
            field,
            reason: "items must be non-empty and contain no comma",
        });
    }
    Ok(())
}

fn push(url: &mut String, name: &str, value: &str) {
    url.push('&');
    url.push_str(name);
    url.push('=');
    url.push_str(&encode_component(value));
}

fn push_list<'i>(url: &mut String, name: &str, mut items: impl Iterator<Item = &'i str>) {
    let Some(first) = items.next() else { return };
    url.push('&');
    url.push_str(name);
    url.push('=');
    url.push_str(&encode_component(first));
    for item in items {
        url.push(',');
        url.push_str(&encode_component(item));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REDIRECT: &str = "https://service.example/auth/kakao?from=home";

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn minimal_url_has_client_id_redirect_uri_and_response_type() {
        let url = build_authorize_url(&AuthorizeRequest {
            client_id: "rest-key",
            redirect_uri: REDIRECT,
            ..Default::default()
        })
        .unwrap();
        assert_eq!(
            url,
            "https://kauth.kakao.com/oauth/authorize?client_id=rest-key\
             &redirect_uri=https%3A%2F%2Fservice.example%2Fauth%2Fkakao%3Ffrom%3Dhome&response_type=code"
        );
    }

    #[test]
    fn every_parameter_in_kakaos_order_with_comma_joined_lists() {
        let scope = strings(&["openid", "account_email", "profile_nickname"]);
        let terms = strings(&["tos_2024", "privacy_2024"]);
        let channels = strings(&["_ZeUTxl", "_abcd"]);
        let url = build_authorize_url(&AuthorizeRequest {
            client_id: "rest-key",
            redirect_uri: "http://localhost:8080/redirect.html",
            scope: &scope,
            prompt: &[Prompt::Login, Prompt::SelectAccount],
            login_hint: Some("user+tag@example.com"),
            service_terms: &terms,
            channel_public_ids: &channels,
            state: Some("st&ate#1"),
            nonce: Some("nonce value"),
            code_challenge: Some("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"),
            endpoint: Some("http://127.0.0.1:9000/oauth/authorize"),
        })
        .unwrap();
        assert_eq!(
            url,
            "http://127.0.0.1:9000/oauth/authorize?client_id=rest-key\
             &redirect_uri=http%3A%2F%2Flocalhost%3A8080%2Fredirect.html&response_type=code\
             &scope=openid,account_email,profile_nickname&prompt=login,select_account\
             &login_hint=user%2Btag%40example.com&service_terms=tos_2024,privacy_2024\
             &channel_public_id=_ZeUTxl,_abcd&state=st%26ate%231&nonce=nonce%20value\
             &code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"
        );
    }

    #[test]
    fn korean_login_hint_is_utf8_percent_encoded() {
        let url = build_authorize_url(&AuthorizeRequest {
            client_id: "k",
            redirect_uri: "https://a.example/cb",
            login_hint: Some("홍길동 +82 10-1234-5678"),
            ..Default::default()
        })
        .unwrap();
        assert!(
            url.ends_with("&login_hint=%ED%99%8D%EA%B8%B8%EB%8F%99%20%2B82%2010-1234-5678"),
            "{url}"
        );
    }

    #[test]
    fn endpoint_with_a_query_gets_its_parameters_appended() {
        let url = build_authorize_url(&AuthorizeRequest {
            client_id: "k",
            redirect_uri: "https://a.example/cb",
            endpoint: Some("https://proxy.example/authorize?tenant=7"),
            ..Default::default()
        })
        .unwrap();
        assert!(
            url.starts_with("https://proxy.example/authorize?tenant=7&client_id=k&"),
            "{url}"
        );
    }

    #[test]
    fn prompt_none_alone_is_fine() {
        let url = build_authorize_url(&AuthorizeRequest {
            client_id: "k",
            redirect_uri: "https://a.example/cb",
            prompt: &[Prompt::None],
            ..Default::default()
        })
        .unwrap();
        assert!(url.ends_with("&response_type=code&prompt=none"), "{url}");
    }

    fn config_error(req: AuthorizeRequest<'_>) -> &'static str {
        match build_authorize_url(&req) {
            Err(Error::InvalidConfig { field, .. }) => field,
            other => panic!("expected a config error, got {other:?}"),
        }
    }

    #[test]
    fn invalid_configuration_is_a_typed_error() {
        let base = AuthorizeRequest {
            client_id: "k",
            redirect_uri: "https://a.example/cb",
            ..Default::default()
        };
        assert_eq!(
            config_error(AuthorizeRequest {
                client_id: "",
                ..base.clone()
            }),
            "clientId"
        );
        assert_eq!(
            config_error(AuthorizeRequest {
                client_id: "  ",
                ..base.clone()
            }),
            "clientId"
        );
        for bad in [
            "/cb",
            "a.example/cb",
            "kakao123://oauth",
            "https://a.example/cb#x",
            "",
        ] {
            assert_eq!(
                config_error(AuthorizeRequest {
                    redirect_uri: bad,
                    ..base.clone()
                }),
                "redirectUri",
                "{bad}"
            );
        }
        for prompts in [
            [Prompt::None, Prompt::Login],
            [Prompt::Create, Prompt::None],
        ] {
            assert_eq!(
                config_error(AuthorizeRequest {
                    prompt: &prompts,
                    ..base.clone()
                }),
                "prompt"
            );
        }
        let bad_scope = strings(&["a,b"]);
        assert_eq!(
            config_error(AuthorizeRequest {
                scope: &bad_scope,
                ..base.clone()
            }),
            "scope"
        );
        let empty_term = strings(&[""]);
        assert_eq!(
            config_error(AuthorizeRequest {
                service_terms: &empty_term,
                ..base.clone()
            }),
            "serviceTerms"
        );
        assert_eq!(
            config_error(AuthorizeRequest {
                state: Some(""),
                ..base.clone()
            }),
            "state"
        );
        assert_eq!(
            config_error(AuthorizeRequest {
                code_challenge: Some("plain"),
                ..base.clone()
            }),
            "codeChallenge"
        );
        assert_eq!(
            config_error(AuthorizeRequest {
                endpoint: Some("kauth.kakao.com"),
                ..base
            }),
            "authorizeEndpoint"
        );
    }

    #[test]
    fn unknown_prompt_values_are_rejected() {
        assert_eq!(Prompt::parse("select_account"), Ok(Prompt::SelectAccount));
        assert!(matches!(
            Prompt::parse("Login"),
            Err(Error::InvalidConfig {
                field: "prompt",
                ..
            })
        ));
        assert!(Prompt::parse("consent").is_err());
    }
}
