//! Logout (both kinds), withdrawal, Kakao's unlink webhook, token refresh.

use axum::http::StatusCode;
use kakao_sync_emulator::Fixture;
use reqwest::Method;
use serde_json::{Value, json};
use sqlx::Connection;

use crate::common::{REST_API_KEY, TestDb};
use crate::{APEACH, RYAN, World};

crate::on_every_database!(
    logout_revokes_the_kakao_token_and_ends_the_session,
    logout_with_the_kakao_account_answers_kauths_logout_url,
    withdrawal_unlinks_at_kakao_then_deletes_the_member,
    a_withdrawal_kakao_did_not_confirm_is_finished_by_the_worker,
    withdrawal_with_dead_tokens_unlinks_with_the_admin_key,
    withdrawal_after_an_unlink_whose_webhook_was_lost_deletes_the_member,
    the_unlink_webhook_from_kakao_deletes_the_member,
    the_unlink_webhook_in_every_documented_encoding_deletes_the_member,
    the_unlink_webhook_answers_in_time_and_deletes_once_the_database_is_free,
    an_unlink_webhook_with_the_wrong_key_deletes_nothing,
    the_unlink_webhook_answers_200_for_a_user_the_service_never_saw,
    an_expired_access_token_is_refreshed_once,
    concurrent_refreshes_with_a_rotated_refresh_token_keep_the_session,
    two_instances_refreshing_one_session_at_once_keep_it,
);

async fn logout_revokes_the_kakao_token_and_ends_the_session(db: TestDb) {
    let w = World::start(db).await;
    let (_, cookie) = w.login(RYAN, json!({})).await;
    let (status, body) = w
        .call(Method::POST, "/logout", &cookie, Some(json!({})))
        .await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({"kakaoLogoutUrl": null}))
    );
    assert!(
        w.kakao_paths()
            .await
            .contains(&"/v1/user/logout".to_owned())
    );
    assert_eq!(
        w.call(Method::GET, "/session", &cookie, None).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!((w.rows("sessions").await, w.rows("members").await), (0, 1));
}

