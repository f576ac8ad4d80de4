//! The `kakao-sync-emulator` binary: starts with the default fixture on the chosen port, prints
//! what it serves, and answers.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// Kills the child even when an assertion fails.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn the_binary_serves_the_default_fixture_and_prints_it() {
    let mut child = Killed(
        Command::new(env!("CARGO_BIN_EXE_kakao-sync-emulator"))
            .args(["--port", "0", "--host", "127.0.0.1"])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let stdout = BufReader::new(child.0.stdout.take().unwrap());
    let mut printed = Vec::new();
    for line in stdout.lines() {
        let line = line.unwrap();
        let done = line.starts_with("ready");
        printed.push(line);
        if done {
            break;
        }
    }
    let text = printed.join("\n");
    let base = printed[0].rsplit(' ').next().unwrap().to_owned();
    assert!(base.starts_with("http://127.0.0.1:"), "{text}");
    for expected in [
        "kakao-sync-demo-rest-api-key",
        "kakao-sync-demo-client-secret",
        "kakao-sync-demo-admin-key",
        "3891047281234567890",
        "[KakaoTalk in-app user]",
        "POST http://localhost:8080/api/kakao/webhooks/unlink",
    ] {
        assert!(text.contains(expected), "{expected} not printed:\n{text}");
    }
    // reqwest is built without a bundled TLS provider (the emulator installs ring); do the same.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let discovery: serde_json::Value =
        reqwest::get(format!("{base}/.well-known/openid-configuration"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    assert_eq!(discovery["issuer"], base);
}

#[test]
fn unknown_options_are_a_usage_error() {
    let output = Command::new(env!("CARGO_BIN_EXE_kakao-sync-emulator"))
        .arg("--prot")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("usage:"));
}

#[test]
fn a_bad_fixture_file_is_reported_and_fails() {
    let path = std::env::temp_dir().join(format!("kakao-emulator-bad-{}.toml", std::process::id()));
    std::fs::write(&path, "apps = []\nusers = []\nunknown_field = 1\n").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_kakao-sync-emulator"))
        .args(["--port", "0", "--fixture"])
        .arg(&path)
        .output()
        .unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown_field"));
}
