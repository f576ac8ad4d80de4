//! `kakao-sync-backend check`: the console half of Kakao's launch checklist, verified from
//! outside against the configured Kakao. Each item is asked of Kakao the way a misconfiguration
//! shows itself there, and a ✗ names the console menu that fixes it.
//! <https://developers.kakao.com/docs/latest/en/kakaosync/dev-guide>

use std::fmt::Write as _;

use kakao_sync_wire::kakao::{Jwks, KapiError, KauthError, OpenIdConfiguration};
use reqwest::{Method, RequestBuilder, StatusCode};

use crate::config::Config;
use crate::kakao::{KakaoClient, usable_kids};

/// A code no login ever issued: the token endpoint must refuse it as a bad code (KOE320), which
/// it does only after it accepted the key and the secret.
const PROBE_CODE: &str = "kakao-sync-preflight-not-a-code";

/// A user id no app has: Kakao checks the admin key before it looks for the user.
const PROBE_USER_ID: &str = "1";

/// One line of the checklist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// What is checked, e.g. `REST API key`.
    pub name: String,
    pub outcome: Outcome,
    /// The Kakao Developers console menu where this is set.
    pub console: &'static str,
}

/// How one item came out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// ✓, with what Kakao answered.
    Pass(String),
    /// ✗, with what Kakao answered instead.
    Fail(String),
    /// –: not checkable with this configuration, and why.
    Skipped(String),
}

impl Item {
    fn new(name: impl Into<String>, console: &'static str, outcome: Outcome) -> Item {
        Item {
            name: name.into(),
            outcome,
            console,
        }
    }

    pub fn failed(&self) -> bool {
        matches!(self.outcome, Outcome::Fail(_))
    }
}

/// The console menus, as Kakao's documentation names them.
mod console {
    pub const REST_API_KEY: &str = "[App] > [Platform keys] > [REST API key]";
    pub const CLIENT_SECRET: &str = "[App] > [Platform keys] > [REST API key] > Client secret";
    pub const REDIRECT_URI: &str = "[App] > [Platform keys] > [REST API key] > Redirect URI";
    pub const LOGOUT_REDIRECT_URI: &str = "[Kakao Login] > [Logout Redirect URI]";
    pub const ADMIN_KEY: &str = "[App] > [Platform keys] > [Admin key]";
    pub const OIDC: &str = "[Kakao Login] > [OpenID Connect]";
    pub const SIMPLE_SIGNUP: &str = "[Kakao Login] > [Simple Signup]";
}

/// Runs every check against the Kakao `config` points at. `terms_user` is a user id linked to
/// the app: Kakao shows an app's service terms only through a user, so without one the terms
/// item is skipped.
pub async fn check(config: &Config, terms_user: Option<i64>) -> Vec<Item> {
    let kakao = match KakaoClient::new(&config.kakao) {
        Ok(kakao) => kakao,
        Err(e) => {
            let why = Outcome::Fail(format!("no HTTP client: {e}"));
            return vec![Item::new("Kakao reachable", console::REST_API_KEY, why)];
        }
    };
    let mut items = credentials(&kakao).await;
    for uri in &config.kakao.redirect_uris {
        items.push(redirect_uri(&kakao, uri).await);
    }
    items.push(logout_redirect_uri(&kakao).await);
    items.push(admin_key(&kakao).await);
    items.extend(oidc(&kakao).await);
    let tags: Vec<&str> = config.terms.iter().map(|t| t.tag.as_str()).collect();
    items.push(terms(&kakao, &tags, terms_user).await);
    items
}

/// The checklist as a table: mark, item, what Kakao answered, and for a ✗ the menu to fix it.
pub fn table(items: &[Item]) -> String {
    let width = items
        .iter()
        .map(|i| i.name.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for item in items {
        let (mark, detail) = match &item.outcome {
            Outcome::Pass(d) => ("✓", d),
            Outcome::Fail(d) => ("✗", d),
            Outcome::Skipped(d) => ("–", d),
        };
        let pad = width - item.name.chars().count();
        let _ = write!(out, "{mark} {}{} {detail}", item.name, " ".repeat(pad));
        if item.failed() {
            let _ = write!(
                out,
                "\n  {} fix in the console: {}",
                " ".repeat(width),
                item.console
            );
        }
        out.push('\n');
    }
    out
}

/// What Kakao answered: the status, the body, and where a redirect pointed.
struct Answer {
    status: StatusCode,
    body: String,
    location: Option<String>,
}

impl Answer {
    async fn of(request: RequestBuilder) -> Result<Answer, String> {
        let response = request
            .send()
            .await
            .map_err(|e| format!("Kakao did not answer: {}", e.without_url()))?;
        let location = response
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|l| l.to_str().ok())
            .map(str::to_owned);
        let status = response.status();
        let body = response.text().await.unwrap_or_default();
        Ok(Answer {
            status,
            body,
            location,
        })
    }

    /// The first `KOE…` code in a kauth error page or body.
    fn koe(&self) -> Option<&str> {
        let at = self.body.find("KOE")?;
        let code = self.body.get(at..at + 6)?;
        code[3..]
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then_some(code)
    }
}

