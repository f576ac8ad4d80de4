//! Hostile requests to the backend binary: oversize headers and bodies, forged cookies,
//! cross-origin posts, replayed codes, foreign redirect URIs, paths out of the static root.
//! Each is refused with the right status, spends nothing, and the logs carry no secret.

use axum::http::StatusCode;
use reqwest::Method;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::binary::Binary;
use crate::common::world::{APEACH, NONCE, RYAN, VERIFIER, World};
use crate::common::{ADMIN_KEY, CLIENT_SECRET, ORIGIN, REDIRECT_URI, TestDb, vars};
use crate::eventually;

/// The emulator, and the backend binary pointed at it (with `args`).
async fn start(args: &[&str]) -> (World, Binary, TestDb) {
    let w = World::start(TestDb::sqlite()).await;
    let db = TestDb::sqlite();
    let backend = Binary::start(&vars(&w.kakao.base_url(), &db, &[]), args);
    (w, backend, db)
}

/// The status line's code of what the server answered to `request` sent as is.
async fn raw(base: &str, request: &[u8]) -> u16 {
    let mut stream = TcpStream::connect(base.trim_start_matches("http://"))
        .await
        .unwrap();
    // The server may answer and close before it has read everything; the answer still counts.
    let _ = stream.write_all(request).await;
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    let answer = String::from_utf8_lossy(&answer);
    answer
        .strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no HTTP answer: {answer:?}"))
}

/// `POST {API_PREFIX}/session` with `body` from `origin`: `(status, JSON body)`.
async fn post_session(w: &World, b: &Binary, origin: &str, body: &Value) -> (StatusCode, Value) {
    let response = w
        .http
        .post(format!("{}/api/kakao/session", b.base))
        .header("origin", origin)
        .json(body)
        .send()
        .await
        .unwrap();
    (response.status(), response.json().await.unwrap())
}

fn session_body(code: &str) -> Value {
    json!({"code": code, "codeVerifier": VERIFIER, "nonce": NONCE, "redirectUri": REDIRECT_URI})
}

