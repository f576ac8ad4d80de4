//! The emulator's in-memory world: what the fixture defines (apps, accounts), what users did
//! (links, consent, channel relations, Kakao account sessions) and what was issued (codes,
//! tokens). One mutex guards it; no handler holds it across an `.await`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::rand::SecureRandom;

use crate::control::faults::Fault;
use crate::control::log::LoggedRequest;
use crate::fixture::{App, Fixture, FixtureError, Limits, User};
use crate::kapi::talk::SentMessage;
use crate::keys::SigningKey;
use crate::share::SentShare;
use crate::share::sharer::Pending;

/// A running emulator's shared state; cheap to clone into handlers.
#[derive(Clone)]
pub struct Emulator {
    shared: Arc<Shared>,
}

struct Shared {
    fixture: Fixture,
    issuer: String,
    key: SigningKey,
    http: reqwest::Client,
    world: Mutex<World>,
}

/// Everything that changes while the emulator runs.
pub struct World {
    pub apps: Vec<App>,
    pub users: BTreeMap<i64, User>,
    pub inapp_user: Option<i64>,
    /// Whether the phone has KakaoTalk; its account is `inapp_user`.
    pub talk_installed: bool,
    /// Finished KakaoTalk easy logins by `auth_tran_id`, until `code.json` hands them out.
    pub talk_results: HashMap<String, TalkResult>,
    pub limits: Limits,
    /// By (app_id, user_id): the user is linked to the app (Kakao Login done at least once).
    pub links: BTreeMap<(i64, i64), Link>,
    /// By (user_id, channel public id).
    pub channel_relations: BTreeMap<(i64, String), ChannelRelation>,
    /// Kakao account browser sessions, by cookie value.
    pub sessions: HashMap<String, Session>,
    /// Authorize requests waiting for the login or consent page, by transaction id.
    pub transactions: HashMap<String, Transaction>,
    pub codes: HashMap<String, Grant>,
    pub access_tokens: HashMap<String, AccessToken>,
    pub refresh_tokens: HashMap<String, RefreshToken>,
    /// By (app_id, user_id): issue times of access and refresh tokens, for KOE237.
    pub issuance: HashMap<(i64, i64), Issuance>,
    pub faults: Vec<Fault>,
    pub requests: Vec<LoggedRequest>,
    /// KakaoTalk share messages on the sharer's picker, by picker id.
    pub pending_shares: HashMap<String, Pending>,
    /// KakaoTalk share messages that reached a chat, oldest first.
    pub shares: Vec<SentShare>,
    /// Every KakaoTalk message sent, oldest first; the daily quotas count from it.
    pub sent_messages: Vec<SentMessage>,
    /// Added to the wall clock, so tests can expire codes and tokens without sleeping.
    pub clock_offset: i64,
}

/// A user's link to an app: the consent given on Kakao's screen or through the APIs.
#[derive(Clone, Debug, Default)]
pub struct Link {
    pub connected_at: i64,
    /// Set when the user went through the Kakao Sync consent screen.
    pub synched_at: Option<i64>,
    /// Agreed consent item ids.
    pub scopes: BTreeSet<String>,
    /// Agreed service terms, by tag.
    pub terms: BTreeMap<String, Agreement>,
}

/// When and through which channel a service term was agreed.
#[derive(Clone, Debug)]
pub struct Agreement {
    pub at: i64,
    pub by: AgreedBy,
}

/// `agreed_by` of the service-terms API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgreedBy {
    /// Kakao's consent screen.
    Kauth,
    /// `POST /v2/user/upgrade/service_terms`.
    Kapi,
}

impl AgreedBy {
    pub fn as_str(self) -> &'static str {
        match self {
            AgreedBy::Kauth => "KAUTH",
            AgreedBy::Kapi => "KAPI",
        }
    }
}

/// A user's relation to a KakaoTalk channel.
#[derive(Clone, Debug)]
pub struct ChannelRelation {
    pub relation: &'static str,
    pub updated_at: i64,
}

/// A signed-in Kakao account in one browser.
#[derive(Clone, Debug)]
pub struct Session {
    pub user_id: i64,
    pub auth_time: i64,
    pub expires_at: i64,
}

