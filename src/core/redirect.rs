//! The redirect back from Kakao: `code` or `error`, and the `state` check.
//!
//! <https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#request-code-response>

use kakao_sync_wire::oauth::{AuthorizationCode, State};

use crate::core::error::Error;
use crate::core::url::{QueryDecoder, parse_http_url};
use crate::prelude::*;

/// Kakao's `error` values on the redirect (and the token endpoint), with an open fallback so a
/// new value never breaks parsing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OAuthError {
    /// The user pressed cancel on the consent screen.
    AccessDenied,
    /// `prompt=none`, but the user is not linked or must consent to something: not a member yet.
    ConsentRequired,
    /// `prompt=none`, but no Kakao Account is signed in.
    LoginRequired,
    /// `prompt=none`, but another user action is needed.
    InteractionRequired,
    InvalidRequest,
    InvalidClient,
    InvalidScope,
    InvalidGrant,
    Misconfigured,
    Unauthorized,
    UnauthorizedClient,
    ServerError,
    Other(String),
}

impl OAuthError {
    pub fn parse(value: &str) -> OAuthError {
        match value {
            "access_denied" => OAuthError::AccessDenied,
            "consent_required" => OAuthError::ConsentRequired,
            "login_required" => OAuthError::LoginRequired,
            "interaction_required" => OAuthError::InteractionRequired,
            "invalid_request" => OAuthError::InvalidRequest,
            "invalid_client" => OAuthError::InvalidClient,
            "invalid_scope" => OAuthError::InvalidScope,
            "invalid_grant" => OAuthError::InvalidGrant,
            "misconfigured" => OAuthError::Misconfigured,
            "unauthorized" => OAuthError::Unauthorized,
            "unauthorized_client" => OAuthError::UnauthorizedClient,
            "server_error" => OAuthError::ServerError,
            other => OAuthError::Other(other.to_owned()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            OAuthError::AccessDenied => "access_denied",
            OAuthError::ConsentRequired => "consent_required",
            OAuthError::LoginRequired => "login_required",
            OAuthError::InteractionRequired => "interaction_required",
            OAuthError::InvalidRequest => "invalid_request",
            OAuthError::InvalidClient => "invalid_client",
            OAuthError::InvalidScope => "invalid_scope",
            OAuthError::InvalidGrant => "invalid_grant",
            OAuthError::Misconfigured => "misconfigured",
            OAuthError::Unauthorized => "unauthorized",
            OAuthError::UnauthorizedClient => "unauthorized_client",
            OAuthError::ServerError => "server_error",
            OAuthError::Other(s) => s,
        }
    }

    /// The answers of a silent (`prompt=none`) request that mean "this person has to sign up or
    /// sign in by hand". Kakao documents `consent_required`; the other two come from its SDKs.
    pub fn means_interaction_needed(&self) -> bool {
        matches!(
            self,
            OAuthError::ConsentRequired
                | OAuthError::LoginRequired
                | OAuthError::InteractionRequired
        )
    }
}

/// What the redirect URL says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Redirect {
    Code {
        code: AuthorizationCode,
        state: Option<String>,
    },
    Error {
        error: OAuthError,
        description: Option<String>,
        state: Option<String>,
    },
}

impl Redirect {
    pub fn state(&self) -> Option<&str> {
        match self {
            Redirect::Code { state, .. } | Redirect::Error { state, .. } => state.as_deref(),
        }
    }
}

/// The parameters this module reads from, and removes from, the redirect URL.
const CALLBACK_PARAMS: [&str; 4] = ["code", "state", "error", "error_description"];

