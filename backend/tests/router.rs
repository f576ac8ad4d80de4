//! The router on its own (`app(state)` called directly, a real SQLite file, Kakao on a closed
//! loopback port): routing, JSON errors, origin checks, size limits, cookies, the webhook's
//! key check, static files.

mod common;

use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use axum::response::Response;
use kakao_sync_backend::db::{self, Profile};
use kakao_sync_backend::kakao::{KakaoError, KakaoTokens};
use kakao_sync_backend::secret::Secret;
use kakao_sync_backend::{AppState, Error, app};
use serde_json::{Value, json};
use tower::ServiceExt;

use common::{ADMIN_KEY, APP_ID, ORIGIN, REDIRECT_URI, TestDb, config};

/// Nothing listens on the discard port, so any call to "Kakao" fails to connect.
const NO_KAKAO: &str = "http://127.0.0.1:9";

async fn state(db: &TestDb, extra: &[(&str, &str)]) -> AppState {
    AppState::new(config(NO_KAKAO, db, extra)).await.unwrap()
}

async fn send(state: &AppState, request: Request<Body>) -> (StatusCode, Value, Response<()>) {
    let response = app(state.clone()).oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let bytes = to_bytes(body, usize::MAX).await.unwrap();
    let json = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()))
    };
    (parts.status, json, Response::from_parts(parts, ()))
}

fn post_json(path: &str, body: &str) -> Request<Body> {
    Request::post(format!("/api/kakao{path}"))
        .header(header::ORIGIN, ORIGIN)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_owned()))
        .unwrap()
}

fn session_body(code: &str) -> String {
    json!({
        "code": code,
        "codeVerifier": "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
        "nonce": "n-0S6_WzA2Mj",
        "redirectUri": REDIRECT_URI,
    })
    .to_string()
}

/// A member with a live session, written the way a finished login writes it.
async fn member(state: &AppState, kakao_id: &str) -> Secret {
    let tokens = KakaoTokens {
        access_token: Secret::new("access"),
        expires_in: 3600,
        refresh_token: Some(Secret::new("refresh")),
        refresh_token_expires_in: Some(86400),
    };
    let profile = Profile {
        nickname: Some("라이언".into()),
        ..Profile::default()
    };
    db::sign_in(&state.db, kakao_id, &profile, &[], &tokens, 3600)
        .await
        .unwrap()
        .session_id
}