/// The logs name each refusal's status, and none of `secrets` appears in them.
async fn assert_logged_without(b: &Binary, secrets: &[&str], statuses: &[u16]) {
    for status in statuses {
        let line = format!("\"status\":{status}");
        eventually(&format!("a log line with status {status}"), async || {
            b.logs().contains(&line)
        })
        .await;
    }
    let logs = b.logs();
    for secret in [CLIENT_SECRET, ADMIN_KEY].iter().chain(secrets) {
        assert!(
            !logs.contains(secret),
            "a secret reached the logs: {secret}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversize_headers_and_bodies_are_refused() {
    let (_w, b, _db) = start(&[]).await;
    let huge_header = format!(
        "GET /api/kakao/healthz HTTP/1.1\r\nHost: localhost\r\nX-Pad: {}\r\n\r\n",
        "a".repeat(512 * 1024)
    );
    assert_eq!(raw(&b.base, huge_header.as_bytes()).await, 431);
    let many_headers = format!(
        "GET /api/kakao/healthz HTTP/1.1\r\nHost: localhost\r\n{}\r\n",
        (0..200)
            .map(|i| format!("X-H{i}: v\r\n"))
            .collect::<String>()
    );
    assert_eq!(raw(&b.base, many_headers.as_bytes()).await, 431);

    let declared = format!(
        "POST /api/kakao/session HTTP/1.1\r\nHost: localhost\r\nOrigin: {ORIGIN}\r\n\
         Content-Type: application/json\r\nContent-Length: 100000000\r\n\r\n{{}}"
    );
    assert_eq!(raw(&b.base, declared.as_bytes()).await, 413);
    let chunk = "a".repeat(8 * 1024);
    let chunked = format!(
        "POST /api/kakao/session HTTP/1.1\r\nHost: localhost\r\nOrigin: {ORIGIN}\r\n\
         Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{}0\r\n\r\n",
        format!("{:x}\r\n{chunk}\r\n", chunk.len()).repeat(4)
    );
    assert_eq!(raw(&b.base, chunked.as_bytes()).await, 413);
    assert_logged_without(&b, &[], &[413]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_cookies_are_unauthorized() {
    let (w, b, _db) = start(&[]).await;
    let code = w.code(RYAN, json!({})).await;
    let answer = w.try_post_session_to(&b.base, &code, NONCE).await.unwrap();
    let cookie = answer.cookie.expect("a session cookie");
    let (name, id) = cookie.split_once('=').unwrap();
    let flipped = format!(
        "{}{}",
        &id[..id.len() - 1],
        if id.ends_with('0') { '1' } else { '0' }
    );
    let forged = [
        format!("{name}={flipped}"),
        format!("{name}={}", &id[..id.len() - 1]),
        format!("{name}={id}{id}"),
        format!("{name}={}", id.to_uppercase()),
        format!("{name}={}", "0".repeat(id.len())),
        format!("{name}=\"{id}\"x"),
        format!("{name}={}", "%00".repeat(2000)),
        format!("{}={id}", name.to_uppercase()),
    ];
    let get = |cookie: String| {
        w.http
            .request(Method::GET, format!("{}/api/kakao/session", b.base))
            .header("cookie", cookie)
            .send()
    };
    for forgery in forged {
        let response = get(forgery.clone()).await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{forgery}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["code"], "unauthorized", "{forgery}");
    }
    assert_eq!(get(cookie.clone()).await.unwrap().status(), StatusCode::OK);
    assert_logged_without(&b, &[id, &code], &[401]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_session_cookies_are_refused_not_answered_as_either() {
    let (w, b, _db) = start(&[]).await;
    let mut cookies = Vec::new();
    for user in [RYAN, APEACH] {
        let code = w.code(user, json!({})).await;
        let answer = w.try_post_session_to(&b.base, &code, NONCE).await.unwrap();
        let set_cookie = answer.set_cookie.unwrap();
        assert!(
            set_cookie.starts_with("__Host-kakao_sync_session=")
                && set_cookie.contains("; Path=/;")
                && set_cookie.contains("; Secure")
                && !set_cookie.contains("Domain"),
            "{set_cookie}"
        );
        cookies.push(answer.cookie.unwrap());
    }
    let (name, _) = cookies[0].split_once('=').unwrap();
    let (ryan, apeach) = (&cookies[0], &cookies[1]);
    // What a browser sends when another cookie of the same name was planted beside ours: both,
    // in one header or (over HTTP/2, or through a proxy) in two.
    for header in [
        vec![format!("{apeach}; {ryan}")],
        vec![format!("{ryan}; other=1; {apeach}")],
        vec![ryan.clone(), apeach.clone()],
        vec![format!("{name}=; {ryan}")],
        vec![format!("{name}=; {name}=../../etc/passwd")],
    ] {
        for (method, path) in [(Method::GET, "/session"), (Method::POST, "/logout")] {
            let mut request = w
                .http
                .request(method.clone(), format!("{}/api/kakao{path}", b.base))
                .header("origin", ORIGIN);
            for value in &header {
                request = request.header("cookie", value);
            }
            let response = request.send().await.unwrap();
            assert_eq!(
                response.status(),
                StatusCode::BAD_REQUEST,
                "{header:?} {path}"
            );
            let body: Value = response.json().await.unwrap();
            assert_eq!(
                body["code"], "duplicate_session_cookie",
                "{header:?} {path}"
            );
        }
    }
    let session = |cookie: &str| {
        w.http
            .get(format!("{}/api/kakao/session", b.base))
            .header("cookie", cookie)
            .send()
    };
    // Neither session was touched: both still answer as their own member.
    for (cookie, user) in [(ryan, RYAN), (apeach, APEACH)] {
        let response = session(cookie).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let member: Value = response.json().await.unwrap();
        assert_eq!(member["kakaoId"], user.to_string());
    }
    // The unprefixed name, as a sibling subdomain could still plant it, is not the session.
    let unprefixed = ryan.trim_start_matches("__Host-");
    let response = session(unprefixed).await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_logged_without(&b, &[ryan, apeach], &[400]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cross_origin_posts_are_refused_and_spend_no_code() {
    let (w, b, _db) = start(&[]).await;
    let code = w.code(RYAN, json!({})).await;
    for origin in [
        "null",
        "https://evil.example",
        "http://localhost:8080.evil.example",
        "http://evil.localhost:8080",
        "https://localhost:8080",
        "http://localhost:8081",
        "http://localhost:8080/",
        "HTTP://LOCALHOST:8080",
    ] {
        let (status, body) = post_session(&w, &b, origin, &session_body(&code)).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("forbidden_origin")),
            "{origin}"
        );
    }
    // A cross-site form post carries no JSON content type.
    let form = w
        .http
        .post(format!("{}/api/kakao/session", b.base))
        .header("origin", ORIGIN)
        .header("content-type", "text/plain")
        .body(session_body(&code).to_string())
        .send()
        .await
        .unwrap();
    assert!(form.status().is_client_error(), "{}", form.status());

    let (status, body) = post_session(&w, &b, ORIGIN, &session_body(&code)).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the refused posts spent the code: {body}"
    );
    assert_logged_without(&b, &[&code], &[403]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replayed_codes_and_foreign_redirect_uris_are_refused() {
    let (w, b, _db) = start(&[]).await;
    let code = w.code(RYAN, json!({})).await;
    for redirect_uri in [
        "https://evil.example/redirect.html",
        "http://localhost:8080@evil.example/redirect.html",
        "http://localhost:8080.evil.example/redirect.html",
        "//evil.example/redirect.html",
        "http://localhost:8080/redirect.html?next=https://evil.example",
        "http://localhost:8080/redirect.html#https://evil.example",
        "http://localhost:8080/redirect.html/../../evil",
        "http://localhost:8080/redirect.html%2F..%2Fevil",
        "HTTP://LOCALHOST:8080/redirect.html",
        "http://localhost:8080/redirect.html ",
        "javascript:alert(1)//http://localhost:8080/redirect.html",
    ] {
        let mut body = session_body(&code);
        body["redirectUri"] = json!(redirect_uri);
        let (status, answer) = post_session(&w, &b, ORIGIN, &body).await;
        assert_eq!(
            (status, answer["code"].as_str()),
            (StatusCode::BAD_REQUEST, Some("invalid_request")),
            "{redirect_uri}"
        );
    }
    let (status, _) = post_session(&w, &b, ORIGIN, &session_body(&code)).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a refused redirect URI spent the code"
    );

    // The same code again, as an attacker who saw it would send it: their own verifier and nonce.
    let mut replay = session_body(&code);
    replay["codeVerifier"] = json!("attacker-verifier-attacker-verifier-attacker-verifier");
    replay["nonce"] = json!("attacker-nonce");
    for body in [session_body(&code), replay] {
        let (status, answer) = post_session(&w, &b, ORIGIN, &body).await;
        assert_eq!(
            (status, answer["code"].as_str()),
            (StatusCode::CONFLICT, Some("code_already_used"))
        );
    }
    // The logout answers only the configured return URL; a caller cannot name another.
    let logout = w
        .http
        .post(format!("{}/api/kakao/logout", b.base))
        .header("origin", ORIGIN)
        .json(&json!({"withKakaoAccount": true, "logoutRedirectUri": "https://evil.example"}))
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), StatusCode::BAD_REQUEST);
    let answer: Value = logout.json().await.unwrap();
    assert_eq!(answer["code"], "invalid_request");
    assert_logged_without(&b, &[&code], &[400, 409]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paths_out_of_the_static_root_are_not_served() {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(site.path().join("index.html"), "<!doctype html>").unwrap();
    let root = format!("{}", site.path().display());
    let (_w, b, _db) = start(&["--static", &root]).await;
    assert_eq!(
        raw(
            &b.base,
            b"GET /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .await,
        200
    );
    for path in [
        "/../Cargo.toml",
        "/..%2f..%2fetc%2fpasswd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..\\..\\etc\\passwd",
        "//etc/passwd",
        "/api/kakao/../../etc/passwd",
    ] {
        let request = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        let status = raw(&b.base, request.as_bytes()).await;
        assert!(status == 404 || status == 400, "{path}: {status}");
    }
}
