//! The backend binary killed with SIGKILL in the middle of a load run, then started again on
//! the same SQLite file: every transaction is whole or absent, no session the backend answered
//! is lost, and sign-ins work again. A withdrawal still pending at the kill is finished by the
//! restarted binary.

use std::sync::Arc;

use axum::http::StatusCode;
use reqwest::Method;
use serde_json::{Value, json};
use tokio::task::JoinSet;

use crate::binary::Binary;
use crate::common::fixture_with_users;
use crate::common::world::{NONCE, RYAN, World};
use crate::common::{ORIGIN, TestDb, vars};
use crate::{assert_consistent, eventually};

const USERS: usize = 50;
const SIGN_INS: usize = 200;
/// The kill comes after this many answered sign-ins, with the rest still in flight.
const KILL_AFTER: usize = 30;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_mid_load_leaves_a_consistent_database_and_serving_resumes() {
    let (fixture, users) = fixture_with_users(USERS as i64);
    let w = Arc::new(World::start_with(TestDb::sqlite(), fixture, &[]).await);
    let db = TestDb::sqlite();
    // Two hundred browsers, all from this machine's one loopback address.
    let env = vars(
        &w.kakao.base_url(),
        &db,
        &[
            ("RATE_LIMIT_SESSION_PER_MINUTE", "0"),
            ("MAX_CONNECTIONS_PER_CLIENT", "1024"),
        ],
    );
    let mut backend = Binary::start(&env, &[]);

    let mut codes = Vec::with_capacity(SIGN_INS);
    for i in 0..SIGN_INS {
        codes.push(w.code(users[i % USERS], serde_json::json!({})).await);
    }
    let mut running = JoinSet::new();
    for code in codes {
        let (w, base) = (w.clone(), backend.base.clone());
        running.spawn(async move { w.try_post_session_to(&base, &code, NONCE).await });
    }
    let mut answered = Vec::new();
    let mut unanswered = 0;
    while let Some(done) = running.join_next().await {
        match done.unwrap() {
            Ok(answer) => {
                assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
                answered.push(answer.cookie.expect("a session cookie"));
                if answered.len() == KILL_AFTER {
                    backend.kill();
                }
            }
            Err(_) => unanswered += 1,
        }
    }
    assert!(unanswered > 0, "the kill came after the load run ended");

    let store = kakao_sync_backend::db::connect(&db.url, crate::common::token_keys())
        .await
        .unwrap();
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(store.reads())
        .await
        .unwrap();
    assert_eq!(integrity, "ok");
    assert_consistent(&store).await;
    store.reads().close().await;
    store.writes().close().await;

    let backend = Binary::start(&env, &[]);
    for cookie in &answered {
        let status = w
            .http
            .get(format!("{}/api/kakao/session", backend.base))
            .header("cookie", cookie)
            .header("origin", ORIGIN)
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(
            status,
            StatusCode::OK,
            "a session answered before the kill was lost"
        );
    }
    for &user in &users[..5] {
        let code = w.code(user, serde_json::json!({})).await;
        let answer = w
            .try_post_session_to(&backend.base, &code, NONCE)
            .await
            .unwrap();
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_withdrawal_pending_at_a_crash_is_finished_after_the_restart() {
    let w = World::start(TestDb::sqlite()).await;
    let db = TestDb::sqlite();
    let env = vars(&w.kakao.base_url(), &db, &[]);
    let mut backend = Binary::start(&env, &[]);
    let code = w.code(RYAN, json!({})).await;
    let signed_in = w
        .try_post_session_to(&backend.base, &code, NONCE)
        .await
        .unwrap();
    let cookie = signed_in.cookie.expect("a session cookie");

    w.fault(json!({"path": "unlink", "kind": "status", "status": 503, "persistent": true}))
        .await;
    let withdrawal = w
        .http
        .post(format!("{}/api/kakao/withdraw", backend.base))
        .header("cookie", &cookie)
        .header("origin", ORIGIN)
        .send()
        .await
        .unwrap();
    assert_eq!(withdrawal.status(), StatusCode::ACCEPTED);
    // Operators see the deletion waiting, with a count, until it is done.
    eventually("the pending count in the logs", async || {
        let logs = backend.logs();
        logs.contains("member deletions not finished yet") && logs.contains(r#""pending":1"#)
    })
    .await;
    backend.kill();

    w.control(Method::DELETE, "/faults", Value::Null).await;
    let restarted = Binary::start(&env, &[]);
    let store = kakao_sync_backend::db::connect(&db.url, crate::common::token_keys())
        .await
        .unwrap();
    eventually("the withdrawal's end after the restart", async || {
        let left: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM members) + (SELECT COUNT(*) FROM member_deletions)",
        )
        .fetch_one(store.reads())
        .await
        .unwrap();
        left == 0
    })
    .await;
    assert!(restarted.logs().contains("member deletion finished"));
    assert_consistent(&store).await;
    // Unlinked at Kakao by the admin key: signing up again makes a new member.
    let code = w.code(RYAN, json!({})).await;
    let again = w
        .try_post_session_to(&restarted.base, &code, NONCE)
        .await
        .unwrap();
    assert_eq!(again.body["isNewMember"], true, "{}", again.body);
}