fn get_with_cookie(path: &str, session: &Secret) -> Request<Body> {
    Request::get(format!("/api/kakao{path}"))
        .header(
            header::COOKIE,
            format!("__Host-kakao_sync_session={}", session.expose()),
        )
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn healthz_answers_ok() {
    let db = TestDb::sqlite();
    let s = state(&db, &[]).await;
    let (status, body, _) = send(
        &s,
        Request::get("/api/kakao/healthz")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!((status, body), (StatusCode::OK, json!({"status": "ok"})));
}

#[tokio::test]
async fn openapi_is_served_and_documents_every_route_and_error_code() {
    let db = TestDb::sqlite();
    let s = state(&db, &[]).await;
    let (status, doc, _) = send(
        &s,
        Request::get("/api/kakao/openapi.json")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let from_repo: Value = serde_json::from_str(include_str!("../openapi.json")).unwrap();
    assert_eq!(doc, from_repo);

    let paths: Vec<&str> = doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for route in [
        "/session",
        "/session/talk",
        "/terms",
        "/terms/agree",
        "/terms/revoke",
        "/logout",
        "/withdraw",
        "/webhooks/unlink",
        "/plugin/sync/redirect",
        "/chatbot/skill",
        "/channels",
        "/healthz",
        "/openapi.json",
    ] {
        assert!(paths.contains(&route), "{route} undocumented");
    }
    let documented: Vec<&str> =
        doc["components"]["schemas"]["ApiError"]["properties"]["code"]["oneOf"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["const"].as_str().unwrap())
            .collect();
    let every_error = [
        Error::InvalidRequest(String::new()),
        Error::PayloadTooLarge,
        Error::Unauthorized,
        Error::ForbiddenOrigin,
        Error::DuplicateSessionCookie,
        Error::RateLimited {
            retry_after: std::time::Duration::ZERO,
        },
        Error::CodeAlreadyUsed,
        Error::IdTokenInvalid(String::new()),
        Error::TalkLoginOff,
        Error::TalkLoginInvalid,
        Error::UnknownTerm(String::new()),
        Error::TermNotRevocable(String::new()),
        Error::Kakao(KakaoError::Refused {
            error: None,
            error_code: None,
            message: String::new(),
        }),
        Error::Kakao(KakaoError::InvalidToken),
        Error::Kakao(KakaoError::Unavailable(String::new())),
        Error::Kakao(KakaoError::Timeout),
        Error::NotFound,
        Error::Timeout,
        Error::Internal(String::new()),
    ];
    for e in &every_error {
        assert!(documented.contains(&e.code()), "{} undocumented", e.code());
    }
}

#[tokio::test]
async fn unknown_api_routes_answer_json_404() {
    let db = TestDb::sqlite();
    let s = state(&db, &[]).await;
    let (status, body, _) = send(
        &s,
        Request::get("/api/kakao/nope").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["code"], "not_found");
}

#[tokio::test]
async fn state_changing_routes_refuse_foreign_or_missing_origins() {
    let db = TestDb::sqlite();
    let s = state(&db, &[]).await;
    for path in [
        "/session",
        "/session/talk",
        "/terms/agree",
        "/terms/revoke",
        "/logout",
        "/withdraw",
    ] {
        let mut foreign = post_json(path, "{}");
        foreign
            .headers_mut()
            .insert(header::ORIGIN, "https://evil.example".parse().unwrap());
        let (status, body, _) = send(&s, foreign).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("forbidden_origin")),
            "{path}"
        );

        let mut missing = post_json(path, "{}");
        missing.headers_mut().remove(header::ORIGIN);
        let (status, _, _) = send(&s, missing).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
    }
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused_with_413() {
    let db = TestDb::sqlite();
    let s = state(&db, &[("BODY_LIMIT_BYTES", "256")]).await;
    let big = session_body(&"c".repeat(1000));
    let (status, body, _) = send(&s, post_json("/session", &big)).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, Some("payload_too_large"))
    );
}

#[tokio::test]
async fn malformed_session_requests_are_invalid_requests() {
    let db = TestDb::sqlite();
    let s = state(&db, &[]).await;
    let mut wrong_redirect: Value = serde_json::from_str(&session_body("c1")).unwrap();
    wrong_redirect["redirectUri"] = json!("https://evil.example/cb");
    let mut short_verifier: Value = serde_json::from_str(&session_body("c2")).unwrap();
    short_verifier["codeVerifier"] = json!("short");
    let mut extra_field: Value = serde_json::from_str(&session_body("c3")).unwrap();
    extra_field["state"] = json!("s");
    for body in [
        "not json".to_owned(),
        "{}".to_owned(),
        wrong_redirect.to_string(),
        short_verifier.to_string(),
        extra_field.to_string(),
    ] {
        let (status, answer, _) = send(&s, post_json("/session", &body)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(answer["code"], "invalid_request", "{body}");
    }
}

#[tokio::test]
async fn kakao_unreachable_is_a_clear_error_and_the_code_stays_spent() {
    let db = TestDb::sqlite();
    let s = state(&db, &[]).await;
    let (status, body, response) = send(&s, post_json("/session", &session_body("code-1"))).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_GATEWAY, Some("kakao_unavailable"))
    );
    assert!(response.headers().get(header::SET_COOKIE).is_none());
    let (status, body, _) = send(&s, post_json("/session", &session_body("code-1"))).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("code_already_used"))
    );
}

