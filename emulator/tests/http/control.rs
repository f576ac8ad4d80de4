//! The `/__emulator/` control API: accounts, reset, the unlink webhook, faults and the log.

use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::*;

#[tokio::test]
async fn a_profile_change_shows_on_the_next_user_info_call() {
    let env = env().await;
    let token = env.signed_up(RYAN).await;
    let patched = env
        .control(
            Method::PATCH,
            &format!("/users/{RYAN}"),
            json!({"nickname": "라이언2", "email": null}),
        )
        .await;
    assert_eq!(patched.status(), 200);
    let me: Value = kakao_json(env.bearer_get("/v2/user/me", &token.access_token).await).await;
    assert_eq!(me["kakao_account"]["profile"]["nickname"], "라이언2");
    assert!(me["kakao_account"].get("email").is_none());
    assert_eq!(me["kakao_account"]["email_needs_agreement"], false);
    let typo = env
        .control(
            Method::PATCH,
            &format!("/users/{RYAN}"),
            json!({"nick": "x"}),
        )
        .await;
    assert_eq!(typo.status(), 400);
}

#[tokio::test]
async fn added_users_can_sign_up_and_reset_forgets_them_and_every_link() {
    let env = env().await;
    let added = env
        .control(
            Method::POST,
            "/users",
            json!({"nickname": "춘식", "email": "c@example.com"}),
        )
        .await;
    assert_eq!(added.status(), 201);
    let user: Value = added.json().await.unwrap();
    let id = user["id"].as_i64().unwrap();
    let token = env.signed_up(id).await;
    let clash = env
        .control(Method::POST, "/users", json!({"id": id, "nickname": "x"}))
        .await;
    assert_eq!(clash.status(), 409);

    let reset = env.control(Method::POST, "/reset", Value::Null).await;
    assert_eq!(reset.status(), 204);
    assert_kapi_error(
        env.bearer_get("/v2/user/me", &token.access_token).await,
        401,
        -401,
    )
    .await;
    let users: Vec<Value> = env
        .control(Method::GET, "/users", Value::Null)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(users.len(), 4);
}

async fn use_receiver(env: &Env, receiver: &Receiver, method: &str) {
    let patched = env
        .control(
            Method::PATCH,
            &format!("/apps/{CLIENT_ID}"),
            json!({"unlink_webhook": {"url": receiver.url, "method": method}}),
        )
        .await;
    assert_eq!(patched.status(), 200);
}

#[tokio::test]
async fn unlinking_from_kakao_settings_posts_the_webhook_with_the_admin_key() {
    let receiver = receiver(StatusCode::OK).await;
    let env = env().await;
    use_receiver(&env, &receiver, "POST").await;
    let token = env.signed_up(NEO).await;
    let response = env
        .control(Method::POST, &format!("/users/{NEO}/unlink"), json!({}))
        .await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["webhook"]["status"], 200);
    assert_eq!(body["referrer_type"], "UNLINK_FROM_APPS");
    let got = receiver.got.lock().unwrap().clone();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].method, Method::POST);
    assert_eq!(
        got[0].headers["authorization"],
        format!("KakaoAK {ADMIN_KEY}")
    );
    assert!(
        got[0].headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/x-www-form-urlencoded")
    );
    let fields: Vec<(String, String)> = serde_urlencoded::from_str(&got[0].body).unwrap();
    assert_eq!(
        fields,
        [
            ("app_id".to_owned(), APP_ID.to_string()),
            ("user_id".to_owned(), "3891047281234567890".to_owned()),
            ("referrer_type".to_owned(), "UNLINK_FROM_APPS".to_owned()),
        ]
    );
    assert_kapi_error(
        env.bearer_get("/v2/user/me", &token.access_token).await,
        401,
        -401,
    )
    .await;
    let again = env
        .control(Method::POST, &format!("/users/{NEO}/unlink"), json!({}))
        .await;
    assert_eq!(again.status(), 404);
}

