//! The authorize pages walked like a browser: login, consent, cancel, remembered sessions,
//! prompts, and a working code → tokens → verified id_token at the end.

use serde_json::Value;

use crate::browser::{Browser, input_value};
use crate::common::*;

/// Logs in as `user` on the login page the browser is on and returns where that led.
async fn choose_account(
    browser: &Browser,
    page: &crate::browser::Landed,
    user: i64,
) -> crate::browser::Landed {
    let html = page.html();
    assert!(
        html.contains(&format!("data-testid=\"account-{user}\"")),
        "{html}"
    );
    let tx = input_value(html, "tx");
    let user = user.to_string();
    browser
        .submit("/accounts/login", &[("tx", &tx), ("account", &user)])
        .await
}

/// Signs `user` up through the login and consent pages with "agree to all"; returns the
/// redirect to the service.
async fn sign_up_with_agree_all(browser: &Browser, user: i64) -> crate::browser::Landed {
    let login = browser.open(&browser.authorize_url(&[])).await;
    let consent = choose_account(browser, &login, user).await;
    let tx = input_value(consent.html(), "tx");
    browser
        .submit(
            "/oauth/consent",
            &[("tx", &tx), ("agree_all", "on"), ("action", "agree")],
        )
        .await
}

#[tokio::test]
async fn signing_up_through_the_pages_yields_a_code_tokens_and_a_verifiable_id_token() {
    let env = env().await;
    let browser = Browser::new(env.running.base_url());
    let login = browser
        .open(&browser.authorize_url(&[("state", "st-1"), ("nonce", "nonce-1")]))
        .await;
    assert_eq!(login.status(), 200);
    assert!(login.url().contains("/accounts/login"));
    let consent = choose_account(&browser, &login, APEACH).await;
    let html = consent.html();
    for testid in [
        "agree-all",
        "term-terms_service",
        "term-terms_privacy",
        "term-terms_marketing",
        "scope-profile_nickname",
        "channel-_ZeUTxl",
        "consent-submit",
        "consent-cancel",
    ] {
        assert!(
            html.contains(&format!("data-testid=\"{testid}\"")),
            "{testid} missing: {html}"
        );
    }
    assert!(html.contains("[필수]") && html.contains("[선택]"));
    let tx = input_value(html, "tx");
    let done = browser
        .submit(
            "/oauth/consent",
            &[
                ("tx", tx.as_str()),
                ("term", "terms_service"),
                ("term", "terms_privacy"),
                ("scope", "profile_nickname"),
                ("scope", "account_email"),
                ("channel", "_ZeUTxl"),
                ("action", "agree"),
            ],
        )
        .await;
    assert!(done.location().starts_with(REDIRECT));
    assert_eq!(done.param("state").as_deref(), Some("st-1"));
    let token = env.exchange(&done.param("code").unwrap()).await;
    let claims = env.verified_claims(&token.id_token.unwrap()).await;
    assert_eq!(claims["sub"], APEACH.to_string());
    assert_eq!(claims["nonce"], "nonce-1");
    assert_eq!(claims["aud"], CLIENT_ID);
    let me: Value = kakao_json(env.bearer_get("/v2/user/me", &token.access_token).await).await;
    assert_eq!(me["kakao_account"]["profile_image_needs_agreement"], true);
    assert!(me["synched_at"].is_string());
}

#[tokio::test]
async fn cancel_on_the_consent_page_redirects_with_access_denied() {
    let env = env().await;
    let browser = Browser::new(env.running.base_url());
    let login = browser
        .open(&browser.authorize_url(&[("state", "s1")]))
        .await;
    let consent = choose_account(&browser, &login, RYAN).await;
    let tx = input_value(consent.html(), "tx");
    let done = browser
        .submit("/oauth/consent", &[("tx", &tx), ("action", "cancel")])
        .await;
    assert_eq!(done.param("error").as_deref(), Some("access_denied"));
    assert_eq!(
        done.param("error_description").as_deref(),
        Some("User denied access")
    );
    assert_eq!(done.param("state").as_deref(), Some("s1"));
    assert!(done.location().contains("User%20denied%20access"));
}

#[tokio::test]
async fn leaving_a_required_item_unticked_shows_the_consent_page_again() {
    let env = env().await;
    let browser = Browser::new(env.running.base_url());
    let login = browser.open(&browser.authorize_url(&[])).await;
    let consent = choose_account(&browser, &login, RYAN).await;
    let tx = input_value(consent.html(), "tx");
    let again = browser
        .submit(
            "/oauth/consent",
            &[("tx", &tx), ("term", "terms_service"), ("action", "agree")],
        )
        .await;
    assert_eq!(again.status(), 400);
    assert!(again.html().contains("data-testid=\"consent-error\""));
    let done = browser
        .submit(
            "/oauth/consent",
            &[("tx", &tx), ("agree_all", "on"), ("action", "agree")],
        )
        .await;
    assert!(done.param("code").is_some());
}

