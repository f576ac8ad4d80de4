//! `kakao-sync-backend check` against the emulator: a correct configuration passes, and each
//! console misconfiguration is a ✗ naming the menu that fixes it, because the emulator answers
//! it the way Kakao does.

mod common;

use kakao_sync_backend::preflight::{Item, Outcome, check, table};
use kakao_sync_emulator::{Fixture, Running, spawn};
use serde_json::json;

use common::{REDIRECT_URI, REST_API_KEY, TERMS, TestDb, config, vars};

const RYAN: i64 = 4_200_000_001;

async fn emulator() -> Running {
    spawn(Fixture::default())
        .await
        .expect("the emulator starts")
}

/// The checklist for the emulator's demo app with `extra` settings.
async fn items(kakao: &Running, extra: &[(&str, &str)], terms_user: Option<i64>) -> Vec<Item> {
    let db = TestDb::sqlite();
    check(&config(&kakao.base_url(), &db, extra), terms_user).await
}

fn item<'a>(items: &'a [Item], name: &str) -> &'a Item {
    items
        .iter()
        .find(|i| i.name == name)
        .unwrap_or_else(|| panic!("no item {name}: {items:#?}"))
}

/// The item failed, saying `detail`, and names `console`.
fn assert_fails(items: &[Item], name: &str, detail: &str, console: &str) {
    let it = item(items, name);
    match &it.outcome {
        Outcome::Fail(why) => assert!(why.contains(detail), "{name}: {why}"),
        other => panic!("{name} should fail, got {other:?}\n{}", table(items)),
    }
    assert_eq!(it.console, console);
    assert!(table(items).contains(&format!("fix in the console: {console}")));
}

/// Links RYAN to the demo app, as a sign-up would.
async fn sign_up(kakao: &Running) {
    let response = reqwest::Client::new()
        .post(format!("{}/__emulator/authorize", kakao.base_url()))
        .json(&json!({"client_id": REST_API_KEY, "redirect_uri": REDIRECT_URI, "user_id": RYAN}))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());
}

#[tokio::test]
async fn a_correct_configuration_passes_every_item() {
    let kakao = emulator().await;
    sign_up(&kakao).await;
    let all = items(&kakao, &[], Some(RYAN)).await;
    let failed: Vec<&Item> = all.iter().filter(|i| i.failed()).collect();
    assert!(failed.is_empty(), "{}", table(&all));
    for name in [
        "REST API key",
        "client secret",
        &format!("redirect URI {REDIRECT_URI}"),
        "logout redirect URI http://localhost:8080/",
        "admin key",
        "OpenID Connect discovery",
        "OpenID Connect JWKS",
        "service terms tags",
    ] {
        assert!(
            matches!(item(&all, name).outcome, Outcome::Pass(_)),
            "{name}\n{}",
            table(&all)
        );
    }
    assert!(table(&all).lines().all(|l| !l.starts_with('✗')));
}

#[tokio::test]
async fn without_a_linked_user_the_terms_item_is_skipped_not_failed() {
    let kakao = emulator().await;
    let all = items(&kakao, &[], None).await;
    assert!(matches!(
        item(&all, "service terms tags").outcome,
        Outcome::Skipped(_)
    ));
    assert!(all.iter().all(|i| !i.failed()), "{}", table(&all));
}

#[tokio::test]
async fn a_wrong_rest_api_key_is_koe101() {
    let kakao = emulator().await;
    let all = items(&kakao, &[("KAKAO_REST_API_KEY", "not-our-key")], None).await;
    assert_fails(
        &all,
        "REST API key",
        "KOE101",
        "[App] > [Platform keys] > [REST API key]",
    );
}

#[tokio::test]
async fn a_wrong_client_secret_is_koe010_with_the_key_accepted() {
    let kakao = emulator().await;
    let all = items(&kakao, &[("KAKAO_CLIENT_SECRET", "not-our-secret")], None).await;
    assert!(matches!(
        item(&all, "REST API key").outcome,
        Outcome::Pass(_)
    ));
    assert_fails(
        &all,
        "client secret",
        "KOE010",
        "[App] > [Platform keys] > [REST API key] > Client secret",
    );
}