/// The REST API key and the client secret, from one token request with a code no login issued:
/// KOE101 is a bad key, KOE010 a bad secret, KOE320 a bad code (so key and secret passed).
/// UNCONFIRMED in Kakao's pages: that Kakao checks the client before the code; third parties
/// report exactly this probe (401 KOE010 with a wrong secret, 400 KOE320 with right ones).
/// <https://developers.kakao.com/docs/latest/en/kakaologin/trouble-shooting>
async fn credentials(kakao: &KakaoClient) -> Vec<Item> {
    let config = kakao.config();
    let redirect_uri = config.redirect_uris.first().map_or("", String::as_str);
    let form = [
        ("grant_type", "authorization_code"),
        ("client_id", config.rest_api_key.as_str()),
        ("client_secret", config.client_secret.expose()),
        ("redirect_uri", redirect_uri),
        ("code", PROBE_CODE),
    ];
    let key = |o| Item::new("REST API key", console::REST_API_KEY, o);
    let secret = |o| Item::new("client secret", console::CLIENT_SECRET, o);
    let answer = match Answer::of(kakao.kauth(Method::POST, "oauth/token").form(&form)).await {
        Ok(answer) => answer,
        Err(e) => return vec![key(Outcome::Fail(e.clone())), secret(Outcome::Fail(e))],
    };
    let refusal = serde_json::from_str::<KauthError>(&answer.body).ok();
    let code = refusal.as_ref().and_then(|r| r.error_code.as_deref());
    let said = || match &refusal {
        Some(r) => format!(
            "{} {} {}",
            answer.status,
            r.error_code.as_deref().unwrap_or(&r.error),
            r.error_description
        ),
        None => format!("HTTP {} without Kakao's error body", answer.status),
    };
    match code {
        Some("KOE320") => vec![
            key(Outcome::Pass("known to Kakao".into())),
            secret(Outcome::Pass(
                "accepted (a dummy code failed as a bad code, KOE320)".into(),
            )),
        ],
        Some("KOE101") => vec![
            key(Outcome::Fail(format!("not an app key: {}", said()))),
            secret(Outcome::Skipped("needs a valid REST API key".into())),
        ],
        Some("KOE010") => vec![
            key(Outcome::Pass("known to Kakao".into())),
            secret(Outcome::Fail(format!("refused: {}", said()))),
        ],
        _ => {
            let why = format!("unexpected answer to a dummy code: {}", said());
            vec![key(Outcome::Fail(why.clone())), secret(Outcome::Fail(why))]
        }
    }
}

/// A redirect URI is registered when the authorize endpoint does not answer KOE006 for it.
/// <https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#request-code>
async fn redirect_uri(kakao: &KakaoClient, uri: &str) -> Item {
    let query = [
        ("client_id", kakao.config().rest_api_key.as_str()),
        ("redirect_uri", uri),
        ("response_type", "code"),
    ];
    let request = kakao.kauth(Method::GET, "oauth/authorize").query(&query);
    let outcome = page_outcome(Answer::of(request).await, "KOE006", "not registered");
    Item::new(
        format!("redirect URI {uri}"),
        console::REDIRECT_URI,
        outcome,
    )
}

/// The logout redirect URI is registered when Kakao's account logout does not answer KOE007.
/// <https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#logout-of-service-and-kakaoaccount>
async fn logout_redirect_uri(kakao: &KakaoClient) -> Item {
    let name = "logout redirect URI";
    let Some(uri) = kakao.config().logout_redirect_uri.as_deref() else {
        let why = "KAKAO_LOGOUT_REDIRECT_URI is not set (needed only for withKakaoAccount)";
        return Item::new(
            name,
            console::LOGOUT_REDIRECT_URI,
            Outcome::Skipped(why.into()),
        );
    };
    let query = [
        ("client_id", kakao.config().rest_api_key.as_str()),
        ("logout_redirect_uri", uri),
    ];
    let request = kakao.kauth(Method::GET, "oauth/logout").query(&query);
    let outcome = page_outcome(Answer::of(request).await, "KOE007", "not registered");
    Item::new(
        format!("{name} {uri}"),
        console::LOGOUT_REDIRECT_URI,
        outcome,
    )
}

/// A kauth page: ✗ when it shows `koe` (or any other `KOE…` code, or a 5xx), ✓ otherwise.
fn page_outcome(answer: Result<Answer, String>, koe: &str, meaning: &str) -> Outcome {
    let answer = match answer {
        Ok(answer) => answer,
        Err(e) => return Outcome::Fail(e),
    };
    match answer.koe() {
        Some(code) if code == koe => Outcome::Fail(format!("{meaning} ({code})")),
        Some(code) => Outcome::Fail(format!("Kakao answered {code}")),
        None if answer.status.is_server_error() => Outcome::Fail(format!("HTTP {}", answer.status)),
        None => Outcome::Pass(match answer.location {
            Some(_) => format!("accepted (HTTP {}, redirect)", answer.status),
            None => format!("accepted (HTTP {})", answer.status),
        }),
    }
}

