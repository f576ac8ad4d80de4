//! Discovery, JWKS and `/oauth/tokeninfo`.

use axum::http::Method;
use kakao_sync_emulator::Fixture;
use serde_json::{Value, json};

use crate::common::*;

#[tokio::test]
async fn discovery_names_this_emulator_as_issuer_and_jwks_host() {
    let env = env().await;
    let response = env
        .http
        .get(env.url("/.well-known/openid-configuration"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let doc: Value = kakao_json(response).await;
    let base = env.running.base_url();
    assert_eq!(doc["issuer"], base);
    assert_eq!(doc["jwks_uri"], format!("{base}/.well-known/jwks.json"));
    assert_eq!(doc["token_endpoint"], format!("{base}/oauth/token"));
    assert_eq!(doc["userinfo_endpoint"], format!("{base}/v1/oidc/userinfo"));
    assert_eq!(
        doc["token_endpoint_auth_methods_supported"],
        json!(["client_secret_post"])
    );
    assert_eq!(doc["code_challenge_methods_supported"], json!(["S256"]));
    assert_eq!(
        doc["id_token_signing_alg_values_supported"],
        json!(["RS256"])
    );
}

#[tokio::test]
async fn a_configured_issuer_is_used_in_discovery_and_id_tokens() {
    let fixture = Fixture {
        issuer: Some("http://kauth.test".into()),
        ..Fixture::default()
    };
    let env = env_with(fixture).await;
    let doc: Value = env
        .http
        .get(env.url("/.well-known/openid-configuration"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(doc["issuer"], "http://kauth.test");
    assert_eq!(doc["jwks_uri"], "http://kauth.test/.well-known/jwks.json");
    let token = env.signed_up(RYAN).await;
    let claims = env.verified_claims(&token.id_token.unwrap()).await;
    assert_eq!(claims["iss"], "http://kauth.test");
}

async fn jwks(env: &Env) -> Value {
    let response = env.http.get(env.url("/.well-known/jwks.json")).send();
    kakao_json(response.await.unwrap()).await
}

#[tokio::test]
async fn jwks_serves_one_rs256_key_with_a_30_hex_kid() {
    let env = env().await;
    let jwks = jwks(&env).await;
    let key = &jwks["keys"][0];
    assert_eq!(
        (&key["kty"], &key["alg"], &key["use"]),
        (&json!("RSA"), &json!("RS256"), &json!("sig"))
    );
    let kid = key["kid"].as_str().unwrap();
    assert_eq!(kid.len(), 30);
    assert!(kid.chars().all(|c| c.is_ascii_hexdigit()));
}

async fn tokeninfo(env: &Env, id_token: Option<&str>) -> reqwest::Response {
    let form: Vec<(&str, &str)> = id_token.map(|t| ("id_token", t)).into_iter().collect();
    env.http
        .post(env.url("/oauth/tokeninfo"))
        .form(&form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn tokeninfo_returns_the_payload_of_a_valid_id_token() {
    let env = env().await;
    let token = env.signed_up(RYAN).await;
    let id_token = token.id_token.unwrap();
    let response = tokeninfo(&env, Some(&id_token)).await;
    assert_eq!(response.status(), 200);
    let body: Value = kakao_json(response).await;
    assert_eq!(body["sub"], RYAN.to_string());
    assert_eq!(body["aud"], CLIENT_ID);
}

#[tokio::test]
async fn tokeninfo_errors_are_koe400_to_koe403() {
    let env = env().await;
    assert_kauth_error(
        tokeninfo(&env, None).await,
        400,
        "invalid_token",
        Some("KOE400"),
    )
    .await;
    assert_kauth_error(
        tokeninfo(&env, Some("not.a-token")).await,
        400,
        "invalid_token",
        Some("KOE400"),
    )
    .await;
    let id_token = env.signed_up(RYAN).await.id_token.unwrap();
    let mut forged = id_token.clone();
    forged.truncate(forged.len() - 4);
    forged.push_str("AAAA");
    assert_kauth_error(
        tokeninfo(&env, Some(&forged)).await,
        400,
        "invalid_token",
        Some("KOE402"),
    )
    .await;
    env.control(Method::POST, "/clock", json!({"seconds": 21600}))
        .await;
    assert_kauth_error(
        tokeninfo(&env, Some(&id_token)).await,
        400,
        "invalid_token",
        Some("KOE403"),
    )
    .await;
}

#[tokio::test]
async fn tokeninfo_refuses_an_id_token_from_another_issuer_as_koe401() {
    let other = env_with(Fixture {
        issuer: Some("http://other-issuer.test".into()),
        ..Fixture::default()
    })
    .await;
    let foreign = other.signed_up(RYAN).await.id_token.unwrap();
    let env = env().await;
    assert_kauth_error(
        tokeninfo(&env, Some(&foreign)).await,
        400,
        "invalid_token",
        Some("KOE401"),
    )
    .await;
}

#[tokio::test]
async fn extra_jwks_keys_are_served_after_the_signing_key() {
    let ec = json!({"kty": "EC", "crv": "P-256", "kid": "ec-key", "x": "AQ", "y": "AQ"});
    let env = env_with(Fixture {
        extra_jwks_keys: vec![ec.clone()],
        ..Fixture::default()
    })
    .await;
    let jwks = jwks(&env).await;
    assert_eq!(jwks["keys"].as_array().unwrap().len(), 2);
    assert_eq!(jwks["keys"][0]["alg"], "RS256");
    assert_eq!(jwks["keys"][1], ec);
    // The id_token is still signed with the first key, and verifies against the set.
    let token = env.signed_up(RYAN).await;
    env.verified_claims(&token.id_token.unwrap()).await;
}

#[tokio::test]
async fn id_token_header_members_from_the_fixture_are_signed_in() {
    let mut header = serde_json::Map::new();
    header.insert("crit".into(), json!(["exp-extension"]));
    header.insert("exp-extension".into(), json!(true));
    let env = env_with(Fixture {
        id_token_header: header,
        ..Fixture::default()
    })
    .await;
    let token = env.signed_up(RYAN).await.id_token.unwrap();
    let first = token.split('.').next().unwrap();
    let decoded: Value = serde_json::from_slice(
        &base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, first).unwrap(),
    )
    .unwrap();
    assert_eq!(decoded["crit"], json!(["exp-extension"]));
    assert_eq!(decoded["alg"], "RS256");
    // Still a valid signature over the changed header.
    env.verified_claims(&token).await;
}
