//! The library API: `spawn` checks the fixture, and dropping `Running` stops the server.

use kakao_sync_emulator::{Fixture, spawn};

#[tokio::test]
async fn spawn_rejects_an_inconsistent_fixture() {
    let fixture = Fixture {
        inapp_user: Some(1),
        ..Fixture::default()
    };
    let err = spawn(fixture)
        .await
        .err()
        .expect("an unknown in-app user is refused");
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    assert!(err.to_string().contains("inapp_user"));
}

#[tokio::test]
async fn spawn_rejects_a_signing_key_that_is_not_pkcs8() {
    let fixture = Fixture {
        signing_key_pem: Some("not a key".into()),
        ..Fixture::default()
    };
    let err = spawn(fixture).await.err().expect("a bad key is refused");
    assert!(err.to_string().contains("PKCS#8"));
}

#[tokio::test]
async fn shutdown_stops_the_server() {
    let running = spawn(Fixture::default()).await.unwrap();
    let url = format!("{}/.well-known/jwks.json", running.base_url());
    let http = reqwest::Client::new();
    assert_eq!(http.get(&url).send().await.unwrap().status(), 200);
    running.shutdown().await.unwrap();
    let fresh = reqwest::Client::new();
    assert!(fresh.get(&url).send().await.is_err());
}
