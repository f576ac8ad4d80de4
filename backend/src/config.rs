//! Configuration from environment variables (and, in `main`, an optional `KEY=VALUE` file under
//! the same names). Every value is checked once at start; an error names the variable.

use std::num::NonZeroU32;
use std::time::Duration;

use axum::http::HeaderName;
use thiserror::Error;
use url::Url;

use crate::sealed::TokenKeys;
use crate::secret::Secret;
use crate::terms::TermSpec;

/// A missing or invalid setting; the start stops with this message.
#[derive(Debug, Error)]
#[error("{var}: {reason}")]
pub struct ConfigError {
    /// The environment variable at fault.
    pub var: &'static str,
    /// What is wrong with it.
    pub reason: String,
}

impl ConfigError {
    pub(crate) fn new(var: &'static str, reason: impl Into<String>) -> Self {
        Self {
            var,
            reason: reason.into(),
        }
    }
}

/// Where Kakao is and who this app is to Kakao.
/// <https://developers.kakao.com/docs/latest/en/kakaologin/rest-api>
#[derive(Clone, Debug)]
pub struct KakaoConfig {
    /// `KAKAO_AUTH_URL`: kauth base URL.
    pub auth_url: Url,
    /// `KAKAO_API_URL`: kapi base URL.
    pub api_url: Url,
    /// `KAKAO_ISSUER`: the id_token `iss` to expect; defaults to the auth URL without a trailing
    /// slash, which is what Kakao (`https://kauth.kakao.com`) and the emulator both issue.
    pub issuer: String,
    /// `KAKAO_REST_API_KEY`: the `client_id`, and the id_token `aud`.
    pub rest_api_key: String,
    /// `KAKAO_CLIENT_SECRET`.
    pub client_secret: Secret,
    /// `KAKAO_ADMIN_KEY`: the primary admin key, which Kakao's unlink webhook presents.
    pub admin_key: Secret,
    /// `KAKAO_APP_ID`: the numeric app id the unlink webhook carries.
    pub app_id: String,
    /// `KAKAO_REDIRECT_URIS`: comma-separated; `POST /session` accepts only these.
    pub redirect_uris: Vec<String>,
    /// `KAKAO_LOGOUT_REDIRECT_URI`: where Kakao's account logout returns; needed only for
    /// `withKakaoAccount` logout.
    pub logout_redirect_uri: Option<String>,
    /// `KAKAO_CHANNEL_PUBLIC_IDS`: comma-separated channels to ask about; empty asks for all the
    /// channels linked to the app.
    pub channel_public_ids: Vec<String>,
    /// `KAKAO_CONNECT_TIMEOUT_MS` (default 2000) and `KAKAO_TIMEOUT_MS` (default 5000).
    pub connect_timeout: Duration,
    /// The whole call, answer included.
    pub timeout: Duration,
}

/// The session cookie. <https://developers.kakao.com/docs/latest/en/kakaologin/utilize#logout>
#[derive(Clone, Debug)]
pub struct CookieConfig {
    /// `COOKIE_NAME` (default `kakao_sync_session`) behind the strongest prefix the other
    /// attributes allow: `__Host-` when Secure with `Path=/` and no `Domain` (the default), else
    /// `__Secure-` when Secure. A browser keeps such a cookie only when it comes from a secure
    /// origin with those attributes, so a sibling subdomain or a plain-http page cannot plant
    /// one. <https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#section-4.1.3>
    pub name: String,
    /// `COOKIE_SECURE` (default `true`). Chromium treats `http://localhost` as a secure context,
    /// so the demo works with it on.
    pub secure: bool,
    /// `COOKIE_DOMAIN` (default: none, a host-only cookie).
    pub domain: Option<String>,
    /// `COOKIE_PATH` (default `/`).
    pub path: String,
    /// `SESSION_TTL_SECS` (default 14 days).
    pub ttl: Duration,
}

