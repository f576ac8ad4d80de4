//! kakao-sync-emulator: a local stand-in for Kakao's `kauth.kakao.com` and `kapi.kakao.com`,
//! for tests, demos and CI. One server answers both hosts' paths.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let running = kakao_sync_emulator::spawn(kakao_sync_emulator::Fixture::default()).await?;
//! let token_endpoint = format!("{}/oauth/token", running.base_url());
//! # let _ = token_endpoint; Ok(()) }
//! ```
//!
//! <https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api>

mod avatar;
mod control;
pub mod fixture;
mod kapi;
mod kauth;
mod keys;
mod params;
mod respond;
mod share;
mod state;
mod user_view;
mod webhook;

use axum::Router;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use fixture::Fixture;
pub use state::Emulator;

use kauth::{authorize, logout, oidc, session, talk, token};

/// Every route: kauth, kapi, the emulator's avatars and the `/__emulator/` control API, behind
/// the request log and fault injection.
pub fn app(state: Emulator) -> Router {
    Router::new()
        .route("/oauth/authorize", get(authorize::authorize))
        .route(
            "/accounts/login",
            get(session::login_form).post(session::login_submit),
        )
        .route(
            "/accounts/signup",
            get(session::signup_form).post(session::signup_submit),
        )
        .route("/accounts/talk", get(talk::accounts_talk))
        .route("/apiweb/code.json", get(talk::code_json))
        .route(
            "/oauth/consent",
            get(authorize::consent_form).post(authorize::consent_submit),
        )
        .route("/oauth/token", post(token::token))
        .route("/oauth/tokeninfo", post(oidc::tokeninfo))
        .route("/oauth/logout", get(logout::logout))
        .route("/.well-known/openid-configuration", get(oidc::discovery))
        .route("/.well-known/jwks.json", get(oidc::jwks))
        .route(
            "/v1/user/access_token_info",
            get(kapi::user::access_token_info),
        )
        .route("/v1/user/logout", post(kapi::user::logout))
        .route("/v1/user/unlink", post(kapi::user::unlink))
        .route("/v2/user/me", get(kapi::user::me).post(kapi::user::me))
        .route(
            "/v1/oidc/userinfo",
            get(kapi::user::oidc_userinfo).post(kapi::user::oidc_userinfo),
        )
        .route("/v2/user/service_terms", get(kapi::terms::service_terms))
        .route("/v2/user/revoke/service_terms", post(kapi::terms::revoke))
        .route("/v2/user/upgrade/service_terms", post(kapi::terms::upgrade))
        .route("/v2/user/scopes", get(kapi::scopes::scopes))
        .route("/v2/user/revoke/scopes", post(kapi::scopes::revoke))
        .route("/v2/api/talk/channels", get(kapi::channels::channels))
        .route(
            "/v2/api/kakaolink/talk/template/{action}",
            get(share::validate).post(share::validate),
        )
        .route(share::sdk::PATH, get(share::sdk::script))
        .route("/picker/link", post(share::sharer::link))
        .route("/picker/send", post(share::sharer::send))
        .route("/dn/{user_id}/{file}", get(avatar::avatar))
        .route("/__emulator/", get(control::overview::page))
        .nest("/__emulator", control::routes())
        .layer(from_fn_with_state(state.clone(), control::faults::inject))
        .layer(from_fn_with_state(state.clone(), control::log::record))
        .with_state(state)
}

/// A serving emulator. Dropping it stops the server.
pub struct Running {
    base_url: String,
    emulator: Emulator,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl Running {
    /// Where it listens, e.g. `http://127.0.0.1:41234` (no trailing slash).
    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    /// The state, for in-process inspection.
    pub fn emulator(&self) -> &Emulator {
        &self.emulator
    }

    /// Stops accepting connections and waits for the server to finish.
    pub async fn shutdown(mut self) -> std::io::Result<()> {
        self.stop.take().map(|stop| stop.send(()));
        match self.task.take() {
            Some(task) => task.await.map_err(std::io::Error::other)?,
            None => Ok(()),
        }
    }

    /// Serves until the server fails (it only stops on its own on an I/O error).
    pub async fn wait(mut self) -> std::io::Result<()> {
        match self.task.take() {
            Some(task) => task.await.map_err(std::io::Error::other)?,
            None => Ok(()),
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Serves `fixture` on 127.0.0.1 at a random port.
pub async fn spawn(fixture: Fixture) -> std::io::Result<Running> {
    serve(fixture, TcpListener::bind("127.0.0.1:0").await?)
}

/// Serves `fixture` on `listener`, in a background task.
pub fn serve(fixture: Fixture, listener: TcpListener) -> std::io::Result<Running> {
    let addr = listener.local_addr()?;
    let host = if addr.ip().is_unspecified() {
        "127.0.0.1".to_owned()
    } else {
        addr.ip().to_string()
    };
    let base_url = if addr.is_ipv6() && !addr.ip().is_unspecified() {
        format!("http://[{host}]:{}", addr.port())
    } else {
        format!("http://{host}:{}", addr.port())
    };
    let emulator = Emulator::new(fixture, &base_url)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    let (stop, stopped) = oneshot::channel::<()>();
    let router = app(emulator.clone());
    let task = tokio::spawn(async move {
        axum::serve(listener, router)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
    });
    Ok(Running {
        base_url,
        emulator,
        stop: Some(stop),
        task: Some(task),
    })
}
