//! Per-client rate limits: a flood of made-up codes from one client reaches Kakao only as often
//! as `RATE_LIMIT_SESSION_PER_MINUTE` allows, other clients are not held back, and a proxy's
//! header names the client only when `CLIENT_IP_HEADER` says so.

use std::net::{IpAddr, Ipv4Addr};

use axum::http::StatusCode;
use reqwest::Method;
use serde_json::json;
use tokio::task::JoinSet;

use crate::common::world::VERIFIER;
use crate::common::{ADMIN_KEY, APP_ID, ORIGIN, REDIRECT_URI, TestDb};
use crate::{NONCE, RYAN, World};

crate::on_every_database!(
    made_up_codes_past_the_limit_never_reach_kakao,
    a_proxy_header_names_the_client_only_when_configured,
    webhook_calls_past_the_limit_are_refused,
);

const FLOOD: usize = 300;
/// The default `RATE_LIMIT_SESSION_PER_MINUTE`.
const SIGN_INS_PER_MINUTE: usize = 20;

/// A browser-like client whose connections come from `source` on the loopback range.
fn client_from(source: Ipv4Addr) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(IpAddr::V4(source))
        .build()
        .unwrap()
}

/// `POST /session` with a made-up code: `(status, code in the error body, Retry-After)`.
async fn post_made_up_code(
    http: &reqwest::Client,
    w: &World,
    code: &str,
    forwarded_for: Option<&str>,
) -> (StatusCode, String, Option<u64>) {
    let mut request = http
        .post(w.api("/session"))
        .header("origin", ORIGIN)
        .json(&json!({"code": code, "codeVerifier": VERIFIER, "nonce": NONCE, "redirectUri": REDIRECT_URI}));
    if let Some(address) = forwarded_for {
        request = request.header("x-forwarded-for", address);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let retry_after = response
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().parse().unwrap());
    let body: serde_json::Value = response.json().await.unwrap();
    (
        status,
        body["code"].as_str().unwrap().to_owned(),
        retry_after,
    )
}

async fn token_calls(w: &World) -> usize {
    w.kakao_paths()
        .await
        .iter()
        .filter(|p| *p == "/oauth/token")
        .count()
}

async fn made_up_codes_past_the_limit_never_reach_kakao(db: TestDb) {
    // Room for every connection of the flood at once: the rate limit is what is under test.
    let connections = [("MAX_CONNECTIONS_PER_CLIENT", "1024")];
    let w = std::sync::Arc::new(World::start_with(db, Default::default(), &connections).await);
    let attacker = client_from(Ipv4Addr::new(127, 0, 0, 3));
    let mut flood = JoinSet::new();
    for i in 0..FLOOD {
        let (w, attacker) = (w.clone(), attacker.clone());
        flood.spawn(async move {
            post_made_up_code(&attacker, &w, &format!("made-up-code-{i}"), None).await
        });
    }
    let mut limited = 0;
    while let Some(done) = flood.join_next().await {
        let (status, code, retry_after) = done.unwrap();
        if status == StatusCode::TOO_MANY_REQUESTS {
            assert_eq!(code, "rate_limited");
            let wait = retry_after.expect("a Retry-After header");
            assert!((1..=60).contains(&wait), "{wait}");
            limited += 1;
        } else {
            assert_eq!(code, "kakao_error", "Kakao refuses a made-up code");
        }
    }
    assert_eq!(limited, FLOOD - SIGN_INS_PER_MINUTE);
    assert_eq!(token_calls(&w).await, SIGN_INS_PER_MINUTE);
    assert_eq!(w.rows("code_claims").await, SIGN_INS_PER_MINUTE as i64);

    // Another client signs in as usual meanwhile.
    let code = w.code(RYAN, json!({})).await;
    let member = client_from(Ipv4Addr::LOCALHOST);
    let answer = member
        .post(w.api("/session"))
        .header("origin", ORIGIN)
        .json(&json!({"code": code, "codeVerifier": VERIFIER, "nonce": NONCE, "redirectUri": REDIRECT_URI}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
}

async fn a_proxy_header_names_the_client_only_when_configured(db: TestDb) {
    let direct = World::start_with(
        TestDb::sqlite(),
        Default::default(),
        &[("RATE_LIMIT_SESSION_PER_MINUTE", "2")],
    )
    .await;
    // Without CLIENT_IP_HEADER a client cannot name itself out of its limit.
    let statuses = [
        post_made_up_code(&direct.http, &direct, "a", Some("10.0.0.1"))
            .await
            .0,
        post_made_up_code(&direct.http, &direct, "b", Some("10.0.0.2"))
            .await
            .0,
        post_made_up_code(&direct.http, &direct, "c", Some("10.0.0.3"))
            .await
            .0,
    ];
    assert_eq!(statuses[2], StatusCode::TOO_MANY_REQUESTS, "{statuses:?}");

    let proxied = World::start_with(
        db,
        Default::default(),
        &[
            ("RATE_LIMIT_SESSION_PER_MINUTE", "2"),
            ("CLIENT_IP_HEADER", "X-Forwarded-For"),
        ],
    )
    .await;
    let post = |code: &'static str, chain: &'static str| {
        let proxied = &proxied;
        async move {
            post_made_up_code(&proxied.http, proxied, code, Some(chain))
                .await
                .0
        }
    };
    // The proxy appends the address it saw; what the client wrote before it does not count.
    assert_ne!(
        post("a", "6.6.6.6, 10.0.0.1").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_ne!(
        post("b", "7.7.7.7, 10.0.0.1").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        post("c", "8.8.8.8, 10.0.0.1").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_ne!(post("d", "10.0.0.2").await, StatusCode::TOO_MANY_REQUESTS);
}

async fn webhook_calls_past_the_limit_are_refused(db: TestDb) {
    let w = World::start_with(
        db,
        Default::default(),
        &[("RATE_LIMIT_WEBHOOK_PER_MINUTE", "3")],
    )
    .await;
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let response = w
            .http
            .request(Method::POST, w.api("/webhooks/unlink"))
            .header("authorization", format!("KakaoAK {ADMIN_KEY}"))
            .form(&[
                ("app_id", APP_ID),
                ("user_id", "4200000001"),
                ("referrer_type", "UNLINK_FROM_APPS"),
            ])
            .send()
            .await
            .unwrap();
        statuses.push(response.status());
    }
    assert_eq!(
        statuses,
        [
            StatusCode::OK,
            StatusCode::OK,
            StatusCode::OK,
            StatusCode::TOO_MANY_REQUESTS,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
}
