//! The sync plugin's redirect: Kakao's half-view in a chat lands on
//! `/plugin/sync/redirect?code&state&continue`; the member is written as by `POST /session` and
//! the browser goes back to the chat, and only to Kakao's continue URL.

use axum::http::StatusCode;
use kakao_sync_emulator::Fixture;
use kakao_sync_emulator::fixture::Chatbot;
use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{REST_API_KEY, TERMS, TestDb};
use crate::{RYAN, World};

crate::on_every_database!(
    the_emulators_plugin_redirect_closes_the_half_view_on_its_continue_url,
    consent_in_the_chat_signs_up_and_returns_to_the_chat,
    the_same_user_again_links_to_the_same_member,
    a_forged_continue_url_is_refused_before_the_code_is_used,
    refused_consent_writes_nothing_and_links_back_to_the_chat,
    a_missing_required_term_is_said_on_the_page,
    kakao_down_is_said_on_the_page_and_writes_nothing,
    a_reused_code_is_refused,
    without_a_plugin_redirect_uri_the_route_is_absent,
);

pub const PLUGIN_REDIRECT_URI: &str = "http://localhost:8080/api/kakao/plugin/sync/redirect";
/// A continue URL on the origin the tests configure as Kakao's.
const CONTINUE: &str = "https://talk.kakao.com/plugin/close?ticket=t-1";

/// A world whose Kakao app has the plugin redirect URI registered and whose backend serves it.
pub async fn plugin_world(db: TestDb, extra: &[(&str, &str)]) -> World {
    let mut fixture = Fixture::default();
    fixture.apps[0]
        .redirect_uris
        .push(PLUGIN_REDIRECT_URI.to_owned());
    let mut vars = vec![("SYNC_PLUGIN_REDIRECT_URI", PLUGIN_REDIRECT_URI)];
    vars.extend_from_slice(extra);
    World::start_with(db, fixture, &vars).await
}

