//! kapi contract: credentials, user info, token info, logout, unlink and OIDC userinfo.

use serde_json::{Value, json};

use crate::common::*;

#[tokio::test]
async fn access_token_info_reports_user_app_and_remaining_lifetime() {
    let env = env().await;
    let token = env.signed_up(RYAN).await;
    let response = env
        .bearer_get("/v1/user/access_token_info", &token.access_token)
        .await;
    assert_eq!(response.status(), 200);
    let info: Value = kakao_json(response).await;
    assert_eq!(
        (&info["id"], &info["app_id"]),
        (&json!(RYAN), &json!(APP_ID))
    );
    assert!((21598..=21599).contains(&info["expires_in"].as_i64().unwrap()));
}

#[tokio::test]
async fn bad_bearer_tokens_are_401_minus_401_with_www_authenticate() {
    let env = env().await;
    assert_kapi_error(env.bearer_get("/v2/user/me", "nope").await, 401, -401).await;
    let missing = env.http.get(env.url("/v2/user/me")).send().await.unwrap();
    assert_kapi_error(missing, 401, -401).await;
    let admin_only = env
        .http
        .get(env.url("/v1/user/access_token_info"))
        .header("Authorization", format!("KakaoAK {ADMIN_KEY}"))
        .send()
        .await
        .unwrap();
    assert_kapi_error(admin_only, 401, -401).await;
}

#[tokio::test]
async fn user_me_shows_only_agreed_values_and_flags_the_rest() {
    let env = env().await;
    let code = env
        .code_for(
            RYAN,
            json!({"scope": ["profile_nickname", "account_email"]}),
        )
        .await;
    let token = env.exchange(&code).await;
    let response = env.bearer_get("/v2/user/me", &token.access_token).await;
    assert_eq!(response.status(), 200);
    let me: Value = kakao_json(response).await;
    assert_eq!(me["id"], RYAN);
    assert!(me["connected_at"].as_str().unwrap().ends_with('Z'));
    let account = &me["kakao_account"];
    assert_eq!(account["profile"]["nickname"], "라이언");
    assert_eq!(account["profile_nickname_needs_agreement"], false);
    assert_eq!(account["profile_image_needs_agreement"], true);
    assert!(account["profile"].get("profile_image_url").is_none());
    assert_eq!(account["email"], "ryan@example.com");
    assert_eq!(account["is_email_verified"], true);
    assert_eq!(account["is_email_valid"], true);
    assert_eq!(account["gender_needs_agreement"], true);
    assert!(account.get("gender").is_none());
    assert_eq!(account["phone_number_needs_agreement"], true);
}

#[tokio::test]
async fn user_me_reports_an_unverified_email_as_such() {
    let env = env().await;
    let token = env.signed_up(MUZI).await;
    let me: Value = kakao_json(env.bearer_get("/v2/user/me", &token.access_token).await).await;
    let account = &me["kakao_account"];
    assert_eq!(account["email"], "muzi@example.com");
    assert_eq!(account["is_email_verified"], false);
}

#[tokio::test]
async fn user_me_by_admin_key_needs_a_user_id_target() {
    let env = env().await;
    env.signed_up(NEO).await;
    let neo = NEO.to_string();
    let response = env
        .admin_post(
            "/v2/user/me",
            &[("target_id_type", "user_id"), ("target_id", &neo)],
        )
        .await;
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    assert!(text.contains("\"id\":3891047281234567890"), "{text}");
    assert_kapi_error(
        env.admin_post("/v2/user/me", &[("target_id", &neo)]).await,
        400,
        -2,
    )
    .await;
    let unlinked = APEACH.to_string();
    let response = env
        .admin_post(
            "/v2/user/me",
            &[("target_id_type", "user_id"), ("target_id", &unlinked)],
        )
        .await;
    assert_kapi_error(response, 400, -101).await;
    let wrong_key = env
        .http
        .post(env.url("/v2/user/me"))
        .header("Authorization", "KakaoAK wrong")
        .form(&[("target_id_type", "user_id"), ("target_id", &neo)])
        .send()
        .await
        .unwrap();
    assert_kapi_error(wrong_key, 401, -401).await;
}

