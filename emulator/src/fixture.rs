//! What the emulator serves: apps (keys, redirect URIs, consent items, service terms, channels),
//! test accounts and limits. Loaded from TOML or JSON; [`Fixture::default`] is the demo setup
//! documented in `emulator/README.md`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// Everything the emulator starts from. `POST /__emulator/reset` returns to exactly this.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fixture {
    /// The `iss` of id_tokens and the base of every URL the emulator advertises (discovery,
    /// profile images). `None`: the server's own base URL, e.g. `http://127.0.0.1:41234`.
    #[serde(default)]
    pub issuer: Option<String>,
    /// A PKCS#8 PEM RSA private key for id_tokens. `None`: the committed public test-only key.
    #[serde(default)]
    pub signing_key_pem: Option<String>,
    /// More keys for the JWKS, served as given after the signing key: a set may hold keys a
    /// reader does not use (an EC key, a key without `alg`), which RFC 7517 §5 says it ignores.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_jwks_keys: Vec<serde_json::Value>,
    /// More members for every id_token's JWS header, e.g. a `crit` naming an extension, which a
    /// reader that does not implement it must refuse (RFC 7515 §4.1.11).
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub id_token_header: serde_json::Map<String, serde_json::Value>,
    pub apps: Vec<App>,
    pub users: Vec<User>,
    /// The user a request whose User-Agent contains `KAKAOTALK` is signed in as.
    #[serde(default)]
    pub inapp_user: Option<i64>,
    #[serde(default)]
    pub limits: Limits,
}

/// A Kakao Developers app with one REST API key.
///
/// <https://developers.kakao.com/docs/latest/ko/getting-started/app>
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct App {
    pub app_id: i64,
    pub name: String,
    /// The REST API key.
    pub client_id: String,
    /// `None`: the client secret is switched off for this key.
    #[serde(default)]
    pub client_secret: Option<String>,
    /// The primary admin key (`Authorization: KakaoAK …`).
    pub admin_key: String,
    /// OpenID Connect on: every token response carries an id_token.
    #[serde(default)]
    pub oidc: bool,
    pub redirect_uris: Vec<String>,
    #[serde(default)]
    pub logout_redirect_uris: Vec<String>,
    #[serde(default)]
    pub unlink_webhook: Option<Webhook>,
    pub consent_items: Vec<ConsentItem>,
    /// Kakao Sync's service terms (간편가입 약관).
    #[serde(default)]
    pub service_terms: Vec<ServiceTermConfig>,
    /// KakaoTalk channels linked to the app; the first is offered on the consent screen when the
    /// request names none.
    #[serde(default)]
    pub channels: Vec<ChannelConfig>,
    /// A KakaoTalk channel chatbot built in Open Builder for this app, with the Kakao Sync
    /// plugin on its auth block.
    #[serde(default)]
    pub chatbot: Option<Chatbot>,
    /// The JavaScript key (JavaScript 키): what pages pass to `Kakao.init`, and the `client_id`
    /// Kakao's SDKs send, KakaoTalk easy login's `apiweb/code.json` included. `None`: none.
    #[serde(default)]
    pub javascript_key: Option<String>,
    /// The JavaScript SDK domains (플랫폼 키 > JavaScript 키 > JavaScript SDK 도메인) as origins,
    /// e.g. `http://localhost:8080`: the pages that may call Kakao with the JavaScript key
    /// (`code.json` across origins included).
    #[serde(default)]
    pub javascript_sdk_domains: Vec<String>,
    /// The web domains of 제품 링크 관리 > 웹 도메인, as origins: where a default template's
    /// web links may lead.
    #[serde(default)]
    pub web_domains: Vec<String>,
    /// Where Kakao sends the KakaoTalk share webhook (카카오톡 공유 웹훅).
    /// <https://developers.kakao.com/docs/latest/ko/kakaotalk-share/callback>
    #[serde(default)]
    pub share_webhook: Option<Webhook>,
    /// Ids of the custom message templates built in the console ([도구] > [메시지 템플릿]).
    #[serde(default)]
    pub message_template_ids: Vec<i64>,
}

