//! Logout (both kinds), withdrawal, Kakao's unlink webhook, token refresh.

use axum::http::StatusCode;
use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{REST_API_KEY, TestDb};
use crate::{APEACH, RYAN, World};

crate::on_every_database!(
    logout_revokes_the_kakao_token_and_ends_the_session,
    logout_with_the_kakao_account_answers_kauths_logout_url,
    withdrawal_unlinks_at_kakao_then_deletes_the_member,
    withdrawal_deletes_nothing_when_kakao_fails,
    the_unlink_webhook_from_kakao_deletes_the_member,
    the_unlink_webhook_by_get_deletes_the_member,
    an_unlink_webhook_with_the_wrong_key_deletes_nothing,
    the_unlink_webhook_answers_200_for_a_user_the_service_never_saw,
    an_expired_access_token_is_refreshed_once,
    concurrent_refreshes_with_a_rotated_refresh_token_keep_the_session,
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

async fn withdrawal_deletes_nothing_when_kakao_fails(db: TestDb) {
    let w = World::start(db).await;
    let (_, cookie) = w.login(RYAN, json!({})).await;
    w.fault(json!({"path": "unlink", "kind": "status", "status": 503}))
        .await;
    let (status, body) = w.call(Method::POST, "/withdraw", &cookie, None).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_GATEWAY, Some("kakao_unavailable"))
    );
    assert_eq!(
        w.call(Method::GET, "/session", &cookie, None).await.0,
        StatusCode::OK
    );
    assert_eq!(w.rows("members").await, 1);
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
    assert_eq!(
        w.call(Method::GET, "/session", &cookie, None).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!((w.rows("members").await, w.rows("sessions").await), (0, 0));
}

async fn the_unlink_webhook_by_get_deletes_the_member(db: TestDb) {
    let w = World::start(db).await;
    let url = w.api("/webhooks/unlink");
    w.control(
        Method::PATCH,
        &format!("/apps/{REST_API_KEY}"),
        json!({"unlink_webhook": {"url": url, "method": "GET"}}),
    )
    .await;
    w.login(RYAN, json!({})).await;
    let delivery = unlink_from_kakao_settings(&w, RYAN).await;
    assert_eq!(delivery["webhook"]["status"], 200, "{delivery}");
    assert_eq!(w.rows("members").await, 0);
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
