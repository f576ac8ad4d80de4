//! Kakao failing at each call a sign-in makes (token exchange, JWKS, user info, service terms),
//! in each way it can fail (too slow, 5xx, malformed JSON, connection dropped): the sign-in
//! fails with a clear code, writes nothing, and the very next one succeeds. Each case starts
//! from a fresh backend, so the JWKS is not cached yet and a JWKS fault really is hit.

use axum::http::StatusCode;
use kakao_sync_emulator::Fixture;
use serde_json::{Value, json};

use crate::assert_consistent;
use crate::common::TestDb;
use crate::common::world::{NONCE, RYAN, World};

/// The backend gives up on Kakao after this long; the latency fault lasts longer.
const KAKAO_TIMEOUT_MS: &str = "300";

fn faults() -> [(Value, StatusCode, &'static str); 5] {
    [
        (
            json!({"kind": "latency", "ms": 900}),
            StatusCode::GATEWAY_TIMEOUT,
            "kakao_timeout",
        ),
        (
            json!({"kind": "status", "status": 500}),
            StatusCode::BAD_GATEWAY,
            "kakao_unavailable",
        ),
        (
            json!({"kind": "status", "status": 503}),
            StatusCode::BAD_GATEWAY,
            "kakao_unavailable",
        ),
        (
            json!({"kind": "malformed_json"}),
            StatusCode::BAD_GATEWAY,
            "kakao_unavailable",
        ),
        (
            json!({"kind": "drop"}),
            StatusCode::BAD_GATEWAY,
            "kakao_unavailable",
        ),
    ]
}

/// Every fault on `endpoint`, each on a fresh backend and database.
async fn every_fault_on(endpoint: &str) {
    for (mut fault, status, code) in faults() {
        fault["endpoint"] = json!(endpoint);
        let w = World::start_with(
            TestDb::sqlite(),
            Fixture::default(),
            &[("KAKAO_TIMEOUT_MS", KAKAO_TIMEOUT_MS)],
        )
        .await;
        w.fault(fault.clone()).await;
        let failed = w.post_session(&w.code(RYAN, json!({})).await, NONCE).await;
        assert_eq!(
            (failed.status, failed.body["code"].as_str()),
            (status, Some(code)),
            "{fault}: {}",
            failed.body
        );
        assert!(failed.set_cookie.is_none(), "{fault}: a cookie on failure");
        for table in ["members", "sessions", "member_terms"] {
            assert_eq!(w.rows(table).await, 0, "{fault}: {table} written");
        }

        let (body, _) = w.login(RYAN, json!({})).await;
        assert_eq!(body["isNewMember"], true, "{fault}");
        assert_eq!(w.rows("members").await, 1, "{fault}");
        assert_consistent(&w.state.db).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_token_exchange_failing() {
    every_fault_on("token").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_jwks_unavailable() {
    every_fault_on("jwks").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn user_info_failing() {
    every_fault_on("user_me").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn service_terms_failing() {
    every_fault_on("service_terms").await
}
