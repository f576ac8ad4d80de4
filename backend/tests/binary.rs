//! The `kakao-sync-backend` binary: configuration from the environment and `--config`, a start
//! refused with the variable's name, and a served `/healthz`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_kakao-sync-backend");

fn command(dir: &tempfile::TempDir) -> Command {
    let mut command = Command::new(BIN);
    command
        .env_clear()
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", dir.path().join("b.sqlite").display()),
        )
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

const SETTINGS: &str = "# the demo app
KAKAO_AUTH_URL=http://127.0.0.1:9
KAKAO_API_URL=http://127.0.0.1:9
KAKAO_REST_API_KEY=rest-key
KAKAO_CLIENT_SECRET=client-secret
KAKAO_ADMIN_KEY=admin-key
KAKAO_APP_ID=1234567
KAKAO_REDIRECT_URIS=http://localhost:8080/redirect.html
TOKEN_KEY=k1:dGVzdC1vbmx5LXRva2VuLWtleS1hLTMyLWJ5dGVzISE=
";

#[test]
fn a_missing_variable_stops_the_start_and_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let output = command(&dir)
        .env("KAKAO_REST_API_KEY", "k")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("KAKAO_APP_ID: is required but not set"),
        "{stderr}"
    );
}

#[test]
fn the_environment_overrides_the_config_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backend.env");
    std::fs::write(&file, SETTINGS).unwrap();
    let output = command(&dir)
        .env("KAKAO_APP_ID", "not-a-number")
        .arg("--config")
        .arg(&file)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("KAKAO_APP_ID: must be the numeric app id"),
        "{stderr}"
    );
}

#[test]
fn a_config_file_is_enough_to_serve() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backend.env");
    std::fs::write(&file, SETTINGS).unwrap();
    let mut child = command(&dir)
        .args(["--port", "0", "--config"])
        .arg(&file)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let addr = loop {
        let line = lines
            .next()
            .expect("the server logs where it listens")
            .unwrap();
        let entry: serde_json::Value = serde_json::from_str(&line).unwrap();
        if entry["fields"]["message"] == "listening" {
            break entry["fields"]["addr"].as_str().unwrap().to_owned();
        }
    };
    let mut stream = TcpStream::connect(&addr).unwrap();
    stream
        .write_all(
            b"GET /api/kakao/healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        )
        .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(response.starts_with("HTTP/1.1 200 OK\r\n"), "{response}");
    assert!(response.ends_with(r#"{"status":"ok"}"#), "{response}");
}
