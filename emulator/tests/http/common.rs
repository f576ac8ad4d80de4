//! Shared helpers: a spawned emulator with the default fixture, a plain HTTP client, and the
//! default fixture's keys and accounts.

use std::sync::{Arc, Mutex};

use axum::extract::{RawQuery, Request};
use axum::http::{HeaderMap, Method, StatusCode};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use kakao_sync_emulator::{Fixture, Running, spawn};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

pub const CLIENT_ID: &str = "kakao-sync-demo-rest-api-key";
pub const SECRET: &str = "kakao-sync-demo-client-secret";
pub const ADMIN_KEY: &str = "kakao-sync-demo-admin-key";
pub const REDIRECT: &str = "http://localhost:8080/redirect.html";
pub const APP_ID: i64 = 1_234_567;
pub const RYAN: i64 = 4_200_000_001;
pub const APEACH: i64 = 4_200_000_002;
pub const MUZI: i64 = 4_200_000_003;
pub const NEO: i64 = 3_891_047_281_234_567_890;

/// The token answer as these tests read it: the emulator's own reading of Kakao's documented
/// fields, independent of the backend's types.
#[derive(Debug, Deserialize)]
pub struct Tokens {
    pub access_token: String,
    pub id_token: Option<String>,
    pub refresh_token: Option<String>,
    pub refresh_token_expires_in: Option<i64>,
    pub scope: Option<String>,
}

/// A running emulator and a client that never follows redirects (a redirect to the service
/// must not leave loopback, and tests check each hop).
pub struct Env {
    pub running: Running,
    pub http: reqwest::Client,
}

pub async fn env() -> Env {
    env_with(Fixture::default()).await
}

pub async fn env_with(fixture: Fixture) -> Env {
    Env {
        running: spawn(fixture).await.expect("emulator starts"),
        http: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
    }
}