#[tokio::test]
async fn an_unregistered_redirect_uri_is_koe006() {
    let kakao = emulator().await;
    let uris = format!("{REDIRECT_URI},http://localhost:9999/elsewhere.html");
    let all = items(&kakao, &[("KAKAO_REDIRECT_URIS", &uris)], None).await;
    assert!(matches!(
        item(&all, &format!("redirect URI {REDIRECT_URI}")).outcome,
        Outcome::Pass(_)
    ));
    assert_fails(
        &all,
        "redirect URI http://localhost:9999/elsewhere.html",
        "KOE006",
        "[App] > [Platform keys] > [REST API key] > Redirect URI",
    );
}

#[tokio::test]
async fn an_unregistered_logout_redirect_uri_is_koe007() {
    let kakao = emulator().await;
    let all = items(
        &kakao,
        &[("KAKAO_LOGOUT_REDIRECT_URI", "http://localhost:9999/bye")],
        None,
    )
    .await;
    assert_fails(
        &all,
        "logout redirect URI http://localhost:9999/bye",
        "KOE007",
        "[Kakao Login] > [Logout Redirect URI]",
    );
}

#[tokio::test]
async fn a_wrong_admin_key_is_minus_401() {
    let kakao = emulator().await;
    let all = items(&kakao, &[("KAKAO_ADMIN_KEY", "not-our-admin-key")], None).await;
    assert_fails(
        &all,
        "admin key",
        "-401",
        "[App] > [Platform keys] > [Admin key]",
    );
}

#[tokio::test]
async fn an_issuer_other_than_kakaos_discovery_names_fails() {
    let kakao = emulator().await;
    let all = items(&kakao, &[("KAKAO_ISSUER", "https://kauth.kakao.com")], None).await;
    assert_fails(
        &all,
        "OpenID Connect discovery",
        "but KAKAO_ISSUER is https://kauth.kakao.com",
        "[Kakao Login] > [OpenID Connect]",
    );
}

#[tokio::test]
async fn a_jwks_kakao_does_not_serve_fails() {
    let kakao = emulator().await;
    reqwest::Client::new()
        .post(format!("{}/__emulator/faults", kakao.base_url()))
        .json(&json!({"path": "jwks", "kind": "status", "status": 404}))
        .send()
        .await
        .unwrap();
    let all = items(&kakao, &[], None).await;
    assert_fails(
        &all,
        "OpenID Connect JWKS",
        "HTTP 404",
        "[Kakao Login] > [OpenID Connect]",
    );
}

#[tokio::test]
async fn a_terms_tag_kakao_does_not_know_is_named() {
    let kakao = emulator().await;
    sign_up(&kakao).await;
    let mut catalogue: serde_json::Value = serde_json::from_str(TERMS).unwrap();
    catalogue
        .as_array_mut()
        .unwrap()
        .push(json!({"tag": "terms_location", "title": "Location", "required": true}));
    let all = items(
        &kakao,
        &[("KAKAO_TERMS", &catalogue.to_string())],
        Some(RYAN),
    )
    .await;
    assert_fails(
        &all,
        "service terms tags",
        "terms_location",
        "[Kakao Login] > [Simple Signup]",
    );
}

#[tokio::test]
async fn the_binary_prints_the_table_and_exits_non_zero_on_a_cross() {
    let kakao = emulator().await;
    let db = TestDb::sqlite();
    let run = |extra: &[(&str, &str)]| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_kakao-sync-backend"));
        command
            .env_clear()
            .envs(vars(&kakao.base_url(), &db, extra));
        command.arg("check");
        tokio::task::spawn_blocking(move || command.output().unwrap())
    };
    let good = run(&[]).await.unwrap();
    let stdout = String::from_utf8(good.stdout).unwrap();
    assert!(good.status.success(), "{stdout}");
    assert!(stdout.contains("✓ REST API key"), "{stdout}");
    let bad = run(&[("KAKAO_CLIENT_SECRET", "wrong")]).await.unwrap();
    let stdout = String::from_utf8(bad.stdout).unwrap();
    assert!(!bad.status.success(), "{stdout}");
    assert!(stdout.contains("✗ client secret"), "{stdout}");
    assert!(
        String::from_utf8(bad.stderr)
            .unwrap()
            .contains("preflight: 1 item(s) failed"),
    );
}
