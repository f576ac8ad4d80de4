//! Everything the backend asks of Kakao: the HTTP client for kauth and kapi, and the id_token
//! check. Errors keep Kakao's own codes so the page can show them.

mod client;
mod id_token;
mod template;

pub use client::KakaoClient;
pub use id_token::IdTokenVerifier;
pub(crate) use id_token::usable_kids;
pub use template::Template;

use kakao_sync_wire::kakao::TokenResponse;
use thiserror::Error;

use crate::secret::Secret;

/// The most friends one KakaoTalk message goes to.
/// <https://developers.kakao.com/docs/latest/ko/kakaotalk-message/rest-api>
pub const MAX_RECEIVERS: usize = 5;

/// Why a call to Kakao did not give an answer we can use.
#[derive(Debug, Error)]
pub enum KakaoError {
    /// Kakao answered with an error body (kauth `{error, error_code}` or kapi `{msg, code}`).
    #[error("Kakao refused the request: {message}")]
    Refused {
        error: Option<String>,
        error_code: Option<String>,
        message: String,
    },
    /// kapi's `-402`: the user has not agreed to the consent items the call needs; asking for
    /// `required_scopes` with additional consent (`/oauth/authorize?scope=…`) fixes it.
    /// <https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#request-code-additional-consent>
    #[error("the user has not agreed to {}", required_scopes.join(", "))]
    InsufficientScope { required_scopes: Vec<String> },
    /// kapi's `-401`, or a refresh token Kakao no longer accepts: the member must sign in again.
    #[error("the Kakao login has expired; sign in again")]
    InvalidToken,
    /// A 5xx, a dropped connection, a redirect, or a body that is not the JSON Kakao documents.
    #[error("Kakao is unavailable: {0}")]
    Unavailable(String),
    /// No answer within `KAKAO_TIMEOUT_MS`.
    #[error("Kakao did not answer in time")]
    Timeout,
}

/// Kakao's tokens for one session, as stored; the id_token is checked and dropped.
#[derive(Clone, Debug)]
pub struct KakaoTokens {
    pub access_token: Secret,
    pub expires_in: i64,
    pub refresh_token: Option<Secret>,
    pub refresh_token_expires_in: Option<i64>,
}

impl From<TokenResponse> for KakaoTokens {
    fn from(t: TokenResponse) -> Self {
        Self {
            access_token: Secret::new(t.access_token),
            expires_in: t.expires_in,
            refresh_token: t.refresh_token.map(Secret::new),
            refresh_token_expires_in: t.refresh_token_expires_in,
        }
    }
}