/// The worker that finishes recorded member deletions (withdrawals, Kakao's unlink webhook).
#[derive(Clone, Debug)]
pub struct WorkerConfig {
    /// `WORKER_RETRY_FIRST_MS` (default 1000): the wait after a first failed attempt; it
    /// doubles with each further failure…
    pub retry_first: Duration,
    /// `WORKER_RETRY_MAX_MS` (default 300000): …up to this bound, and retries go on at it.
    pub retry_max: Duration,
    /// `WORKER_POLL_MS` (default 5000): how often the worker looks for deletions due that
    /// nothing woke it for (retries, another instance's, a crashed attempt's).
    pub poll: Duration,
}

/// What keeps one client from taking the service from the others. A client is a peer address
/// (an IPv6 one by its /64, which one subscriber usually holds whole), or the address in
/// `CLIENT_IP_HEADER` for the rate limits when set.
#[derive(Clone, Debug)]
pub struct Limits {
    /// `HEADER_READ_TIMEOUT_MS` (default 10000): a connection that has not sent a whole request
    /// head this long after it opened, or after its previous answer, is closed.
    pub header_read_timeout: Duration,
    /// `MAX_CONNECTIONS` (default 512): connections served at once; more wait in the listen
    /// queue until one closes. Below the usual limit of 1024 open files per process.
    pub max_connections: usize,
    /// `MAX_CONNECTIONS_PER_CLIENT` (default 128): one more from the same peer address is closed
    /// at once, so one client cannot hold every connection. Always the peer address (no header
    /// is read yet): behind a proxy, raise it to `MAX_CONNECTIONS`.
    pub max_connections_per_client: usize,
    /// `RATE_LIMIT_SESSION_PER_MINUTE` (default 20, `0` for none): `POST /session` per client,
    /// in a burst or spread over the minute. Each one costs a token call to Kakao with the client
    /// secret, and a stored code claim.
    pub session_per_minute: Option<NonZeroU32>,
    /// `RATE_LIMIT_WEBHOOK_PER_MINUTE` (default 600, `0` for none): webhook calls per client.
    /// Kakao calls from a few addresses of its own and does not call again after a refusal, so
    /// this is set far above what an app's unlinks come to.
    pub webhook_per_minute: Option<NonZeroU32>,
    /// `CLIENT_IP_HEADER` (default none: the peer address): a header that a reverse proxy in
    /// front of every request sets or appends to, e.g. `X-Forwarded-For`; its last address is the
    /// client. Set it only behind such a proxy: otherwise any client can name itself.
    pub client_ip_header: Option<HeaderName>,
}

/// An origin a continue URL may be on: a scheme, a host (with its subdomains when written
/// `*.host`) and a port.
#[derive(Clone, Debug, PartialEq)]
pub struct ContinueOrigin {
    scheme: String,
    host: String,
    subdomains: bool,
    port: Option<u16>,
}

impl ContinueOrigin {
    fn parse(value: &str) -> Result<Self, ConfigError> {
        const VAR: &str = "SYNC_PLUGIN_CONTINUE_ORIGINS";
        let (value, subdomains) = match value.split_once("://*.") {
            Some((scheme, rest)) => (format!("{scheme}://{rest}"), true),
            None => (value.to_owned(), false),
        };
        let url = absolute_url(VAR, &value)?;
        if url.path() != "/" || url.query().is_some() || !url.username().is_empty() {
            return Err(ConfigError::new(
                VAR,
                format!("{value:?} is not an origin (scheme, host and port only)"),
            ));
        }
        Ok(Self {
            scheme: url.scheme().to_owned(),
            host: url.host_str().unwrap_or_default().to_owned(),
            subdomains,
            port: url.port_or_known_default(),
        })
    }

    /// Whether `url` is on this origin (or, for `*.host`, on a subdomain of it).
    pub fn allows(&self, url: &Url) -> bool {
        let Some(host) = url.host_str() else {
            return false;
        };
        let host_matches = if self.subdomains {
            host.strip_suffix(self.host.as_str())
                .is_some_and(|sub| sub.len() > 1 && sub.ends_with('.'))
        } else {
            host == self.host
        };
        url.scheme() == self.scheme && host_matches && url.port_or_known_default() == self.port
    }
}