#[tokio::test]
async fn session_routes_need_a_valid_cookie() {
    let db = TestDb::sqlite();
    let s = state(&db, &[]).await;
    for path in ["/session", "/terms", "/channels"] {
        let (status, body, _) = send(
            &s,
            Request::get(format!("/api/kakao{path}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::UNAUTHORIZED, Some("unauthorized")),
            "{path}"
        );
        let forged = get_with_cookie(path, &Secret::new("0".repeat(64)));
        assert_eq!(send(&s, forged).await.0, StatusCode::UNAUTHORIZED, "{path}");
    }
    let session = member(&s, "4200000001").await;
    let (status, body, _) = send(&s, get_with_cookie("/session", &session)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["kakaoId"], "4200000001");
    assert_eq!(body["nickname"], "라이언");
}

#[tokio::test]
async fn logout_without_a_session_clears_the_cookie_and_can_name_kakaos_logout_url() {
    let db = TestDb::sqlite();
    let s = state(&db, &[]).await;
    let mut empty = post_json("/logout", "");
    empty.headers_mut().remove(header::CONTENT_TYPE);
    let (status, body, response) = send(&s, empty).await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({"kakaoLogoutUrl": null}))
    );
    let cookie = response.headers()[header::SET_COOKIE].to_str().unwrap();
    assert!(
        cookie.starts_with("__Host-kakao_sync_session=; ") && cookie.contains("Max-Age=0"),
        "{cookie}"
    );

    let (status, body, _) = send(&s, post_json("/logout", r#"{"withKakaoAccount":true}"#)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body["kakaoLogoutUrl"],
        "http://127.0.0.1:9/oauth/logout?client_id=kakao-sync-demo-rest-api-key&logout_redirect_uri=http%3A%2F%2Flocalhost%3A8080%2F"
    );
}

fn webhook_post(authorization: Option<&str>, form: &str) -> Request<Body> {
    let mut request = Request::post("/api/kakao/webhooks/unlink")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form.to_owned()))
        .unwrap();
    if let Some(a) = authorization {
        request
            .headers_mut()
            .insert(header::AUTHORIZATION, a.parse().unwrap());
    }
    request
}

#[tokio::test]
async fn a_forged_webhook_deletes_nothing() {
    let db = TestDb::sqlite();
    let s = state(&db, &[]).await;
    let session = member(&s, "4200000001").await;
    let form = format!("app_id={APP_ID}&user_id=4200000001&referrer_type=UNLINK_FROM_APPS");
    let wrong_app = "app_id=999&user_id=4200000001&referrer_type=UNLINK_FROM_APPS";
    let good_key = format!("KakaoAK {ADMIN_KEY}");
    for (authorization, body) in [
        (None, form.as_str()),
        (Some("KakaoAK wrong-key"), form.as_str()),
        (Some(ADMIN_KEY), form.as_str()),
        (Some(&format!("Bearer {ADMIN_KEY}")), form.as_str()),
        (Some(good_key.as_str()), wrong_app),
    ] {
        let (status, answer, _) = send(&s, webhook_post(authorization, body)).await;
        assert_eq!(
            (status, answer["code"].as_str()),
            (StatusCode::UNAUTHORIZED, Some("unauthorized"))
        );
    }
    assert_eq!(
        send(&s, get_with_cookie("/session", &session)).await.0,
        StatusCode::OK
    );
}