#[tokio::test]
async fn property_keys_select_fields_with_their_companions() {
    let env = env().await;
    let token = env.signed_up(RYAN).await;
    let response = env
        .bearer_get_query(
            "/v2/user/me",
            &token.access_token,
            &[
                ("property_keys", r#"["kakao_account.email"]"#),
                ("secure_resource", "true"),
            ],
        )
        .await;
    let me: Value = kakao_json(response).await;
    assert_eq!(
        me,
        json!({"id": RYAN, "kakao_account": {
            "email": "ryan@example.com", "email_needs_agreement": false,
            "is_email_valid": true, "is_email_verified": true}})
    );
    let bad = env
        .bearer_get_query(
            "/v2/user/me",
            &token.access_token,
            &[("property_keys", "kakao_account.email")],
        )
        .await;
    assert_kapi_error(bad, 400, -2).await;
}

#[tokio::test]
async fn bearer_logout_revokes_that_token_only_and_answers_the_id() {
    let env = env().await;
    let first = env.signed_up(RYAN).await;
    let second = env.signed_up(RYAN).await;
    let response = env
        .bearer_post("/v1/user/logout", &first.access_token, &[])
        .await;
    let body: Value = kakao_json(response).await;
    assert_eq!(body, json!({"id": RYAN}));
    assert_kapi_error(
        env.bearer_get("/v2/user/me", &first.access_token).await,
        401,
        -401,
    )
    .await;
    assert_eq!(
        env.bearer_get("/v2/user/me", &second.access_token)
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn admin_logout_revokes_all_of_the_users_tokens() {
    let env = env().await;
    let token = env.signed_up(RYAN).await;
    let ryan = RYAN.to_string();
    let response = env
        .admin_post(
            "/v1/user/logout",
            &[("target_id_type", "user_id"), ("target_id", &ryan)],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_kapi_error(
        env.bearer_get("/v2/user/me", &token.access_token).await,
        401,
        -401,
    )
    .await;
    let refreshed = env
        .token(&[
            ("grant_type", "refresh_token"),
            ("client_id", CLIENT_ID),
            ("client_secret", SECRET),
            ("refresh_token", &token.refresh_token.unwrap()),
        ])
        .await;
    assert_kauth_error(refreshed, 400, "invalid_grant", Some("KOE322")).await;
}

#[tokio::test]
async fn unlink_by_the_service_ends_the_link_without_a_webhook() {
    let receiver = receiver(axum::http::StatusCode::OK).await;
    let env = env().await;
    env.control(
        axum::http::Method::PATCH,
        &format!("/apps/{CLIENT_ID}"),
        json!({"unlink_webhook": {"url": receiver.url, "method": "POST"}}),
    )
    .await;
    let token = env.signed_up(RYAN).await;
    let response = env
        .bearer_post("/v1/user/unlink", &token.access_token, &[])
        .await;
    let body: Value = kakao_json(response).await;
    assert_eq!(body, json!({"id": RYAN}));
    assert_kapi_error(
        env.bearer_get("/v2/user/me", &token.access_token).await,
        401,
        -401,
    )
    .await;
    let ryan = RYAN.to_string();
    let by_admin = env
        .admin_post(
            "/v2/user/me",
            &[("target_id_type", "user_id"), ("target_id", &ryan)],
        )
        .await;
    assert_kapi_error(by_admin, 400, -101).await;
    assert!(receiver.got.lock().unwrap().is_empty());
}

#[tokio::test]
async fn oidc_userinfo_follows_consent() {
    let env = env().await;
    let token = env.signed_up(MUZI).await;
    let response = env
        .bearer_get("/v1/oidc/userinfo", &token.access_token)
        .await;
    assert_eq!(response.status(), 200);
    let info: Value = kakao_json(response).await;
    assert_eq!(info["sub"], MUZI.to_string());
    assert_eq!(info["nickname"], "무지");
    assert_eq!(info["email_verified"], false);
}

#[tokio::test]
async fn secure_resource_asks_for_https_image_urls() {
    let env = env().await;
    env.control(
        axum::http::Method::PATCH,
        &format!("/users/{APEACH}"),
        json!({"profile_image_url": "http://k.kakaocdn.net/dn/apeach.jpg"}),
    )
    .await;
    let token = env.signed_up(APEACH).await;
    let image = |secure: &'static str| {
        let env = &env;
        let token = token.access_token.clone();
        async move {
            let me: Value = env
                .bearer_get_query("/v2/user/me", &token, &[("secure_resource", secure)])
                .await
                .json()
                .await
                .unwrap();
            me["kakao_account"]["profile"]["profile_image_url"].clone()
        }
    };
    assert_eq!(image("false").await, "http://k.kakaocdn.net/dn/apeach.jpg");
    assert_eq!(image("true").await, "https://k.kakaocdn.net/dn/apeach.jpg");
}

#[tokio::test]
async fn generated_avatars_are_served_by_the_emulator() {
    let env = env().await;
    let token = env.signed_up(RYAN).await;
    let me: Value = env
        .bearer_get("/v2/user/me", &token.access_token)
        .await
        .json()
        .await
        .unwrap();
    let url = me["kakao_account"]["profile"]["thumbnail_image_url"]
        .as_str()
        .unwrap();
    assert!(url.starts_with(&env.running.base_url()));
    let image = env.http.get(url).send().await.unwrap();
    assert_eq!(image.headers()["content-type"], "image/svg+xml");
    assert!(image.text().await.unwrap().contains("라"));
}

#[tokio::test]
async fn scopes_list_consent_and_revoke_withdraws_optional_items_only() {
    let env = env().await;
    let token = env.signed_up(RYAN).await.access_token;
    let listed: Value = kakao_json(env.bearer_get("/v2/user/scopes", &token).await).await;
    assert_eq!(listed["id"], RYAN);
    let scope = |id: &str| {
        listed["scopes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .unwrap()
            .clone()
    };
    let email = scope("account_email");
    assert_eq!(
        (
            &email["type"],
            &email["using"],
            &email["agreed"],
            &email["revocable"]
        ),
        (&json!("PRIVACY"), &json!(true), &json!(true), &json!(false))
    );
    let channel = scope("plusfriends");
    assert_eq!(
        (&channel["type"], &channel["revocable"]),
        (&json!("SERVICE"), &json!(true))
    );

    let revoke = |scopes: &'static str| {
        let env = &env;
        let token = token.clone();
        async move {
            env.bearer_post("/v2/user/revoke/scopes", &token, &[("scopes", scopes)])
                .await
        }
    };
    let revoked: Value = kakao_json(revoke(r#"["gender"]"#).await).await;
    assert_eq!(revoked["scopes"].as_array().unwrap().len(), 1);
    assert_eq!(revoked["scopes"][0]["agreed"], false);
    assert_eq!(revoked["scopes"][0].get("revocable"), None);
    let me: Value = kakao_json(env.bearer_get("/v2/user/me", &token).await).await;
    assert_eq!(me["kakao_account"]["gender_needs_agreement"], true);

    let body = assert_kapi_error(revoke(r#"["account_email"]"#).await, 403, -3).await;
    assert!(body["msg"].as_str().unwrap().contains("not revocable"));
    assert_kapi_error(revoke(r#"["email"]"#).await, 400, -2).await;
    assert_kapi_error(revoke("gender").await, 400, -2).await;
}

#[tokio::test]
async fn an_expired_access_token_is_minus_401() {
    let env = env().await;
    let token = env.signed_up(RYAN).await;
    env.control(
        axum::http::Method::POST,
        "/clock",
        json!({"seconds": 21599}),
    )
    .await;
    let body = assert_kapi_error(
        env.bearer_get("/v2/user/me", &token.access_token).await,
        401,
        -401,
    )
    .await;
    assert_eq!(body["msg"], "this access token is already expired");
}

#[tokio::test]
async fn unlink_by_admin_key_targets_the_user() {
    let env = env().await;
    env.signed_up(NEO).await;
    let neo = NEO.to_string();
    let target = [("target_id_type", "user_id"), ("target_id", neo.as_str())];
    let body: Value = kakao_json(env.admin_post("/v1/user/unlink", &target).await).await;
    assert_eq!(body, json!({"id": NEO}));
    assert_kapi_error(env.admin_post("/v1/user/unlink", &target).await, 400, -101).await;
}

#[tokio::test]
async fn kakaos_retryable_minus_1_is_400_and_the_next_call_answers() {
    let env = env().await;
    let token = env.signed_up(RYAN).await.access_token;
    env.control(
        axum::http::Method::POST,
        "/faults",
        json!({"endpoint": "user_me", "kind": "kapi", "code": -1}),
    )
    .await;
    assert_kapi_error(env.bearer_get("/v2/user/me", &token).await, 400, -1).await;
    assert_eq!(env.bearer_get("/v2/user/me", &token).await.status(), 200);
}