/// Parses the redirect URL, its query decoded by `decode`. Kakao answers in the query; the
/// fragment and unknown parameters are ignored, but a repeated `code`, `state`, `error` or
/// `error_description`, a `code` beside an `error`, or neither of them, is a malformed redirect.
#[expect(
    clippy::indexing_slicing,
    reason = "`i` is a position in CALLBACK_PARAMS, as long as `found`"
)]
pub fn parse_redirect(url: &str, decode: QueryDecoder) -> Result<Redirect, Error> {
    let parsed =
        parse_http_url(url).ok_or(Error::MalformedRedirect("not an absolute http(s) URL"))?;
    let mut found: [Option<String>; CALLBACK_PARAMS.len()] = Default::default();
    for (name, value) in decode(parsed.query.unwrap_or_default()) {
        let Some(i) = CALLBACK_PARAMS.iter().position(|p| *p == name) else {
            continue;
        };
        if found[i].replace(value).is_some() {
            return Err(Error::MalformedRedirect(match i {
                0 => "repeated `code` parameter",
                1 => "repeated `state` parameter",
                2 => "repeated `error` parameter",
                _ => "repeated `error_description` parameter",
            }));
        }
    }
    let [code, state, error, description] = found;
    match (code, error) {
        (Some(_), Some(_)) => Err(Error::MalformedRedirect("both `code` and `error`")),
        (None, None) => Err(Error::MalformedRedirect("neither `code` nor `error`")),
        (Some(code), None) if code.is_empty() => Err(Error::MalformedRedirect("empty `code`")),
        (None, Some(error)) if error.is_empty() => Err(Error::MalformedRedirect("empty `error`")),
        (Some(code), None) => Ok(Redirect::Code {
            code: AuthorizationCode::new(code),
            state,
        }),
        (None, Some(error)) => Ok(Redirect::Error {
            error: OAuthError::parse(&error),
            description,
            state,
        }),
    }
}

/// Whether `url` carries any of Kakao's callback parameters: false for a redirect page whose
/// address bar [`strip_callback_params`] already cleaned.
pub fn has_callback_params(url: &str, decode: QueryDecoder) -> bool {
    parse_http_url(url)
        .and_then(|parsed| parsed.query)
        .is_some_and(|query| {
            decode(query)
                .iter()
                .any(|(name, _)| CALLBACK_PARAMS.contains(&name.as_str()))
        })
}

/// Checks the redirect's `state` against the one this tab's login sent, in constant time.
pub fn check_state(expected: Option<&State>, received: Option<&str>) -> Result<(), Error> {
    match (expected, received) {
        (Some(e), Some(r)) if e.matches(r) => Ok(()),
        (Some(_), Some(_)) => Err(Error::StateMismatch),
        (Some(_), None) => Err(Error::StateMissing),
        (None, Some(_)) => Err(Error::UnexpectedState),
        (None, None) => Ok(()),
    }
}