/// The chatbot, as set in Kakao Business (the sync plugin) and Open Builder (the skill).
/// <https://developers.kakao.com/docs/latest/en/kakaosync/plugin>
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chatbot {
    /// The sync plugin's redirect URI: an authorization to it is the plugin's, and its code
    /// goes there with `continue`, the URL that closes the half-view. It must also be one of the
    /// app's `redirect_uris`. UNCONFIRMED: the parameter name, from one public implementation.
    #[serde(default)]
    pub plugin_redirect_uri: Option<String>,
    /// Where Open Builder POSTs skill requests.
    #[serde(default)]
    pub skill_url: Option<String>,
    /// Headers the skill settings add to each call. UNCONFIRMED: that Open Builder offers this.
    #[serde(default)]
    pub skill_headers: BTreeMap<String, String>,
}

/// Where Kakao sends a webhook (unlink, KakaoTalk share), as set in the console.
///
/// <https://developers.kakao.com/docs/latest/ko/kakaologin/callback#unlink>
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Webhook {
    pub url: String,
    #[serde(default)]
    pub method: WebhookMethod,
    /// Where a POST carries the fields; a GET always uses the query.
    #[serde(default)]
    pub encoding: WebhookEncoding,
}

/// How a POST webhook carries its fields. Kakao's unlink webhook page puts them in the body and
/// its webhook guide says "JSON format or URL query parameters"
/// (<https://developers.kakao.com/docs/latest/ko/getting-started/callback>); which one a POST
/// unlink webhook uses is UNCONFIRMED, so the emulator can send each.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WebhookEncoding {
    /// `application/x-www-form-urlencoded` body.
    #[default]
    Form,
    /// `application/json` body.
    Json,
    /// Query parameters and no body.
    Query,
}

/// GET (fields in the query) or POST (fields as a form body), chosen in the console.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum WebhookMethod {
    Get,
    #[default]
    Post,
}

impl WebhookMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            WebhookMethod::Get => "GET",
            WebhookMethod::Post => "POST",
        }
    }
}

/// A consent item (동의 항목) configured for the app, by its scope id.
///
/// <https://developers.kakao.com/docs/latest/ko/kakaologin/utilize#scope-user>
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentItem {
    /// `profile_nickname`, `account_email`, `plusfriends`, …
    pub id: String,
    /// What the consent screen shows.
    pub display_name: String,
    pub required: bool,
}

/// A Kakao Sync service term.
///
/// <https://developers.kakao.com/docs/latest/ko/kakaosync/prerequisite#service-terms>
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceTermConfig {
    pub tag: String,
    pub title: String,
    #[serde(default)]
    pub url: Option<String>,
    pub required: bool,
    /// `None`: optional terms are revocable and required ones are not, as in Kakao's sample.
    #[serde(default)]
    pub revocable: Option<bool>,
}

impl ServiceTermConfig {
    /// Whether `/v2/user/revoke/service_terms` may withdraw it.
    pub fn is_revocable(&self) -> bool {
        self.revocable.unwrap_or(!self.required)
    }
}

/// A KakaoTalk channel linked to the app.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelConfig {
    /// The profile id, e.g. `_ZeUTxl`.
    pub public_id: String,
    /// The search id, e.g. `@kakaosync`.
    pub uuid: String,
    pub name: String,
}

/// A Kakao account. Every optional field is data the account may or may not hold; the app sees
/// it only after the user agreed to the matching consent item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct User {
    /// 회원번호; can exceed 2^53.
    pub id: i64,
    pub nickname: String,
    /// `None`: a generated avatar served by the emulator itself, so pages never leave loopback.
    #[serde(default)]
    pub profile_image_url: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default = "yes")]
    pub email_verified: bool,
    #[serde(default = "yes")]
    pub email_valid: bool,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub gender: Option<String>,
    #[serde(default)]
    pub age_range: Option<String>,
    #[serde(default)]
    pub birthyear: Option<String>,
    #[serde(default)]
    pub birthday: Option<String>,
    #[serde(default)]
    pub phone_number: Option<String>,
    /// App-defined user properties (`properties` of `/v2/user/me`).
    #[serde(default)]
    pub properties: BTreeMap<String, String>,
}

