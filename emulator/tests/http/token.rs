//! `POST /oauth/token` contract: success bodies, client authentication, codes, PKCE, refresh
//! rotation and issuance limits.

use axum::http::Method;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

use crate::common::*;

#[tokio::test]
async fn a_code_exchange_answers_kakaos_fields_and_lifetimes() {
    let env = env().await;
    let code = env.code_for(RYAN, json!({"nonce": "n-1"})).await;
    let response = env.redeem(&code).await;
    assert_eq!(response.status(), 200);
    let body: Value = kakao_json(response).await;
    assert_eq!(body["token_type"], "bearer");
    assert_eq!(body["expires_in"], 21599);
    assert_eq!(body["refresh_token_expires_in"], 5183999);
    let scope = body["scope"].as_str().unwrap();
    assert!(scope.split(' ').any(|s| s == "openid"), "{scope}");
    assert!(scope.split(' ').any(|s| s == "account_email"), "{scope}");
    let token: Tokens = serde_json::from_value(body).unwrap();
    assert_eq!(token.access_token.len(), 64);
    let claims = env.verified_claims(&token.id_token.unwrap()).await;
    assert_eq!(claims["iss"], env.running.base_url());
    assert_eq!(claims["aud"], CLIENT_ID);
    assert_eq!(claims["sub"], RYAN.to_string());
    assert_eq!(claims["nonce"], "n-1");
    assert_eq!(claims["nickname"], "라이언");
    assert_eq!(claims["email"], "ryan@example.com");
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        21599
    );
}

#[tokio::test]
async fn a_19_digit_user_id_stays_exact_in_sub() {
    let env = env().await;
    let token = env.signed_up(NEO).await;
    let claims = env.verified_claims(&token.id_token.unwrap()).await;
    assert_eq!(claims["sub"], "3891047281234567890");
}

#[tokio::test]
async fn a_missing_or_wrong_secret_is_koe010_with_401() {
    let env = env().await;
    let code = env.code_for(RYAN, json!({})).await;
    let base = [
        ("grant_type", "authorization_code"),
        ("client_id", CLIENT_ID),
        ("redirect_uri", REDIRECT),
        ("code", code.as_str()),
    ];
    assert_kauth_error(
        env.token(&base).await,
        401,
        "invalid_client",
        Some("KOE010"),
    )
    .await;
    let mut wrong = base.to_vec();
    wrong.push(("client_secret", "guess"));
    assert_kauth_error(
        env.token(&wrong).await,
        401,
        "invalid_client",
        Some("KOE010"),
    )
    .await;
}

#[tokio::test]
async fn an_unknown_client_id_is_koe101() {
    let env = env().await;
    let response = env
        .token(&[("grant_type", "authorization_code"), ("client_id", "nope")])
        .await;
    assert_kauth_error(response, 400, "invalid_client", Some("KOE101")).await;
}

#[tokio::test]
async fn a_code_works_once_and_then_is_koe320() {
    let env = env().await;
    let code = env.code_for(RYAN, json!({})).await;
    env.exchange(&code).await;
    let again = env.redeem(&code).await;
    assert_kauth_error(again, 400, "invalid_grant", Some("KOE320")).await;
}

#[tokio::test]
async fn an_expired_code_is_koe320() {
    let env = env().await;
    let code = env.code_for(RYAN, json!({})).await;
    env.control(Method::POST, "/clock", json!({"seconds": 601}))
        .await;
    let response = env.redeem(&code).await;
    assert_kauth_error(response, 400, "invalid_grant", Some("KOE320")).await;
}

#[tokio::test]
async fn a_different_redirect_uri_is_koe303() {
    let env = env().await;
    let code = env.code_for(RYAN, json!({})).await;
    let response = env
        .token(&[
            ("grant_type", "authorization_code"),
            ("client_id", CLIENT_ID),
            ("client_secret", SECRET),
            ("redirect_uri", "http://127.0.0.1:8080/redirect.html"),
            ("code", &code),
        ])
        .await;
    assert_kauth_error(response, 400, "invalid_grant", Some("KOE303")).await;
}

fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(ring::digest::digest(
        &ring::digest::SHA256,
        verifier.as_bytes(),
    ))
}

#[tokio::test]
async fn pkce_s256_is_verified() {
    let env = env().await;
    let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    let exchange = |code: String, verifier: Option<&'static str>| {
        let env = &env;
        async move {
            let mut form = vec![
                ("grant_type", "authorization_code"),
                ("client_id", CLIENT_ID),
                ("client_secret", SECRET),
                ("redirect_uri", REDIRECT),
            ];
            form.extend(verifier.map(|v| ("code_verifier", v)));
            form.push(("code", &code));
            env.token(&form).await
        }
    };
    let with_challenge = json!({"code_challenge": challenge(verifier)});
    let ok = exchange(
        env.code_for(RYAN, with_challenge.clone()).await,
        Some(verifier),
    )
    .await;
    assert_eq!(ok.status(), 200);
    let wrong = exchange(
        env.code_for(RYAN, with_challenge.clone()).await,
        Some("wrong-verifier"),
    )
    .await;
    assert_kauth_error(wrong, 400, "invalid_grant", None).await;
    let missing = exchange(env.code_for(RYAN, with_challenge).await, None).await;
    assert_kauth_error(missing, 400, "invalid_grant", None).await;
}