#[tokio::test]
async fn a_post_webhook_can_carry_the_fields_as_json_or_in_the_query() {
    let receiver = receiver(StatusCode::OK).await;
    let env = env().await;
    for encoding in ["json", "query"] {
        let patched = env
            .control(
                Method::PATCH,
                &format!("/apps/{CLIENT_ID}"),
                json!({"unlink_webhook": {"url": receiver.url, "method": "POST", "encoding": encoding}}),
            )
            .await;
        assert_eq!(patched.status(), 200);
        env.signed_up(RYAN).await;
        let response = env
            .control(Method::POST, &format!("/users/{RYAN}/unlink"), json!({}))
            .await;
        assert_eq!(response.status(), 200);
    }
    let got = receiver.got.lock().unwrap().clone();
    assert_eq!(got.len(), 2);
    assert!(got.iter().all(|r| r.method == Method::POST
        && r.headers["authorization"] == format!("KakaoAK {ADMIN_KEY}").as_str()));
    assert_eq!(got[0].headers["content-type"], "application/json");
    let body: Value = serde_json::from_str(&got[0].body).unwrap();
    assert_eq!(
        body,
        json!({"app_id": APP_ID.to_string(), "user_id": RYAN.to_string(), "referrer_type": "UNLINK_FROM_APPS"})
    );
    assert_eq!(
        (got[1].query.as_str(), got[1].body.as_str()),
        (
            format!("app_id={APP_ID}&user_id={RYAN}&referrer_type=UNLINK_FROM_APPS").as_str(),
            ""
        )
    );
}

#[tokio::test]
async fn a_get_webhook_carries_the_fields_in_the_query_and_reports_the_services_status() {
    let receiver = receiver(StatusCode::INTERNAL_SERVER_ERROR).await;
    let env = env().await;
    use_receiver(&env, &receiver, "GET").await;
    env.signed_up(RYAN).await;
    let response = env
        .control(
            Method::POST,
            &format!("/users/{RYAN}/unlink"),
            json!({"client_id": CLIENT_ID, "referrer_type": "ACCOUNT_DELETE"}),
        )
        .await;
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["webhook"]["status"], 500);
    let got = receiver.got.lock().unwrap().clone();
    assert_eq!(got[0].method, Method::GET);
    assert_eq!(
        got[0].query,
        format!("app_id={APP_ID}&user_id={RYAN}&referrer_type=ACCOUNT_DELETE")
    );
    let bad = env
        .control(
            Method::POST,
            &format!("/users/{RYAN}/unlink"),
            json!({"referrer_type": "BORED"}),
        )
        .await;
    assert_eq!(bad.status(), 400);
}

