//! KakaoTalk easy login, end to end over sockets: the backend opens the transaction, the page's
//! pure core builds the launch URL, the emulator plays KakaoTalk on the phone, the core reads
//! kauth's `apiweb/code.json`, and `POST /session` exchanges the code without a PKCE verifier,
//! which only a transaction the backend opened allows, once, before it expires.

use axum::http::StatusCode;
use kakao_sync::core::authorize::Prompt;
use kakao_sync::core::talk_login::{
    Action, CodeJson, Event, Platform, PollAnswer, TalkLogin, TalkWait, WaitLimit, code_json_url,
    is_auth_tran_id, ka_header, launch_url, read_code_json,
};
use kakao_sync_emulator::Fixture;
use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{ORIGIN, REDIRECT_URI, REST_API_KEY, TestDb};
use crate::{APEACH, NONCE, RYAN, World};

crate::on_every_database!(
    a_new_member_signs_up_through_kakaotalk_with_consent_and_no_verifier,
    a_returning_member_signs_in_through_kakaotalk_without_a_consent_page,
    cancel_in_kakaotalk_ends_the_wait_and_signs_in_nobody,
    a_code_without_a_verifier_is_refused_for_any_login_the_backend_did_not_open_for_kakaotalk,
    a_kakaotalk_login_exchanges_one_code_once,
    an_expired_kakaotalk_login_is_refused,
    the_switch_turns_the_kakaotalk_path_off_on_every_instance,
    opening_kakaotalk_logins_counts_against_the_sign_in_limit,
    only_a_registered_redirect_uri_opens_a_kakaotalk_login,
);

const JAVASCRIPT_KEY: &str = "kakao-sync-demo-javascript-key";

/// `POST /session/talk`: `(status, body)`.
async fn open_talk(w: &World, backend: &str) -> (StatusCode, Value) {
    let response = w
        .http
        .post(format!("{backend}/api/kakao/session/talk"))
        .header("origin", ORIGIN)
        .json(&json!({"redirectUri": REDIRECT_URI}))
        .send()
        .await
        .unwrap();
    (response.status(), response.json().await.unwrap())
}

/// One opened KakaoTalk login as the page holds it.
struct Opened {
    auth_tran_id: String,
    state: String,
    nonce: String,
}

async fn opened(w: &World) -> Opened {
    let (status, body) = open_talk(w, &w.backend).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let field = |name: &str| body[name].as_str().unwrap().to_owned();
    let talk = Opened {
        auth_tran_id: field("authTranId"),
        state: field("state"),
        nonce: field("nonce"),
    };
    assert!(is_auth_tran_id(&talk.auth_tran_id));
    assert_eq!(body["expiresIn"], 600);
    talk
}

fn ka() -> String {
    ka_header(ORIGIN, "ko")
}

/// The URL the page launches KakaoTalk with, built by the module's core.
fn launch(w: &World, talk: &Opened, platform: Platform) -> String {
    let endpoint = format!("{}/oauth/authorize", w.kakao.base_url());
    let fallback = format!("{endpoint}?client_id={REST_API_KEY}&response_type=code");
    let ka = ka();
    launch_url(
        platform,
        &TalkLogin {
            javascript_key: JAVASCRIPT_KEY,
            redirect_uri: REDIRECT_URI,
            auth_tran_id: &talk.auth_tran_id,
            nonce: &talk.nonce,
            scope: &[],
            prompt: &[] as &[Prompt],
            service_terms: &[],
            channel_public_ids: &[],
            ka: &ka,
            authorize_endpoint: Some(&endpoint),
            fallback_url: &fallback,
        },
    )
    .unwrap()
}

/// A client that follows the emulator's redirects: the person in KakaoTalk.
fn phone() -> reqwest::Client {
    reqwest::Client::new()
}

/// The hidden `tx` of a page's form.
fn tx_of(html: &str) -> String {
    let marker = "name=\"tx\" value=\"";
    let start = html
        .find(marker)
        .unwrap_or_else(|| panic!("no tx in {html}"))
        + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}

/// Opens the launch URL in KakaoTalk and presses `action` (`continue` or `cancel`) on its
/// account screen: the page KakaoTalk shows next.
async fn in_kakaotalk(w: &World, phone: &reqwest::Client, launch: &str, action: &str) -> String {
    let html = phone
        .get(format!(
            "{}/__emulator/kakaotalk/launch",
            w.kakao.base_url()
        ))
        .query(&[("url", launch)])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("data-testid=\"talk-account\""), "{html}");
    phone
        .post(format!(
            "{}/__emulator/kakaotalk/confirm",
            w.kakao.base_url()
        ))
        .form(&[("tx", tx_of(&html).as_str()), ("action", action)])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// Agrees to everything on Kakao Sync's consent screen: KakaoTalk's closing page.
