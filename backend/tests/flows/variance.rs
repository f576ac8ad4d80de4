//! Kakao's documented variance, produced by the emulator, survived by the backend: the
//! production issuer with ids above 2^53, a JWKS holding keys the backend cannot use, kapi's
//! retryable `-1`, `http://` image URLs unless `secure_resource=true`, and id_tokens with a
//! `crit` extension, an unpublished `kid` or an `iat` out of bounds.

use axum::http::StatusCode;
use kakao_sync_emulator::Fixture;
use reqwest::Method;
use serde_json::json;

use crate::common::TestDb;
use crate::{NEO, NONCE, RYAN, World};

crate::on_every_database!(
    the_production_issuer_and_an_id_above_two_to_the_53_sign_in,
    a_jwks_with_keys_the_backend_cannot_use_still_verifies,
    kapis_minus_1_is_retried_once,
    kapis_minus_1_twice_is_a_clear_error_that_writes_nothing,
    profile_images_are_asked_for_over_https,
    an_id_token_with_a_crit_extension_is_refused,
    unknown_kids_refetch_kakaos_jwks_once_then_wait_out_the_cooldown,
    an_id_token_issued_an_hour_off_is_refused,
    a_user_me_without_kakao_account_signs_in,
);

const PRODUCTION_ISSUER: &str = "https://kauth.kakao.com";

async fn the_production_issuer_and_an_id_above_two_to_the_53_sign_in(db: TestDb) {
    let fixture = Fixture {
        issuer: Some(PRODUCTION_ISSUER.into()),
        ..Fixture::default()
    };
    let w = World::start_with(db, fixture, &[("KAKAO_ISSUER", PRODUCTION_ISSUER)]).await;
    let (answer, cookie) = w.login(NEO, json!({})).await;
    assert_eq!(answer["member"]["kakaoId"], "3891047281234567890");
    // The session keeps working against kapi with the big id's tokens.
    let (status, terms) = w.call(Method::GET, "/terms", &cookie, None).await;
    assert_eq!(status, StatusCode::OK, "{terms}");
    let stored: String = sqlx::query_scalar("SELECT CAST(kakao_id AS TEXT) FROM members")
        .fetch_one(w.state.db.reads())
        .await
        .unwrap();
    assert_eq!(stored, "3891047281234567890");
}