async fn logout_with_the_kakao_account_answers_kauths_logout_url(db: TestDb) {
    let w = World::start(db).await;
    let (_, cookie) = w.login(RYAN, json!({})).await;
    let (status, body) = w
        .call(
            Method::POST,
            "/logout",
            &cookie,
            Some(json!({"withKakaoAccount": true})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let url = body["kakaoLogoutUrl"].as_str().unwrap();
    assert_eq!(
        url,
        format!(
            "{}/oauth/logout?client_id={REST_API_KEY}&logout_redirect_uri=http%3A%2F%2Flocalhost%3A8080%2F",
            w.kakao.base_url()
        )
    );
    // The emulator accepts it: a registered logout redirect URI, answered with a redirect.
    let response = w.http.get(url).send().await.unwrap();
    assert!(
        response.status().is_success() || response.status().is_redirection(),
        "{}",
        response.status()
    );
    assert_eq!(w.rows("sessions").await, 0);
}

async fn withdrawal_unlinks_at_kakao_then_deletes_the_member(db: TestDb) {
    let w = World::start(db).await;
    let (_, cookie) = w.login(RYAN, json!({})).await;
    let (_, other) = w.login(RYAN, json!({})).await;
    let (status, body) = w.call(Method::POST, "/withdraw", &cookie, None).await;
    assert_eq!((status, body), (StatusCode::NO_CONTENT, Value::Null));
    assert!(
        w.kakao_paths()
            .await
            .contains(&"/v1/user/unlink".to_owned())
    );
    assert_eq!(
        w.call(Method::GET, "/session", &other, None).await.0,
        StatusCode::UNAUTHORIZED
    );
    for table in ["members", "sessions", "member_terms"] {
        assert_eq!(w.rows(table).await, 0, "{table}");
    }
    // Unlinked at Kakao: signing up again goes through consent and makes a new member.
    let (again, _) = w.login(RYAN, json!({})).await;
    assert_eq!(again["isNewMember"], true);
}

async fn a_withdrawal_kakao_did_not_confirm_is_finished_by_the_worker(db: TestDb) {
    let w = World::start(db).await;
    let (_, cookie) = w.login(RYAN, json!({})).await;
    // The token call and the worker's first two admin-key retries meet an outage.
    w.fault(json!({"path": "unlink", "kind": "status", "status": 503, "count": 3}))
        .await;
    let (status, body) = w.call(Method::POST, "/withdraw", &cookie, None).await;
    assert_eq!(
        (status, &body["status"]),
        (StatusCode::ACCEPTED, &json!("pending")),
        "{body}"
    );
    // Signed out at once; the data goes when Kakao confirms, without the member coming back.
    assert_eq!(
        w.call(Method::GET, "/session", &cookie, None).await.0,
        StatusCode::UNAUTHORIZED
    );
    w.deletions_finished().await;
    for table in ["members", "sessions", "member_terms"] {
        assert_eq!(w.rows(table).await, 0, "{table}");
    }
    let unlinks = kakao_unlinks(&w).await;
    assert_eq!(
        unlinks,
        [
            ("Bearer".to_owned(), 503),
            ("KakaoAK".to_owned(), 503),
            ("KakaoAK".to_owned(), 503),
            ("KakaoAK".to_owned(), 200),
        ]
    );
    let (again, _) = w.login(RYAN, json!({})).await;
    assert_eq!(again["isNewMember"], true);
}

/// Each `/v1/user/unlink` Kakao got: the credential's scheme and Kakao's status.
async fn kakao_unlinks(w: &World) -> Vec<(String, u64)> {
    let log = w.control(Method::GET, "/requests", Value::Null).await;
    log.as_array()
        .unwrap()
        .iter()
        .filter(|r| r["path"] == "/v1/user/unlink")
        .map(|r| {
            (
                r["authorization"].as_str().unwrap_or_default().to_owned(),
                r["status"].as_u64().unwrap(),
            )
        })
        .collect()
}

async fn withdrawal_with_dead_tokens_unlinks_with_the_admin_key(db: TestDb) {
    let w = World::start_with(db, Fixture::default(), &[("SESSION_TTL_SECS", "31536000")]).await;
    let (_, cookie) = w.login(RYAN, json!({})).await;
    // Past the refresh token's two months: no token of this session works any more.
    w.control(Method::POST, "/clock", json!({"seconds": 61 * 24 * 3600}))
        .await;
    let (status, body) = w.call(Method::POST, "/withdraw", &cookie, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    for table in ["members", "sessions", "member_terms", "member_deletions"] {
        assert_eq!(w.rows(table).await, 0, "{table}");
    }
    assert_eq!(
        kakao_unlinks(&w).await,
        [("Bearer".to_owned(), 401), ("KakaoAK".to_owned(), 200)]
    );
    let log = w.control(Method::GET, "/requests", Value::Null).await;
    let by_key = log
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"] == "/v1/user/unlink" && r["authorization"] == "KakaoAK")
        .unwrap();
    assert_eq!(by_key["form"]["target_id_type"], "user_id");
    assert_eq!(by_key["form"]["target_id"], RYAN.to_string());
    // Unlinked at Kakao: signing up again makes a new member (with Kakao's clock back in step
    // with the backend's, which refuses an id_token issued in its future).
    w.control(Method::POST, "/clock", json!({"seconds": -61 * 24 * 3600}))
        .await;
    let (again, _) = w.login(RYAN, json!({})).await;
    assert_eq!(again["isNewMember"], true);
}

async fn withdrawal_after_an_unlink_whose_webhook_was_lost_deletes_the_member(db: TestDb) {
    let w = World::start(db).await;
    let (_, cookie) = w.login(RYAN, json!({})).await;
    w.control(
        Method::PATCH,
        &format!("/apps/{REST_API_KEY}"),
        json!({"unlink_webhook": null}),
    )
    .await;
    unlink_from_kakao_settings(&w, RYAN).await;
    let (status, body) = w.call(Method::POST, "/withdraw", &cookie, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    for table in ["members", "sessions", "member_terms", "member_deletions"] {
        assert_eq!(w.rows(table).await, 0, "{table}");
    }
}

async fn unlink_from_kakao_settings(w: &World, user_id: i64) -> Value {
    w.control(Method::POST, &format!("/users/{user_id}/unlink"), json!({}))
        .await
}

async fn the_unlink_webhook_from_kakao_deletes_the_member(db: TestDb) {
    let w = World::start(db).await;
    let (_, cookie) = w.login(RYAN, json!({})).await;
    let delivery = unlink_from_kakao_settings(&w, RYAN).await;
    assert_eq!(delivery["webhook"]["status"], 200, "{delivery}");
    w.deletions_finished().await;
    assert_eq!(
        w.call(Method::GET, "/session", &cookie, None).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!((w.rows("members").await, w.rows("sessions").await), (0, 0));
}

async fn the_unlink_webhook_in_every_documented_encoding_deletes_the_member(db: TestDb) {
    let w = World::start(db).await;
    let url = w.api("/webhooks/unlink");
    for hook in [
        json!({"url": url, "method": "GET"}),
        json!({"url": url, "method": "POST", "encoding": "form"}),
        json!({"url": url, "method": "POST", "encoding": "query"}),
        json!({"url": url, "method": "POST", "encoding": "json"}),
    ] {
        w.control(
            Method::PATCH,
            &format!("/apps/{REST_API_KEY}"),
            json!({ "unlink_webhook": hook }),
        )
        .await;
        w.login(RYAN, json!({})).await;
        let delivery = unlink_from_kakao_settings(&w, RYAN).await;
        assert_eq!(delivery["webhook"]["status"], 200, "{hook}: {delivery}");
        w.deletions_finished().await;
        assert_eq!(w.rows("members").await, 0, "{hook}");
    }
}

/// Holds the database's write lock (SQLite) or `table`'s (PostgreSQL) for `seconds`, from a
/// connection of its own, as a long migration or another process would.
pub async fn hold_the_database(
    db: &TestDb,
    table: &str,
    seconds: f64,
) -> tokio::task::JoinHandle<()> {
    let mut conn = sqlx::AnyConnection::connect(&db.url).await.unwrap();
    let lock = if db.url.starts_with("sqlite") {
        "BEGIN IMMEDIATE".to_owned()
    } else {
        format!("BEGIN; LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
    };
    sqlx::raw_sql(sqlx::AssertSqlSafe(lock))
        .execute(&mut conn)
        .await
        .unwrap();
    tokio::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_secs_f64(seconds)).await;
        sqlx::raw_sql("ROLLBACK").execute(&mut conn).await.unwrap();
    })
}

async fn the_unlink_webhook_answers_in_time_and_deletes_once_the_database_is_free(db: TestDb) {
    let w = World::start(db).await;
    w.login(RYAN, json!({})).await;
    let held = hold_the_database(&w.db, "members", 3.5).await;
    let started = std::time::Instant::now();
    let delivery = unlink_from_kakao_settings(&w, RYAN).await;
    // Kakao's 3 s include the emulator's own work; the answer comes before the lock goes.
    assert_eq!(delivery["webhook"]["status"], 200, "{delivery}");
    assert!(
        started.elapsed().as_secs_f64() < 3.0,
        "{:?}",
        started.elapsed()
    );
    held.await.unwrap();
    // The record goes in once the lock is free, then the worker deletes.
    for _ in 0..200 {
        if w.rows("members").await == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    w.deletions_finished().await;
    assert_eq!((w.rows("members").await, w.rows("sessions").await), (0, 0));
}

async fn an_unlink_webhook_with_the_wrong_key_deletes_nothing(db: TestDb) {
    let w = World::start(db).await;
    w.login(RYAN, json!({})).await;
    // Another app's admin key stands in for a forger who knows the URL but not the key.
    w.control(
        Method::PATCH,
        &format!("/apps/{REST_API_KEY}"),
        json!({"admin_key": "not-our-admin-key"}),
    )
    .await;
    let delivery = unlink_from_kakao_settings(&w, RYAN).await;
    assert_eq!(delivery["webhook"]["status"], 401, "{delivery}");
    assert_eq!(w.rows("members").await, 1);
}

async fn the_unlink_webhook_answers_200_for_a_user_the_service_never_saw(db: TestDb) {
    let w = World::start(db).await;
    // Consent given at Kakao, but the login never reached the backend.
    w.code(APEACH, json!({})).await;
    let delivery = unlink_from_kakao_settings(&w, APEACH).await;
    assert_eq!(delivery["webhook"]["status"], 200, "{delivery}");
}

async fn an_expired_access_token_is_refreshed_once(db: TestDb) {
    let w = World::start(db).await;
    let (_, cookie) = w.login(RYAN, json!({})).await;
    let (before, _) = w.kakao_tokens(&cookie).await;
    // Past the 6 h access token lifetime, well within the refresh token's two months.
    w.control(Method::POST, "/clock", json!({"seconds": 7 * 3600}))
        .await;
    let (status, terms) = w.call(Method::GET, "/terms", &cookie, None).await;
    assert_eq!(status, StatusCode::OK, "{terms}");
    let (after, _) = w.kakao_tokens(&cookie).await;
    assert_ne!(before, after);
    let paths = w.kakao_paths().await;
    assert_eq!(
        paths.iter().filter(|p| *p == "/oauth/token").count(),
        2,
        "{paths:?}"
    );
    assert_eq!(
        paths
            .iter()
            .filter(|p| *p == "/v2/user/service_terms")
            .count(),
        3,
        "{paths:?}"
    );

    // Past the refresh token too: the session ends and the member must sign in again.
    w.control(Method::POST, "/clock", json!({"seconds": 61 * 24 * 3600}))
        .await;
    let (status, body) = w.call(Method::GET, "/channels", &cookie, None).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("unauthorized"))
    );
    assert_eq!(w.rows("sessions").await, 0);
}

async fn concurrent_refreshes_with_a_rotated_refresh_token_keep_the_session(db: TestDb) {
    let w = World::start(db).await;
    let (_, cookie) = w.login(RYAN, json!({})).await;
    // 31 days on: the access token is long expired and the refresh token has less than a month
    // left, so Kakao rotates it on refresh and the old one stops working.
    w.control(Method::POST, "/clock", json!({"seconds": 31 * 24 * 3600}))
        .await;
    let (a, b) = tokio::join!(
        w.call(Method::GET, "/terms", &cookie, None),
        w.call(Method::GET, "/channels", &cookie, None),
    );
    assert_eq!(
        (a.0, b.0),
        (StatusCode::OK, StatusCode::OK),
        "{} {}",
        a.1,
        b.1
    );
    assert_eq!(w.rows("sessions").await, 1);
    assert_eq!(
        w.call(Method::GET, "/session", &cookie, None).await.0,
        StatusCode::OK
    );
}

async fn two_instances_refreshing_one_session_at_once_keep_it(db: TestDb) {
    let w = World::start(db).await;
    let other = w.another_instance(&[]).await;
    // Several rounds, each a new login whose refresh token Kakao rotates: a lost race shows
    // in one of them at least.
    for round in 0..4 {
        let (_, cookie) = w.login(RYAN, json!({})).await;
        // 31 days on: the access token is long expired and the refresh token has less than a
        // month left, so Kakao rotates it on refresh and the old one stops working.
        w.control(Method::POST, "/clock", json!({"seconds": 31 * 24 * 3600}))
            .await;
        let (a, b) = tokio::join!(
            w.call(Method::GET, "/terms", &cookie, None),
            w.call_to(&other, Method::GET, "/terms", &cookie, None),
        );
        assert_eq!(
            (a.0, b.0),
            (StatusCode::OK, StatusCode::OK),
            "round {round}: {} {}",
            a.1,
            b.1
        );
        assert_eq!(
            w.call_to(&other, Method::GET, "/session", &cookie, None)
                .await
                .0,
            StatusCode::OK,
            "round {round}"
        );
        // Kakao's clock back in step with the backend's for the next round's id_token.
        w.control(Method::POST, "/clock", json!({"seconds": -31 * 24 * 3600}))
            .await;
    }
    let paths = w.kakao_paths().await;
    // One code exchange per login and one refresh per round: never two refreshes at once.
    assert_eq!(
        paths.iter().filter(|p| *p == "/oauth/token").count(),
        8,
        "{paths:?}"
    );
}
