//! KakaoTalk easy login: `GET /apiweb/code.json` in each of its answers, KakaoTalk's account
//! screen for a launched intent, KakaoTalk missing, and the login page's own "카카오톡으로 로그인".

use axum::http::Method;
use serde_json::{Value, json};

use crate::browser::{Browser, input_value};
use crate::common::*;

const JS_KEY: &str = "kakao-sync-demo-javascript-key";
const PAGE_ORIGIN: &str = "http://localhost:8080";
const TRAN: &str = "TalkTransaction0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJK";
const KAKAOTALK_IOS: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 KAKAOTALK 10.8.5";
const CHROME_ANDROID: &str = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36";

/// `GET /apiweb/code.json` from the page's origin: `(status, allowed origin, body)`.
async fn code_json(env: &Env, client_id: &str, id: &str) -> (u16, Option<String>, Value) {
    let response = env
        .http
        .get(env.url("/apiweb/code.json"))
        .query(&[
            ("client_id", client_id),
            ("auth_tran_id", id),
            ("ka", "os/javascript"),
        ])
        .header("origin", PAGE_ORIGIN)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let allowed = response
        .headers()
        .get("access-control-allow-origin")
        .map(|v| v.to_str().unwrap().to_owned());
    (status, allowed, response.json().await.unwrap())
}

/// The popup authorize request KakaoTalk's in-app browser opens on iOS.
fn popup_authorize(browser: &Browser, id: &str) -> String {
    browser.authorize_url(&[
        ("auth_tran_id", id),
        ("is_popup", "true"),
        ("nonce", "page-nonce"),
    ])
}

#[tokio::test]
async fn code_json_is_pending_until_kakaotalk_finishes_then_hands_the_code_out_once() {
    let env = env().await;
    let pending = json!({"status": "error", "error_code": "300"});
    assert_eq!(
        code_json(&env, JS_KEY, TRAN).await,
        (200, Some(PAGE_ORIGIN.to_owned()), pending.clone())
    );
    env.signed_up(RYAN).await;
    let in_talk = Browser::with_user_agent(env.running.base_url(), KAKAOTALK_IOS);
    let done = in_talk.open(&popup_authorize(&in_talk, TRAN)).await;
    assert!(
        done.html().contains("data-testid=\"talk-done\""),
        "no redirect inside KakaoTalk: {}",
        done.html()
    );
    let (status, _, body) = code_json(&env, JS_KEY, TRAN).await;
    assert_eq!(status, 200);
    let code = body["code"].as_str().unwrap().to_owned();
    assert_eq!(body.as_object().unwrap().len(), 1, "{body}");
    assert_eq!(code_json(&env, JS_KEY, TRAN).await.2, pending, "once");

    let token = env.exchange(&code).await;
    let claims = env.verified_claims(&token.id_token.unwrap()).await;
    assert_eq!(claims["sub"], RYAN.to_string());
    assert_eq!(claims["nonce"], "page-nonce");
}

#[tokio::test]
async fn code_json_answers_access_denied_after_a_cancel_in_kakaotalk() {
    let env = env().await;
    let in_talk = Browser::with_user_agent(env.running.base_url(), KAKAOTALK_IOS);
    let consent = in_talk.open(&popup_authorize(&in_talk, TRAN)).await;
    let cancelled = in_talk
        .submit(
            "/oauth/consent",
            &[
                ("tx", &input_value(consent.html(), "tx")),
                ("action", "cancel"),
            ],
        )
        .await;
    assert!(cancelled.html().contains("data-testid=\"talk-cancelled\""));
    assert_eq!(
        code_json(&env, JS_KEY, TRAN).await.2,
        json!({"error": "access_denied", "error_description": "User denied access"})
    );
}

#[tokio::test]
async fn code_json_ends_a_transaction_older_than_a_code() {
    let env = env().await;
    env.signed_up(RYAN).await;
    let in_talk = Browser::with_user_agent(env.running.base_url(), KAKAOTALK_IOS);
    in_talk.open(&popup_authorize(&in_talk, TRAN)).await;
    env.control(Method::POST, "/clock", json!({"seconds": 601}))
        .await;
    assert_eq!(
        code_json(&env, JS_KEY, TRAN).await.2,
        json!({"status": "error", "error_code": "700"})
    );
}

#[tokio::test]
async fn code_json_refuses_a_key_that_is_not_a_javascript_key() {
    let env = env().await;
    for key in [CLIENT_ID, "nope"] {
        let (status, allowed, body) = code_json(&env, key, TRAN).await;
        assert_eq!((status, allowed), (400, None), "{key}");
        assert_eq!(body["error"], "invalid_client");
        assert_eq!(body["error_code"], "KOE101");
    }
}

#[tokio::test]
async fn code_json_is_readable_only_from_the_apps_javascript_sdk_domains() {
    let env = env().await;
    let response = env
        .http
        .get(env.url("/apiweb/code.json"))
        .query(&[("client_id", JS_KEY), ("auth_tran_id", TRAN)])
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
}

