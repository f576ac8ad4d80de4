//! Cross-cutting request handling: the origin check on state-changing routes, the per-client
//! rate limits, the early refusal of declared oversize bodies, and the per-request timeout with
//! one structured log line per request (method, path without query, status, time).

use std::net::SocketAddr;
use std::time::Instant;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::{CONTENT_LENGTH, ORIGIN};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::client::{Client, RateLimit};
use crate::error::Error;
use crate::state::AppState;

/// Refuses a state-changing request whose `Origin` is absent or not in `ALLOWED_ORIGINS`.
/// Browsers send `Origin` on every POST, so a cross-site form or fetch cannot act for a member.
pub async fn require_allowed_origin(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let allowed = request
        .headers()
        .get(ORIGIN)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|origin| state.config.allowed_origins.iter().any(|a| a == origin));
    if allowed {
        next.run(request).await
    } else {
        Error::ForbiddenOrigin.into_response()
    }
}

/// Refuses with 429 a `POST /session` or a sync plugin redirect past its client's
/// `RATE_LIMIT_SESSION_PER_MINUTE`, before it claims the code or calls Kakao with the client
/// secret.
pub async fn limit_sign_ins(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    limited(&state, state.sign_in_limit.as_deref(), request, next).await
}

/// Refuses with 429 a webhook call past its client's `RATE_LIMIT_WEBHOOK_PER_MINUTE`.
pub async fn limit_webhooks(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    limited(&state, state.webhook_limit.as_deref(), request, next).await
}

async fn limited(
    state: &AppState,
    limit: Option<&RateLimit>,
    request: Request,
    next: Next,
) -> Response {
    if let Some(limit) = limit {
        let peer = request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(peer)| *peer);
        let client = Client::of_request(
            request.headers(),
            peer,
            state.config.limits.client_ip_header.as_ref(),
        );
        if let Err(retry_after) = limit.check(client) {
            return Error::RateLimited { retry_after }.into_response();
        }
    }
    next.run(request).await
}

/// Refuses at once a request whose declared `Content-Length` exceeds `BODY_LIMIT_BYTES`. The body
/// limit alone trips only once that much has arrived, so a client that declared a huge body and
/// sent none held its request open until the request timeout.
pub async fn refuse_declared_oversize(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let declared = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > state.config.body_limit as u64) {
        Error::PayloadTooLarge.into_response()
    } else {
        next.run(request).await
    }
}

/// Bounds the handling time (`REQUEST_TIMEOUT_MS`) and logs the outcome.
pub async fn observe(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = match tokio::time::timeout(state.config.request_timeout, next.run(request)).await
    {
        Ok(response) => response,
        Err(_) => Error::Timeout.into_response(),
    };
    tracing::info!(
        %method,
        path,
        status = response.status().as_u16(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "request"
    );
    response
}
