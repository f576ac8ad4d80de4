//! The id_token check against a JWKS served on a loopback port: every way a token can be wrong
//! is refused, and the JWKS is cached and refetched for an unknown `kid` at most once per
//! cooldown; keys the reader cannot use do not spoil the set.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::Json;
use axum::extract::State;
use axum::routing::get;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use kakao_sync_backend::Error;
use kakao_sync_backend::kakao::{IdTokenVerifier, KakaoClient};
use kakao_sync_wire::oauth::Nonce;
use serde_json::{Value, json};

use common::{REST_API_KEY, TestDb, config};

const KEY_A: &str = include_str!("fixtures/test-only-key-a.pem");
const KEY_B: &str = include_str!("fixtures/test-only-key-b.pem");
const JWKS: &str = include_str!("fixtures/test-only-jwks.json");
const NONCE: &str = "n-0S6_WzA2Mj";

/// A JWKS endpoint whose key set the test changes, counting fetches.
#[derive(Clone, Default)]
struct JwksServer {
    keys: Arc<Mutex<Vec<Value>>>,
    fetches: Arc<AtomicUsize>,
}

impl JwksServer {
    async fn start(kids: &[&str]) -> (JwksServer, String) {
        let server = JwksServer::default();
        server.publish(kids);
        let router = axum::Router::new()
            .route(
                "/.well-known/jwks.json",
                get(|State(s): State<JwksServer>| async move {
                    s.fetches.fetch_add(1, Ordering::SeqCst);
                    Json(json!({ "keys": *s.keys.lock().unwrap() }))
                }),
            )
            .with_state(server.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        (server, base)
    }

    fn publish(&self, kids: &[&str]) {
        let all: Value = serde_json::from_str(JWKS).unwrap();
        *self.keys.lock().unwrap() = all["keys"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|k| kids.contains(&k["kid"].as_str().unwrap()))
            .cloned()
            .collect();
    }

    /// Serves exactly `keys`.
    fn publish_keys(&self, keys: Vec<Value>) {
        *self.keys.lock().unwrap() = keys;
    }

    /// The fixture's key for `kid`.
    fn key(kid: &str) -> Value {
        let all: Value = serde_json::from_str(JWKS).unwrap();
        all["keys"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["kid"] == kid)
            .unwrap()
            .clone()
    }

    fn fetches(&self) -> usize {
        self.fetches.load(Ordering::SeqCst)
    }
}

struct Setup {
    server: JwksServer,
    issuer: String,
    client: KakaoClient,
    verifier: IdTokenVerifier,
    _db: TestDb,
}

async fn setup(kids: &[&str]) -> Setup {
    let (server, base) = JwksServer::start(kids).await;
    let db = TestDb::sqlite();
    let config = config(&base, &db, &[]);
    Setup {
        server,
        issuer: config.kakao.issuer.clone(),
        client: KakaoClient::new(&config.kakao).unwrap(),
        verifier: IdTokenVerifier::default(),
        _db: db,
    }
}

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

fn claims(issuer: &str) -> Value {
    json!({
        "iss": issuer, "aud": REST_API_KEY, "sub": "4200000001",
        "iat": now(), "exp": now() + 3600, "auth_time": now(), "nonce": NONCE,
    })
}

fn sign(claims: &Value, kid: &str, pem: &str) -> String {
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some(kid.to_owned());
    encode(
        &header,
        claims,
        &EncodingKey::from_rsa_pem(pem.as_bytes()).unwrap(),
    )
    .unwrap()
}

async fn refusal(s: &Setup, token: &str, nonce: &str) -> String {
    match s
        .verifier
        .verify(&s.client, token, &Nonce::new(nonce.to_owned()))
        .await
    {
        Err(Error::IdTokenInvalid(why)) => why,
        other => panic!("expected id_token_invalid, got {other:?}"),
    }
}

#[tokio::test]
async fn a_good_token_is_accepted_and_the_jwks_is_cached() {
    let s = setup(&["test-kid-a"]).await;
    let token = sign(&claims(&s.issuer), "test-kid-a", KEY_A);
    for _ in 0..3 {
        let c = s
            .verifier
            .verify(&s.client, &token, &Nonce::new(NONCE.to_owned()))
            .await
            .unwrap();
        assert_eq!(c.sub, "4200000001");
    }
    assert_eq!(s.server.fetches(), 1);
}

#[tokio::test]
async fn an_unknown_kid_refetches_once_and_finds_a_rotated_key() {
    let s = setup(&["test-kid-a"]).await;
    s.verifier
        .verify(
            &s.client,
            &sign(&claims(&s.issuer), "test-kid-a", KEY_A),
            &Nonce::new(NONCE.to_owned()),
        )
        .await
        .unwrap();
    s.server.publish(&["test-kid-a", "test-kid-b"]);
    let rotated = sign(&claims(&s.issuer), "test-kid-b", KEY_B);
    s.verifier
        .verify(&s.client, &rotated, &Nonce::new(NONCE.to_owned()))
        .await
        .unwrap();
    assert_eq!(s.server.fetches(), 2);
}

#[tokio::test]
async fn an_unknown_kid_is_refused_after_one_refetch() {
    let s = setup(&["test-kid-a"]).await;
    let token = sign(&claims(&s.issuer), "test-kid-b", KEY_B);
    assert_eq!(refusal(&s, &token, NONCE).await, "unknown kid");
    assert_eq!(s.server.fetches(), 1);
}

#[tokio::test]
async fn a_bad_signature_is_refused() {
    let s = setup(&["test-kid-a", "test-kid-b"]).await;
    let forged = sign(&claims(&s.issuer), "test-kid-a", KEY_B);
    assert_eq!(refusal(&s, &forged, NONCE).await, "bad signature");
}

#[tokio::test]
async fn wrong_iss_aud_expiry_and_nonce_are_refused() {
    let s = setup(&["test-kid-a"]).await;
    let mut wrong_iss = claims(&s.issuer);
    wrong_iss["iss"] = json!("https://kauth.example.com");
    let mut wrong_aud = claims(&s.issuer);
    wrong_aud["aud"] = json!("another-app-key");
    let mut expired = claims(&s.issuer);
    expired["exp"] = json!(now() - 120);
    for (c, why) in [
        (wrong_iss, "wrong iss"),
        (wrong_aud, "wrong aud"),
        (expired, "expired"),
    ] {
        assert_eq!(
            refusal(&s, &sign(&c, "test-kid-a", KEY_A), NONCE).await,
            why
        );
    }
    let good = sign(&claims(&s.issuer), "test-kid-a", KEY_A);
    assert_eq!(
        refusal(&s, &good, "another-nonce").await,
        "nonce does not match this login"
    );
    let mut no_nonce = claims(&s.issuer);
    no_nonce.as_object_mut().unwrap().remove("nonce");
    assert_eq!(
        refusal(&s, &sign(&no_nonce, "test-kid-a", KEY_A), NONCE).await,
        "nonce does not match this login"
    );
}

#[tokio::test]
async fn expiry_within_the_leeway_is_accepted() {
    let s = setup(&["test-kid-a"]).await;
    let mut c = claims(&s.issuer);
    c["exp"] = json!(now() - 30);
    s.verifier
        .verify(
            &s.client,
            &sign(&c, "test-kid-a", KEY_A),
            &Nonce::new(NONCE.to_owned()),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn alg_none_and_hmac_are_refused() {
    let s = setup(&["test-kid-a"]).await;
    let body = URL_SAFE_NO_PAD.encode(claims(&s.issuer).to_string());
    let none_header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","kid":"test-kid-a"}"#);
    let unsigned = format!("{none_header}.{body}.");
    assert_eq!(
        refusal(&s, &unsigned, NONCE).await,
        "malformed token or unsupported alg"
    );

    // The classic confusion: an HMAC keyed with the public RSA modulus.
    let jwks: Value = serde_json::from_str(JWKS).unwrap();
    let public = jwks["keys"][0]["n"].as_str().unwrap().as_bytes();
    let mut header = Header::new(Algorithm::HS256);
    header.kid = Some("test-kid-a".into());
    let hmac = encode(
        &header,
        &claims(&s.issuer),
        &EncodingKey::from_secret(public),
    )
    .unwrap();
    assert_eq!(refusal(&s, &hmac, NONCE).await, "alg must be RS256");
    assert_eq!(
        refusal(&s, "not-a-jwt", NONCE).await,
        "malformed token or unsupported alg"
    );
}

#[tokio::test]
async fn the_shape_is_checked_around_the_signature() {
    let s = setup(&["test-kid-a"]).await;
    let good = sign(&claims(&s.issuer), "test-kid-a", KEY_A);
    assert_eq!(
        refusal(&s, &format!("{good}.x"), NONCE).await,
        "malformed token or unsupported alg"
    );
    assert_eq!(
        refusal(&s, &format!("{good}="), NONCE).await,
        "bad signature"
    );

    let (signed, _) = good.rsplit_once('.').unwrap();
    let (header, _) = signed.split_once('.').unwrap();
    let mut other = claims(&s.issuer);
    other["sub"] = json!("4200000002");
    let swapped = good.replace(
        signed,
        &format!("{header}.{}", URL_SAFE_NO_PAD.encode(other.to_string())),
    );
    assert_eq!(refusal(&s, &swapped, NONCE).await, "bad signature");

    let no_kid = encode(
        &Header::new(Algorithm::RS256),
        &claims(&s.issuer),
        &EncodingKey::from_rsa_pem(KEY_A.as_bytes()).unwrap(),
    )
    .unwrap();
    assert_eq!(refusal(&s, &no_kid, NONCE).await, "no kid in the header");

    let not_claims = sign(&json!({ "hello": 1 }), "test-kid-a", KEY_A);
    assert_eq!(refusal(&s, &not_claims, NONCE).await, "malformed claims");
}

#[tokio::test]
async fn keys_the_reader_cannot_use_are_skipped_and_a_key_without_alg_is_used() {
    let s = setup(&[]).await;
    let mut without_alg = JwksServer::key("test-kid-b");
    without_alg.as_object_mut().unwrap().remove("alg");
    s.server.publish_keys(vec![
        json!({"kty": "EC", "crv": "P-256", "kid": "ec-1", "use": "sig",
               "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uE9U2u0I",
               "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}),
        json!({"kty": "RSA", "kid": "enc-1", "use": "enc", "n": "AQAB", "e": "AQAB"}),
        JwksServer::key("test-kid-a"),
        without_alg,
    ]);
    for (kid, pem) in [("test-kid-a", KEY_A), ("test-kid-b", KEY_B)] {
        let token = sign(&claims(&s.issuer), kid, pem);
        s.verifier
            .verify(&s.client, &token, &Nonce::new(NONCE.to_owned()))
            .await
            .unwrap_or_else(|e| panic!("{kid}: {e:?}"));
    }
    let on_the_ec_kid = sign(&claims(&s.issuer), "ec-1", KEY_A);
    assert_eq!(refusal(&s, &on_the_ec_kid, NONCE).await, "unknown kid");
}

#[tokio::test]
async fn a_crit_header_naming_an_unknown_extension_is_refused() {
    let s = setup(&["test-kid-a"]).await;
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some("test-kid-a".into());
    header.crit = Some(vec!["exp-extension".into()]);
    header.extras.insert("exp-extension", "must-understand");
    let token = encode(
        &header,
        &claims(&s.issuer),
        &EncodingKey::from_rsa_pem(KEY_A.as_bytes()).unwrap(),
    )
    .unwrap();
    assert_eq!(
        refusal(&s, &token, NONCE).await,
        "crit names an extension this reader does not implement"
    );
}

#[tokio::test]
async fn iat_must_be_neither_in_the_future_nor_stale() {
    let s = setup(&["test-kid-a"]).await;
    let mut future = claims(&s.issuer);
    future["iat"] = json!(now() + 600);
    let mut stale = claims(&s.issuer);
    stale["iat"] = json!(now() - 3600);
    for (c, why) in [
        (future, "issued in the future"),
        (stale, "issued too long ago"),
    ] {
        assert_eq!(
            refusal(&s, &sign(&c, "test-kid-a", KEY_A), NONCE).await,
            why
        );
    }
    let mut skewed = claims(&s.issuer);
    skewed["iat"] = json!(now() + 30);
    s.verifier
        .verify(
            &s.client,
            &sign(&skewed, "test-kid-a", KEY_A),
            &Nonce::new(NONCE.to_owned()),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn unknown_kids_refetch_the_jwks_at_most_once_per_cooldown() {
    let s = setup(&["test-kid-a"]).await;
    let good = sign(&claims(&s.issuer), "test-kid-a", KEY_A);
    s.verifier
        .verify(&s.client, &good, &Nonce::new(NONCE.to_owned()))
        .await
        .unwrap();
    for i in 0..5 {
        let made_up = sign(&claims(&s.issuer), &format!("made-up-{i}"), KEY_A);
        assert_eq!(refusal(&s, &made_up, NONCE).await, "unknown kid");
    }
    assert_eq!(s.server.fetches(), 2, "one first fetch, one refetch");
    // Within the cooldown even a genuinely rotated key waits: the cached set still serves.
    s.server.publish(&["test-kid-a", "test-kid-b"]);
    let rotated = sign(&claims(&s.issuer), "test-kid-b", KEY_B);
    assert_eq!(refusal(&s, &rotated, NONCE).await, "unknown kid");
    assert_eq!(s.server.fetches(), 2);
    s.verifier
        .verify(&s.client, &good, &Nonce::new(NONCE.to_owned()))
        .await
        .unwrap();
}