/// Kakao Sync inside a KakaoTalk channel chatbot: the sync plugin's redirect and the skill
/// route. <https://developers.kakao.com/docs/latest/en/kakaosync/plugin>
#[derive(Clone, Debug)]
pub struct ChatbotConfig {
    /// `SYNC_PLUGIN_REDIRECT_URI` (default: none, and the plugin route answers 404): the
    /// absolute URL of `{API_PREFIX}/plugin/sync/redirect` as registered for the plugin. The code
    /// exchange names it as the `redirect_uri`. UNCONFIRMED: that Kakao's plugin authorizes with
    /// this URI as the redirect URI, as the public test pages' exchange suggests.
    pub plugin_redirect_uri: Option<String>,
    /// `SYNC_PLUGIN_CONTINUE_ORIGINS` (default `https://kakao.com,https://*.kakao.com`): the
    /// only origins the route redirects to; anything else is refused, so the route is never an
    /// open redirect. UNCONFIRMED: the host Kakao's continue URL is on; set the emulator's origin
    /// for tests.
    pub continue_origins: Vec<ContinueOrigin>,
    /// `SYNC_PLUGIN_CONTINUE_PARAM` (default `continue`): the query parameter that carries
    /// Kakao's continue URL. UNCONFIRMED: the name is the one a public implementation reads.
    pub continue_param: String,
    /// `CHATBOT_SKILL_SECRET` (default: none, and the skill route answers 404): the value the
    /// skill's `X-Skill-Secret` header must carry, set as a header in the skill's settings.
    pub skill_secret: Option<Secret>,
}

/// Everything the service needs, checked.
#[derive(Clone, Debug)]
pub struct Config {
    /// Where Kakao is and who this app is.
    pub kakao: KakaoConfig,
    /// `KAKAO_TERMS`: a JSON array of `{tag, title, url?, required}`, or a path to a file holding one.
    pub terms: Vec<TermSpec>,
    /// `ALLOWED_ORIGINS`: comma-separated origins allowed to call state-changing routes; defaults
    /// to the origins of the redirect URIs.
    pub allowed_origins: Vec<String>,
    /// The session cookie's attributes.
    pub cookie: CookieConfig,
    /// `DATABASE_URL` (default `sqlite://kakao-sync.sqlite`, created on start; `postgres://…` works
    /// too, and `sqlite::memory:` for a throwaway run).
    pub database_url: String,
    /// `API_PREFIX` (default `/api/kakao`).
    pub api_prefix: String,
    /// `BODY_LIMIT_BYTES` (default 16384).
    pub body_limit: usize,
    /// `REQUEST_TIMEOUT_MS` (default 15000): the whole handling of one request.
    pub request_timeout: Duration,
    /// The deletion worker's retry and poll intervals.
    pub worker: WorkerConfig,
    /// Connection limits and per-client rate limits.
    pub limits: Limits,
    /// `TOKEN_KEY` (required) and `TOKEN_OLD_KEYS`: the keys that encrypt Kakao's tokens in
    /// the database.
    pub token_keys: TokenKeys,
    /// The sync plugin and the chatbot's skill.
    pub chatbot: ChatbotConfig,
    /// KakaoTalk easy login (`POST /session/talk`).
    pub talk_login: TalkLoginConfig,
}

/// KakaoTalk easy login from a phone's browser: the backend opens each transaction, and only
/// those may exchange a code without PKCE.
#[derive(Clone, Debug)]
pub struct TalkLoginConfig {
    /// `TALK_LOGIN` (default `on`): `off` turns the path off without a deploy of the page; the
    /// page then uses Kakao Account login, and open transactions can no longer exchange a code.
    pub enabled: bool,
    /// `TALK_LOGIN_TTL_SECS` (default 600, the ten minutes Kakao's SDKs poll for): how long an
    /// opened transaction may exchange its code.
    pub ttl: Duration,
}

const DEFAULT_DATABASE_URL: &str = "sqlite://kakao-sync.sqlite";

