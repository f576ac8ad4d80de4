//! Cross-cutting request handling: the origin check on state-changing routes, and the per-request
//! timeout with one structured log line per request (method, path without query, status, time).

use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::header::ORIGIN;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

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