/// The admin key is right when kapi does not answer -401 to an admin-key call. UNCONFIRMED:
/// which code Kakao gives a right key with an unknown user (the emulator answers -101); any
/// answer but -401 counts as accepted.
/// <https://developers.kakao.com/docs/latest/en/rest-api/reference#response-code>
async fn admin_key(kakao: &KakaoClient) -> Item {
    let query = [("target_id_type", "user_id"), ("target_id", PROBE_USER_ID)];
    let request = kakao.kapi_admin(Method::GET, "v2/user/me").query(&query);
    let outcome = match Answer::of(request).await {
        Err(e) => Outcome::Fail(e),
        Ok(answer) => match serde_json::from_str::<KapiError>(&answer.body) {
            Ok(e) if e.code == -401 => Outcome::Fail(format!("refused: -401 {}", e.msg)),
            _ if answer.status.is_server_error() => {
                Outcome::Fail(format!("HTTP {}", answer.status))
            }
            Ok(e) => Outcome::Pass(format!("accepted (a probe user answered {})", e.code)),
            Err(_) => Outcome::Pass(format!("accepted (HTTP {})", answer.status)),
        },
    };
    Item::new("admin key", console::ADMIN_KEY, outcome)
}

/// OpenID Connect: the discovery document names the configured issuer, and the JWKS holds a key
/// the id_token check can use.
/// <https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#oidc-get-discovery>
async fn oidc(kakao: &KakaoClient) -> Vec<Item> {
    let expected = kakao.config().issuer.as_str();
    let request = kakao.kauth(Method::GET, ".well-known/openid-configuration");
    let discovery = match json_answer::<OpenIdConfiguration>(request).await {
        Ok(doc) if doc.issuer == expected => Outcome::Pass(format!("issuer {}", doc.issuer)),
        Ok(doc) => Outcome::Fail(format!(
            "issuer {}, but KAKAO_ISSUER is {expected}",
            doc.issuer
        )),
        Err(e) => Outcome::Fail(e),
    };
    let request = kakao.kauth(Method::GET, ".well-known/jwks.json");
    let jwks = match json_answer::<Jwks>(request).await {
        Ok(jwks) => match usable_kids(&jwks) {
            kids if kids.is_empty() => Outcome::Fail("no RS256 signing key".into()),
            kids => Outcome::Pass(format!("RS256 keys {}", kids.join(", "))),
        },
        Err(e) => Outcome::Fail(e),
    };
    vec![
        Item::new("OpenID Connect discovery", console::OIDC, discovery),
        Item::new("OpenID Connect JWKS", console::OIDC, jwks),
    ]
}

async fn json_answer<T: serde::de::DeserializeOwned>(request: RequestBuilder) -> Result<T, String> {
    let answer = Answer::of(request).await?;
    if !answer.status.is_success() {
        return Err(format!("HTTP {}", answer.status));
    }
    serde_json::from_str(&answer.body).map_err(|e| format!("unreadable answer: {e}"))
}

/// The configured terms tags exist in Kakao Sync's Simple Signup: asked with `tags=`, Kakao
/// names the unknown ones in a -2.
/// <https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#get-service-terms>
async fn terms(kakao: &KakaoClient, tags: &[&str], user: Option<i64>) -> Item {
    let name = "service terms tags";
    let item = |o| Item::new(name, console::SIMPLE_SIGNUP, o);
    if tags.is_empty() {
        return item(Outcome::Skipped("KAKAO_TERMS lists no terms".into()));
    }
    let Some(user) = user else {
        return item(Outcome::Skipped(
            "Kakao lists an app's terms only through a linked user (--terms-user ID)".into(),
        ));
    };
    let user = user.to_string();
    let joined = tags.join(",");
    let query = [
        ("target_id_type", "user_id"),
        ("target_id", user.as_str()),
        ("result", "app_service_terms"),
        ("tags", joined.as_str()),
    ];
    let request = kakao
        .kapi_admin(Method::GET, "v2/user/service_terms")
        .query(&query);
    item(match Answer::of(request).await {
        Err(e) => Outcome::Fail(e),
        Ok(answer) if answer.status.is_success() => Outcome::Pass(format!("{joined} registered")),
        Ok(answer) => match serde_json::from_str::<KapiError>(&answer.body) {
            Ok(e) => Outcome::Fail(format!("{}: {}", e.code, e.msg)),
            Err(_) => Outcome::Fail(format!("HTTP {}", answer.status)),
        },
    })
}

/// Prints the checklist; `Err` when an item failed, for a non-zero exit.
pub async fn run(config: &Config, terms_user: Option<i64>) -> Result<(), String> {
    let items = check(config, terms_user).await;
    print!("{}", table(&items));
    let failed = items.iter().filter(|i| i.failed()).count();
    match failed {
        0 => Ok(()),
        n => Err(format!(
            "preflight: {n} item(s) failed; see the table above"
        )),
    }
}
