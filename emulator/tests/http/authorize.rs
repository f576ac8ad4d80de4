//! `/oauth/authorize` and `/oauth/logout` error pages, and `prompt=none` / KakaoTalk in-app.

use axum::http::Method;
use serde_json::json;

use crate::browser::Browser;
use crate::common::*;

const KAKAOTALK_UA: &str = "Mozilla/5.0 (Linux; Android 14; SM-S908N; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/126.0 Mobile Safari/537.36 KAKAOTALK/10.8.0";

async fn error_code(env: &Env, query: &str) -> String {
    let response = env
        .http
        .get(env.url(&format!("/oauth/authorize?{query}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert!(
        response.headers().get("location").is_none(),
        "error pages never redirect"
    );
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = response.text().await.unwrap();
    let marker = "data-testid=\"error-code\">";
    let start = html.find(marker).unwrap() + marker.len();
    html[start..start + 6].to_owned()
}

#[tokio::test]
async fn untrusted_requests_end_on_the_error_page_with_their_koe_code() {
    let env = env().await;
    let ok = format!("client_id={CLIENT_ID}&redirect_uri={}", urlencode(REDIRECT));
    let cases = [
        ("client_id=unknown&response_type=code".to_owned(), "KOE101"),
        (
            format!(
                "client_id={CLIENT_ID}&redirect_uri=http%3A%2F%2Fevil.test%2F&response_type=code"
            ),
            "KOE006",
        ),
        (ok.clone(), "KOE201"),
        (format!("{ok}&response_type=id_token"), "KOE201"),
        (format!("{ok}&response_type=token"), "KOE202"),
        (
            format!("{ok}&response_type=code&scope=talk_calendar"),
            "KOE205",
        ),
        (
            format!("{ok}&response_type=code&channel_public_id=_unknown"),
            "KOE102",
        ),
    ];
    for (query, expected) in cases {
        assert_eq!(error_code(&env, &query).await, expected, "{query}");
    }
}

#[tokio::test]
async fn channel_public_id_on_an_app_without_channels_is_koe102() {
    let env = env().await;
    env.control(
        Method::PATCH,
        &format!("/apps/{CLIENT_ID}"),
        json!({"channels": []}),
    )
    .await;
    let query = format!(
        "client_id={CLIENT_ID}&redirect_uri={}&response_type=code&channel_public_id=_ZeUTxl",
        urlencode(REDIRECT)
    );
    assert_eq!(error_code(&env, &query).await, "KOE102");
}

fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("x", s)]).unwrap()[2..].to_owned()
}

#[tokio::test]
async fn prompt_none_without_a_kakao_session_is_login_required() {
    let env = env().await;
    let browser = Browser::new(env.running.base_url());
    let landed = browser
        .open(&browser.authorize_url(&[("prompt", "none"), ("state", "s")]))
        .await;
    assert_eq!(landed.param("error").as_deref(), Some("login_required"));
    assert_eq!(landed.param("state").as_deref(), Some("s"));
}

#[tokio::test]
async fn prompt_none_in_kakaotalk_is_consent_required_until_linked_then_a_code() {
    let env = env().await;
    let browser = Browser::with_user_agent(env.running.base_url(), KAKAOTALK_UA);
    let url = browser.authorize_url(&[("prompt", "none"), ("nonce", "inapp")]);
    let first = browser.open(&url).await;
    assert_eq!(first.param("error").as_deref(), Some("consent_required"));
    assert_eq!(
        first.param("error_description").as_deref(),
        Some("user consent required.")
    );
    env.signed_up(RYAN).await;
    let second = browser.open(&url).await;
    let token = env.exchange(&second.param("code").unwrap()).await;
    let claims = env.verified_claims(&token.id_token.unwrap()).await;
    assert_eq!(claims["sub"], RYAN.to_string());
    assert_eq!(claims["nonce"], "inapp");
}

#[tokio::test]
async fn prompt_none_is_consent_required_when_a_required_term_is_missing() {
    let env = env().await;
    env.signed_up(RYAN).await;
    let ryan = RYAN.to_string();
    env.admin_post(
        "/v2/user/revoke/service_terms",
        &[
            ("target_id_type", "user_id"),
            ("target_id", &ryan),
            ("tags", "terms_marketing"),
        ],
    )
    .await;
    let browser = Browser::with_user_agent(env.running.base_url(), KAKAOTALK_UA);
    let optional_only = browser
        .open(&browser.authorize_url(&[("prompt", "none")]))
        .await;
    assert!(
        optional_only.param("code").is_some(),
        "optional terms never block"
    );
    env.control(
        Method::PATCH,
        &format!("/apps/{CLIENT_ID}"),
        json!({"service_terms": [
            {"tag": "terms_service", "title": "서비스 이용약관", "required": true},
            {"tag": "terms_privacy", "title": "개인정보", "required": true},
            {"tag": "terms_new", "title": "새 필수 약관", "required": true}
        ]}),
    )
    .await;
    let blocked = browser
        .open(&browser.authorize_url(&[("prompt", "none")]))
        .await;
    assert_eq!(blocked.param("error").as_deref(), Some("consent_required"));
}

#[tokio::test]
async fn the_in_app_user_can_be_switched_or_cleared() {
    let env = env().await;
    env.signed_up(APEACH).await;
    let browser = Browser::with_user_agent(env.running.base_url(), KAKAOTALK_UA);
    let set = env
        .control(Method::POST, "/inapp-user", json!({"user_id": APEACH}))
        .await;
    assert_eq!(set.status(), 200);
    let landed = browser
        .open(&browser.authorize_url(&[("prompt", "none")]))
        .await;
    let token = env.exchange(&landed.param("code").unwrap()).await;
    let claims = env.verified_claims(&token.id_token.unwrap()).await;
    assert_eq!(claims["sub"], APEACH.to_string());
    env.control(Method::POST, "/inapp-user", json!({"user_id": null}))
        .await;
    let landed = browser
        .open(&browser.authorize_url(&[("prompt", "none")]))
        .await;
    assert_eq!(landed.param("error").as_deref(), Some("login_required"));
    let unknown = env
        .control(Method::POST, "/inapp-user", json!({"user_id": 1}))
        .await;
    assert_eq!(unknown.status(), 404);
}

#[tokio::test]
async fn logout_to_an_unregistered_uri_is_koe007_on_the_error_page() {
    let env = env().await;
    let response = env
        .http
        .get(env.url(&format!(
            "/oauth/logout?client_id={CLIENT_ID}&logout_redirect_uri=http%3A%2F%2Fevil.test%2F"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert!(response.headers().get("location").is_none());
    assert!(response.text().await.unwrap().contains("KOE007"));
}

#[tokio::test]
async fn prompt_login_is_ignored_inside_kakaotalk() {
    let env = env().await;
    env.signed_up(RYAN).await;
    let browser = Browser::with_user_agent(env.running.base_url(), KAKAOTALK_UA);
    let landed = browser
        .open(&browser.authorize_url(&[("prompt", "login")]))
        .await;
    assert!(landed.param("code").is_some(), "{landed:?}");
}