#[tokio::test]
async fn a_remembered_session_skips_login_and_a_linked_user_gets_a_code_with_no_page() {
    let env = env().await;
    let browser = Browser::new(env.running.base_url());
    sign_up_with_agree_all(&browser, RYAN).await;
    let again = browser
        .open(&browser.authorize_url(&[("state", "2")]))
        .await;
    assert!(again.param("code").is_some(), "{again:?}");
    assert_eq!(again.param("state").as_deref(), Some("2"));
}

#[tokio::test]
async fn a_new_required_term_brings_the_consent_page_back_with_only_that_term() {
    let env = env().await;
    let browser = Browser::new(env.running.base_url());
    sign_up_with_agree_all(&browser, RYAN).await;
    let apps: Value = env
        .control(axum::http::Method::GET, "/apps", Value::Null)
        .await
        .json()
        .await
        .unwrap();
    let mut terms = apps[0]["service_terms"].as_array().unwrap().clone();
    terms.push(serde_json::json!({"tag": "terms_location", "title": "위치기반 서비스 약관", "required": true}));
    env.control(
        axum::http::Method::PATCH,
        &format!("/apps/{CLIENT_ID}"),
        serde_json::json!({"service_terms": terms}),
    )
    .await;
    let consent = browser.open(&browser.authorize_url(&[])).await;
    let html = consent.html();
    assert!(html.contains("data-testid=\"term-terms_location\""));
    assert!(!html.contains("data-testid=\"term-terms_service\""));
    assert!(!html.contains("data-testid=\"scope-profile_nickname\""));
}

#[tokio::test]
async fn service_terms_limits_the_terms_shown() {
    let env = env().await;
    let browser = Browser::new(env.running.base_url());
    let login = browser
        .open(&browser.authorize_url(&[("service_terms", "terms_service,terms_marketing")]))
        .await;
    let consent = choose_account(&browser, &login, RYAN).await;
    let html = consent.html();
    assert!(html.contains("data-testid=\"term-terms_service\""));
    assert!(html.contains("data-testid=\"term-terms_marketing\""));
    assert!(!html.contains("data-testid=\"term-terms_privacy\""));
}

#[tokio::test]
async fn prompt_login_shows_the_login_page_despite_a_session_and_login_hint_prefills_it() {
    let env = env().await;
    let browser = Browser::new(env.running.base_url());
    let login = browser.open(&browser.authorize_url(&[])).await;
    let consent = choose_account(&browser, &login, RYAN).await;
    assert!(consent.url().contains("/oauth/consent"));
    let forced = browser
        .open(&browser.authorize_url(&[("prompt", "login"), ("login_hint", "apeach@example.com")]))
        .await;
    assert!(forced.url().contains("/accounts/login"));
    assert!(forced.html().contains("value=\"apeach@example.com\""));
    let tx = input_value(forced.html(), "tx");
    let consent = browser
        .submit(
            "/accounts/login",
            &[("tx", &tx), ("login_id", "apeach@example.com")],
        )
        .await;
    assert!(consent.html().contains("어피치"));
}

#[tokio::test]
async fn prompt_create_makes_a_new_account_and_continues_to_consent() {
    let env = env().await;
    let browser = Browser::new(env.running.base_url());
    let signup = browser
        .open(&browser.authorize_url(&[("prompt", "create")]))
        .await;
    assert!(signup.url().contains("/accounts/signup"));
    let tx = input_value(signup.html(), "tx");
    let consent = browser
        .submit(
            "/accounts/signup",
            &[
                ("tx", &tx),
                ("nickname", "<춘식>"),
                ("email", "choonsik@example.com"),
            ],
        )
        .await;
    let html = consent.html();
    assert!(html.contains("&lt;춘식&gt;"), "nickname is escaped: {html}");
    let users: Vec<Value> = env
        .control(axum::http::Method::GET, "/users", Value::Null)
        .await
        .json()
        .await
        .unwrap();
    assert!(users.iter().any(|u| u["nickname"] == "<춘식>"));
}

#[tokio::test]
async fn prompt_select_account_shows_the_account_picker_even_when_signed_in() {
    let env = env().await;
    let browser = Browser::new(env.running.base_url());
    let login = browser.open(&browser.authorize_url(&[])).await;
    choose_account(&browser, &login, RYAN).await;
    let picker = browser
        .open(&browser.authorize_url(&[("prompt", "select_account")]))
        .await;
    assert!(picker.html().contains("계정 선택"));
    assert!(picker.html().contains("로그인됨"));
}

