//! What every handler shares: the checked config, the database pool, the Kakao client and the
//! JWKS cache.

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use thiserror::Error;
use tokio::sync::Mutex;

use crate::client::RateLimit;
use crate::config::Config;
use crate::cookie;
use crate::db::{self, Db, SessionRecord};
use crate::error::Error;
use crate::kakao::{IdTokenVerifier, KakaoClient, KakaoError, KakaoTokens};
use crate::secret::Secret;

/// The shared state behind [`crate::app`].
#[derive(Clone, Debug)]
pub struct AppState {
    /// The checked settings.
    pub config: Arc<Config>,
    /// SQLite or PostgreSQL, migrated.
    pub db: Db,
    /// kauth and kapi, with the app's credentials.
    pub kakao: KakaoClient,
    /// The id_token check and its JWKS cache.
    pub id_tokens: Arc<IdTokenVerifier>,
    /// Per-client limit of `POST /session` (`None`: off).
    pub sign_in_limit: Option<Arc<RateLimit>>,
    /// Per-client limit of the webhooks (`None`: off).
    pub webhook_limit: Option<Arc<RateLimit>>,
    /// Striped by session: refreshes of one session never overlap in this process.
    refresh_locks: Arc<[Mutex<()>; REFRESH_STRIPES]>,
    /// `--static [PATH=]DIR`: directories served next to the API, by URL path (`/` for the
    /// site), so the demo's `www/` and `pkg/` share the API's origin.
    pub static_dirs: Arc<[(String, PathBuf)]>,
}

/// Why the service could not start.
#[derive(Debug, Error)]
pub enum StartError {
    /// The database cannot be opened or migrated.
    #[error("DATABASE_URL: cannot open or migrate the database: {0}")]
    Database(#[from] sqlx::Error),
    /// The TLS client cannot be built.
    #[error("cannot build the HTTP client for Kakao: {0}")]
    Http(#[from] reqwest::Error),
}

impl AppState {
    /// Opens (and migrates) the database and builds the Kakao client.
    pub async fn new(config: Config) -> Result<Self, StartError> {
        let db = db::connect(&config.database_url, config.token_keys.clone()).await?;
        let kakao = KakaoClient::new(&config.kakao)?;
        let limit = |per_minute| Some(Arc::new(RateLimit::per_minute(per_minute?)));
        Ok(Self {
            sign_in_limit: limit(config.limits.session_per_minute),
            webhook_limit: limit(config.limits.webhook_per_minute),
            config: Arc::new(config),
            db,
            kakao,
            id_tokens: Arc::default(),
            refresh_locks: Arc::new(std::array::from_fn(|_| Mutex::new(()))),
            static_dirs: Arc::new([]),
        })
    }

    /// Also serves the files under `dir` at the URL path `mount` (`/` for everything the API
    /// and the other mounts do not answer).
    pub fn with_static_dir(mut self, mount: impl Into<String>, dir: PathBuf) -> Self {
        let mut dirs = self.static_dirs.to_vec();
        dirs.push((mount.into(), dir));
        self.static_dirs = dirs.into();
        self
    }

    /// Runs a kapi call with the session's access token. When Kakao answers `-401`, refreshes
    /// the token once, stores the new one and retries; a refused refresh ends the session.
    /// <https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#refresh-tokens>
    pub async fn with_token<T, F, Fut>(&self, session: &SessionRecord, call: F) -> Result<T, Error>
    where
        F: Fn(Secret) -> Fut,
        Fut: Future<Output = Result<T, KakaoError>>,
    {
        match call(session.access_token.clone()).await {
            Err(KakaoError::InvalidToken) => {}
            other => return other.map_err(Error::from),
        }
        // One refresh per session at a time: Kakao may rotate the refresh token, and a second,
        // concurrent refresh with the old one would fail and end a session that is fine.
        let _guard = self.refresh_locks[refresh_stripe(&session.id_hash)]
            .lock()
            .await;
        match db::session_access_token(&self.db, &session.id_hash).await? {
            None => return Err(Error::Unauthorized),
            Some(current) if current != session.access_token => {
                return call(current).await.map_err(Error::from);
            }
            Some(_) => {}
        }
        let refreshed = match &session.refresh_token {
            Some(refresh) => self.kakao.refresh(refresh).await,
            None => Err(KakaoError::InvalidToken),
        };
        let tokens = match refreshed {
            Ok(t) => KakaoTokens::from(t),
            Err(KakaoError::InvalidToken) => {
                db::delete_session(&self.db, &session.id_hash).await?;
                return Err(Error::Unauthorized);
            }
            Err(e) => return Err(e.into()),
        };
        db::update_session_tokens(&self.db, &session.id_hash, &tokens, db::now()).await?;
        tracing::info!("refreshed a Kakao access token");
        call(tokens.access_token).await.map_err(Error::from)
    }
}

const REFRESH_STRIPES: usize = 16;

/// The lock stripe of a session, from its (uniformly random) hash.
fn refresh_stripe(id_hash: &str) -> usize {
    usize::from_str_radix(&id_hash[..1], 16).unwrap_or(0) % REFRESH_STRIPES
}

/// The session of a signed-in request; extracting it answers 401 when there is none.
pub struct Signed(pub SessionRecord);

impl<S> FromRequestParts<S> for Signed
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Error> {
        let state = AppState::from_ref(state);
        let id = cookie::session_id(&parts.headers, &state.config.cookie.name)?
            .ok_or(Error::Unauthorized)?;
        db::find_session(&state.db, id, db::now())
            .await?
            .map(Signed)
            .ok_or(Error::Unauthorized)
    }
}
