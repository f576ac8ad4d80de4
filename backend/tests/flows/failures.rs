//! What goes wrong between the backend and Kakao: bad id_tokens, timeouts, 5xx, malformed
//! answers, dropped connections. Each is a clear error and leaves nothing written.

use axum::http::StatusCode;
use kakao_sync_emulator::Fixture;
use serde_json::{Value, json};

use crate::common::TestDb;
use crate::{NONCE, RYAN, World};

crate::on_every_database!(
    a_nonce_from_another_login_is_refused,
    an_id_token_from_another_issuer_is_refused,
    an_expired_id_token_is_refused,
    kakao_failures_are_clear_errors_and_write_nothing,
    kakao_refusing_the_code_passes_its_koe_code_on,
    a_request_is_cut_at_the_request_timeout,
);

/// The login failed with `code`, and the database holds no member, session or terms.
async fn assert_failed_cleanly(
    w: &World,
    status: StatusCode,
    body: &Value,
    set_cookie: &Option<String>,
    code: &str,
) {
    assert_eq!(body["code"], code, "{body}");
    assert!(!status.is_success(), "{status}");
    assert!(set_cookie.is_none(), "no cookie on failure");
    for table in ["members", "sessions", "member_terms"] {
        assert_eq!(w.rows(table).await, 0, "{code}: {table} written");
    }
}

async fn a_nonce_from_another_login_is_refused(db: TestDb) {
    let w = World::start(db).await;
    let code = w.code(RYAN, json!({})).await;
    let a = w.post_session(&code, "a-nonce-from-another-tab").await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    assert_failed_cleanly(&w, a.status, &a.body, &a.set_cookie, "id_token_invalid").await;
    // The tokens Kakao issued for the refused login are revoked, in the background.
    for _ in 0..50 {
        if w.kakao_paths().await.iter().any(|p| p == "/v1/user/logout") {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("the refused login's tokens were not revoked");
}

async fn an_id_token_from_another_issuer_is_refused(db: TestDb) {
    let fixture = Fixture {
        issuer: Some("https://kauth.kakao.com".into()),
        ..Fixture::default()
    };
    let w = World::start_with(db, fixture, &[]).await;
    let a = w.post_session(&w.code(RYAN, json!({})).await, NONCE).await;
    assert_failed_cleanly(&w, a.status, &a.body, &a.set_cookie, "id_token_invalid").await;
    assert!(
        a.body["message"].as_str().unwrap().contains("wrong iss"),
        "{}",
        a.body
    );
}

async fn an_expired_id_token_is_refused(db: TestDb) {
    let mut fixture = Fixture::default();
    // The id_token shares the access token's lifetime; this one ended ten minutes ago.
    fixture.limits.access_token_secs = -600;
    let w = World::start_with(db, fixture, &[]).await;
    let a = w.post_session(&w.code(RYAN, json!({})).await, NONCE).await;
    assert_failed_cleanly(&w, a.status, &a.body, &a.set_cookie, "id_token_invalid").await;
    assert!(
        a.body["message"].as_str().unwrap().contains("expired"),
        "{}",
        a.body
    );
}

async fn kakao_failures_are_clear_errors_and_write_nothing(db: TestDb) {
    let w = World::start(db).await;
    for (fault, status, code) in [
        (
            json!({"path": "token", "kind": "latency", "ms": 2500}),
            StatusCode::GATEWAY_TIMEOUT,
            "kakao_timeout",
        ),
        (
            json!({"path": "token", "kind": "status", "status": 500}),
            StatusCode::BAD_GATEWAY,
            "kakao_unavailable",
        ),
        (
            json!({"path": "token", "kind": "drop"}),
            StatusCode::BAD_GATEWAY,
            "kakao_unavailable",
        ),
        (
            json!({"path": "jwks", "kind": "malformed_json"}),
            StatusCode::BAD_GATEWAY,
            "kakao_unavailable",
        ),
        (
            json!({"path": "user_me", "kind": "status", "status": 503}),
            StatusCode::BAD_GATEWAY,
            "kakao_unavailable",
        ),
        (
            json!({"path": "user_me", "kind": "latency", "ms": 2500}),
            StatusCode::GATEWAY_TIMEOUT,
            "kakao_timeout",
        ),
        (
            json!({"path": "service_terms", "kind": "malformed_json"}),
            StatusCode::BAD_GATEWAY,
            "kakao_unavailable",
        ),
    ] {
        w.fault(fault.clone()).await;
        let a = w.post_session(&w.code(RYAN, json!({})).await, NONCE).await;
        assert_eq!(a.status, status, "{fault}: {}", a.body);
        assert_failed_cleanly(&w, a.status, &a.body, &a.set_cookie, code).await;
    }
    // Kakao is back: the next login works.
    w.login(RYAN, json!({})).await;
}

async fn kakao_refusing_the_code_passes_its_koe_code_on(db: TestDb) {
    let w = World::start(db).await;
    w.fault(json!({"path": "token", "kind": "koe", "code": "KOE320"}))
        .await;
    let a = w.post_session(&w.code(RYAN, json!({})).await, NONCE).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.body["kakaoError"], "invalid_grant", "{}", a.body);
    assert_eq!(a.body["kakaoErrorCode"], "KOE320");
    assert_failed_cleanly(&w, a.status, &a.body, &a.set_cookie, "kakao_error").await;
}

async fn a_request_is_cut_at_the_request_timeout(db: TestDb) {
    let w = World::start_with(db, Fixture::default(), &[("REQUEST_TIMEOUT_MS", "300")]).await;
    w.fault(json!({"path": "user_me", "kind": "latency", "ms": 1000}))
        .await;
    let a = w.post_session(&w.code(RYAN, json!({})).await, NONCE).await;
    assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_failed_cleanly(&w, a.status, &a.body, &a.set_cookie, "timeout").await;
}