impl Env {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.running.base_url())
    }

    /// `POST /__emulator/authorize` with the default app and redirect URI, plus `extra`.
    pub async fn shortcut(&self, user_id: i64, extra: Value) -> Value {
        let mut body =
            json!({"client_id": CLIENT_ID, "redirect_uri": REDIRECT, "user_id": user_id});
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().cloned().unwrap_or_default());
        let response = self.control(Method::POST, "/authorize", body).await;
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.unwrap()
    }

    pub async fn code_for(&self, user_id: i64, extra: Value) -> String {
        self.shortcut(user_id, extra).await["code"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// `POST /oauth/token` with a form body.
    pub async fn token(&self, form: &[(&str, &str)]) -> reqwest::Response {
        self.http
            .post(self.url("/oauth/token"))
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// The code grant with the default app's credentials and redirect URI.
    pub async fn redeem(&self, code: &str) -> reqwest::Response {
        self.token(&[
            ("grant_type", "authorization_code"),
            ("client_id", CLIENT_ID),
            ("client_secret", SECRET),
            ("redirect_uri", REDIRECT),
            ("code", code),
        ])
        .await
    }

    /// The refresh grant with the default app's credentials.
    pub async fn refresh(&self, refresh_token: &str) -> reqwest::Response {
        self.token(&[
            ("grant_type", "refresh_token"),
            ("client_id", CLIENT_ID),
            ("client_secret", SECRET),
            ("refresh_token", refresh_token),
        ])
        .await
    }

    /// [`Env::redeem`], which must succeed.
    pub async fn exchange(&self, code: &str) -> Tokens {
        let response = self.redeem(code).await;
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.unwrap()
    }

    /// A linked user with every consent item and term agreed, and fresh tokens.
    pub async fn signed_up(&self, user_id: i64) -> Tokens {
        let code = self.code_for(user_id, json!({})).await;
        self.exchange(&code).await
    }

    pub async fn control(&self, method: Method, path: &str, body: Value) -> reqwest::Response {
        self.http
            .request(method, self.url(&format!("/__emulator{path}")))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    pub async fn bearer_get(&self, path: &str, token: &str) -> reqwest::Response {
        self.bearer_get_query(path, token, &[]).await
    }

    pub async fn bearer_get_query(
        &self,
        path: &str,
        token: &str,
        query: &[(&str, &str)],
    ) -> reqwest::Response {
        self.http
            .get(self.url(path))
            .bearer_auth(token)
            .query(query)
            .send()
            .await
            .unwrap()
    }

    /// A POST with a Bearer token and, when `form` is not empty, a form body.
    pub async fn bearer_post(
        &self,
        path: &str,
        token: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        let request = self.http.post(self.url(path)).bearer_auth(token);
        let request = if form.is_empty() {
            request
        } else {
            request.form(form)
        };
        request.send().await.unwrap()
    }

    pub async fn admin_post(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.http
            .post(self.url(path))
            .header("Authorization", format!("KakaoAK {ADMIN_KEY}"))
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// The claims of an id_token after checking its RS256 signature against the served JWKS.
    pub async fn verified_claims(&self, id_token: &str) -> Value {
        let jwks: Value = self
            .http
            .get(self.url("/.well-known/jwks.json"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let parts: Vec<&str> = id_token.split('.').collect();
        assert_eq!(parts.len(), 3);
        let header: Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[0]).unwrap()).unwrap();
        assert_eq!(header["alg"], "RS256");
        let jwk = jwks["keys"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["kid"] == header["kid"])
            .expect("the id_token's kid is in the JWKS");
        let decode = |member: &str| {
            URL_SAFE_NO_PAD
                .decode(jwk[member].as_str().unwrap())
                .unwrap()
        };
        let key = ring::signature::RsaPublicKeyComponents {
            n: decode("n"),
            e: decode("e"),
        };
        let signing_input = format!("{}.{}", parts[0], parts[1]);
        key.verify(
            &ring::signature::RSA_PKCS1_2048_8192_SHA256,
            signing_input.as_bytes(),
            &URL_SAFE_NO_PAD.decode(parts[2]).unwrap(),
        )
        .expect("the id_token's signature verifies with the JWKS key");
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap()
    }
}

/// Asserts Kakao's JSON content type and parses the body.
pub async fn kakao_json<T: DeserializeOwned>(response: reqwest::Response) -> T {
    assert_eq!(
        response.headers()["content-type"],
        "application/json;charset=UTF-8"
    );
    response.json().await.unwrap()
}

/// Asserts a kauth error's status, `error` and `error_code`.
pub async fn assert_kauth_error(
    response: reqwest::Response,
    status: u16,
    error: &str,
    code: Option<&str>,
) {
    assert_eq!(response.status().as_u16(), status);
    let body: Value = kakao_json(response).await;
    assert_eq!(body["error"], error, "{body}");
    assert_eq!(body["error_code"].as_str(), code, "{body}");
    assert!(body["error_description"].is_string());
}

/// Asserts a kapi error's status and `code`, and returns the body.
pub async fn assert_kapi_error(response: reqwest::Response, status: u16, code: i64) -> Value {
    assert_eq!(response.status().as_u16(), status);
    if status == 401 {
        assert_eq!(
            response.headers()["www-authenticate"],
            "Bearer error=invalid_token"
        );
    }
    let body: Value = kakao_json(response).await;
    assert_eq!(body["code"], code, "{body}");
    assert!(body["msg"].is_string());
    body
}

/// One request a [`Receiver`] got.
#[derive(Clone, Debug)]
pub struct Received {
    pub method: Method,
    pub headers: HeaderMap,
    pub query: String,
    pub body: String,
}

/// A loopback HTTP server standing in for the service's webhook endpoint.
pub struct Receiver {
    pub url: String,
    pub got: Arc<Mutex<Vec<Received>>>,
}

pub async fn receiver(status: StatusCode) -> Receiver {
    let got: Arc<Mutex<Vec<Received>>> = Arc::default();
    let sink = got.clone();
    let handler = move |RawQuery(query): RawQuery, req: Request| {
        let sink = sink.clone();
        async move {
            let (parts, body) = req.into_parts();
            let body = axum::body::to_bytes(body, 1 << 16).await.unwrap();
            sink.lock().unwrap().push(Received {
                method: parts.method,
                headers: parts.headers,
                query: query.unwrap_or_default(),
                body: String::from_utf8(body.to_vec()).unwrap(),
            });
            status
        }
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move {
        axum::serve(
            listener,
            axum::Router::new().route("/hook", axum::routing::any(handler)),
        )
        .await
        .unwrap()
    });
    Receiver { url, got }
}