fn yes() -> bool {
    true
}

impl User {
    /// An account with a nickname and nothing else (no email, no optional data).
    pub fn new(id: i64, nickname: impl Into<String>) -> User {
        User {
            id,
            nickname: nickname.into(),
            profile_image_url: None,
            email: None,
            email_verified: true,
            email_valid: true,
            name: None,
            gender: None,
            age_range: None,
            birthyear: None,
            birthday: None,
            phone_number: None,
            properties: BTreeMap::new(),
        }
    }
}

/// Token lifetimes and issuance limits; the defaults are the values Kakao documents or serves.
///
/// <https://developers.kakao.com/docs/latest/ko/getting-started/quota#kakao-login>
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Observed on REST keys: 6 h minus a second.
    pub access_token_secs: i64,
    /// Observed on REST keys: 60 days minus a second.
    pub refresh_token_secs: i64,
    /// A new refresh token is issued on refresh only when less than this is left (one month).
    pub refresh_rotation_secs: i64,
    /// UNCONFIRMED at Kakao; 10 minutes is the usual figure.
    pub code_secs: i64,
    /// A Kakao account session without "keep me signed in".
    pub session_secs: i64,
    /// With "keep me signed in".
    pub remembered_session_secs: i64,
    /// Per user and app, access tokens per 10 minutes (KOE237 beyond).
    pub access_tokens_per_10_minutes: usize,
    /// Per user and app, refresh tokens per hour (KOE237 beyond).
    pub refresh_tokens_per_hour: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            access_token_secs: 21_599,
            refresh_token_secs: 5_183_999,
            refresh_rotation_secs: 30 * 24 * 3600,
            code_secs: 600,
            session_secs: 24 * 3600,
            remembered_session_secs: 30 * 24 * 3600,
            access_tokens_per_10_minutes: 20,
            refresh_tokens_per_hour: 30,
        }
    }
}

/// Why a fixture file could not be used.
#[derive(Debug)]
pub enum FixtureError {
    Read(std::io::Error),
    Toml(toml::de::Error),
    Json(serde_json::Error),
    Invalid(String),
    Key(crate::keys::KeyError),
}