/// An Android launch for the default app, as the module builds it.
fn android_intent(env: &Env) -> String {
    let request = json!({
        "client_id": JS_KEY, "redirect_uri": REDIRECT, "response_type": "code",
        "auth_tran_id": TRAN, "nonce": "n", "is_popup": "true",
        "ka": "os/javascript",
    });
    let fallback = format!(
        "{}/oauth/authorize?client_id={CLIENT_ID}&redirect_uri={}&response_type=code",
        env.running.base_url(),
        enc(REDIRECT)
    );
    format!(
        "intent:#Intent;action=com.kakao.talk.intent.action.CAPRI_LOGGED_IN_ACTIVITY;launchFlags=0x08880000;\
         S.com.kakao.sdk.talk.appKey={JS_KEY};S.com.kakao.sdk.talk.extraparams={};S.browser_fallback_url={};end;",
        enc(&request.to_string()),
        enc(&fallback)
    )
}

fn enc(s: &str) -> String {
    serde_urlencoded::to_string([("x", s)]).unwrap()[2..].replace('+', "%20")
}

fn launch_url(env: &Env, launch: &str) -> String {
    format!(
        "{}/__emulator/kakaotalk/launch?url={}",
        env.running.base_url(),
        enc(launch)
    )
}

#[tokio::test]
async fn kakaotalk_shows_its_account_then_consent_then_its_closing_page() {
    let env = env().await;
    let phone = Browser::with_user_agent(env.running.base_url(), CHROME_ANDROID);
    let account = phone.open(&launch_url(&env, &android_intent(&env))).await;
    assert!(account.html().contains("data-testid=\"talk-account\""));
    assert!(account.html().contains("라이언"), "the in-app user");
    let consent = phone
        .submit(
            "/__emulator/kakaotalk/confirm",
            &[
                ("tx", &input_value(account.html(), "tx")),
                ("action", "continue"),
            ],
        )
        .await;
    assert!(
        consent.url().contains("/oauth/consent"),
        "{}",
        consent.url()
    );
    let done = phone
        .submit(
            "/oauth/consent",
            &[
                ("tx", &input_value(consent.html(), "tx")),
                ("agree_all", "on"),
                ("action", "agree"),
            ],
        )
        .await;
    assert!(done.html().contains("data-testid=\"talk-done\""));
    assert!(code_json(&env, JS_KEY, TRAN).await.2["code"].is_string());
}

#[tokio::test]
async fn without_kakaotalk_the_launch_goes_to_the_platforms_fallback() {
    let env = env().await;
    let answer = env
        .control(Method::POST, "/kakaotalk", json!({"installed": false}))
        .await;
    assert_eq!(
        answer.json::<Value>().await.unwrap(),
        json!({"installed": false, "user_id": RYAN})
    );
    let phone = Browser::with_user_agent(env.running.base_url(), CHROME_ANDROID);
    let landed = phone.open(&launch_url(&env, &android_intent(&env))).await;
    assert!(landed.url().contains("/accounts/login"), "{}", landed.url());
    assert!(!landed.html().contains("data-testid=\"talk-account\""));
}

#[tokio::test]
async fn a_launch_url_that_is_not_kakaotalks_is_refused() {
    let env = env().await;
    let response = env
        .http
        .get(launch_url(&env, "https://evil.example/"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
}

#[tokio::test]
async fn the_login_page_offers_kakaotalk_on_phones_and_continues_the_same_login() {
    let env = env().await;
    let desktop = Browser::new(env.running.base_url());
    let page = desktop.open(&desktop.authorize_url(&[])).await;
    assert!(!page.html().contains("data-testid=\"talk-login\""));

    env.signed_up(RYAN).await;
    let phone = Browser::with_user_agent(env.running.base_url(), CHROME_ANDROID);
    let page = phone.open(&phone.authorize_url(&[("state", "st")])).await;
    assert!(
        page.html().contains("data-testid=\"talk-login\""),
        "{}",
        page.html()
    );
    let tx = input_value(page.html(), "tx");
    let account = phone
        .open(&env.url(&format!("/accounts/talk?tx={tx}")))
        .await;
    assert!(account.html().contains("data-testid=\"talk-account\""));
    let landed = phone
        .submit(
            "/__emulator/kakaotalk/confirm",
            &[("tx", &tx), ("action", "continue")],
        )
        .await;
    assert_eq!(landed.param("state").as_deref(), Some("st"));
    assert!(
        landed.param("code").is_some(),
        "back in the browser with a code"
    );

    env.control(Method::POST, "/kakaotalk", json!({"installed": false}))
        .await;
    let page = phone
        .open(&phone.authorize_url(&[("prompt", "login")]))
        .await;
    let tx = input_value(page.html(), "tx");
    let refused = phone
        .open(&env.url(&format!("/accounts/talk?tx={tx}")))
        .await;
    assert_eq!(refused.status(), 409);
    assert!(refused.html().contains("data-testid=\"login-error\""));
}