/// A checked `/oauth/authorize` request.
#[derive(Clone, Debug)]
pub struct AuthorizeRequest {
    pub app_id: i64,
    pub redirect_uri: String,
    pub state: Option<String>,
    pub nonce: Option<String>,
    /// Consent items asked for with `scope` (additional consent), without `openid`.
    pub scopes: Vec<String>,
    /// `scope` was sent: with OIDC on, an id_token then needs `openid` in it.
    pub scope_sent: bool,
    pub openid_requested: bool,
    pub service_terms: Option<Vec<String>>,
    pub channels: Vec<String>,
    pub login_hint: Option<String>,
    pub code_challenge: Option<String>,
    /// For an authorization through the chatbot's sync plugin: the URL that closes the
    /// half-view, sent to the plugin redirect URI as `continue`.
    pub continue_url: Option<String>,
    /// KakaoTalk easy login (`is_popup=true` with an `auth_tran_id`): the outcome waits for
    /// `apiweb/code.json` under this id instead of going to the redirect URI.
    pub auth_tran_id: Option<String>,
}

/// How a KakaoTalk easy login ended, kept for the page's `code.json` poll.
#[derive(Clone, Debug)]
pub struct TalkResult {
    pub app_id: i64,
    pub outcome: TalkOutcome,
    pub expires_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TalkOutcome {
    Code(String),
    /// `access_denied` when the user cancelled in KakaoTalk.
    Error {
        error: String,
        description: String,
    },
}

/// An authorize request in progress across the login and consent pages.
#[derive(Clone, Debug)]
pub struct Transaction {
    pub req: AuthorizeRequest,
    /// Set once a Kakao account is known: (user id, auth time).
    pub signed_in: Option<(i64, i64)>,
    pub expires_at: i64,
}

/// An authorization code's grant.
#[derive(Clone, Debug)]
pub struct Grant {
    pub app_id: i64,
    pub user_id: i64,
    pub redirect_uri: String,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub with_id_token: bool,
    pub auth_time: i64,
    pub expires_at: i64,
}

/// An issued access token.
#[derive(Clone, Debug)]
pub struct AccessToken {
    pub app_id: i64,
    pub user_id: i64,
    pub expires_at: i64,
    /// The refresh token issued with it (revoked with it by a Bearer logout).
    pub refresh_token: String,
}

/// An issued refresh token.
#[derive(Clone, Debug)]
pub struct RefreshToken {
    pub app_id: i64,
    pub user_id: i64,
    pub expires_at: i64,
    pub with_id_token: bool,
    pub auth_time: i64,
}

/// Recent issue times, for the per-user issuance limits.
#[derive(Clone, Debug, Default)]
pub struct Issuance {
    pub access: Vec<i64>,
    pub refresh: Vec<i64>,
}

impl Emulator {
    /// Builds the emulator for `fixture` (checked first). `base_url` is where it is reachable;
    /// it becomes the issuer unless the fixture names one.
    pub fn new(fixture: Fixture, base_url: &str) -> Result<Emulator, FixtureError> {
        fixture.validate()?;
        let key =
            SigningKey::load(fixture.signing_key_pem.as_deref()).map_err(FixtureError::Key)?;
        let issuer = fixture
            .issuer
            .clone()
            .unwrap_or_else(|| base_url.to_owned())
            .trim_end_matches('/')
            .to_owned();
        // reqwest is built without a bundled crypto provider; ring is the one already here.
        // Installing fails only when a provider is already installed, which is equally fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(3))
            .build()
            .expect("a plain HTTP client with a crypto provider installed builds");
        let world = World::from_fixture(&fixture);
        Ok(Emulator {
            shared: Arc::new(Shared {
                fixture,
                issuer,
                key,
                http,
                world: Mutex::new(world),
            }),
        })
    }

    /// The id_token `iss` and the base of every advertised URL, without a trailing slash.
    pub fn issuer(&self) -> &str {
        &self.shared.issuer
    }

    pub(crate) fn key(&self) -> &SigningKey {
        &self.shared.key
    }

    /// Members added to every id_token's JWS header, as the fixture gives them.
    pub(crate) fn id_token_header(&self) -> &serde_json::Map<String, serde_json::Value> {
        &self.shared.fixture.id_token_header
    }

    /// Keys served in the JWKS beside the signing key, as the fixture gives them.
    pub(crate) fn extra_jwks_keys(&self) -> &[serde_json::Value] {
        &self.shared.fixture.extra_jwks_keys
    }

    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.shared.http
    }

    /// Locks the world. A panic while it was held does not make it unusable: every mutation
    /// leaves it consistent, and a test emulator must keep answering.
    pub(crate) fn world(&self) -> MutexGuard<'_, World> {
        self.shared
            .world
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Back to the fixture: accounts, apps, and no links, sessions, tokens, faults or log.
    pub fn reset(&self) {
        *self.world() = World::from_fixture(&self.shared.fixture);
    }
}