impl Config {
    /// Reads every setting through `var` (the process environment in `main`, a map in tests).
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str| {
            var(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let required = |name: &'static str| {
            get(name).ok_or_else(|| ConfigError::new(name, "is required but not set"))
        };

        let auth_url = base_url(
            "KAKAO_AUTH_URL",
            get("KAKAO_AUTH_URL")
                .as_deref()
                .unwrap_or("https://kauth.kakao.com"),
        )?;
        let api_url = base_url(
            "KAKAO_API_URL",
            get("KAKAO_API_URL")
                .as_deref()
                .unwrap_or("https://kapi.kakao.com"),
        )?;
        let issuer = get("KAKAO_ISSUER")
            .unwrap_or_else(|| auth_url.as_str().trim_end_matches('/').to_owned());
        let app_id = required("KAKAO_APP_ID")?;
        if !app_id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ConfigError::new(
                "KAKAO_APP_ID",
                "must be the numeric app id",
            ));
        }
        let redirect_uris = list(&required("KAKAO_REDIRECT_URIS")?);
        for uri in &redirect_uris {
            absolute_url("KAKAO_REDIRECT_URIS", uri)?;
        }
        let logout_redirect_uri = get("KAKAO_LOGOUT_REDIRECT_URI")
            .map(|uri| absolute_url("KAKAO_LOGOUT_REDIRECT_URI", &uri).map(|_| uri))
            .transpose()?;

        let kakao = KakaoConfig {
            auth_url,
            api_url,
            issuer,
            rest_api_key: required("KAKAO_REST_API_KEY")?,
            client_secret: Secret::new(required("KAKAO_CLIENT_SECRET")?),
            admin_key: Secret::new(required("KAKAO_ADMIN_KEY")?),
            app_id,
            redirect_uris,
            logout_redirect_uri,
            channel_public_ids: get("KAKAO_CHANNEL_PUBLIC_IDS")
                .map(|v| list(&v))
                .unwrap_or_default(),
            connect_timeout: millis(
                "KAKAO_CONNECT_TIMEOUT_MS",
                get("KAKAO_CONNECT_TIMEOUT_MS"),
                2000,
            )?,
            timeout: millis("KAKAO_TIMEOUT_MS", get("KAKAO_TIMEOUT_MS"), 5000)?,
        };

        let terms = match get("KAKAO_TERMS") {
            None => Vec::new(),
            Some(v) => terms(&v)?,
        };

        let allowed_origins = match get("ALLOWED_ORIGINS") {
            Some(v) => list(&v)
                .iter()
                .map(|o| origin_of("ALLOWED_ORIGINS", o))
                .collect::<Result<_, _>>()?,
            None => {
                let mut origins: Vec<String> = kakao
                    .redirect_uris
                    .iter()
                    .map(|u| origin_of("KAKAO_REDIRECT_URIS", u))
                    .collect::<Result<_, _>>()?;
                origins.dedup();
                origins
            }
        };

        let name = get("COOKIE_NAME").unwrap_or_else(|| "kakao_sync_session".to_owned());
        if !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            return Err(ConfigError::new(
                "COOKIE_NAME",
                "use letters, digits, '_' and '-' only",
            ));
        }
        // Browsers match the prefixes without regard to case.
        if name.starts_with("__") {
            return Err(ConfigError::new(
                "COOKIE_NAME",
                "must not start with '__': the __Host- or __Secure- prefix follows from \
                 COOKIE_SECURE, COOKIE_PATH and COOKIE_DOMAIN",
            ));
        }
        let secure = boolean("COOKIE_SECURE", get("COOKIE_SECURE"), true)?;
        let domain = get("COOKIE_DOMAIN");
        let path = get("COOKIE_PATH").unwrap_or_else(|| "/".to_owned());
        let prefix = match (secure, domain.is_none() && path == "/") {
            (true, true) => "__Host-",
            (true, false) => "__Secure-",
            (false, _) => "",
        };
        let cookie = CookieConfig {
            name: format!("{prefix}{name}"),
            secure,
            domain,
            path,
            ttl: Duration::from_secs(number(
                "SESSION_TTL_SECS",
                get("SESSION_TTL_SECS"),
                14 * 24 * 3600,
            )?),
        };

        let limits = Limits {
            header_read_timeout: millis(
                "HEADER_READ_TIMEOUT_MS",
                get("HEADER_READ_TIMEOUT_MS"),
                10_000,
            )?,
            max_connections: positive("MAX_CONNECTIONS", get("MAX_CONNECTIONS"), 512)?,
            max_connections_per_client: positive(
                "MAX_CONNECTIONS_PER_CLIENT",
                get("MAX_CONNECTIONS_PER_CLIENT"),
                128,
            )?,
            session_per_minute: per_minute(
                "RATE_LIMIT_SESSION_PER_MINUTE",
                get("RATE_LIMIT_SESSION_PER_MINUTE"),
                20,
            )?,
            webhook_per_minute: per_minute(
                "RATE_LIMIT_WEBHOOK_PER_MINUTE",
                get("RATE_LIMIT_WEBHOOK_PER_MINUTE"),
                600,
            )?,
            client_ip_header: get("CLIENT_IP_HEADER")
                .map(|v| {
                    HeaderName::try_from(v.as_str()).map_err(|_| {
                        ConfigError::new("CLIENT_IP_HEADER", format!("{v:?} is not a header name"))
                    })
                })
                .transpose()?,
        };

        let token_keys = TokenKeys::parse(
            get("TOKEN_KEY").as_deref(),
            get("TOKEN_OLD_KEYS").as_deref(),
        )?;

        let chatbot = ChatbotConfig {
            plugin_redirect_uri: get("SYNC_PLUGIN_REDIRECT_URI")
                .map(|uri| absolute_url("SYNC_PLUGIN_REDIRECT_URI", &uri).map(|_| uri))
                .transpose()?,
            continue_origins: list(
                get("SYNC_PLUGIN_CONTINUE_ORIGINS")
                    .as_deref()
                    .unwrap_or("https://kakao.com,https://*.kakao.com"),
            )
            .iter()
            .map(|o| ContinueOrigin::parse(o))
            .collect::<Result<_, _>>()?,
            continue_param: get("SYNC_PLUGIN_CONTINUE_PARAM")
                .unwrap_or_else(|| "continue".to_owned()),
            skill_secret: get("CHATBOT_SKILL_SECRET").map(Secret::new),
        };

        let api_prefix = get("API_PREFIX").unwrap_or_else(|| "/api/kakao".to_owned());
        if !api_prefix.starts_with('/') || api_prefix.ends_with('/') {
            return Err(ConfigError::new(
                "API_PREFIX",
                "must start with '/' and not end with '/'",
            ));
        }

        Ok(Self {
            kakao,
            terms,
            allowed_origins,
            cookie,
            database_url: get("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned()),
            api_prefix,
            body_limit: number("BODY_LIMIT_BYTES", get("BODY_LIMIT_BYTES"), 16 * 1024)? as usize,
            request_timeout: millis("REQUEST_TIMEOUT_MS", get("REQUEST_TIMEOUT_MS"), 15_000)?,
            worker: WorkerConfig {
                retry_first: millis("WORKER_RETRY_FIRST_MS", get("WORKER_RETRY_FIRST_MS"), 1000)?,
                retry_max: millis("WORKER_RETRY_MAX_MS", get("WORKER_RETRY_MAX_MS"), 300_000)?,
                poll: millis("WORKER_POLL_MS", get("WORKER_POLL_MS"), 5000)?,
            },
            limits,
            token_keys,
            chatbot,
            talk_login: TalkLoginConfig {
                enabled: boolean("TALK_LOGIN", get("TALK_LOGIN"), true)?,
                ttl: Duration::from_secs(positive(
                    "TALK_LOGIN_TTL_SECS",
                    get("TALK_LOGIN_TTL_SECS"),
                    600,
                )? as u64),
            },
        })
    }
}

