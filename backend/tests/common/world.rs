//! A running emulator, a running backend pointed at it, and a browser-like client: what the
//! flow and hardening suites drive.

use axum::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use kakao_sync_backend::secret::Secret;
use kakao_sync_backend::{AppState, serve};
use kakao_sync_emulator::{Fixture, Running, spawn};
use reqwest::Method;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::{ORIGIN, REDIRECT_URI, REST_API_KEY, TestDb, config};

pub const RYAN: i64 = 4_200_000_001;
pub const APEACH: i64 = 4_200_000_002;
pub const MUZI: i64 = 4_200_000_003;
pub const NEO: i64 = 3_891_047_281_234_567_890;

pub const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
pub const NONCE: &str = "n-0S6_WzA2Mj";

/// A running emulator, a running backend pointed at it, and a browser-like client.
pub struct World {
    pub kakao: Running,
    pub backend: String,
    pub state: AppState,
    pub http: reqwest::Client,
    pub db: TestDb,
}

/// What a `POST /session` answered.
pub struct Answer {
    pub status: StatusCode,
    pub body: Value,
    /// The session cookie's `name=value`, when one was set.
    pub cookie: Option<String>,
    pub set_cookie: Option<String>,
}

impl World {
    pub async fn start(db: TestDb) -> World {
        World::start_with(db, Fixture::default(), &[]).await
    }

    pub async fn start_with(db: TestDb, fixture: Fixture, extra: &[(&str, &str)]) -> World {
        World::start_beside_kakao(db, fixture, |_| {
            extra
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect()
        })
        .await
    }

    /// As [`World::start_with`], with settings that name the running emulator's base URL.
    pub async fn start_beside_kakao(
        db: TestDb,
        fixture: Fixture,
        extra: impl FnOnce(&str) -> Vec<(String, String)>,
    ) -> World {
        let kakao = spawn(fixture).await.expect("the emulator starts");
        let extra = extra(&kakao.base_url());
        let extra: Vec<(&str, &str)> = extra
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let state = AppState::new(config(&kakao.base_url(), &db, &extra))
            .await
            .unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let backend = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(serve(listener, state.clone(), std::future::pending()));
        let world = World {
            kakao,
            backend,
            state,
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            db,
        };
        let webhook = format!("{}/api/kakao/webhooks/unlink", world.backend);
        world
            .control(
                Method::PATCH,
                &format!("/apps/{REST_API_KEY}"),
                json!({"unlink_webhook": {"url": webhook}}),
            )
            .await;
        world
    }

    /// Another instance of the backend on the same database and Kakao, as behind a load
    /// balancer or after a restart, with `extra` settings: its URL.
    pub async fn another_instance(&self, extra: &[(&str, &str)]) -> String {
        let state = AppState::new(config(&self.kakao.base_url(), &self.db, extra))
            .await
            .unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(serve(listener, state, std::future::pending()));
        base
    }