impl World {
    fn from_fixture(fixture: &Fixture) -> World {
        World {
            apps: fixture.apps.clone(),
            users: fixture.users.iter().map(|u| (u.id, u.clone())).collect(),
            inapp_user: fixture.inapp_user,
            talk_installed: true,
            talk_results: HashMap::new(),
            limits: fixture.limits.clone(),
            links: BTreeMap::new(),
            channel_relations: BTreeMap::new(),
            sessions: HashMap::new(),
            transactions: HashMap::new(),
            codes: HashMap::new(),
            access_tokens: HashMap::new(),
            refresh_tokens: HashMap::new(),
            issuance: HashMap::new(),
            faults: Vec::new(),
            requests: Vec::new(),
            pending_shares: HashMap::new(),
            shares: Vec::new(),
            sent_messages: Vec::new(),
            clock_offset: 0,
        }
    }

    /// Unix seconds, shifted by the test clock.
    pub fn now(&self) -> i64 {
        let wall = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        wall + self.clock_offset
    }

    pub fn app_by_client_id(&self, client_id: &str) -> Option<&App> {
        self.apps.iter().find(|a| a.client_id == client_id)
    }

    pub fn app_by_javascript_key(&self, key: &str) -> Option<&App> {
        self.apps
            .iter()
            .find(|a| a.javascript_key.as_deref() == Some(key))
    }

    /// The app whose REST API key or JavaScript key `key` is: `/oauth/authorize` takes either.
    pub fn app_by_authorize_key(&self, key: &str) -> Option<&App> {
        self.app_by_client_id(key)
            .or_else(|| self.app_by_javascript_key(key))
    }

    pub fn app(&self, app_id: i64) -> Option<&App> {
        self.apps.iter().find(|a| a.app_id == app_id)
    }

    /// Ends the user's link to the app: consent withdrawn, every token revoked.
    pub fn unlink(&mut self, app_id: i64, user_id: i64) -> bool {
        self.revoke_tokens(app_id, user_id);
        self.links.remove(&(app_id, user_id)).is_some()
    }

    /// Revokes every code, access token and refresh token of the user for the app.
    pub fn revoke_tokens(&mut self, app_id: i64, user_id: i64) {
        let mine = |a: i64, u: i64| a == app_id && u == user_id;
        self.codes.retain(|_, g| !mine(g.app_id, g.user_id));
        self.access_tokens.retain(|_, t| !mine(t.app_id, t.user_id));
        self.refresh_tokens
            .retain(|_, t| !mine(t.app_id, t.user_id));
    }
}

/// A fresh unguessable token: `bytes` random bytes in base64url (Kakao's token alphabet).
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0; bytes];
    ring::rand::SystemRandom::new()
        .fill(&mut buf)
        .expect("the OS random source works");
    URL_SAFE_NO_PAD.encode(buf)
}

/// An id Kakao gives a user per app for `purpose` (a friend's `uuid`, a channel webhook's
/// `open_id`): stable, different across apps and purposes, and not the user id. Kakao's formats
/// are opaque; these are 22 base64url characters.
pub fn app_scoped_id(purpose: &str, app_id: i64, user_id: i64) -> String {
    let digest = ring::digest::digest(
        &ring::digest::SHA256,
        format!("{purpose}:{app_id}:{user_id}").as_bytes(),
    );
    URL_SAFE_NO_PAD.encode(&digest.as_ref()[..16])
}

/// RFC 3339 in UTC with second precision, as Kakao formats `connected_at` and `agreed_at`.
pub fn rfc3339(unix: i64) -> String {
    let format =
        time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    time::OffsetDateTime::from_unix_timestamp(unix)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
        .format(&format)
        .expect("a fixed format over a valid date")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_formatted_like_kakao() {
        assert_eq!(rfc3339(1_661_967_952), "2022-08-31T17:45:52Z");
    }

    #[test]
    fn app_scoped_ids_are_stable_and_differ_across_apps_and_purposes() {
        let id = app_scoped_id("talk-uuid", 1, 2);
        assert_eq!(id, app_scoped_id("talk-uuid", 1, 2));
        assert_ne!(id, app_scoped_id("talk-uuid", 3, 2));
        assert_ne!(id, app_scoped_id("open-id", 1, 2));
        assert_eq!(id.len(), 22);
    }

    #[test]
    fn random_tokens_use_the_base64url_alphabet_and_differ() {
        let (a, b) = (random_token(48), random_token(48));
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
    }
}
