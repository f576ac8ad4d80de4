//! What every handler shares: the checked config, the database pool, the Kakao client and the
//! JWKS cache.

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use thiserror::Error;
use tokio::sync::Notify;

use crate::client::RateLimit;
use crate::config::Config;
use crate::cookie;
use crate::db::{self, Db, SessionRecord};
use crate::error::Error;
use crate::kakao::{IdTokenVerifier, KakaoClient, KakaoError, KakaoTokens};
use crate::secret::{Secret, ct_eq};
use crate::worker;

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
    /// Wakes the deletion worker when a deletion is recorded or given back.
    pub(crate) deletions_due: Arc<Notify>,
    /// Per-client limit of `POST /session` (`None`: off).
    pub sign_in_limit: Option<Arc<RateLimit>>,
    /// Per-client limit of the webhooks (`None`: off).
    pub webhook_limit: Option<Arc<RateLimit>>,
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
    /// Opens (and migrates) the database, builds the Kakao client and starts the deletion
    /// worker (which also finishes what an earlier run left).
    pub async fn new(config: Config) -> Result<Self, StartError> {
        let db = db::connect(&config.database_url, config.token_keys.clone()).await?;
        let kakao = KakaoClient::new(&config.kakao)?;
        let limit = |per_minute| Some(Arc::new(RateLimit::per_minute(per_minute?)));
        let state = Self {
            sign_in_limit: limit(config.limits.session_per_minute),
            webhook_limit: limit(config.limits.webhook_per_minute),
            config: Arc::new(config),
            db,
            kakao,
            id_tokens: Arc::default(),
            deletions_due: Arc::default(),
            static_dirs: Arc::new([]),
        };
        tokio::spawn(worker::run(state.clone()));
        Ok(state)
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
        let fresh = self.fresh_token(session).await?;
        call(fresh).await.map_err(Error::from)
    }

    /// An access token to use instead of the session's, which Kakao refused. One refresh per
    /// session at a time, across instances (a lease in the session's row): Kakao may rotate the
    /// refresh token, and a second, concurrent refresh with the old one would fail and end a
    /// session that is fine. Whoever does not hold the lease waits for the holder's token.
    async fn fresh_token(&self, session: &SessionRecord) -> Result<Secret, Error> {
        let lease = self.config.kakao.timeout + Duration::from_secs(2);
        // Past the lease, and a step: a holder that died lets the next claim through.
        let waited_enough = Instant::now() + lease + Duration::from_secs(2);
        let current = loop {
            let now = db::now();
            let lease_until = now + lease.as_secs().max(1) as i64;
            match db::claim_refresh(&self.db, &session.id_hash, now, lease_until).await? {
                Some(current) => break current,
                None => match db::session_access_token(&self.db, &session.id_hash).await? {
                    None => return Err(Error::Unauthorized),
                    Some(token) if !ct_eq(token.expose(), session.access_token.expose()) => {
                        return Ok(token);
                    }
                    Some(_) if Instant::now() > waited_enough => {
                        return Err(KakaoError::Timeout.into());
                    }
                    Some(_) => tokio::time::sleep(REFRESH_WAIT_STEP).await,
                },
            }
        };
        if !ct_eq(current.access_token.expose(), session.access_token.expose()) {
            db::release_refresh(&self.db, &session.id_hash).await?;
            return Ok(current.access_token);
        }
        let refreshed = match &current.refresh_token {
            Some(refresh) => self.kakao.refresh(refresh).await,
            None => Err(KakaoError::InvalidToken),
        };
        let tokens = match refreshed {
            Ok(t) => KakaoTokens::from(t),
            Err(KakaoError::InvalidToken) => {
                db::delete_session(&self.db, &session.id_hash).await?;
                return Err(Error::Unauthorized);
            }
            Err(e) => {
                db::release_refresh(&self.db, &session.id_hash).await?;
                return Err(e.into());
            }
        };
        db::update_session_tokens(&self.db, &session.id_hash, &tokens, db::now()).await?;
        tracing::info!("refreshed a Kakao access token");
        Ok(tokens.access_token)
    }
}

/// How often a request that waits for another's refresh looks for its result.
const REFRESH_WAIT_STEP: Duration = Duration::from_millis(50);

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
