//! The logs of a whole member lifecycle, at trace level, hold no secret: not the client secret,
//! the admin key, Kakao's tokens, the authorization code or the session id.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use axum::http::StatusCode;
use reqwest::Method;
use serde_json::json;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

use crate::common::{ADMIN_KEY, CLIENT_SECRET, ORIGIN, REDIRECT_URI, TestDb};
use crate::{NONCE, RYAN, World};

/// Everything every test in this binary logged since the capture started.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Capture {
    type Writer = Capture;

    fn make_writer(&'a self) -> Capture {
        self.clone()
    }
}

fn capture() -> &'static Capture {
    static CAPTURE: OnceLock<Capture> = OnceLock::new();
    CAPTURE.get_or_init(|| {
        let capture = Capture::default();
        // The emulator's own logs are not the backend's to answer for.
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(EnvFilter::new("trace,kakao_sync_emulator=off"))
            .with_writer(capture.clone())
            .json()
            .finish();
        tracing::subscriber::set_global_default(subscriber).unwrap();
        capture
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_reaches_the_logs() {
    let capture = capture();
    let w = World::start(TestDb::sqlite()).await;

    let refused = w.code(RYAN, json!({})).await;
    assert_eq!(
        w.post_session(&refused, "wrong-nonce").await.status,
        StatusCode::UNAUTHORIZED
    );
    let code = w.code(RYAN, json!({})).await;
    let answer = w.post_session(&code, NONCE).await;
    assert_eq!(answer.status, StatusCode::OK);
    let cookie = answer.cookie.unwrap();
    let (access, refresh) = w.kakao_tokens(&cookie).await;
    let refresh = refresh.expect("Kakao issues a refresh token");

    w.control(Method::POST, "/clock", json!({"seconds": 7 * 3600}))
        .await;
    assert_eq!(
        w.call(Method::GET, "/terms", &cookie, None).await.0,
        StatusCode::OK
    );
    let (refreshed, _) = w.kakao_tokens(&cookie).await;
    assert_eq!(
        w.call(Method::GET, "/channels", &cookie, None).await.0,
        StatusCode::OK
    );
    assert_eq!(
        w.call(Method::POST, "/logout", &cookie, Some(json!({})))
            .await
            .0,
        StatusCode::OK
    );
    // Kakao's clock back in step with the backend's: an id_token issued 7 h ahead is refused.
    w.control(Method::POST, "/clock", json!({"seconds": -7 * 3600}))
        .await;
    w.login(RYAN, json!({})).await;
    // A KakaoTalk easy login: its state stands in for the PKCE verifier.
    let talk = w
        .http
        .post(w.api("/session/talk"))
        .header("origin", ORIGIN)
        .json(&json!({"redirectUri": REDIRECT_URI}))
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    let talk_state = talk["state"].as_str().unwrap().to_owned();
    let talk_code = w
        .code(
            RYAN,
            json!({"nonce": talk["nonce"], "code_challenge": null}),
        )
        .await;
    let (status, _) = w
        .call(
            Method::POST,
            "/session",
            "",
            Some(json!({"code": talk_code, "state": talk_state})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    w.control(Method::POST, &format!("/users/{RYAN}/unlink"), json!({}))
        .await;

    let logs = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("signed in"), "the capture works");
    let session_id = cookie.split_once('=').unwrap().1;
    for (what, secret) in [
        ("client secret", CLIENT_SECRET),
        ("admin key", ADMIN_KEY),
        ("access token", access.expose()),
        ("refreshed access token", refreshed.expose()),
        ("refresh token", refresh.expose()),
        ("authorization code", code.as_str()),
        ("refused authorization code", refused.as_str()),
        ("session id", session_id),
        ("KakaoTalk login state", talk_state.as_str()),
        ("KakaoTalk authorization code", talk_code.as_str()),
    ] {
        assert!(!logs.contains(secret), "the {what} is in the logs");
    }
}