/// The URL without Kakao's callback parameters, for `history.replaceState`: a reload or a
/// shared link then carries no code. Other parameters, their order and the fragment are kept.
pub fn strip_callback_params(url: &str, decode: QueryDecoder) -> String {
    let Some(parsed) = parse_http_url(url) else {
        return url.to_owned();
    };
    let Some(query) = parsed.query else {
        return url.to_owned();
    };
    let mut out = String::with_capacity(url.len());
    out.push_str(parsed.scheme);
    out.push_str("://");
    out.push_str(parsed.authority_and_path);
    let mut separator = '?';
    for pair in query.split(['&']) {
        // The name as [`parse_redirect`] reads it, escapes decoded: `co%64e` is a `code` too.
        let pairs = decode(pair);
        if pairs
            .first()
            .is_some_and(|(name, _)| !CALLBACK_PARAMS.contains(&name.as_str()))
        {
            out.push(separator);
            out.push_str(pair);
            separator = '&';
        }
    }
    if let Some(fragment) = parsed.fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::url::form_pairs;

    // The module's parsers with the form_urlencoded crate decoding queries, as the browser's
    // URLSearchParams does in the module.
    fn parse_redirect(url: &str) -> Result<Redirect, Error> {
        super::parse_redirect(url, form_pairs)
    }

    fn strip_callback_params(url: &str) -> String {
        super::strip_callback_params(url, form_pairs)
    }

    #[test]
    fn code_with_state() {
        assert_eq!(
            parse_redirect("https://a.example/cb?code=abc-123&state=s%261").unwrap(),
            Redirect::Code {
                code: AuthorizationCode::new("abc-123".into()),
                state: Some("s&1".into())
            }
        );
    }

    #[test]
    fn code_without_state_and_with_extra_parameters_and_fragment() {
        assert_eq!(
            parse_redirect("https://a.example/cb?from=home&code=abc&utm=x#section?code=evil")
                .unwrap(),
            Redirect::Code {
                code: AuthorizationCode::new("abc".into()),
                state: None
            }
        );
    }

    #[test]
    fn kakaos_documented_cancel_redirect() {
        assert_eq!(
            parse_redirect("https://a.example/cb?error=access_denied&error_description=User%20denied%20access&state=s1")
                .unwrap(),
            Redirect::Error {
                error: OAuthError::AccessDenied,
                description: Some("User denied access".into()),
                state: Some("s1".into())
            }
        );
    }

    #[test]
    fn every_documented_error_maps_to_its_variant_and_unknown_ones_are_kept() {
        for (raw, variant) in [
            ("access_denied", OAuthError::AccessDenied),
            ("consent_required", OAuthError::ConsentRequired),
            ("login_required", OAuthError::LoginRequired),
            ("interaction_required", OAuthError::InteractionRequired),
            ("invalid_request", OAuthError::InvalidRequest),
            ("invalid_client", OAuthError::InvalidClient),
            ("invalid_scope", OAuthError::InvalidScope),
            ("invalid_grant", OAuthError::InvalidGrant),
            ("misconfigured", OAuthError::Misconfigured),
            ("unauthorized", OAuthError::Unauthorized),
            ("unauthorized_client", OAuthError::UnauthorizedClient),
            ("server_error", OAuthError::ServerError),
            ("auto_login", OAuthError::Other("auto_login".into())),
        ] {
            let r = parse_redirect(&format!("https://a.example/cb?error={raw}")).unwrap();
            assert_eq!(
                r,
                Redirect::Error {
                    error: variant.clone(),
                    description: None,
                    state: None
                }
            );
            assert_eq!(variant.as_str(), raw);
        }
        assert!(OAuthError::ConsentRequired.means_interaction_needed());
        assert!(OAuthError::LoginRequired.means_interaction_needed());
        assert!(!OAuthError::AccessDenied.means_interaction_needed());
    }

    #[test]
    fn malformed_redirects_are_typed_errors() {
        for (url, why) in [
            ("/cb?code=a", "not an absolute http(s) URL"),
            ("https://a.example/cb", "neither `code` nor `error`"),
            ("https://a.example/cb?state=s", "neither `code` nor `error`"),
            (
                "https://a.example/cb#code=a&state=s",
                "neither `code` nor `error`",
            ),
            (
                "https://a.example/cb?code=a&code=b",
                "repeated `code` parameter",
            ),
            (
                "https://a.example/cb?code=a&state=s&state=s",
                "repeated `state` parameter",
            ),
            (
                "https://a.example/cb?error=x&error=y",
                "repeated `error` parameter",
            ),
            (
                "https://a.example/cb?error=x&error_description=a&error_description=b",
                "repeated `error_description` parameter",
            ),
            (
                "https://a.example/cb?code=a&error=access_denied",
                "both `code` and `error`",
            ),
            ("https://a.example/cb?code=", "empty `code`"),
            ("https://a.example/cb?error=", "empty `error`"),
        ] {
            assert_eq!(
                parse_redirect(url),
                Err(Error::MalformedRedirect(why)),
                "{url}"
            );
        }
    }

    #[test]
    fn state_check_covers_present_missing_mismatched_and_unexpected() {
        let sent = State::new("s1".into());
        assert_eq!(check_state(Some(&sent), Some("s1")), Ok(()));
        assert_eq!(
            check_state(Some(&sent), Some("s2")),
            Err(Error::StateMismatch)
        );
        assert_eq!(
            check_state(Some(&sent), Some("")),
            Err(Error::StateMismatch)
        );
        assert_eq!(check_state(Some(&sent), None), Err(Error::StateMissing));
        assert_eq!(check_state(None, Some("s1")), Err(Error::UnexpectedState));
        assert_eq!(check_state(None, None), Ok(()));
    }

    #[test]
    fn strip_removes_only_callback_params() {
        assert_eq!(
            strip_callback_params("https://a.example/cb?from=home&code=abc&state=s&x=1#top"),
            "https://a.example/cb?from=home&x=1#top"
        );
        assert_eq!(
            strip_callback_params(
                "https://a.example/cb?error=access_denied&error_description=no&state=s"
            ),
            "https://a.example/cb"
        );
        assert_eq!(
            strip_callback_params("https://a.example/cb"),
            "https://a.example/cb"
        );
    }

    #[test]
    fn strip_removes_callback_params_whose_names_are_percent_encoded() {
        let url =
            "https://a.example/cb?keep=1&co%64e=abc&%73tate=s&error%5Fdescription=x&%63ode=d#f";
        assert_eq!(
            parse_redirect(url),
            Err(Error::MalformedRedirect("repeated `code` parameter")),
            "the parser reads both escaped names as `code`"
        );
        assert_eq!(strip_callback_params(url), "https://a.example/cb?keep=1#f");
        assert_eq!(
            strip_callback_params("https://a.example/cb?cod%65x=1&%zz=2"),
            "https://a.example/cb?cod%65x=1&%zz=2"
        );
    }
}
