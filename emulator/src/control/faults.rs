//! Fault injection: per endpoint, delay the answer, replace it with a 5xx, malformed JSON or a
//! forced Kakao error, or drop the connection. Faults never apply to `/__emulator/`.

use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::kauth::pages::error_page;
use crate::kauth::request::PageError;
use crate::respond::{JSON_UTF8, KapiErr, KauthErr, json};
use crate::state::Emulator;

/// Endpoint names accepted in place of a path.
const ENDPOINTS: &[(&str, &str)] = &[
    ("authorize", "/oauth/authorize"),
    ("token", "/oauth/token"),
    ("tokeninfo", "/oauth/tokeninfo"),
    ("logout", "/oauth/logout"),
    ("discovery", "/.well-known/openid-configuration"),
    ("jwks", "/.well-known/jwks.json"),
    ("access_token_info", "/v1/user/access_token_info"),
    ("user_logout", "/v1/user/logout"),
    ("unlink", "/v1/user/unlink"),
    ("user_me", "/v2/user/me"),
    ("oidc_userinfo", "/v1/oidc/userinfo"),
    ("service_terms", "/v2/user/service_terms"),
    ("revoke_service_terms", "/v2/user/revoke/service_terms"),
    ("upgrade_service_terms", "/v2/user/upgrade/service_terms"),
    ("scopes", "/v2/user/scopes"),
    ("revoke_scopes", "/v2/user/revoke/scopes"),
    ("channels", "/v2/api/talk/channels"),
];

/// What a fault does to a matching request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum FaultKind {
    /// Answer normally, `ms` milliseconds late.
    Latency { ms: u64 },
    /// Answer with this status and a Kakao-shaped server error.
    Status { status: u16 },
    /// 200 with a JSON content type and a truncated body.
    MalformedJson,
    /// Close the connection without a complete answer.
    Drop,
    /// A kauth error with this `KOE…` code (the error page on `/oauth/authorize`).
    Koe { code: String },
    /// A kapi error with this negative code.
    Kapi { code: i32 },
}

/// `POST /__emulator/faults` body, and a fault as listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fault {
    /// The request path, e.g. `/oauth/token`, or an endpoint name such as `token`.
    #[serde(alias = "endpoint")]
    pub path: String,
    #[serde(flatten)]
    pub kind: FaultKind,
    /// How many matching requests it hits (default 1).
    #[serde(default = "one")]
    pub count: u32,
    /// Hits every matching request until `DELETE /__emulator/faults`.
    #[serde(default)]
    pub persistent: bool,
}

fn one() -> u32 {
    1
}

impl Fault {
    /// Resolves an endpoint name to its path and rejects what could never match.
    pub fn normalise(mut self) -> Result<Fault, String> {
        if let Some((_, path)) = ENDPOINTS.iter().find(|(name, _)| *name == self.path) {
            self.path = (*path).to_owned();
        }
        if !self.path.starts_with('/') || self.path.starts_with("/__emulator") {
            let names: Vec<&str> = ENDPOINTS.iter().map(|(n, _)| *n).collect();
            return Err(format!(
                "path must be a Kakao endpoint path or one of: {}",
                names.join(", ")
            ));
        }
        if let FaultKind::Status { status } = self.kind
            && StatusCode::from_u16(status).is_err()
        {
            return Err(format!("invalid status {status}"));
        }
        if self.count == 0 && !self.persistent {
            return Err("count must be at least 1".into());
        }
        Ok(self)
    }
}

/// Middleware: takes the first fault matching the path and applies it.
pub async fn inject(State(emu): State<Emulator>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    if path.starts_with("/__emulator") {
        return next.run(req).await;
    }
    let hit = {
        let mut world = emu.world();
        let found = world.faults.iter().position(|f| f.path == path);
        found.map(|i| {
            let fault = &mut world.faults[i];
            let kind = fault.kind.clone();
            if !fault.persistent {
                fault.count -= 1;
                if fault.count == 0 {
                    world.faults.remove(i);
                }
            }
            kind
        })
    };
    let Some(kind) = hit else {
        return next.run(req).await;
    };
    let kauth = path.starts_with("/oauth/") || path.starts_with("/.well-known/");
    let page = path == "/oauth/authorize" || path == "/oauth/logout";
    match kind {
        FaultKind::Latency { ms } => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            next.run(req).await
        }
        FaultKind::Status { status } => {
            let status = StatusCode::from_u16(status).expect("checked when added");
            let mut response = if kauth {
                KauthErr::plain("server_error", "injected fault").into_response()
            } else {
                KapiErr::new(-1, "injected fault").into_response()
            };
            *response.status_mut() = status;
            response
        }
        FaultKind::MalformedJson => {
            let mut response = (StatusCode::OK, "{\"injected\":\"malformed").into_response();
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON_UTF8));
            response
        }
        FaultKind::Drop => {
            // A body that fails before its first byte makes hyper abort the connection.
            let failing = tokio_stream::once(Err::<axum::body::Bytes, _>(std::io::Error::other(
                "injected connection drop",
            )));
            Response::new(Body::from_stream(failing))
        }
        FaultKind::Koe { code } if page => error_page(&PageError::new(&code, "injected fault")),
        FaultKind::Koe { code } => KauthErr::koe(&code, "injected fault").into_response(),
        FaultKind::Kapi { code } => KapiErr::new(code, "injected fault").into_response(),
    }
}

/// `POST /__emulator/faults`.
pub async fn add(State(emu): State<Emulator>, axum::Json(fault): axum::Json<Fault>) -> Response {
    match fault.normalise() {
        Ok(fault) => {
            emu.world().faults.push(fault.clone());
            json(StatusCode::CREATED, &fault)
        }
        Err(why) => super::error(StatusCode::BAD_REQUEST, &why),
    }
}

/// `GET /__emulator/faults`.
pub async fn list(State(emu): State<Emulator>) -> Response {
    json(StatusCode::OK, &emu.world().faults)
}

/// `DELETE /__emulator/faults`.
pub async fn clear(State(emu): State<Emulator>) -> StatusCode {
    emu.world().faults.clear();
    StatusCode::NO_CONTENT
}