#[tokio::test]
async fn refresh_keeps_the_refresh_token_until_less_than_a_month_is_left() {
    let env = env().await;
    let first = env.signed_up(RYAN).await;
    let old_refresh = first.refresh_token.unwrap();
    let early: Value = kakao_json(env.refresh(&old_refresh).await).await;
    assert!(early.get("refresh_token").is_none(), "{early}");
    assert!(early.get("refresh_token_expires_in").is_none());
    assert!(early.get("scope").is_none());
    assert_eq!(early["expires_in"], 21599);
    let claims = env
        .verified_claims(early["id_token"].as_str().unwrap())
        .await;
    assert!(claims.get("nonce").is_none());

    env.control(Method::POST, "/clock", json!({"seconds": 31 * 24 * 3600}))
        .await;
    let late: Tokens = kakao_json(env.refresh(&old_refresh).await).await;
    let rotated = late.refresh_token.expect("rotated under one month left");
    assert_ne!(rotated, old_refresh);
    assert_eq!(late.refresh_token_expires_in, Some(5183999));
    assert_kauth_error(
        env.refresh(&old_refresh).await,
        400,
        "invalid_grant",
        Some("KOE322"),
    )
    .await;
    assert_eq!(env.refresh(&rotated).await.status(), 200);
}

#[tokio::test]
async fn refresh_without_a_token_is_koe319_and_with_an_unknown_one_koe322() {
    let env = env().await;
    let missing = env
        .token(&[
            ("grant_type", "refresh_token"),
            ("client_id", CLIENT_ID),
            ("client_secret", SECRET),
        ])
        .await;
    assert_kauth_error(missing, 400, "invalid_grant", Some("KOE319")).await;
    assert_kauth_error(
        env.refresh("unknown").await,
        400,
        "invalid_grant",
        Some("KOE322"),
    )
    .await;
}

#[tokio::test]
async fn the_21st_access_token_in_ten_minutes_is_koe237() {
    let env = env().await;
    let first = env.signed_up(RYAN).await;
    let refresh_token = first.refresh_token.unwrap();
    for _ in 0..19 {
        assert_eq!(env.refresh(&refresh_token).await.status(), 200);
    }
    assert_kauth_error(
        env.refresh(&refresh_token).await,
        400,
        "invalid_request",
        Some("KOE237"),
    )
    .await;
    // Another user is not affected.
    env.signed_up(APEACH).await;
    env.control(Method::POST, "/clock", json!({"seconds": 600}))
        .await;
    assert_eq!(env.refresh(&refresh_token).await.status(), 200);
}

#[tokio::test]
async fn raised_limits_let_one_account_past_twenty_tokens_until_a_reset() {
    let env = env().await;
    let raised = env
        .control(
            Method::PATCH,
            "/limits",
            json!({"access_tokens_per_10_minutes": 1000}),
        )
        .await;
    assert_eq!(raised.status(), 200);
    let limits: Value = raised.json().await.unwrap();
    assert_eq!(limits["access_tokens_per_10_minutes"], 1000);
    assert_eq!(limits["refresh_tokens_per_hour"], 30, "the rest as it was");
    let refresh_token = env.signed_up(RYAN).await.refresh_token.unwrap();
    for _ in 0..25 {
        assert_eq!(env.refresh(&refresh_token).await.status(), 200);
    }
    let unknown = env
        .control(Method::PATCH, "/limits", json!({"tokens_per_day": 1}))
        .await;
    assert_eq!(unknown.status(), 400);
    env.control(Method::POST, "/reset", Value::Null).await;
    let refresh_token = env.signed_up(RYAN).await.refresh_token.unwrap();
    for _ in 0..19 {
        assert_eq!(env.refresh(&refresh_token).await.status(), 200);
    }
    assert_eq!(
        env.refresh(&refresh_token).await.status(),
        400,
        "KOE237 again"
    );
}

#[tokio::test]
async fn no_id_token_when_oidc_is_off() {
    let env = env().await;
    let patched = env
        .control(
            Method::PATCH,
            &format!("/apps/{CLIENT_ID}"),
            json!({"oidc": false}),
        )
        .await;
    assert_eq!(patched.status(), 200);
    let token = env.signed_up(RYAN).await;
    assert!(token.id_token.is_none());
    assert!(!token.scope.unwrap().contains("openid"));
}

#[tokio::test]
async fn an_unsupported_grant_type_is_invalid_request() {
    let env = env().await;
    let response = env
        .token(&[
            ("grant_type", "password"),
            ("client_id", CLIENT_ID),
            ("client_secret", SECRET),
        ])
        .await;
    assert_kauth_error(response, 400, "invalid_request", None).await;
}

#[tokio::test]
async fn a_json_body_is_refused_since_kauth_takes_forms_only() {
    let env = env().await;
    let code = env.code_for(RYAN, json!({})).await;
    let response = env
        .http
        .post(env.url("/oauth/token"))
        .json(&json!({
            "grant_type": "authorization_code", "client_id": CLIENT_ID,
            "client_secret": SECRET, "redirect_uri": REDIRECT, "code": code,
        }))
        .send()
        .await
        .unwrap();
    assert_kauth_error(response, 400, "invalid_request", None).await;
    env.exchange(&code).await;
}