#[tokio::test]
async fn kakao_account_logout_ends_the_session() {
    let env = env().await;
    let browser = Browser::new(env.running.base_url());
    let login = browser.open(&browser.authorize_url(&[])).await;
    choose_account(&browser, &login, RYAN).await;
    let logout = browser
        .open(&format!(
            "{}/oauth/logout?client_id={CLIENT_ID}&logout_redirect_uri=http%3A%2F%2Flocalhost%3A8080%2F&state=bye",
            env.running.base_url()
        ))
        .await;
    assert_eq!(logout.location(), "http://localhost:8080/?state=bye");
    let none = browser
        .open(&browser.authorize_url(&[("prompt", "none")]))
        .await;
    assert_eq!(none.param("error").as_deref(), Some("login_required"));
}

#[tokio::test]
async fn a_kakao_session_skips_the_login_page_after_the_service_unlinked_the_user() {
    let env = env().await;
    let browser = Browser::new(env.running.base_url());
    let done = sign_up_with_agree_all(&browser, RYAN).await;
    let token = env.exchange(&done.param("code").unwrap()).await;
    env.bearer_post("/v1/user/unlink", &token.access_token, &[])
        .await;
    let again = browser.open(&browser.authorize_url(&[])).await;
    assert!(
        again.url().contains("/oauth/consent"),
        "no login page: {}",
        again.url()
    );
    assert!(again.html().contains("data-testid=\"term-terms_service\""));
}

#[tokio::test]
async fn a_kakao_session_expires_after_a_day() {
    let env = env().await;
    env.signed_up(RYAN).await;
    let browser = Browser::new(env.running.base_url());
    let login = browser.open(&browser.authorize_url(&[])).await;
    choose_account(&browser, &login, RYAN).await;
    let fresh = browser
        .open(&browser.authorize_url(&[("prompt", "none")]))
        .await;
    assert!(fresh.param("code").is_some());
    env.control(
        axum::http::Method::POST,
        "/clock",
        serde_json::json!({"seconds": 24 * 3600}),
    )
    .await;
    let stale = browser
        .open(&browser.authorize_url(&[("prompt", "none")]))
        .await;
    assert_eq!(stale.param("error").as_deref(), Some("login_required"));
}

#[tokio::test]
async fn additional_consent_shows_only_the_asked_item_and_needs_openid_for_an_id_token() {
    let env = env().await;
    let browser = Browser::new(env.running.base_url());
    let login = browser.open(&browser.authorize_url(&[])).await;
    let consent = choose_account(&browser, &login, RYAN).await;
    let tx = input_value(consent.html(), "tx");
    let required_only = [
        ("tx", tx.as_str()),
        ("term", "terms_service"),
        ("term", "terms_privacy"),
        ("scope", "profile_nickname"),
        ("scope", "account_email"),
        ("action", "agree"),
    ];
    browser.submit("/oauth/consent", &required_only).await;

    for (scope, id_token_expected) in [("gender", false), ("age_range,openid", true)] {
        let consent = browser
            .open(&browser.authorize_url(&[("scope", scope)]))
            .await;
        let html = consent.html();
        let item = scope.split(',').next().unwrap();
        assert!(
            html.contains(&format!("data-testid=\"scope-{item}\"")),
            "{html}"
        );
        assert!(!html.contains("data-testid=\"scope-profile_image\""));
        assert!(!html.contains("data-testid=\"term-"));
        let tx = input_value(html, "tx");
        let done = browser
            .submit(
                "/oauth/consent",
                &[("tx", tx.as_str()), ("scope", item), ("action", "agree")],
            )
            .await;
        let token = env.exchange(&done.param("code").unwrap()).await;
        assert_eq!(token.id_token.is_some(), id_token_expected, "{scope}");
        assert!(token.scope.unwrap().contains(item));
    }
}

#[tokio::test]
async fn an_unknown_login_id_or_an_empty_nickname_is_shown_on_the_page() {
    let env = env().await;
    let browser = Browser::new(env.running.base_url());
    let login = browser.open(&browser.authorize_url(&[])).await;
    let tx = input_value(login.html(), "tx");
    let unknown = browser
        .submit(
            "/accounts/login",
            &[("tx", &tx), ("login_id", "nobody@example.com")],
        )
        .await;
    assert_eq!(unknown.status(), 400);
    assert!(unknown.html().contains("data-testid=\"login-error\""));
    let signup = browser
        .open(&browser.authorize_url(&[("prompt", "create")]))
        .await;
    let tx = input_value(signup.html(), "tx");
    let empty = browser
        .submit("/accounts/signup", &[("tx", &tx), ("nickname", " ")])
        .await;
    assert_eq!(empty.status(), 400);
    assert!(empty.html().contains("data-testid=\"signup-error\""));
}