async fn a_jwks_with_keys_the_backend_cannot_use_still_verifies(db: TestDb) {
    let fixture = Fixture {
        extra_jwks_keys: vec![
            json!({"kty": "EC", "crv": "P-256", "kid": "ec-key", "use": "sig",
                   "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uE9U2u0I",
                   "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}),
            json!({"kty": "RSA", "kid": "no-alg-key", "use": "sig", "n": "sXch", "e": "AQAB"}),
            json!({"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}),
        ],
        ..Fixture::default()
    };
    let w = World::start_with(db, fixture, &[]).await;
    let (answer, _) = w.login(RYAN, json!({})).await;
    assert_eq!(answer["member"]["kakaoId"], "4200000001");
}

async fn kapis_minus_1_is_retried_once(db: TestDb) {
    let w = World::start(db).await;
    w.fault(json!({"path": "user_me", "kind": "kapi", "code": -1}))
        .await;
    let (answer, _) = w.login(RYAN, json!({})).await;
    assert_eq!(answer["member"]["kakaoId"], "4200000001");
    let paths = w.kakao_paths().await;
    assert_eq!(
        paths.iter().filter(|p| *p == "/v2/user/me").count(),
        2,
        "{paths:?}"
    );
}

async fn kapis_minus_1_twice_is_a_clear_error_that_writes_nothing(db: TestDb) {
    let w = World::start(db).await;
    w.fault(json!({"path": "user_me", "kind": "kapi", "code": -1, "count": 3}))
        .await;
    let a = w.post_session(&w.code(RYAN, json!({})).await, NONCE).await;
    assert_eq!(a.status, StatusCode::BAD_GATEWAY, "{}", a.body);
    assert_eq!(a.body["code"], "kakao_unavailable", "{}", a.body);
    assert!(a.set_cookie.is_none());
    let paths = w.kakao_paths().await;
    assert_eq!(
        paths.iter().filter(|p| *p == "/v2/user/me").count(),
        2,
        "one retry, no more: {paths:?}"
    );
    for table in ["members", "sessions", "member_terms"] {
        assert_eq!(w.rows(table).await, 0, "{table} written");
    }
}

async fn profile_images_are_asked_for_over_https(db: TestDb) {
    let mut fixture = Fixture::default();
    // Kakao's CDN answers http:// unless `secure_resource=true` is asked.
    fixture.users[0].profile_image_url =
        Some("http://k.kakaocdn.net/dn/bJYxkT/btsKx2/ryan/img_640x640.jpg".into());
    let w = World::start_with(db, fixture, &[]).await;
    let (answer, _) = w.login(RYAN, json!({})).await;
    let stored: Option<String> = sqlx::query_scalar("SELECT profile_image_url FROM members")
        .fetch_one(w.state.db.reads())
        .await
        .unwrap();
    assert_eq!(
        stored.as_deref(),
        Some("https://k.kakaocdn.net/dn/bJYxkT/btsKx2/ryan/img_640x640.jpg"),
        "{answer}"
    );
}

async fn an_id_token_with_a_crit_extension_is_refused(db: TestDb) {
    let mut header = serde_json::Map::new();
    header.insert("crit".into(), json!(["exp-extension"]));
    header.insert("exp-extension".into(), json!(true));
    let fixture = Fixture {
        id_token_header: header,
        ..Fixture::default()
    };
    let w = World::start_with(db, fixture, &[]).await;
    let a = w.post_session(&w.code(RYAN, json!({})).await, NONCE).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{}", a.body);
    assert_eq!(a.body["code"], "id_token_invalid");
    assert!(
        a.body["message"].as_str().unwrap().contains("crit"),
        "{}",
        a.body
    );
    assert_eq!(w.rows("members").await, 0);
}

/// Kakao signs with a key its JWKS does not publish (a rotation gone wrong, or a forger): the
/// first id_token costs the JWKS fetch and one refetch for the unknown `kid`; the next ones
/// within the cooldown cost nothing, so made-up `kid`s never become a stream of calls to Kakao.
async fn unknown_kids_refetch_kakaos_jwks_once_then_wait_out_the_cooldown(db: TestDb) {
    let mut header = serde_json::Map::new();
    header.insert("kid".into(), json!("a-key-kakao-never-published"));
    let fixture = Fixture {
        id_token_header: header,
        ..Fixture::default()
    };
    let w = World::start_with(db, fixture, &[]).await;
    for _ in 0..3 {
        let a = w.post_session(&w.code(RYAN, json!({})).await, NONCE).await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{}", a.body);
        assert_eq!(a.body["code"], "id_token_invalid");
    }
    let jwks_fetches = w
        .kakao_paths()
        .await
        .into_iter()
        .filter(|path| path == "/.well-known/jwks.json")
        .count();
    assert_eq!(jwks_fetches, 2);
    assert_eq!(w.rows("members").await, 0);
}

/// Kakao's clock an hour off the backend's either way: the id_token's `iat` is out of bounds.
async fn an_id_token_issued_an_hour_off_is_refused(db: TestDb) {
    let w = World::start(db).await;
    for (seconds, why) in [
        (3600, "issued in the future"),
        (-7200, "issued too long ago"),
    ] {
        w.control(Method::POST, "/clock", json!({ "seconds": seconds }))
            .await;
        let a = w.post_session(&w.code(RYAN, json!({})).await, NONCE).await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{}", a.body);
        assert!(
            a.body["message"].as_str().unwrap().contains(why),
            "{}",
            a.body
        );
    }
    assert_eq!(w.rows("members").await, 0);
}

/// `/v2/user/me` without `kakao_account` (an app that asks for no consent item).
async fn a_user_me_without_kakao_account_signs_in(db: TestDb) {
    let mut fixture = Fixture::default();
    fixture.apps[0].consent_items.clear();
    let w = World::start_with(db, fixture, &[]).await;
    let (answer, _) = w.login(RYAN, json!({})).await;
    assert_eq!(answer["member"]["kakaoId"], "4200000001");
    assert_eq!(
        answer["member"]["email"],
        serde_json::Value::Null,
        "{answer}"
    );
}