#[tokio::test]
async fn an_unreachable_webhook_is_reported_not_fatal() {
    let env = env().await;
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", closed.local_addr().unwrap());
    drop(closed);
    env.control(
        Method::PATCH,
        &format!("/apps/{CLIENT_ID}"),
        json!({"unlink_webhook": {"url": url, "method": "POST"}}),
    )
    .await;
    env.signed_up(RYAN).await;
    let body: Value = env
        .control(Method::POST, &format!("/users/{RYAN}/unlink"), json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert!(body["webhook"]["error"].is_string(), "{body}");
}

async fn add_fault(env: &Env, fault: Value) {
    let response = env.control(Method::POST, "/faults", fault).await;
    assert_eq!(response.status(), 201, "{:?}", response.text().await);
}

#[tokio::test]
async fn a_status_fault_hits_count_requests_then_stops() {
    let env = env().await;
    add_fault(
        &env,
        json!({"endpoint": "jwks", "kind": "status", "status": 503, "count": 2}),
    )
    .await;
    for _ in 0..2 {
        let response = env
            .http
            .get(env.url("/.well-known/jwks.json"))
            .send()
            .await
            .unwrap();
        assert_kauth_error(response, 503, "server_error", None).await;
    }
    let ok = env
        .http
        .get(env.url("/.well-known/jwks.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
}

#[tokio::test]
async fn a_forced_koe_code_answers_that_kauth_error() {
    let env = env().await;
    add_fault(
        &env,
        json!({"path": "/oauth/token", "kind": "koe", "code": "KOE320"}),
    )
    .await;
    let code = env.code_for(RYAN, json!({})).await;
    let response = env.redeem(&code).await;
    assert_kauth_error(response, 400, "invalid_grant", Some("KOE320")).await;
    // The fault answered instead of the endpoint: the code is still good.
    env.exchange(&code).await;

    add_fault(
        &env,
        json!({"endpoint": "authorize", "kind": "koe", "code": "KOE003"}),
    )
    .await;
    let page = env
        .http
        .get(env.url("/oauth/authorize"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 400);
    assert!(page.text().await.unwrap().contains("KOE003"));
}

#[tokio::test]
async fn a_forced_kapi_code_answers_that_kapi_error() {
    let env = env().await;
    let token = env.signed_up(RYAN).await;
    add_fault(
        &env,
        json!({"endpoint": "user_me", "kind": "kapi", "code": -401, "persistent": true}),
    )
    .await;
    for _ in 0..3 {
        assert_kapi_error(
            env.bearer_get("/v2/user/me", &token.access_token).await,
            401,
            -401,
        )
        .await;
    }
    let cleared = env.control(Method::DELETE, "/faults", Value::Null).await;
    assert_eq!(cleared.status(), 204);
    assert_eq!(
        env.bearer_get("/v2/user/me", &token.access_token)
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn latency_malformed_json_and_dropped_connections_can_be_injected() {
    let env = env().await;
    add_fault(
        &env,
        json!({"endpoint": "discovery", "kind": "latency", "ms": 300}),
    )
    .await;
    let started = Instant::now();
    let slow = env
        .http
        .get(env.url("/.well-known/openid-configuration"))
        .send()
        .await
        .unwrap();
    assert_eq!(slow.status(), 200);
    assert!(started.elapsed() >= Duration::from_millis(300));

    add_fault(&env, json!({"endpoint": "jwks", "kind": "malformed_json"})).await;
    let malformed = env
        .http
        .get(env.url("/.well-known/jwks.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        malformed.headers()["content-type"],
        "application/json;charset=UTF-8"
    );
    assert!(serde_json::from_str::<Value>(&malformed.text().await.unwrap()).is_err());

    add_fault(&env, json!({"endpoint": "jwks", "kind": "drop"})).await;
    let dropped = match env.http.get(env.url("/.well-known/jwks.json")).send().await {
        Err(_) => true,
        Ok(response) => response.bytes().await.is_err(),
    };
    assert!(dropped, "the connection must fail");
}

#[tokio::test]
async fn faults_on_unknown_endpoints_or_the_control_api_are_refused() {
    let env = env().await;
    for fault in [
        json!({"endpoint": "nope", "kind": "drop"}),
        json!({"path": "/__emulator/reset", "kind": "drop"}),
        json!({"path": "/oauth/token", "kind": "status", "status": 1000}),
    ] {
        let response = env.control(Method::POST, "/faults", fault).await;
        assert_eq!(response.status(), 400);
    }
}

#[tokio::test]
async fn the_request_log_redacts_secrets_and_credentials() {
    let env = env().await;
    let token = env.signed_up(RYAN).await;
    env.bearer_get("/v2/user/me", &token.access_token).await;
    let log: Vec<Value> = env
        .control(Method::GET, "/requests", Value::Null)
        .await
        .json()
        .await
        .unwrap();
    let text = serde_json::to_string(&log).unwrap();
    assert!(!text.contains(SECRET));
    assert!(!text.contains(&token.access_token));
    let exchange = log.iter().find(|e| e["path"] == "/oauth/token").unwrap();
    assert_eq!(exchange["form"]["client_secret"], "[redacted]");
    assert_eq!(exchange["form"]["code"], "[redacted]");
    assert_eq!(exchange["form"]["client_id"], CLIENT_ID);
    assert_eq!(exchange["status"], 200);
    let me = log.iter().find(|e| e["path"] == "/v2/user/me").unwrap();
    assert_eq!(me["authorization"], "Bearer");
    assert!(
        log.iter()
            .all(|e| !e["path"].as_str().unwrap().starts_with("/__emulator"))
    );
}

#[tokio::test]
async fn the_authorize_shortcut_refuses_what_the_pages_would() {
    let env = env().await;
    let missing = env
        .control(
            Method::POST,
            "/authorize",
            json!({"client_id": CLIENT_ID, "redirect_uri": REDIRECT, "user_id": RYAN, "service_terms": ["terms_service"]}),
        )
        .await;
    assert_eq!(missing.status(), 400);
    assert!(missing.text().await.unwrap().contains("terms_privacy"));
    let unregistered = env
        .control(
            Method::POST,
            "/authorize",
            json!({"client_id": CLIENT_ID, "redirect_uri": "http://evil.test/", "user_id": RYAN}),
        )
        .await;
    assert_eq!(unregistered.status(), 400);
}

#[tokio::test]
async fn links_show_the_recorded_consent_and_the_overview_page_lists_it() {
    let env = env().await;
    env.code_for(
        RYAN,
        json!({"scope": ["profile_nickname", "account_email"]}),
    )
    .await;
    let links: Vec<Value> = env
        .control(Method::GET, "/links", Value::Null)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!(links[0]["user_id"], RYAN);
    assert_eq!(
        links[0]["scopes"],
        json!(["account_email", "profile_nickname"])
    );
    assert_eq!(links[0]["service_terms"][0]["agreed_by"], "KAUTH");
    for path in ["/__emulator", "/__emulator/"] {
        let page = env.http.get(env.url(path)).send().await.unwrap();
        assert_eq!(page.status(), 200, "{path}");
        let html = page.text().await.unwrap();
        assert!(html.contains("4200000001") && html.contains("account_email, profile_nickname"));
    }
}

#[tokio::test]
async fn an_app_patch_cannot_change_its_id_or_break_its_shape() {
    let env = env().await;
    for patch in [json!({"app_id": 1}), json!({"redirect_uris": "not a list"})] {
        let response = env
            .control(Method::PATCH, &format!("/apps/{CLIENT_ID}"), patch)
            .await;
        assert_eq!(response.status(), 400);
    }
    let missing = env.control(Method::PATCH, "/apps/nope", json!({})).await;
    assert_eq!(missing.status(), 404);
}

/// The skill requests the chatbot sent to `receiver`, as JSON.
fn skill_requests(receiver: &Receiver) -> Vec<(Value, Option<String>)> {
    receiver
        .got
        .lock()
        .unwrap()
        .iter()
        .map(|r| {
            let secret = r
                .headers
                .get("x-skill-secret")
                .map(|v| v.to_str().unwrap().to_owned());
            (serde_json::from_str(&r.body).unwrap(), secret)
        })
        .collect()
}

#[tokio::test]
async fn the_chatbot_sends_skill_requests_with_app_user_id_once_the_user_is_linked() {
    let env = env().await;
    let receiver = receiver(StatusCode::OK).await;
    let chatbot = json!({"chatbot": {
        "skill_url": receiver.url, "skill_headers": {"X-Skill-Secret": "s3cret"},
    }});
    let patched = env
        .control(Method::PATCH, &format!("/apps/{CLIENT_ID}"), chatbot)
        .await;
    assert_eq!(patched.status(), 200);

    // Not linked yet: no appUserId.
    let sent = env
        .control(Method::POST, "/skill", json!({"user_id": RYAN}))
        .await;
    assert_eq!(sent.status(), 200);
    let sent: Value = sent.json().await.unwrap();
    assert_eq!(sent["status"], 200);
    // Linked (signed up): appUserId is the user's id, as a string.
    env.signed_up(RYAN).await;
    env.control(Method::POST, "/skill", json!({"user_id": RYAN}))
        .await;
    // Asked for explicitly either way.
    env.control(
        Method::POST,
        "/skill",
        json!({"user_id": RYAN, "with_app_user_id": false, "utterance": "가입"}),
    )
    .await;

    let got = skill_requests(&receiver);
    assert_eq!(got.len(), 3);
    let app_user_id = |i: usize| {
        got[i].0["userRequest"]["user"]["properties"]
            .get("appUserId")
            .cloned()
    };
    assert_eq!(app_user_id(0), None);
    assert_eq!(app_user_id(1), Some(json!(RYAN.to_string())));
    assert_eq!(app_user_id(2), None);
    assert_eq!(got[2].0["userRequest"]["utterance"], "가입");
    for (request, secret) in &got {
        assert_eq!(secret.as_deref(), Some("s3cret"));
        assert!(request["userRequest"]["user"]["properties"]["plusfriendUserKey"].is_string());
        assert_eq!(request["userRequest"]["user"]["type"], "botUserKey");
    }
}

#[tokio::test]
async fn a_skill_request_needs_a_chatbot_and_a_known_user() {
    let env = env().await;
    let no_bot = env
        .control(Method::POST, "/skill", json!({"user_id": RYAN}))
        .await;
    assert_eq!(no_bot.status(), 400);
    let receiver = receiver(StatusCode::OK).await;
    env.control(
        Method::PATCH,
        &format!("/apps/{CLIENT_ID}"),
        json!({"chatbot": {"skill_url": receiver.url}}),
    )
    .await;
    let unknown = env
        .control(Method::POST, "/skill", json!({"user_id": 1}))
        .await;
    assert_eq!(unknown.status(), 404);
    assert!(receiver.got.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_code_for_the_sync_plugin_goes_to_its_redirect_uri_with_continue() {
    let plugin = "http://localhost:8080/api/kakao/plugin/sync/redirect";
    let env = env().await;
    let patched = env
        .control(
            Method::PATCH,
            &format!("/apps/{CLIENT_ID}"),
            json!({"redirect_uris": [REDIRECT, plugin], "chatbot": {"plugin_redirect_uri": plugin}}),
        )
        .await;
    assert_eq!(patched.status(), 200);
    let through_plugin = env
        .shortcut(RYAN, json!({"redirect_uri": plugin, "state": "st"}))
        .await;
    let location = reqwest::Url::parse(through_plugin["location"].as_str().unwrap()).unwrap();
    let query: std::collections::HashMap<String, String> =
        location.query_pairs().into_owned().collect();
    let continue_url = format!("{}/__emulator/chat/continue", env.running.base_url());
    assert_eq!(query.get("continue"), Some(&continue_url));
    assert_eq!(query.get("state").map(String::as_str), Some("st"));
    assert!(query.contains_key("code"));
    // An ordinary login keeps Kakao's two parameters.
    let ordinary = env.shortcut(RYAN, json!({})).await;
    assert!(!ordinary["location"].as_str().unwrap().contains("continue"));
    // The continue URL is a page of the emulator: the chat, the half-view closed.
    let page = env.http.get(&continue_url).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(
        page.text()
            .await
            .unwrap()
            .contains(r#"data-half-view="closed""#)
    );
}

#[tokio::test]
async fn the_chat_page_opens_the_plugin_consent_in_a_half_view() {
    let plugin = "http://localhost:8080/api/kakao/plugin/sync/redirect";
    let env = env().await;
    let without = env
        .http
        .get(env.url("/__emulator/chat"))
        .send()
        .await
        .unwrap();
    assert_eq!(without.status(), 400, "no plugin configured");
    env.control(
        Method::PATCH,
        &format!("/apps/{CLIENT_ID}"),
        json!({"redirect_uris": [REDIRECT, plugin], "chatbot": {"plugin_redirect_uri": plugin}}),
    )
    .await;
    let page = env
        .http
        .get(env.url("/__emulator/chat"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    let consent = html
        .split(r#"data-consent=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the auth block's button names its consent URL")
        .replace("&amp;", "&");
    let consent = reqwest::Url::parse(&env.url(&consent)).unwrap();
    assert_eq!(consent.path(), "/oauth/authorize");
    let query: std::collections::HashMap<String, String> =
        consent.query_pairs().into_owned().collect();
    assert_eq!(query["redirect_uri"], plugin);
    assert_eq!(query["client_id"], CLIENT_ID);
    assert_eq!(query["response_type"], "code");
    assert!(!query["state"].is_empty());
    assert!(html.contains(r#"id="half-view""#));
    // The consent URL is one Kakao's authorize accepts: with nobody signed in it goes to the
    // login page, not back to the plugin with an error nor to an error page.
    let authorize = env.http.get(consent).send().await.unwrap();
    assert_eq!(authorize.status(), 302);
    let next = authorize.headers()["location"].to_str().unwrap();
    assert!(
        !next.starts_with(plugin) && !next.contains("error"),
        "{next}"
    );
}