async fn agree_all(w: &World, phone: &reqwest::Client, consent: &str) -> String {
    assert!(
        consent.contains("data-testid=\"consent-submit\""),
        "{consent}"
    );
    phone
        .post(format!("{}/oauth/consent", w.kakao.base_url()))
        .form(&[
            ("tx", tx_of(consent).as_str()),
            ("agree_all", "on"),
            ("action", "agree"),
        ])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// One poll of `code.json` from the page's origin, read by the module's core.
async fn poll(w: &World, talk: &Opened) -> PollAnswer {
    let url = code_json_url(
        Some(&w.kakao.base_url()),
        JAVASCRIPT_KEY,
        &talk.auth_tran_id,
        &ka(),
    );
    let response = w
        .http
        .get(url)
        .header("origin", ORIGIN)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        ORIGIN,
        "the page may read the answer"
    );
    let body: Value = response.json().await.unwrap();
    let member = |name: &str| body[name].as_str().map(str::to_owned);
    read_code_json(
        status,
        &CodeJson {
            code: member("code"),
            error: member("error"),
            error_description: member("error_description"),
            error_code: member("error_code"),
            status: member("status"),
        },
    )
}

/// The page's wait, driven by real polls: the code it exchanges.
async fn wait_for_code(w: &World, talk: &Opened) -> String {
    let (mut wait, _) = TalkWait::start(0.0, WaitLimit::new(None).unwrap());
    match wait.on(Event::Polled(poll(w, talk).await), 1000.0) {
        Action::Exchange(code) => code.expose().to_owned(),
        other => panic!("expected a code, got {other:?}"),
    }
}

/// The in-app user, not yet a member, confirms on Android and agrees to everything: the code
/// the page's wait then exchanges.
async fn new_member_confirms_in_kakaotalk(w: &World, talk: &Opened) -> String {
    let phone = phone();
    let launch = launch(w, talk, Platform::Android);
    let consent = in_kakaotalk(w, &phone, &launch, "continue").await;
    let done = agree_all(w, &phone, &consent).await;
    assert!(done.contains("data-testid=\"talk-done\""), "{done}");
    wait_for_code(w, talk).await
}

/// `POST /session` as the page sends it for a KakaoTalk login: code and state, no verifier.
async fn post_talk_session(
    w: &World,
    backend: &str,
    code: &str,
    state: &str,
) -> (StatusCode, Value) {
    let response = w
        .http
        .post(format!("{backend}/api/kakao/session"))
        .header("origin", ORIGIN)
        .json(&json!({"code": code, "state": state}))
        .send()
        .await
        .unwrap();
    (response.status(), response.json().await.unwrap())
}

async fn a_new_member_signs_up_through_kakaotalk_with_consent_and_no_verifier(db: TestDb) {
    let w = World::start(db).await;
    let talk = opened(&w).await;
    assert_eq!(
        poll(&w, &talk).await,
        PollAnswer::Pending,
        "KakaoTalk has not opened yet"
    );

    let phone = phone();
    let consent = in_kakaotalk(
        &w,
        &phone,
        &launch(&w, &talk, Platform::Android),
        "continue",
    )
    .await;
    assert_eq!(
        poll(&w, &talk).await,
        PollAnswer::Pending,
        "still on the consent screen"
    );
    let done = agree_all(&w, &phone, &consent).await;
    assert!(done.contains("data-testid=\"talk-done\""), "{done}");

    let code = wait_for_code(&w, &talk).await;
    let (status, body) = post_talk_session(&w, &w.backend, &code, &talk.state).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["isNewMember"], true);
    assert_eq!(body["member"]["kakaoId"], RYAN.to_string());
    assert_eq!(body["missingRequiredTerms"], json!([]));
    assert_eq!(w.rows("members").await, 1);
    assert_eq!(w.rows("sessions").await, 1);
    let token = w
        .kakao_paths()
        .await
        .into_iter()
        .filter(|p| p == "/oauth/token")
        .count();
    assert_eq!(token, 1, "one code exchange at Kakao");
}

async fn a_returning_member_signs_in_through_kakaotalk_without_a_consent_page(db: TestDb) {
    let w = World::start(db).await;
    w.control(Method::POST, "/inapp-user", json!({"user_id": APEACH}))
        .await;
    let (first, _) = w.login(APEACH, json!({})).await;
    assert_eq!(first["isNewMember"], true);

    let talk = opened(&w).await;
    let done = in_kakaotalk(&w, &phone(), &launch(&w, &talk, Platform::Ios), "continue").await;
    assert!(
        done.contains("data-testid=\"talk-done\""),
        "no consent page: {done}"
    );
    let code = wait_for_code(&w, &talk).await;
    let (status, body) = post_talk_session(&w, &w.backend, &code, &talk.state).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["isNewMember"], false);
    assert_eq!(body["member"]["kakaoId"], APEACH.to_string());
    assert_eq!(w.rows("members").await, 1);
}

async fn cancel_in_kakaotalk_ends_the_wait_and_signs_in_nobody(db: TestDb) {
    let w = World::start(db).await;
    let talk = opened(&w).await;
    let done = in_kakaotalk(
        &w,
        &phone(),
        &launch(&w, &talk, Platform::Android),
        "cancel",
    )
    .await;
    assert!(done.contains("data-testid=\"talk-cancelled\""), "{done}");
    let answer = poll(&w, &talk).await;
    assert_eq!(answer, PollAnswer::Denied);
    let (mut wait, _) = TalkWait::start(0.0, WaitLimit::new(None).unwrap());
    assert_eq!(
        wait.on(Event::Polled(answer), 1000.0),
        Action::ShowCancelled
    );
    assert_eq!(w.rows("members").await, 0);
    assert!(
        !w.kakao_paths().await.iter().any(|p| p == "/oauth/token"),
        "nothing to exchange"
    );
}