    /// A call to the emulator's control API; it must succeed.
    pub async fn control(&self, method: Method, path: &str, body: Value) -> Value {
        let response = self
            .http
            .request(
                method,
                format!("{}/__emulator{path}", self.kakao.base_url()),
            )
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        assert!(status.is_success(), "control {path}: {status} {text}");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    /// A fault on one emulator endpoint, e.g. `json!({"path": "token", "kind": "drop"})`.
    pub async fn fault(&self, fault: Value) {
        self.control(Method::POST, "/faults", fault).await;
    }

    /// An authorization code for `user_id`, as the consent screen would issue it for this
    /// login's nonce and PKCE challenge; `extra` goes into the authorize shortcut.
    pub async fn code(&self, user_id: i64, extra: Value) -> String {
        let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(VERIFIER.as_bytes()));
        let mut body = json!({
            "client_id": REST_API_KEY, "redirect_uri": REDIRECT_URI, "user_id": user_id,
            "nonce": NONCE, "code_challenge": challenge,
        });
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().cloned().unwrap_or_default());
        self.control(Method::POST, "/authorize", body).await["code"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// `POST /session` the way the redirect page does.
    pub async fn post_session(&self, code: &str, nonce: &str) -> Answer {
        self.try_post_session_to(&self.backend, code, nonce)
            .await
            .expect("the backend answers")
    }

    /// `POST /session` to the backend at `backend` (e.g. a separately started binary), which
    /// may not answer at all.
    pub async fn try_post_session_to(
        &self,
        backend: &str,
        code: &str,
        nonce: &str,
    ) -> reqwest::Result<Answer> {
        let body = json!({"code": code, "codeVerifier": VERIFIER, "nonce": nonce, "redirectUri": REDIRECT_URI});
        let response = self
            .http
            .post(format!("{backend}/api/kakao/session"))
            .header("origin", ORIGIN)
            .json(&body)
            .send()
            .await?;
        let status = response.status();
        let set_cookie = response
            .headers()
            .get("set-cookie")
            .map(|v| v.to_str().unwrap().to_owned());
        let cookie = set_cookie
            .as_deref()
            .and_then(|c| c.split(';').next())
            .filter(|c| !c.ends_with('='))
            .map(str::to_owned);
        Ok(Answer {
            status,
            body: response.json().await?,
            cookie,
            set_cookie,
        })
    }

    /// A full login of `user_id`; it must succeed.
    pub async fn login(&self, user_id: i64, extra: Value) -> (Value, String) {
        let code = self.code(user_id, extra).await;
        let answer = self.post_session(&code, NONCE).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        (answer.body, answer.cookie.expect("a session cookie"))
    }

    pub fn api(&self, path: &str) -> String {
        format!("{}/api/kakao{path}", self.backend)
    }

    /// A signed-in request to the backend: `(status, JSON body or null)`.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        cookie: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        self.call_to(&self.backend, method, path, cookie, body)
            .await
    }

    /// [`World::call`] to the backend at `backend` (e.g. [`World::another_instance`]).
    pub async fn call_to(
        &self,
        backend: &str,
        method: Method,
        path: &str,
        cookie: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self
            .http
            .request(method, format!("{backend}/api/kakao{path}"))
            .header("cookie", cookie)
            .header("origin", ORIGIN);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// How many rows a table holds.
    pub async fn rows(&self, table: &str) -> i64 {
        let sql = match table {
            "members" => "SELECT COUNT(*) FROM members",
            "sessions" => "SELECT COUNT(*) FROM sessions",
            "member_terms" => "SELECT COUNT(*) FROM member_terms",
            "member_deletions" => "SELECT COUNT(*) FROM member_deletions",
            "code_claims" => "SELECT COUNT(*) FROM code_claims",
            "talk_logins" => "SELECT COUNT(*) FROM talk_logins",
            _ => unreachable!("{table}"),
        };
        sqlx::query_scalar(sql)
            .fetch_one(self.state.db.reads())
            .await
            .unwrap()
    }

    /// Waits (up to 20 s) until the deletion worker has finished every recorded deletion.
    pub async fn deletions_finished(&self) {
        for _ in 0..400 {
            if self.rows("member_deletions").await == 0 {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("recorded member deletions were not finished");
    }

    /// The Kakao tokens the session behind `cookie` holds, opened with the configured keys.
    pub async fn kakao_tokens(&self, cookie: &str) -> (Secret, Option<Secret>) {
        let id = cookie.split_once('=').unwrap().1;
        let session =
            kakao_sync_backend::db::find_session(&self.state.db, id, kakao_sync_backend::db::now())
                .await
                .unwrap()
                .expect("a live session");
        (session.access_token, session.refresh_token)
    }

    /// The paths the emulator was asked for, in order.
    pub async fn kakao_paths(&self) -> Vec<String> {
        let log = self.control(Method::GET, "/requests", Value::Null).await;
        log.as_array()
            .unwrap()
            .iter()
            .map(|r| r["path"].as_str().unwrap_or_default().to_owned())
            .collect()
    }
}
