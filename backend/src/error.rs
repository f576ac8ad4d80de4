//! The one error type of every handler, answered as the contract's JSON `ApiError` with a stable
//! snake_case `code`. Each code is documented in `openapi.json`.

use axum::Json;
use axum::extract::rejection::{FormRejection, JsonRejection};
use std::time::Duration;

use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use kakao_sync_wire::api::ApiError;
use thiserror::Error;

use crate::kakao::KakaoError;

/// Why a request failed; [`Error::code`] and [`Error::status`] are what the browser sees.
#[derive(Debug, Error)]
pub enum Error {
    /// 400 `invalid_request`: a malformed or disallowed body, query or field.
    #[error("{0}")]
    InvalidRequest(String),
    /// 413 `payload_too_large`.
    #[error("the request body is larger than the limit")]
    PayloadTooLarge,
    /// 401 `unauthorized`: no valid session, or a webhook without the admin key.
    #[error("not signed in")]
    Unauthorized,
    /// 400 `duplicate_session_cookie`: the request carries two session cookies.
    #[error(
        "the request carries more than one session cookie; clear this site's cookies and sign in again"
    )]
    DuplicateSessionCookie,
    /// 429 `rate_limited`, with `Retry-After`: this client's limit for the route is spent.
    #[error("too many requests from this client; try again in {} s", retry_after.as_secs().max(1))]
    RateLimited {
        /// When the next request will be let through.
        retry_after: Duration,
    },
    /// 403 `forbidden_origin`.
    #[error("this origin may not call state-changing routes")]
    ForbiddenOrigin,
    /// 409 `code_already_used`.
    #[error("this authorization code was already posted")]
    CodeAlreadyUsed,
    /// 401 `id_token_invalid`, with the check that failed.
    #[error("the id_token is not valid: {0}")]
    IdTokenInvalid(String),
    /// 404 `talk_login_off`: `TALK_LOGIN=off`; the page uses Kakao Account login instead.
    #[error("KakaoTalk easy login is turned off on this backend")]
    TalkLoginOff,
    /// 400 `talk_login_invalid`: no open KakaoTalk login has this state.
    #[error(
        "no open KakaoTalk login has this state: it was used, it expired, or it was never opened"
    )]
    TalkLoginInvalid,
    /// 400 `unknown_term`.
    #[error("term {0:?} is not in the app's catalogue")]
    UnknownTerm(String),
    /// 400 `term_not_revocable`.
    #[error("term {0:?} cannot be revoked")]
    TermNotRevocable(String),
    /// `kakao_error` (400), `kakao_unavailable` (502), `kakao_timeout` (504), or `unauthorized`
    /// (401) for a login Kakao no longer accepts.
    #[error(transparent)]
    Kakao(#[from] KakaoError),
    /// 404 `not_found`.
    #[error("no such route")]
    NotFound,
    /// 503 `timeout`: longer than `REQUEST_TIMEOUT_MS`.
    #[error("the request took too long")]
    Timeout,
    /// The detail goes to the log, never to the browser.
    #[error("internal error")]
    Internal(String),
}

impl Error {
    /// The stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidRequest(_) => "invalid_request",
            Error::PayloadTooLarge => "payload_too_large",
            Error::Unauthorized => "unauthorized",
            Error::DuplicateSessionCookie => "duplicate_session_cookie",
            Error::RateLimited { .. } => "rate_limited",
            Error::ForbiddenOrigin => "forbidden_origin",
            Error::CodeAlreadyUsed => "code_already_used",
            Error::IdTokenInvalid(_) => "id_token_invalid",
            Error::TalkLoginOff => "talk_login_off",
            Error::TalkLoginInvalid => "talk_login_invalid",
            Error::UnknownTerm(_) => "unknown_term",
            Error::TermNotRevocable(_) => "term_not_revocable",
            Error::Kakao(KakaoError::Refused { .. }) => "kakao_error",
            Error::Kakao(KakaoError::InvalidToken) => "unauthorized",
            Error::Kakao(KakaoError::Unavailable(_)) => "kakao_unavailable",
            Error::Kakao(KakaoError::Timeout) => "kakao_timeout",
            Error::NotFound => "not_found",
            Error::Timeout => "timeout",
            Error::Internal(_) => "internal",
        }
    }

    /// The HTTP status that goes with the code.
    pub fn status(&self) -> StatusCode {
        match self {
            Error::InvalidRequest(_)
            | Error::UnknownTerm(_)
            | Error::TermNotRevocable(_)
            | Error::TalkLoginInvalid
            | Error::DuplicateSessionCookie => StatusCode::BAD_REQUEST,
            Error::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Error::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Error::Unauthorized | Error::IdTokenInvalid(_) => StatusCode::UNAUTHORIZED,
            Error::ForbiddenOrigin => StatusCode::FORBIDDEN,
            Error::CodeAlreadyUsed => StatusCode::CONFLICT,
            Error::Kakao(KakaoError::Refused { .. }) => StatusCode::BAD_REQUEST,
            Error::Kakao(KakaoError::InvalidToken) => StatusCode::UNAUTHORIZED,
            Error::Kakao(KakaoError::Unavailable(_)) => StatusCode::BAD_GATEWAY,
            Error::Kakao(KakaoError::Timeout) => StatusCode::GATEWAY_TIMEOUT,
            Error::NotFound | Error::TalkLoginOff => StatusCode::NOT_FOUND,
            Error::Timeout => StatusCode::SERVICE_UNAVAILABLE,
            Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn body(&self) -> ApiError {
        let (kakao_error, kakao_error_code) = match self {
            Error::Kakao(KakaoError::Refused {
                error, error_code, ..
            }) => (error.clone(), error_code.clone()),
            _ => (None, None),
        };
        ApiError {
            code: self.code().to_owned(),
            message: self.to_string(),
            kakao_error,
            kakao_error_code,
        }
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let status = self.status();
        match &self {
            Error::Internal(detail) => {
                tracing::error!(code = self.code(), detail = %detail, "request failed")
            }
            _ if status.is_server_error() => {
                tracing::warn!(code = self.code(), error = %self, "request failed")
            }
            // Only the code: a refusal's message can quote Kakao's description, which may
            // echo the authorization code.
            _ => tracing::info!(code = self.code(), "request refused"),
        }
        let mut response = (status, Json(self.body())).into_response();
        if let Error::RateLimited { retry_after } = self {
            // Whole seconds, rounded up, so a client that waits that long is let through.
            let secs = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Self {
        Error::Internal(format!("database: {e}"))
    }
}

impl From<JsonRejection> for Error {
    fn from(e: JsonRejection) -> Self {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Error::PayloadTooLarge
        } else {
            Error::InvalidRequest(e.body_text())
        }
    }
}

impl From<FormRejection> for Error {
    fn from(e: FormRejection) -> Self {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Error::PayloadTooLarge
        } else {
            Error::InvalidRequest(e.body_text())
        }
    }
}