/// A code as the plugin's consent issues it: Kakao started the login, so no PKCE and no nonce.
pub async fn plugin_code(w: &World, user_id: i64, extra: Value) -> String {
    let mut body = json!({
        "client_id": REST_API_KEY, "redirect_uri": PLUGIN_REDIRECT_URI, "user_id": user_id,
        "state": "kakao-plugin-state",
    });
    body.as_object_mut()
        .unwrap()
        .extend(extra.as_object().cloned().unwrap_or_default());
    w.control(Method::POST, "/authorize", body).await["code"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The browser's request to the redirect route: `(status, Location, body)`.
async fn land(w: &World, query: &[(&str, &str)]) -> (StatusCode, Option<String>, String) {
    let response = w
        .http
        .get(w.api("/plugin/sync/redirect"))
        .query(query)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let location = response
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned());
    assert!(
        response.headers().get("set-cookie").is_none(),
        "the plugin sets no cookie"
    );
    (status, location, response.text().await.unwrap())
}

pub async fn land_with_code(w: &World, code: &str) -> (StatusCode, Option<String>, String) {
    land(
        w,
        &[
            ("code", code),
            ("state", "kakao-plugin-state"),
            ("continue", CONTINUE),
        ],
    )
    .await
}

/// The failure page: HTML, Korean and English, a link back to the chat when `linked`.
fn assert_page(body: &str, ko: &str, en: &str, linked: bool) {
    assert!(body.starts_with("<!doctype html>"), "{body}");
    assert!(body.contains(ko), "no {ko:?} in {body}");
    assert!(body.contains(en), "no {en:?} in {body}");
    let link = format!(r#"href="{}""#, CONTINUE.replace('&', "&amp;"));
    assert_eq!(body.contains(&link), linked, "{body}");
}

async fn consent_in_the_chat_signs_up_and_returns_to_the_chat(db: TestDb) {
    let w = plugin_world(db, &[]).await;
    let code = plugin_code(&w, RYAN, json!({})).await;
    let (status, location, _) = land_with_code(&w, &code).await;
    assert_eq!(status, StatusCode::FOUND);
    assert_eq!(location.as_deref(), Some(CONTINUE));
    assert_eq!(w.rows("members").await, 1);
    assert!(w.rows("member_terms").await > 0, "the terms are recorded");
    let kakao_id: String = sqlx::query_scalar("SELECT kakao_id FROM members")
        .fetch_one(w.state.db.reads())
        .await
        .unwrap();
    assert_eq!(kakao_id, RYAN.to_string());
    // The exchange named the plugin's redirect URI and no PKCE verifier.
    let log = w.control(Method::GET, "/requests", Value::Null).await;
    let token = log
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"] == "/oauth/token")
        .expect("a token request");
    assert_eq!(
        token["form"]["redirect_uri"], PLUGIN_REDIRECT_URI,
        "{token}"
    );
    assert!(token["form"].get("code_verifier").is_none(), "{token}");
}

async fn the_same_user_again_links_to_the_same_member(db: TestDb) {
    let w = plugin_world(db, &[]).await;
    let (first, _) = w.login(RYAN, json!({})).await;
    let code = plugin_code(&w, RYAN, json!({})).await;
    let (status, _, _) = land_with_code(&w, &code).await;
    assert_eq!(status, StatusCode::FOUND);
    assert_eq!(w.rows("members").await, 1);
    let (again, _) = w.login(RYAN, json!({})).await;
    assert_eq!(again["member"]["id"], first["member"]["id"]);
    assert_eq!(again["isNewMember"], false);
}

async fn a_forged_continue_url_is_refused_before_the_code_is_used(db: TestDb) {
    let w = plugin_world(db, &[]).await;
    let code = plugin_code(&w, RYAN, json!({})).await;
    for forged in [
        "https://evil.example/phish",
        "https://talk.kakao.com.evil.example/",
        "https://kakao.com@evil.example/",
        "http://talk.kakao.com/",
        "//evil.example/",
        "javascript:alert(1)",
    ] {
        let (status, location, body) =
            land(&w, &[("code", &code), ("state", "s"), ("continue", forged)]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{forged}");
        assert_eq!(location, None, "{forged}");
        assert!(!body.contains("evil"), "{forged} echoed: {body}");
        assert_page(
            &body,
            "카카오의 주소가 아닙니다",
            "is not Kakao&#39;s",
            false,
        );
    }
    let (status, _, _) = land(&w, &[("code", &code), ("state", "s")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a missing continue URL");
    assert_eq!(w.rows("members").await, 0);
    // The code was never spent: with Kakao's continue URL it still signs up.
    let (status, _, _) = land_with_code(&w, &code).await;
    assert_eq!(status, StatusCode::FOUND);
}

async fn refused_consent_writes_nothing_and_links_back_to_the_chat(db: TestDb) {
    let w = plugin_world(db, &[]).await;
    let (status, location, body) = land(
        &w,
        &[
            ("error", "access_denied"),
            ("error_description", "User denied access"),
            ("state", "kakao-plugin-state"),
            ("continue", CONTINUE),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(location, None);
    assert_page(&body, "동의하지 않아", "You did not agree", true);
    assert_eq!(w.rows("members").await, 0);
    assert!(!w.kakao_paths().await.iter().any(|p| p == "/oauth/token"));
}

async fn a_missing_required_term_is_said_on_the_page(db: TestDb) {
    // The service requires a term that its Kakao consent screen does not show.
    let mut catalogue: Value = serde_json::from_str(TERMS).unwrap();
    catalogue
        .as_array_mut()
        .unwrap()
        .push(json!({"tag": "terms_location", "title": "Location", "required": true}));
    let w = plugin_world(db, &[("KAKAO_TERMS", &catalogue.to_string())]).await;
    let code = plugin_code(&w, RYAN, json!({})).await;
    let (status, location, body) = land_with_code(&w, &code).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(location, None);
    assert_page(
        &body,
        "필수 약관에 동의하지 않았습니다: terms_location",
        "terms_location",
        true,
    );
    assert!(!body.contains("terms_service"), "{body}");
}

async fn kakao_down_is_said_on_the_page_and_writes_nothing(db: TestDb) {
    let w = plugin_world(db, &[]).await;
    w.fault(json!({"path": "user_me", "kind": "status", "status": 503}))
        .await;
    let code = plugin_code(&w, RYAN, json!({})).await;
    let (status, location, body) = land_with_code(&w, &code).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert_eq!(location, None);
    assert_page(
        &body,
        "카카오에 연결할 수 없습니다",
        "Kakao cannot be reached",
        true,
    );
    for table in ["members", "sessions", "member_terms"] {
        assert_eq!(w.rows(table).await, 0, "{table} written");
    }
}

async fn a_reused_code_is_refused(db: TestDb) {
    let w = plugin_world(db, &[]).await;
    let code = plugin_code(&w, RYAN, json!({})).await;
    assert_eq!(land_with_code(&w, &code).await.0, StatusCode::FOUND);
    let (status, location, body) = land_with_code(&w, &code).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(location, None);
    assert_page(&body, "이미 처리되었습니다", "already handled", true);
}

async fn without_a_plugin_redirect_uri_the_route_is_absent(db: TestDb) {
    let w = World::start(db).await;
    let (status, _, body) = land(&w, &[("code", "c"), ("continue", CONTINUE)]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("not_found"), "{body}");
}

/// Kakao's side played by the emulator: its plugin consent sends the browser to the backend with
/// `code`, `state` and `continue`, and the backend's 302 lands on the emulator's continue page.
async fn the_emulators_plugin_redirect_closes_the_half_view_on_its_continue_url(db: TestDb) {
    let mut fixture = Fixture::default();
    let app = &mut fixture.apps[0];
    app.redirect_uris.push(PLUGIN_REDIRECT_URI.to_owned());
    app.chatbot = Some(Chatbot {
        plugin_redirect_uri: Some(PLUGIN_REDIRECT_URI.to_owned()),
        skill_url: None,
        skill_headers: Default::default(),
    });
    let w = World::start_beside_kakao(db, fixture, |kakao| {
        vec![
            (
                "SYNC_PLUGIN_REDIRECT_URI".into(),
                PLUGIN_REDIRECT_URI.into(),
            ),
            ("SYNC_PLUGIN_CONTINUE_ORIGINS".into(), kakao.to_owned()),
        ]
    })
    .await;
    let issued = w
        .control(
            Method::POST,
            "/authorize",
            json!({"client_id": REST_API_KEY, "redirect_uri": PLUGIN_REDIRECT_URI, "user_id": RYAN, "state": "s"}),
        )
        .await;
    // The browser follows Kakao's location, with the backend where the plugin URI points.
    let location = issued["location"]
        .as_str()
        .unwrap()
        .replace("http://localhost:8080", &w.backend);
    let answer = w.http.get(&location).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::FOUND);
    let back = answer.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(
        back,
        format!("{}/__emulator/chat/continue", w.kakao.base_url())
    );
    let chat = w
        .http
        .get(&back)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(chat.contains(r#"data-half-view="closed""#), "{chat}");
    assert_eq!(w.rows("members").await, 1);
}
