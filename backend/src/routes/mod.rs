//! The contract's routes under `API_PREFIX`, and the optional static files around them.

mod account;
mod channels;
mod chatbot;
mod meta;
mod plugin;
mod session;
mod talk;
mod terms;
mod webhook;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::header::{
    ACCEPT, CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY,
    X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderValue, Method};
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use tower_http::cors::CorsLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::error::Error;
use crate::middleware::{
    limit_sign_ins, limit_webhooks, observe, refuse_declared_oversize, require_allowed_origin,
};
use crate::state::AppState;

/// A page on an allowed origin other than the backend's (e.g. `app.example.com` calling
/// `api.example.com`) may call with its cookie; every other origin gets no CORS grant.
fn cors(allowed_origins: &[String]) -> CorsLayer {
    let origins: Vec<HeaderValue> = allowed_origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    CorsLayer::new()
        .allow_origin(origins)
        .allow_credentials(true)
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([CONTENT_TYPE, ACCEPT])
}

/// Headers on every answer, pages included. No page may be framed: a framed login button or
/// terms panel is a clickjacking target, and a `<meta>` CSP cannot say `frame-ancestors`. The
/// redirect page's address holds the code and the state, so only the origin may leave the site
/// as a referrer: the modern browsers' default, stated for the ones that predate it.
fn security_headers(router: Router<AppState>) -> Router<AppState> {
    let headers = [
        (X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (X_FRAME_OPTIONS, "DENY"),
        (CONTENT_SECURITY_POLICY, "frame-ancestors 'none'"),
        (REFERRER_POLICY, "strict-origin-when-cross-origin"),
    ];
    headers.into_iter().fold(router, |router, (name, value)| {
        router.layer(SetResponseHeaderLayer::if_not_present(
            name,
            HeaderValue::from_static(value),
        ))
    })
}

/// The whole service: call this from `main` and from tests.
pub fn app(state: AppState) -> Router {
    let state_changing = Router::new()
        .route(
            "/session",
            post(session::create).layer(from_fn_with_state(state.clone(), limit_sign_ins)),
        )
        .route(
            "/session/talk",
            post(talk::open).layer(from_fn_with_state(state.clone(), limit_sign_ins)),
        )
        .route("/terms/agree", post(terms::agree))
        .route("/terms/revoke", post(terms::revoke))
        .route("/logout", post(account::logout))
        .route("/withdraw", post(account::withdraw))
        .route_layer(from_fn_with_state(state.clone(), require_allowed_origin));

    let api = Router::new()
        .route("/session", get(session::current))
        .route("/terms", get(terms::list))
        .route("/channels", get(channels::list))
        .route(
            "/webhooks/unlink",
            get(webhook::unlink)
                .post(webhook::unlink)
                .layer(from_fn_with_state(state.clone(), limit_webhooks)),
        )
        // A top-level navigation from Kakao's half-view: no Origin to check, so it is not among
        // the state-changing routes, but each call costs a code exchange like `POST /session`.
        .route(
            "/plugin/sync/redirect",
            get(plugin::redirect).layer(from_fn_with_state(state.clone(), limit_sign_ins)),
        )
        .route("/chatbot/skill", post(chatbot::skill))
        .route("/healthz", get(meta::healthz))
        .route("/openapi.json", get(meta::openapi))
        .merge(state_changing)
        .fallback(|| async { Error::NotFound })
        .layer(DefaultBodyLimit::max(state.config.body_limit))
        .layer(from_fn_with_state(state.clone(), refuse_declared_oversize))
        .layer(cors(&state.config.allowed_origins))
        // Answers carry a member's data and set the session cookie: no cache keeps them.
        .layer(SetResponseHeaderLayer::overriding(
            CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));

    let mut router = Router::new().nest(&state.config.api_prefix, api);
    for (mount, dir) in state.static_dirs.iter() {
        router = match mount.as_str() {
            "/" => router.fallback_service(ServeDir::new(dir)),
            path => router.nest_service(path, ServeDir::new(dir)),
        };
    }
    security_headers(router)
        .layer(from_fn_with_state(state.clone(), observe))
        .with_state(state)
}