#[tokio::test]
async fn keep_me_signed_in_makes_a_month_long_session_cookie() {
    let env = env().await;
    let browser = Browser::new(env.running.base_url());
    let login = browser.open(&browser.authorize_url(&[])).await;
    let tx = input_value(login.html(), "tx");
    let ryan = RYAN.to_string();
    let short = env
        .http
        .post(env.url("/accounts/login"))
        .form(&[("tx", tx.as_str()), ("account", &ryan)])
        .send()
        .await
        .unwrap();
    let cookie = short.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.contains("HttpOnly") && !cookie.contains("Max-Age"),
        "{cookie}"
    );
    let login = browser.open(&browser.authorize_url(&[])).await;
    let tx = input_value(login.html(), "tx");
    let long = env
        .http
        .post(env.url("/accounts/login"))
        .form(&[("tx", tx.as_str()), ("account", &ryan), ("remember", "on")])
        .send()
        .await
        .unwrap();
    let cookie = long.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.contains("Max-Age=2592000"), "{cookie}");
}

#[tokio::test]
async fn channel_public_id_chooses_the_channels_offered() {
    let env = env().await;
    let browser = Browser::new(env.running.base_url());
    let login = browser
        .open(&browser.authorize_url(&[("channel_public_id", "_xkNzpK,_ZeUTxl")]))
        .await;
    let consent = choose_account(&browser, &login, RYAN).await;
    let html = consent.html();
    assert!(html.contains("data-testid=\"channel-_xkNzpK\""));
    assert!(html.contains("data-testid=\"channel-_ZeUTxl\""));
}

/// The consent URL the chat page's auth block opens, after configuring the sync plugin.
async fn chat_consent_url(env: &Env, plugin: &str) -> String {
    let patched = env
        .control(
            reqwest::Method::PATCH,
            &format!("/apps/{CLIENT_ID}"),
            serde_json::json!({"redirect_uris": [REDIRECT, plugin], "chatbot": {"plugin_redirect_uri": plugin}}),
        )
        .await;
    assert_eq!(patched.status(), 200);
    let html = env
        .http
        .get(env.url("/__emulator/chat"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let consent = html
        .split(r#"data-consent=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the auth block's consent URL")
        .replace("&amp;", "&");
    env.url(&consent)
}

#[tokio::test]
async fn the_chats_half_view_consent_goes_to_the_plugin_redirect_uri_with_continue() {
    let plugin = "http://localhost:8080/api/kakao/plugin/sync/redirect";
    let env = env().await;
    let browser = Browser::new(env.running.base_url());
    let consent_url = chat_consent_url(&env, plugin).await;
    let state = reqwest::Url::parse(&consent_url)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "state")
        .map(|(_, v)| v.into_owned())
        .unwrap();
    let login = browser.open(&consent_url).await;
    let consent = choose_account(&browser, &login, RYAN).await;
    let tx = input_value(consent.html(), "tx");
    let done = browser
        .submit(
            "/oauth/consent",
            &[("tx", &tx), ("agree_all", "on"), ("action", "agree")],
        )
        .await;
    assert!(done.location().starts_with(plugin), "{}", done.location());
    assert_eq!(done.param("state"), Some(state));
    let continue_url = format!("{}/__emulator/chat/continue", env.running.base_url());
    assert_eq!(done.param("continue"), Some(continue_url));
    // The code is good at the token endpoint for that redirect URI, without PKCE.
    let code = done.param("code").unwrap();
    let token = env
        .token(&[
            ("grant_type", "authorization_code"),
            ("client_id", CLIENT_ID),
            ("client_secret", SECRET),
            ("redirect_uri", plugin),
            ("code", &code),
        ])
        .await;
    assert_eq!(token.status(), 200);
}

#[tokio::test]
async fn refusing_in_the_chats_half_view_goes_to_the_plugin_with_access_denied_and_continue() {
    let plugin = "http://localhost:8080/api/kakao/plugin/sync/redirect";
    let env = env().await;
    let browser = Browser::new(env.running.base_url());
    let login = browser.open(&chat_consent_url(&env, plugin).await).await;
    let consent = choose_account(&browser, &login, RYAN).await;
    let tx = input_value(consent.html(), "tx");
    let done = browser
        .submit("/oauth/consent", &[("tx", &tx), ("action", "cancel")])
        .await;
    assert!(done.location().starts_with(plugin), "{}", done.location());
    assert_eq!(done.param("error").as_deref(), Some("access_denied"));
    assert!(
        done.param("continue")
            .is_some_and(|c| c.ends_with("/__emulator/chat/continue"))
    );
}
