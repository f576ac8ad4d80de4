//! Kakao's tokens at rest: sealed under `TOKEN_KEY`, so a copy of the database alone holds no
//! token Kakao accepts; after a key rotation the old key still opens what it sealed and the new
//! one seals what is written next.

use axum::http::StatusCode;
use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{NEXT_TOKEN_KEY, ORIGIN, TOKEN_KEY, TestDb};
use crate::{RYAN, World};

crate::on_every_database!(
    a_copy_of_the_database_holds_no_kakao_token,
    after_a_key_rotation_old_seals_open_and_new_ones_use_the_new_key,
);

async fn a_copy_of_the_database_holds_no_kakao_token(db: TestDb) {
    let w = World::start(db).await;
    let (_, cookie) = w.login(RYAN, json!({})).await;
    let (access, refresh) = w.kakao_tokens(&cookie).await;
    let refresh = refresh.expect("Kakao issues a refresh token");
    // They are the tokens Kakao issued: kapi accepts the access token.
    let me = w
        .http
        .get(format!("{}/v2/user/me", w.kakao.base_url()))
        .bearer_auth(access.expose())
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK);

    let rows: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT access_token, refresh_token FROM sessions")
            .fetch_all(w.state.db.reads())
            .await
            .unwrap();
    assert_eq!(rows.len(), 1);
    for value in rows
        .iter()
        .flat_map(|(a, r)| [Some(a), r.as_ref()])
        .flatten()
    {
        assert!(
            value.starts_with("test-a:"),
            "sealed under TOKEN_KEY: {value}"
        );
        for token in [&access, &refresh] {
            assert!(!value.contains(token.expose()), "a token is stored as is");
        }
    }
    // The files themselves, write-ahead log included, as a backup would copy them.
    if let Some(path) = w.db.url.strip_prefix("sqlite://") {
        let mut files = 0;
        for suffix in ["", "-wal", "-shm"] {
            let Ok(bytes) = std::fs::read(format!("{path}{suffix}")) else {
                continue;
            };
            files += 1;
            for token in [&access, &refresh] {
                let token = token.expose().as_bytes();
                assert!(
                    !bytes.windows(token.len()).any(|w| w == token),
                    "a Kakao token is in {path}{suffix}"
                );
            }
        }
        assert!(files >= 2, "the database and its log were read");
    }
}

/// `GET path` with `cookie` on the backend at `base`: `(status, body)`.
async fn get(w: &World, base: &str, path: &str, cookie: &str) -> (StatusCode, Value) {
    let response = w
        .http
        .request(Method::GET, format!("{base}/api/kakao{path}"))
        .header("cookie", cookie)
        .header("origin", ORIGIN)
        .send()
        .await
        .unwrap();
    (
        response.status(),
        response.json().await.unwrap_or(Value::Null),
    )
}

async fn stored_access_token(w: &World) -> String {
    sqlx::query_scalar("SELECT access_token FROM sessions")
        .fetch_one(w.state.db.reads())
        .await
        .unwrap()
}

async fn after_a_key_rotation_old_seals_open_and_new_ones_use_the_new_key(db: TestDb) {
    let w = World::start(db).await;
    let (_, cookie) = w.login(RYAN, json!({})).await;
    assert!(stored_access_token(&w).await.starts_with("test-a:"));

    let rotated = w
        .another_instance(&[("TOKEN_KEY", NEXT_TOKEN_KEY), ("TOKEN_OLD_KEYS", TOKEN_KEY)])
        .await;
    let (status, terms) = get(&w, &rotated, "/terms", &cookie).await;
    assert_eq!(status, StatusCode::OK, "the old key opens: {terms}");
    // Past the access token's lifetime: the refreshed token is sealed under the new key.
    w.control(Method::POST, "/clock", json!({"seconds": 7 * 3600}))
        .await;
    let (status, terms) = get(&w, &rotated, "/terms", &cookie).await;
    assert_eq!(status, StatusCode::OK, "{terms}");
    assert!(stored_access_token(&w).await.starts_with("test-b:"));

    // With the old key dropped too early, the session's refresh token (still under it) does not
    // open: a clear error, not a token read as something else.
    let forgotten = w.another_instance(&[("TOKEN_KEY", NEXT_TOKEN_KEY)]).await;
    let (status, body) = get(&w, &forgotten, "/session", &cookie).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::INTERNAL_SERVER_ERROR, Some("internal"))
    );
    assert_eq!(
        get(&w, &rotated, "/session", &cookie).await.0,
        StatusCode::OK
    );
}