/// The deletion worker ends the session soon after the webhook's 200.
async fn signed_out_soon(s: &AppState, session: &Secret) {
    for _ in 0..200 {
        if send(s, get_with_cookie("/session", session)).await.0 == StatusCode::UNAUTHORIZED {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the unlinked member is still signed in");
}

#[tokio::test]
async fn the_webhook_deletes_the_member_in_every_encoding_and_answers_200_for_strangers() {
    let db = TestDb::sqlite();
    let s = state(&db, &[]).await;
    let good_key = format!("KakaoAK {ADMIN_KEY}");
    let fields =
        |user_id: &str| format!("app_id={APP_ID}&user_id={user_id}&referrer_type=UNLINK_FROM_APPS");
    let with_key =
        |builder: axum::http::request::Builder| builder.header(header::AUTHORIZATION, &good_key);
    let requests = [
        webhook_post(Some(&good_key), &fields("4200000001")),
        with_key(Request::get(format!(
            "/api/kakao/webhooks/unlink?{}",
            fields("3891047281234567890")
        )))
        .body(Body::empty())
        .unwrap(),
        with_key(Request::post(format!(
            "/api/kakao/webhooks/unlink?{}",
            fields("4200000002")
        )))
        .body(Body::empty())
        .unwrap(),
        with_key(Request::post("/api/kakao/webhooks/unlink"))
            .header(header::CONTENT_TYPE, "application/json; charset=utf-8")
            .body(Body::from(format!(
                r#"{{"app_id":"{APP_ID}","user_id":"4200000003","referrer_type":"ACCOUNT_DELETE"}}"#
            )))
            .unwrap(),
    ];
    for (request, kakao_id) in requests.into_iter().zip([
        "4200000001",
        "3891047281234567890",
        "4200000002",
        "4200000003",
    ]) {
        let session = member(&s, kakao_id).await;
        assert_eq!(send(&s, request).await.0, StatusCode::OK, "{kakao_id}");
        signed_out_soon(&s, &session).await;
    }

    assert_eq!(
        send(&s, webhook_post(Some(&good_key), &fields("77")))
            .await
            .0,
        StatusCode::OK
    );
    let text = with_key(Request::post("/api/kakao/webhooks/unlink"))
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from(fields("4200000004")))
        .unwrap();
    let (status, body, _) = send(&s, text).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_request"))
    );
}

#[tokio::test]
async fn the_prefix_is_configurable_and_static_files_are_served_around_it() {
    let db = TestDb::sqlite();
    let site = tempfile::tempdir().unwrap();
    std::fs::write(site.path().join("index.html"), "<h1>demo</h1>").unwrap();
    let pkg = tempfile::tempdir().unwrap();
    std::fs::write(pkg.path().join("kakao_sync.js"), "export default 1;").unwrap();
    let s = state(&db, &[("API_PREFIX", "/auth")])
        .await
        .with_static_dir("/", site.path().to_owned())
        .with_static_dir("/pkg", pkg.path().to_owned());
    let (status, body, _) = send(
        &s,
        Request::get("/auth/healthz").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(
        (status, body["status"].as_str()),
        (StatusCode::OK, Some("ok"))
    );
    let (status, body, _) =
        send(&s, Request::get("/index.html").body(Body::empty()).unwrap()).await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, Value::String("<h1>demo</h1>".into()))
    );
    let js = Request::get("/pkg/kakao_sync.js")
        .body(Body::empty())
        .unwrap();
    let (status, body, _) = send(&s, js).await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, Value::String("export default 1;".into()))
    );
    assert_eq!(
        send(
            &s,
            Request::get("/api/kakao/healthz")
                .body(Body::empty())
                .unwrap()
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn cors_grants_credentials_to_allowed_origins_only() {
    let db = TestDb::sqlite();
    let s = state(&db, &[("ALLOWED_ORIGINS", "https://app.example.com")]).await;
    let preflight = |origin: &str| {
        Request::options("/api/kakao/session")
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
            .body(Body::empty())
            .unwrap()
    };
    let (_, _, allowed) = send(&s, preflight("https://app.example.com")).await;
    let headers = allowed.headers();
    assert_eq!(
        headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://app.example.com"
    );
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_CREDENTIALS], "true");
    let (_, _, foreign) = send(&s, preflight("https://evil.example")).await;
    assert!(
        foreign
            .headers()
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .is_none()
    );
}