impl std::fmt::Display for FixtureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FixtureError::Read(e) => write!(f, "cannot read the fixture: {e}"),
            FixtureError::Toml(e) => write!(f, "invalid TOML fixture: {e}"),
            FixtureError::Json(e) => write!(f, "invalid JSON fixture: {e}"),
            FixtureError::Invalid(why) => write!(f, "inconsistent fixture: {why}"),
            FixtureError::Key(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for FixtureError {}

impl Fixture {
    /// Reads a `.json` file as JSON and anything else as TOML, then checks it.
    pub fn load(path: &Path) -> Result<Fixture, FixtureError> {
        let text = std::fs::read_to_string(path).map_err(FixtureError::Read)?;
        let fixture: Fixture = if path.extension().is_some_and(|e| e == "json") {
            serde_json::from_str(&text).map_err(FixtureError::Json)?
        } else {
            toml::from_str(&text).map_err(FixtureError::Toml)?
        };
        fixture.validate()?;
        Ok(fixture)
    }

    /// Rejects fixtures that would make lookups ambiguous.
    pub fn validate(&self) -> Result<(), FixtureError> {
        let mut client_ids = std::collections::BTreeSet::new();
        let mut admin_keys = std::collections::BTreeSet::new();
        let mut javascript_keys = std::collections::BTreeSet::new();
        for app in &self.apps {
            if !client_ids.insert(&app.client_id)
                || !admin_keys.insert(&app.admin_key)
                || app
                    .javascript_key
                    .as_ref()
                    .is_some_and(|key| !javascript_keys.insert(key))
            {
                return Err(FixtureError::Invalid(format!(
                    "app {} repeats a client_id, admin key or JavaScript key",
                    app.app_id
                )));
            }
        }
        let mut ids = std::collections::BTreeSet::new();
        if let Some(dup) = self.users.iter().find(|u| !ids.insert(u.id)) {
            return Err(FixtureError::Invalid(format!("user id {} repeats", dup.id)));
        }
        if let Some(id) = self.inapp_user.filter(|id| !ids.contains(id)) {
            return Err(FixtureError::Invalid(format!(
                "inapp_user {id} is not a user"
            )));
        }
        Ok(())
    }
}

impl Default for Fixture {
    /// The demo app and test accounts documented in `emulator/README.md`.
    fn default() -> Self {
        let consent = |id: &str, display_name: &str, required: bool| ConsentItem {
            id: id.into(),
            display_name: display_name.into(),
            required,
        };
        let term = |tag: &str, title: &str, required: bool| ServiceTermConfig {
            tag: tag.into(),
            title: title.into(),
            url: Some(format!("http://localhost:8080/terms/{tag}.html")),
            required,
            revocable: None,
        };
        let user = |id: i64, nickname: &str, email: &str| User {
            email: Some(email.into()),
            ..User::new(id, nickname)
        };
        let app = App {
            app_id: 1_234_567,
            name: "카카오싱크 데모".into(),
            client_id: "kakao-sync-demo-rest-api-key".into(),
            client_secret: Some("kakao-sync-demo-client-secret".into()),
            admin_key: "kakao-sync-demo-admin-key".into(),
            oidc: true,
            redirect_uris: vec![
                "http://localhost:8080/redirect.html".into(),
                "http://127.0.0.1:8080/redirect.html".into(),
            ],
            logout_redirect_uris: vec![
                "http://localhost:8080/".into(),
                "http://127.0.0.1:8080/".into(),
            ],
            unlink_webhook: Some(Webhook {
                url: "http://localhost:8080/api/kakao/webhooks/unlink".into(),
                method: WebhookMethod::Post,
                encoding: WebhookEncoding::Form,
            }),
            consent_items: vec![
                consent("profile_nickname", "닉네임", true),
                consent("profile_image", "프로필 사진", false),
                consent("account_email", "카카오계정(이메일)", true),
                consent("name", "이름", false),
                consent("gender", "성별", false),
                consent("age_range", "연령대", false),
                consent("birthday", "생일", false),
                consent("birthyear", "출생 연도", false),
                consent("phone_number", "카카오계정(전화번호)", false),
                consent("plusfriends", "카카오톡 채널 추가 상태 및 내역", false),
            ],
            service_terms: vec![
                term("terms_service", "서비스 이용약관", true),
                term("terms_privacy", "개인정보 수집 및 이용 동의", true),
                term("terms_marketing", "마케팅 정보 수신 동의", false),
            ],
            chatbot: None,
            javascript_key: Some("kakao-sync-demo-javascript-key".into()),
            javascript_sdk_domains: vec![
                "http://localhost:8080".into(),
                "http://127.0.0.1:8080".into(),
            ],
            web_domains: vec![
                "http://localhost:8080".into(),
                "http://127.0.0.1:8080".into(),
            ],
            // UNCONFIRMED: whether a POST share webhook carries a JSON or a form body; Kakao's
            // table types the callback arguments "JSON".
            share_webhook: Some(Webhook {
                url: "http://localhost:8080/api/kakao/webhooks/share".into(),
                method: WebhookMethod::Post,
                encoding: WebhookEncoding::Json,
            }),
            message_template_ids: Vec::new(),
            channels: vec![
                ChannelConfig {
                    public_id: "_ZeUTxl".into(),
                    uuid: "@kakaosyncdemo".into(),
                    name: "카카오싱크 데모".into(),
                },
                ChannelConfig {
                    public_id: "_xkNzpK".into(),
                    uuid: "@kakaosyncnews".into(),
                    name: "카카오싱크 소식".into(),
                },
            ],
        };
        let mut ryan = user(4_200_000_001, "라이언", "ryan@example.com");
        ryan.name = Some("김라이언".into());
        ryan.gender = Some("male".into());
        ryan.age_range = Some("30~39".into());
        ryan.birthyear = Some("1992".into());
        ryan.birthday = Some("0105".into());
        ryan.phone_number = Some("+82 10-1234-5678".into());
        let mut apeach = user(4_200_000_002, "어피치", "apeach@example.com");
        apeach.gender = Some("female".into());
        apeach.age_range = Some("20~29".into());
        let mut muzi = user(4_200_000_003, "무지", "muzi@example.com");
        muzi.email_verified = false;
        let neo = user(3_891_047_281_234_567_890, "네오", "neo@example.com");
        Fixture {
            issuer: None,
            signing_key_pem: None,
            extra_jwks_keys: Vec::new(),
            id_token_header: serde_json::Map::new(),
            apps: vec![app],
            users: vec![ryan, apeach, muzi, neo],
            inapp_user: Some(4_200_000_001),
            limits: Limits::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_fixture_is_consistent_and_round_trips_through_toml_and_json() {
        let fixture = Fixture::default();
        fixture.validate().unwrap();
        let toml_text = toml::to_string(&fixture).unwrap();
        assert_eq!(toml::from_str::<Fixture>(&toml_text).unwrap(), fixture);
        let json_text = serde_json::to_string(&fixture).unwrap();
        assert_eq!(
            serde_json::from_str::<Fixture>(&json_text).unwrap(),
            fixture
        );
    }

    #[test]
    fn variance_fields_round_trip_through_toml_and_json() {
        let mut fixture = Fixture {
            extra_jwks_keys: vec![serde_json::json!({"kty": "EC", "crv": "P-256", "x": "AQ"})],
            ..Fixture::default()
        };
        fixture
            .id_token_header
            .insert("crit".into(), serde_json::json!(["exp-extension"]));
        let toml_text = toml::to_string(&fixture).unwrap();
        assert_eq!(toml::from_str::<Fixture>(&toml_text).unwrap(), fixture);
        let json_text = serde_json::to_string(&fixture).unwrap();
        assert_eq!(
            serde_json::from_str::<Fixture>(&json_text).unwrap(),
            fixture
        );
    }

    #[test]
    fn the_example_fixture_file_loads() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/example.toml");
        let fixture = Fixture::load(&path).unwrap();
        assert_eq!(
            fixture.apps[0].unlink_webhook.as_ref().unwrap().method,
            WebhookMethod::Get
        );
        assert!(!fixture.users[1].email_verified);
        assert_eq!(fixture.limits.refresh_tokens_per_hour, 30);
    }

    #[test]
    fn a_json_fixture_file_loads_by_its_extension() {
        let path =
            std::env::temp_dir().join(format!("emulator-fixture-{}.json", std::process::id()));
        std::fs::write(&path, serde_json::to_string(&Fixture::default()).unwrap()).unwrap();
        let loaded = Fixture::load(&path);
        std::fs::remove_file(&path).unwrap();
        assert_eq!(loaded.unwrap(), Fixture::default());
    }

    #[test]
    fn a_fixture_with_a_repeated_user_id_is_rejected() {
        let mut fixture = Fixture::default();
        fixture.users.push(fixture.users[0].clone());
        assert!(matches!(fixture.validate(), Err(FixtureError::Invalid(_))));
    }

    #[test]
    fn a_typo_in_a_fixture_fails_loudly() {
        let err = toml::from_str::<Fixture>("apps = []\nusers = []\nissuerr = \"x\"\n");
        assert!(err.is_err());
    }

    #[test]
    fn revocability_defaults_to_optional_terms_only() {
        let app = &Fixture::default().apps[0];
        let revocable: Vec<_> = app
            .service_terms
            .iter()
            .filter(|t| t.is_revocable())
            .map(|t| t.tag.as_str())
            .collect();
        assert_eq!(revocable, ["terms_marketing"]);
    }
}
