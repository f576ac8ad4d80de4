//! The request log: every Kakao endpoint call with its parameters and status, secrets redacted.

use std::collections::BTreeMap;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use serde::Serialize;

use crate::params::{Params, is_form};
use crate::respond::json;
use crate::state::{Emulator, rfc3339};

/// At most this many requests are kept; the oldest go first.
const KEEP: usize = 1000;

/// Request bodies larger than this are refused (413) rather than buffered.
const MAX_BODY: usize = 1 << 20;

/// Parameter names whose values never appear in the log.
const SECRET_PARAMS: &[&str] = &[
    "client_secret",
    "code",
    "code_verifier",
    "refresh_token",
    "access_token",
    "id_token",
    "tx",
];

/// One logged request.
#[derive(Clone, Debug, Serialize)]
pub struct LoggedRequest {
    pub at: String,
    pub method: String,
    pub path: String,
    pub query: BTreeMap<String, String>,
    /// Form body parameters, when the body was a form.
    pub form: BTreeMap<String, String>,
    /// `Bearer` or `KakaoAK`; the credential itself is never logged.
    pub authorization: Option<String>,
    pub status: u16,
}

fn redacted(params: &Params) -> BTreeMap<String, String> {
    params
        .iter()
        .map(|(k, v)| {
            let shown = if SECRET_PARAMS.contains(&k) {
                "[redacted]".to_owned()
            } else {
                v.to_owned()
            };
            (k.to_owned(), shown)
        })
        .collect()
}

/// Middleware: logs every request outside `/__emulator/`.
pub async fn record(State(emu): State<Emulator>, req: Request, next: Next) -> Response {
    if req.uri().path().starts_with("/__emulator") {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return super::error(StatusCode::PAYLOAD_TOO_LARGE, "request body too large");
    };
    let query = Params::parse(parts.uri.query().unwrap_or("").as_bytes()).unwrap_or_default();
    let form = if is_form(&parts.headers) {
        Params::parse(&bytes).unwrap_or_default()
    } else {
        Params::default()
    };
    let authorization = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_whitespace().next())
        .map(str::to_owned);
    let mut entry = LoggedRequest {
        at: String::new(),
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: redacted(&query),
        form: redacted(&form),
        authorization,
        status: 0,
    };
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    entry.status = response.status().as_u16();
    let mut world = emu.world();
    entry.at = rfc3339(world.now());
    world.requests.push(entry);
    let excess = world.requests.len().saturating_sub(KEEP);
    world.requests.drain(..excess);
    response
}

/// `GET /__emulator/requests`.
pub async fn list(State(emu): State<Emulator>) -> Response {
    json(StatusCode::OK, &emu.world().requests)
}