/// The wire types and the OpenAPI schemas name the same fields, so the document a team
/// re-implements from cannot drift from what this backend sends.
#[test]
fn openapi_schemas_match_the_wire_types() {
    use kakao_sync_wire::api::{
        ApiError, ChannelRelation, LogoutRequest, LogoutResponse, Member, SessionRequest,
        SessionResponse, TagsRequest, TalkLogin, TalkLoginRequest, TalkSessionRequest, TermStatus,
    };
    use kakao_sync_wire::oauth::{AuthorizationCode, CodeVerifier, Nonce, State};
    let doc: Value = serde_json::from_str(include_str!("../openapi.json")).unwrap();
    let member = Member {
        kakao_id: "1".into(),
        nickname: None,
        profile_image_url: None,
        thumbnail_image_url: None,
        email: None,
        email_verified: false,
        name: None,
        phone_number: None,
        age_range: None,
        birthyear: None,
        birthday: None,
        gender: None,
        created_at: String::new(),
        updated_at: String::new(),
    };
    let samples = [
        (
            "SessionRequest",
            serde_json::to_value(SessionRequest {
                code: AuthorizationCode::new(String::new()),
                code_verifier: CodeVerifier::new(String::new()),
                nonce: Nonce::new(String::new()),
                redirect_uri: String::new(),
            }),
        ),
        (
            "TalkSessionRequest",
            serde_json::to_value(TalkSessionRequest {
                code: AuthorizationCode::new(String::new()),
                state: State::new(String::new()),
            }),
        ),
        (
            "TalkLoginRequest",
            serde_json::to_value(TalkLoginRequest {
                redirect_uri: String::new(),
            }),
        ),
        (
            "TalkLogin",
            serde_json::to_value(TalkLogin {
                auth_tran_id: String::new(),
                state: State::new(String::new()),
                nonce: Nonce::new(String::new()),
                expires_in: 600,
            }),
        ),
        ("Member", serde_json::to_value(member.clone())),
        (
            "SessionResponse",
            serde_json::to_value(SessionResponse {
                member,
                is_new_member: true,
                missing_required_terms: vec![],
            }),
        ),
        (
            "TermStatus",
            serde_json::to_value(TermStatus {
                tag: String::new(),
                title: String::new(),
                url: None,
                required: true,
                agreed: true,
                revocable: true,
                agreed_at: None,
                agreed_by: None,
            }),
        ),
        (
            "TagsRequest",
            serde_json::to_value(TagsRequest { tags: vec![] }),
        ),
        (
            "LogoutRequest",
            serde_json::to_value(LogoutRequest::default()),
        ),
        (
            "LogoutResponse",
            serde_json::to_value(LogoutResponse::default()),
        ),
        (
            "ChannelRelation",
            serde_json::to_value(ChannelRelation {
                channel_public_id: String::new(),
                channel_uuid: None,
                relation: String::new(),
                updated_at: None,
            }),
        ),
        (
            "ApiError",
            serde_json::to_value(ApiError {
                code: String::new(),
                message: String::new(),
                kakao_error: Some(String::new()),
                kakao_error_code: Some(String::new()),
            }),
        ),
    ];
    for (name, sample) in samples {
        let schema = &doc["components"]["schemas"][name];
        let mut documented: Vec<&str> = schema["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut sent: Vec<&str> = sample
            .as_ref()
            .unwrap()
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        documented.sort_unstable();
        sent.sort_unstable();
        assert_eq!(documented, sent, "{name}");
        for required in schema["required"].as_array().into_iter().flatten() {
            assert!(
                sent.contains(&required.as_str().unwrap()),
                "{name}: {required}"
            );
        }
    }
}

#[tokio::test]
async fn pages_cannot_be_framed_and_api_answers_are_never_cached() {
    let db = TestDb::sqlite();
    let site = tempfile::tempdir().unwrap();
    std::fs::write(site.path().join("redirect.html"), "<p>back</p>").unwrap();
    let s = state(&db, &[])
        .await
        .with_static_dir("/", site.path().to_owned());
    let page = Request::get("/redirect.html?code=c&state=s")
        .body(Body::empty())
        .unwrap();
    let api = Request::get("/api/kakao/session")
        .body(Body::empty())
        .unwrap();
    for (request, status) in [(page, StatusCode::OK), (api, StatusCode::UNAUTHORIZED)] {
        let (got, _, response) = send(&s, request).await;
        assert_eq!(got, status);
        let h = response.headers();
        assert_eq!(h["x-frame-options"], "DENY");
        assert_eq!(h["content-security-policy"], "frame-ancestors 'none'");
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "strict-origin-when-cross-origin");
    }
    let (_, _, page) = send(
        &s,
        Request::get("/redirect.html").body(Body::empty()).unwrap(),
    )
    .await;
    assert!(!page.headers().contains_key("cache-control"));
    let (_, _, api) = send(
        &s,
        Request::get("/api/kakao/healthz")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(api.headers()["cache-control"], "no-store");
}
