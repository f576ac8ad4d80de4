//! What the backend's fuzz targets share: one backend state per process, pointed at an emulator
//! on a loopback port (for the JWKS) and a SQLite file in a temporary directory.

use std::collections::HashMap;
use std::sync::OnceLock;

use kakao_sync_backend::{AppState, Config};
use kakao_sync_emulator::{Fixture, Running};
use tokio::runtime::Runtime;

/// The emulator's demo app.
pub const ADMIN_KEY: &str = "kakao-sync-demo-admin-key";
pub const APP_ID: &str = "1234567";
pub const REST_API_KEY: &str = "kakao-sync-demo-rest-api-key";

/// A backend state, the runtime it lives on, and what it points at.
pub struct Backend {
    pub runtime: Runtime,
    pub state: AppState,
    _kakao: Running,
    _dir: tempfile::TempDir,
}

/// The process's backend, started on first use.
pub fn backend() -> &'static Backend {
    static BACKEND: OnceLock<Backend> = OnceLock::new();
    BACKEND.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let (kakao, state) = runtime.block_on(async {
            let kakao = kakao_sync_emulator::spawn(Fixture::default())
                .await
                .unwrap();
            let base = kakao.base_url();
            let db = format!("sqlite://{}", dir.path().join("fuzz.sqlite").display());
            let vars: HashMap<&str, &str> = [
                ("KAKAO_AUTH_URL", base.as_str()),
                ("KAKAO_API_URL", base.as_str()),
                ("KAKAO_REST_API_KEY", REST_API_KEY),
                ("KAKAO_CLIENT_SECRET", "kakao-sync-demo-client-secret"),
                ("KAKAO_ADMIN_KEY", ADMIN_KEY),
                ("KAKAO_APP_ID", APP_ID),
                ("KAKAO_REDIRECT_URIS", "http://localhost:8080/redirect.html"),
                ("DATABASE_URL", db.as_str()),
                ("TOKEN_KEY", "fuzz:ZnV6ei1vbmx5LXRva2VuLWtleS0zMi1ieXRlcy4uLi4="),
                // Every input counts as one client: past a limit, none would reach a handler.
                ("RATE_LIMIT_SESSION_PER_MINUTE", "0"),
                ("RATE_LIMIT_WEBHOOK_PER_MINUTE", "0"),
            ]
            .into();
            let config = Config::from_vars(|k| vars.get(k).map(|v| (*v).to_owned())).unwrap();
            (kakao, AppState::new(config).await.unwrap())
        });
        Backend {
            runtime,
            state,
            _kakao: kakao,
            _dir: dir,
        }
    })
}
