//! 500 concurrent sign-ins of 100 distinct users: no error, one member per user, and every
//! session the backend answered is there and works.

use std::sync::Arc;

use axum::http::StatusCode;
use reqwest::Method;
use serde_json::json;
use tokio::task::JoinSet;

use crate::assert_consistent;
use crate::common::TestDb;
use crate::common::fixture_with_users;
use crate::common::world::{NONCE, World};

const USERS: usize = 100;
const SIGN_INS: usize = 500;

crate::on_every_database!(five_hundred_concurrent_sign_ins_of_a_hundred_users);

async fn five_hundred_concurrent_sign_ins_of_a_hundred_users(db: TestDb) {
    let (fixture, users) = fixture_with_users(USERS as i64);
    // Five hundred browsers, all from this machine's one loopback address.
    let unlimited = [
        ("RATE_LIMIT_SESSION_PER_MINUTE", "0"),
        ("MAX_CONNECTIONS_PER_CLIENT", "1024"),
    ];
    let w = Arc::new(World::start_with(db, fixture, &unlimited).await);
    let mut logins = Vec::with_capacity(SIGN_INS);
    for i in 0..SIGN_INS {
        let user = users[i % USERS];
        logins.push((user, w.code(user, json!({})).await));
    }

    let mut running = JoinSet::new();
    for (user, code) in logins {
        let w = w.clone();
        running.spawn(async move { (user, w.post_session(&code, NONCE).await) });
    }
    let mut sessions = Vec::with_capacity(SIGN_INS);
    let mut new_members = 0;
    while let Some(done) = running.join_next().await {
        let (user, answer) = done.unwrap();
        assert_eq!(answer.status, StatusCode::OK, "{user}: {}", answer.body);
        assert_eq!(answer.body["member"]["kakaoId"], user.to_string());
        if answer.body["isNewMember"] == true {
            new_members += 1;
        }
        sessions.push((user, answer.cookie.expect("a session cookie")));
    }
    assert_eq!(new_members, USERS, "exactly one sign-up per user");
    assert_eq!(w.rows("members").await, USERS as i64);
    assert_eq!(w.rows("sessions").await, SIGN_INS as i64);
    assert_eq!(w.rows("member_terms").await, 3 * USERS as i64);
    assert_consistent(&w.state.db).await;

    for (user, cookie) in sessions {
        let (status, member) = w.call(Method::GET, "/session", &cookie, None).await;
        assert_eq!(status, StatusCode::OK, "{user}");
        assert_eq!(member["kakaoId"], user.to_string());
    }
}
