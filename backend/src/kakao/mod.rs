//! Everything the backend asks of Kakao: the HTTP client for kauth and kapi, and the id_token
//! check. Errors keep Kakao's own codes so the page can show them.

mod client;
mod id_token;

pub use client::KakaoClient;
pub use id_token::IdTokenVerifier;
pub(crate) use id_token::usable_kids;

use kakao_sync_wire::kakao::TokenResponse;
use thiserror::Error;

use crate::secret::Secret;

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