async fn a_code_without_a_verifier_is_refused_for_any_login_the_backend_did_not_open_for_kakaotalk(
    db: TestDb,
) {
    let w = World::start(db).await;
    let code = w.code(RYAN, json!({})).await;
    let without_verifier = json!({"code": code, "nonce": NONCE, "redirectUri": REDIRECT_URI});
    let (status, body) = w
        .call(Method::POST, "/session", "", Some(without_verifier))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["code"], "invalid_request");
    assert!(
        body["message"].as_str().unwrap().contains("codeVerifier"),
        "{body}"
    );

    let never_opened = "f".repeat(64);
    let (status, body) = post_talk_session(&w, &w.backend, &code, &never_opened).await;
    assert_eq!(
        (status, &body["code"]),
        (StatusCode::BAD_REQUEST, &json!("talk_login_invalid"))
    );

    assert!(
        !w.kakao_paths().await.iter().any(|p| p == "/oauth/token"),
        "refused before Kakao is asked"
    );
    let answer = w.post_session(&code, NONCE).await;
    assert_eq!(
        answer.status,
        StatusCode::OK,
        "the refusals spent nothing: {}",
        answer.body
    );
}

async fn a_kakaotalk_login_exchanges_one_code_once(db: TestDb) {
    let w = World::start(db).await;
    let talk = opened(&w).await;
    let code = new_member_confirms_in_kakaotalk(&w, &talk).await;
    assert_eq!(
        poll(&w, &talk).await,
        PollAnswer::Pending,
        "code.json hands a code out once"
    );
    let (first, body) = post_talk_session(&w, &w.backend, &code, &talk.state).await;
    assert_eq!(first, StatusCode::OK, "{body}");

    // A second tab, a reload or Back posting the same login again, with the same code or with
    // a fresh one issued for its nonce: the transaction is spent.
    let fresh = w
        .code(RYAN, json!({"nonce": talk.nonce, "code_challenge": null}))
        .await;
    for again in [&code, &fresh] {
        let (status, body) = post_talk_session(&w, &w.backend, again, &talk.state).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(body["code"], "talk_login_invalid");
    }
    assert_eq!(w.rows("sessions").await, 1);
}

async fn an_expired_kakaotalk_login_is_refused(db: TestDb) {
    let w = World::start(db).await;
    let talk = opened(&w).await;
    let code = new_member_confirms_in_kakaotalk(&w, &talk).await;
    // TALK_LOGIN_TTL_SECS have passed: the row's expiry is behind us.
    sqlx::query("UPDATE talk_logins SET expires_at = expires_at - 601")
        .execute(w.state.db.writes())
        .await
        .unwrap();
    let (status, body) = post_talk_session(&w, &w.backend, &code, &talk.state).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["code"], "talk_login_invalid");
    assert_eq!(w.rows("members").await, 0);
}

async fn the_switch_turns_the_kakaotalk_path_off_on_every_instance(db: TestDb) {
    let w = World::start(db).await;
    let talk = opened(&w).await;
    let off = w.another_instance(&[("TALK_LOGIN", "off")]).await;
    let (status, body) = open_talk(&w, &off).await;
    assert_eq!(
        (status, &body["code"]),
        (StatusCode::NOT_FOUND, &json!("talk_login_off"))
    );

    let code = new_member_confirms_in_kakaotalk(&w, &talk).await;
    let (status, body) = post_talk_session(&w, &off, &code, &talk.state).await;
    assert_eq!(
        (status, &body["code"]),
        (StatusCode::NOT_FOUND, &json!("talk_login_off")),
        "a login opened before the switch cannot finish after it"
    );
    assert_eq!(w.rows("members").await, 0);
}

async fn opening_kakaotalk_logins_counts_against_the_sign_in_limit(db: TestDb) {
    let w = World::start_with(
        db,
        Fixture::default(),
        &[("RATE_LIMIT_SESSION_PER_MINUTE", "1")],
    )
    .await;
    assert_eq!(open_talk(&w, &w.backend).await.0, StatusCode::OK);
    let (status, body) = open_talk(&w, &w.backend).await;
    assert_eq!(
        (status, &body["code"]),
        (StatusCode::TOO_MANY_REQUESTS, &json!("rate_limited"))
    );
    assert_eq!(w.rows("talk_logins").await, 1);
}

async fn only_a_registered_redirect_uri_opens_a_kakaotalk_login(db: TestDb) {
    let w = World::start(db).await;
    let response = w
        .http
        .post(w.api("/session/talk"))
        .header("origin", ORIGIN)
        .json(&json!({"redirectUri": "https://evil.example/cb"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "invalid_request");
    assert_eq!(w.rows("talk_logins").await, 0);
}
