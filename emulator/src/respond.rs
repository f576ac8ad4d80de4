//! Kakao's response conventions: JSON with `application/json;charset=UTF-8`, kauth errors as
//! `{error, error_description, error_code}` and kapi errors as `{msg, code}`.
//!
//! <https://developers.kakao.com/docs/latest/ko/rest-api/reference#response-code>

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Value, json};

/// The exact content type Kakao sends with JSON.
pub const JSON_UTF8: &str = "application/json;charset=UTF-8";

/// `value` as JSON with Kakao's content type.
pub fn json(status: StatusCode, value: &impl Serialize) -> Response {
    let body = serde_json::to_vec(value).expect("response types serialise to JSON");
    (
        status,
        [(header::CONTENT_TYPE, HeaderValue::from_static(JSON_UTF8))],
        body,
    )
        .into_response()
}

/// A kauth (`/oauth/*`) error: `{error, error_description, error_code?}`.
#[derive(Debug)]
pub struct KauthErr {
    pub status: StatusCode,
    error: String,
    description: String,
    /// `KOE…`; absent where Kakao documents none.
    code: Option<String>,
}

impl KauthErr {
    /// The error for a `KOE…` code, with its documented `error` and HTTP status.
    pub fn koe(code: &str, description: impl Into<String>) -> KauthErr {
        let (error, status) = koe_meaning(code);
        KauthErr {
            status,
            error: error.into(),
            description: description.into(),
            code: Some(code.into()),
        }
    }

    /// An error Kakao documents no `KOE…` code for.
    pub fn plain(error: &str, description: impl Into<String>) -> KauthErr {
        KauthErr {
            status: StatusCode::BAD_REQUEST,
            error: error.into(),
            description: description.into(),
            code: None,
        }
    }
}

impl IntoResponse for KauthErr {
    fn into_response(self) -> Response {
        let mut body = json!({"error": self.error, "error_description": self.description});
        if let Some(code) = self.code {
            body["error_code"] = code.into();
        }
        json(self.status, &body)
    }
}

/// The OAuth `error` and HTTP status of a `KOE…` code, per Kakao's trouble-shooting tables.
/// Codes not listed there answer `invalid_request` with 400.
///
/// <https://developers.kakao.com/docs/latest/ko/kakaologin/trouble-shooting>
pub fn koe_meaning(code: &str) -> (&'static str, StatusCode) {
    match code {
        "KOE003" => ("server_error", StatusCode::INTERNAL_SERVER_ERROR),
        "KOE009" => ("misconfigured", StatusCode::BAD_REQUEST),
        // KOE010's 401 is observed, not documented; it is what lets services probe credentials.
        "KOE010" => ("invalid_client", StatusCode::UNAUTHORIZED),
        "KOE101" | "KOE102" => ("invalid_client", StatusCode::BAD_REQUEST),
        "KOE205" => ("invalid_scope", StatusCode::BAD_REQUEST),
        "KOE303" | "KOE319" | "KOE320" | "KOE322" => ("invalid_grant", StatusCode::BAD_REQUEST),
        "KOE400" | "KOE401" | "KOE402" | "KOE403" => ("invalid_token", StatusCode::BAD_REQUEST),
        _ => ("invalid_request", StatusCode::BAD_REQUEST),
    }
}

/// A kapi error: `{msg, code}` (and `required_scopes` with `-402`), with the status Kakao pairs
/// with the code.
#[derive(Debug)]
pub struct KapiErr {
    code: i32,
    msg: String,
    required_scopes: Option<Vec<String>>,
}

impl KapiErr {
    pub fn new(code: i32, msg: impl Into<String>) -> KapiErr {
        KapiErr {
            code,
            msg: msg.into(),
            required_scopes: None,
        }
    }

    /// `-402`: the user has not agreed to these consent items.
    pub fn insufficient_scope(required: Vec<String>) -> KapiErr {
        KapiErr {
            required_scopes: Some(required),
            ..KapiErr::new(-402, "insufficient scopes")
        }
    }

    pub fn invalid_token(msg: &str) -> KapiErr {
        KapiErr::new(-401, msg)
    }

    pub fn bad_param(msg: impl Into<String>) -> KapiErr {
        KapiErr::new(-2, msg)
    }

    pub fn not_linked() -> KapiErr {
        KapiErr::new(-101, "NotRegisteredUserException")
    }
}

/// The HTTP status of a kapi error code.
///
/// <https://developers.kakao.com/docs/latest/ko/rest-api/reference#response-code>
pub fn kapi_status(code: i32) -> StatusCode {
    match code {
        -401 | -406 => StatusCode::UNAUTHORIZED,
        -3 | -4 | -5 | -6 | -12 | -402 => StatusCode::FORBIDDEN,
        -9798 => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::BAD_REQUEST,
    }
}

impl IntoResponse for KapiErr {
    fn into_response(self) -> Response {
        let mut body = json!({"msg": self.msg, "code": self.code});
        if let Some(scopes) = self.required_scopes {
            body["required_scopes"] = Value::from(scopes);
        }
        let mut response = json(kapi_status(self.code), &body);
        if self.code == -401 {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer error=invalid_token"),
            );
        }
        response
    }
}