fn list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn absolute_url(var: &'static str, value: &str) -> Result<Url, ConfigError> {
    let url = Url::parse(value)
        .map_err(|e| ConfigError::new(var, format!("{value:?} is not a URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(ConfigError::new(
            var,
            format!("{value:?} is not an http(s) URL"),
        ));
    }
    Ok(url)
}

/// A base URL with a trailing slash, so `join("oauth/token")` keeps any path prefix.
fn base_url(var: &'static str, value: &str) -> Result<Url, ConfigError> {
    let mut url = absolute_url(var, value)?;
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

fn origin_of(var: &'static str, value: &str) -> Result<String, ConfigError> {
    Ok(absolute_url(var, value)?.origin().ascii_serialization())
}

fn number(var: &'static str, value: Option<String>, default: u64) -> Result<u64, ConfigError> {
    match value {
        None => Ok(default),
        Some(v) => v
            .parse()
            .map_err(|_| ConfigError::new(var, format!("{v:?} is not a whole number"))),
    }
}

fn positive(var: &'static str, value: Option<String>, default: u64) -> Result<usize, ConfigError> {
    match number(var, value, default)? {
        0 => Err(ConfigError::new(var, "must be greater than 0")),
        n => usize::try_from(n).map_err(|_| ConfigError::new(var, "is too large")),
    }
}

/// A rate per minute, where `0` means no limit.
fn per_minute(
    var: &'static str,
    value: Option<String>,
    default: u64,
) -> Result<Option<NonZeroU32>, ConfigError> {
    let n = number(var, value, default)?;
    let n = u32::try_from(n).map_err(|_| ConfigError::new(var, "is too large"))?;
    Ok(NonZeroU32::new(n))
}

fn millis(var: &'static str, value: Option<String>, default: u64) -> Result<Duration, ConfigError> {
    match number(var, value, default)? {
        0 => Err(ConfigError::new(var, "must be greater than 0")),
        ms => Ok(Duration::from_millis(ms)),
    }
}

fn boolean(var: &'static str, value: Option<String>, default: bool) -> Result<bool, ConfigError> {
    match value.as_deref() {
        None => Ok(default),
        Some("1" | "true" | "yes" | "on") => Ok(true),
        Some("0" | "false" | "no" | "off") => Ok(false),
        Some(v) => Err(ConfigError::new(var, format!("{v:?} is not true or false"))),
    }
}

fn terms(value: &str) -> Result<Vec<TermSpec>, ConfigError> {
    let json = if value.starts_with('[') {
        value.to_owned()
    } else {
        std::fs::read_to_string(value).map_err(|e| {
            ConfigError::new("KAKAO_TERMS", format!("cannot read file {value:?}: {e}"))
        })?
    };
    let terms: Vec<TermSpec> = serde_json::from_str(&json)
        .map_err(|e| ConfigError::new("KAKAO_TERMS", format!("not a terms catalogue: {e}")))?;
    let mut tags: Vec<&str> = terms.iter().map(|t| t.tag.as_str()).collect();
    tags.sort_unstable();
    if let Some(dup) = tags.windows(2).find(|w| w[0] == w[1]) {
        return Err(ConfigError::new(
            "KAKAO_TERMS",
            format!("tag {:?} appears twice", dup[0]),
        ));
    }
    Ok(terms)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let mut map: HashMap<String, String> = [
            ("KAKAO_REST_API_KEY", "rest-key"),
            ("KAKAO_CLIENT_SECRET", "client-secret"),
            ("KAKAO_ADMIN_KEY", "admin-key"),
            ("KAKAO_APP_ID", "1234"),
            ("KAKAO_REDIRECT_URIS", "http://localhost:8080/callback.html"),
            (
                "TOKEN_KEY",
                "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
            ),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        for (k, v) in pairs {
            map.insert((*k).to_owned(), (*v).to_owned());
        }
        move |k| map.get(k).cloned()
    }

    #[test]
    fn defaults_point_at_production_kakao() {
        let c = Config::from_vars(vars(&[])).unwrap();
        assert_eq!(c.kakao.auth_url.as_str(), "https://kauth.kakao.com/");
        assert_eq!(c.kakao.api_url.as_str(), "https://kapi.kakao.com/");
        assert_eq!(c.kakao.issuer, "https://kauth.kakao.com");
        assert_eq!(c.allowed_origins, ["http://localhost:8080"]);
        assert!(c.cookie.secure);
        assert_eq!(c.api_prefix, "/api/kakao");
        assert_eq!(c.database_url, DEFAULT_DATABASE_URL);
    }

    #[test]
    fn continue_urls_are_allowed_only_on_the_listed_origins() {
        let c = Config::from_vars(vars(&[])).unwrap();
        let allowed = |u: &str| {
            let url = Url::parse(u).unwrap();
            c.chatbot.continue_origins.iter().any(|o| o.allows(&url))
        };
        assert!(allowed("https://kakao.com/close"));
        assert!(allowed("https://talk.kakao.com/x?y=1"));
        assert!(allowed("https://a.b.kakao.com/"));
        for forged in [
            "http://talk.kakao.com/",
            "https://evilkakao.com/",
            "https://kakao.com.evil.example/",
            "https://kakao.com@evil.example/",
            "https://talk.kakao.com:8443/",
            "javascript://kakao.com/%0aalert(1)",
        ] {
            assert!(!allowed(forged), "{forged} allowed");
        }
        let local = Config::from_vars(vars(&[(
            "SYNC_PLUGIN_CONTINUE_ORIGINS",
            "http://127.0.0.1:9000",
        )]))
        .unwrap();
        let url = Url::parse("http://127.0.0.1:9000/__emulator/chat/continue").unwrap();
        assert!(local.chatbot.continue_origins[0].allows(&url));
        let err = Config::from_vars(vars(&[(
            "SYNC_PLUGIN_CONTINUE_ORIGINS",
            "https://kakao.com/path",
        )]))
        .unwrap_err();
        assert_eq!(err.var, "SYNC_PLUGIN_CONTINUE_ORIGINS");
    }

    #[test]
    fn missing_variable_is_named() {
        let err = Config::from_vars(vars(&[("KAKAO_ADMIN_KEY", "")])).unwrap_err();
        assert_eq!(err.var, "KAKAO_ADMIN_KEY");
        assert!(err.to_string().starts_with("KAKAO_ADMIN_KEY: "));
    }

    #[test]
    fn invalid_values_are_named() {
        for (var, value) in [
            ("KAKAO_APP_ID", "abc"),
            ("KAKAO_AUTH_URL", "not a url"),
            ("KAKAO_REDIRECT_URIS", "ftp://x/cb"),
            ("COOKIE_SECURE", "maybe"),
            ("KAKAO_TIMEOUT_MS", "0"),
            ("KAKAO_TERMS", "[{\"tag\":\"a\"}]"),
            ("API_PREFIX", "api/"),
        ] {
            let err = Config::from_vars(vars(&[(var, value)])).unwrap_err();
            assert_eq!(err.var, var, "{value}");
        }
    }

    #[test]
    fn terms_parse_from_json_and_reject_duplicates() {
        let json = r#"[{"tag":"service","title":"Terms","url":"https://e.x/t","required":true},
                       {"tag":"marketing","title":"Ads","required":false}]"#;
        let c = Config::from_vars(vars(&[("KAKAO_TERMS", json)])).unwrap();
        assert_eq!(c.terms.len(), 2);
        assert!(c.terms[0].required);
        let dup =
            r#"[{"tag":"a","title":"A","required":true},{"tag":"a","title":"B","required":false}]"#;
        assert_eq!(
            Config::from_vars(vars(&[("KAKAO_TERMS", dup)]))
                .unwrap_err()
                .var,
            "KAKAO_TERMS"
        );
    }

    #[test]
    fn base_urls_keep_a_path_prefix() {
        let c = Config::from_vars(vars(&[("KAKAO_AUTH_URL", "http://127.0.0.1:9/kauth")])).unwrap();
        assert_eq!(
            c.kakao.auth_url.join("oauth/token").unwrap().as_str(),
            "http://127.0.0.1:9/kauth/oauth/token"
        );
        assert_eq!(c.kakao.issuer, "http://127.0.0.1:9/kauth");
    }

    #[test]
    fn debug_output_hides_secrets() {
        let c = Config::from_vars(vars(&[])).unwrap();
        let text = format!("{c:?}");
        assert!(!text.contains("client-secret"));
        assert!(!text.contains("admin-key"));
    }
}
