//! The backend under stress, all against the real emulator on loopback and a real database:
//! many concurrent sign-ins, every Kakao fault on every call of a sign-in, the binary killed
//! with SIGKILL mid-load and restarted, and hostile requests.

#[path = "../common/mod.rs"]
mod common;

mod binary;
mod crash;
mod faults;
mod hostile;
mod load;
mod slow_clients;

use kakao_sync_backend::db::Db;

/// Waits (up to 20 s) until `done` holds. What the binary logs, for one, reaches the test through
/// a pipe and the thread that reads it, so a request's log line can trail its answer.
pub async fn eventually(what: &str, mut done: impl AsyncFnMut() -> bool) {
    for _ in 0..200 {
        if done().await {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{what} did not happen");
}

/// The invariants a sign-in's transaction keeps, whatever happened to the process: every
/// member has its terms record, every session and terms row has its member, one member per
/// Kakao id.
pub async fn assert_consistent(store: &Db) {
    for (what, sql) in [
        (
            "members without a terms record",
            "SELECT COUNT(*) FROM members m WHERE m.kakao_id IS NOT NULL \
             AND NOT EXISTS (SELECT 1 FROM member_terms t WHERE t.member_id = m.id)",
        ),
        (
            "sessions without a member",
            "SELECT COUNT(*) FROM sessions s WHERE NOT EXISTS \
             (SELECT 1 FROM members m WHERE m.id = s.member_id)",
        ),
        (
            "terms rows without a member",
            "SELECT COUNT(*) FROM member_terms t WHERE NOT EXISTS \
             (SELECT 1 FROM members m WHERE m.id = t.member_id)",
        ),
        (
            "duplicate members",
            "SELECT COUNT(*) - COUNT(DISTINCT kakao_id) FROM members WHERE kakao_id IS NOT NULL",
        ),
    ] {
        let n: i64 = sqlx::query_scalar(sql)
            .fetch_one(store.reads())
            .await
            .unwrap();
        assert_eq!(n, 0, "{what}");
    }
}
