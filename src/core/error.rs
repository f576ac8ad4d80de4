//! The one error type of the browser module, with stable machine-readable codes.

use crate::prelude::*;
use core::fmt;

use crate::core::redirect::OAuthError;
use crate::core::text::{concat, decimal};

/// Everything that can go wrong in kakao-sync's browser module. [`Error::code`] is stable and is
/// what reaches JavaScript as `KakaoSyncError.code`; the message is for people and may change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// An option is missing or malformed (a bad redirect URI, `prompt=none` with `login`, …).
    InvalidConfig {
        field: &'static str,
        reason: &'static str,
    },
    /// An options object does not have the documented shape (unknown field, wrong type).
    InvalidOptions(String),
    /// A KakaoTalk share message breaks one of Kakao's template limits; `field` is its path in
    /// Kakao's template object, e.g. `buttons` or `contents[1].link.web_url`. Nothing was sent.
    InvalidTemplate { field: String, reason: &'static str },
    /// The redirect URL is not a well-formed Kakao authorization response.
    MalformedRedirect(&'static str),
    /// The redirect carries no `state` although the login sent one.
    StateMissing,
    /// The redirect's `state` is not the one this tab sent: a forged or crossed redirect.
    StateMismatch,
    /// The redirect carries a `state` although no login in this tab sent one.
    UnexpectedState,
    /// No login transaction is stored in this tab (another tab, cleared storage, or a direct visit).
    NoTransaction,
    /// The login transaction is older than its lifetime.
    TransactionExpired,
    /// This redirect was already handled: a reload, or a second call after the first finished.
    AlreadyHandled,
    /// Kakao answered the authorization request with an error other than cancel / consent.
    Kakao {
        error: OAuthError,
        description: Option<String>,
    },
    /// The backend could not be reached (network error, CORS, offline).
    BackendUnreachable(String),
    /// The backend answered with an error status. Boxed: it is the largest variant, and every
    /// `Result` in the module would otherwise carry its size.
    Backend(Box<BackendError>),
    /// The backend answered 403 `consent_required`: the member has not agreed to the consent
    /// items Kakao needs for the call (e.g. `talk_message`, `friends`).
    /// `login({ scope: requiredScopes })` asks for exactly those.
    ConsentRequired { required_scopes: Vec<String> },
    /// The backend answered 2xx with a body that is not the documented shape.
    BackendResponse(String),
    /// sessionStorage, `crypto` or `location` is not usable in this context.
    Browser(String),
}

/// An error answer of the backend: `{code, message, kakaoError?, kakaoErrorCode?}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackendError {
    pub status: u16,
    /// The backend's stable code, or `http_error` when the answer had none (a proxy's page).
    pub code: String,
    pub message: String,
    pub kakao_error: Option<String>,
    pub kakao_error_code: Option<String>,
}

impl Error {
    /// The stable code, e.g. `state_mismatch`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidConfig { .. } | Error::InvalidOptions(_) => "invalid_config",
            Error::InvalidTemplate { .. } => "invalid_template",
            Error::MalformedRedirect(_) => "malformed_redirect",
            Error::StateMissing => "state_missing",
            Error::StateMismatch => "state_mismatch",
            Error::UnexpectedState => "unexpected_state",
            Error::NoTransaction => "no_transaction",
            Error::TransactionExpired => "transaction_expired",
            Error::AlreadyHandled => "already_handled",
            Error::Kakao { .. } => "kakao_error",
            Error::BackendUnreachable(_) => "backend_unreachable",
            Error::Backend(_) => "backend_error",
            Error::ConsentRequired { .. } => "consent_required",
            Error::BackendResponse(_) => "backend_response",
            Error::Browser(_) => "browser_unavailable",
        }
    }
}

impl Error {
    /// The message for people, built without `core::fmt` (which would cost every page that
    /// loads the module several kilobytes).
    pub fn message(&self) -> String {
        let status;
        let parts: &[&str] = match self {
            Error::InvalidConfig { field, reason } => &["invalid `", field, "`: ", reason],
            Error::InvalidOptions(why) => &["invalid options: ", why],
            Error::InvalidTemplate { field, reason } => {
                &["invalid share template: `", field, "` ", reason]
            }
            Error::MalformedRedirect(why) => &["malformed redirect: ", why],
            Error::StateMissing => &["the redirect has no state although the login sent one"],
            Error::StateMismatch => &["the redirect's state does not match this tab's login"],
            Error::UnexpectedState => &["the redirect has a state although no login sent one"],
            Error::NoTransaction => &["no Kakao login was started in this tab"],
            Error::TransactionExpired => &["the Kakao login took too long; start again"],
            Error::AlreadyHandled => &["this Kakao redirect was already handled"],
            Error::Kakao {
                error,
                description: Some(d),
            } => &["Kakao refused: ", error.as_str(), " (", d, ")"],
            Error::Kakao { error, .. } => &["Kakao refused: ", error.as_str()],
            Error::BackendUnreachable(why) => &["the backend is unreachable: ", why],
            Error::Backend(b) => {
                status = decimal(b.status.into());
                &["backend error ", &status, ": ", &b.message]
            }
            Error::ConsentRequired { .. } => &[
                "the member has not agreed to the consent items this needs; ask with login({ scope: requiredScopes })",
            ],
            Error::BackendResponse(why) => &["unexpected backend response: ", why],
            Error::Browser(why) => &["browser API unavailable: ", why],
        };
        concat(parts)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl ::core::error::Error for Error {}
