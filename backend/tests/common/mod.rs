//! What the backend's integration tests share: a fresh database per test (a real SQLite file,
//! or a fresh PostgreSQL database when `KAKAO_SYNC_TEST_POSTGRES_URL` or a `postgres://`
//! `DATABASE_URL` is set), and a checked `Config` pointing at a loopback Kakao.

#![allow(dead_code)]

use std::collections::HashMap;

use kakao_sync_backend::Config;
use kakao_sync_emulator::Fixture;
use kakao_sync_emulator::fixture::User;
use sqlx::Connection;

pub mod world;

/// The demo app of the emulator's default fixture.
pub const REST_API_KEY: &str = "kakao-sync-demo-rest-api-key";
pub const CLIENT_SECRET: &str = "kakao-sync-demo-client-secret";
pub const ADMIN_KEY: &str = "kakao-sync-demo-admin-key";
pub const APP_ID: &str = "1234567";
pub const REDIRECT_URI: &str = "http://localhost:8080/redirect.html";
pub const ORIGIN: &str = "http://localhost:8080";
/// The test key that seals Kakao's tokens (`TOKEN_KEY`), and a second one for rotations.
pub const TOKEN_KEY: &str = "test-a:dGVzdC1vbmx5LXRva2VuLWtleS1hLTMyLWJ5dGVzISE=";
pub const NEXT_TOKEN_KEY: &str = "test-b:dGVzdC1vbmx5LXRva2VuLWtleS1iLTMyLWJ5dGVzISE=";
pub const TERMS: &str = r#"[
  {"tag":"terms_service","title":"Terms of service","url":"http://localhost:8080/terms/terms_service.html","required":true},
  {"tag":"terms_privacy","title":"Privacy","required":true},
  {"tag":"terms_marketing","title":"Marketing","required":false}
]"#;

/// One test's database, removed on drop: a SQLite file in a temporary directory, or a
/// PostgreSQL database created for this test alone.
pub struct TestDb {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    /// The server's own URL and this test's database name.
    postgres: Option<(String, String)>,
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some((admin_url, name)) = self.postgres.take() else {
            return;
        };
        // Drop runs inside the test's runtime, so the cleanup gets a runtime of its own.
        let cleanup = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                let mut conn = sqlx::PgConnection::connect(&admin_url).await?;
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                )))
                .execute(&mut conn)
                .await
            })
        });
        if let Ok(Err(e)) = cleanup.join() {
            eprintln!("could not drop test database {}: {e}", self.url);
        }
    }
}

impl TestDb {
    pub fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("backend.sqlite").display());
        TestDb {
            url,
            _dir: Some(dir),
            postgres: None,
        }
    }

    /// A new, empty database on the configured server, or `None` when none is configured.
    pub async fn postgres() -> Option<TestDb> {
        let admin_url = std::env::var("KAKAO_SYNC_TEST_POSTGRES_URL")
            .ok()
            .or_else(|| {
                std::env::var("DATABASE_URL")
                    .ok()
                    .filter(|u| u.starts_with("postgres"))
            })?;
        let name = format!(
            "kakao_sync_test_{}",
            kakao_sync_backend::secret::random_token().expose()[..16].to_owned()
        );
        let mut conn = sqlx::PgConnection::connect(&admin_url).await.unwrap();
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut conn)
            .await
            .unwrap();
        let mut url = url::Url::parse(&admin_url).unwrap();
        url.set_path(&name);
        Some(TestDb {
            url: url.into(),
            _dir: None,
            postgres: Some((admin_url, name)),
        })
    }
}

/// Settings for the emulator's demo app, with Kakao at `kakao_base`; `extra` overrides.
pub fn config(kakao_base: &str, db: &TestDb, extra: &[(&str, &str)]) -> Config {
    let vars = vars(kakao_base, db, extra);
    Config::from_vars(|name| vars.get(name).cloned()).unwrap()
}

/// The environment behind [`config`], for starting the backend binary with the same settings.
pub fn vars(kakao_base: &str, db: &TestDb, extra: &[(&str, &str)]) -> HashMap<String, String> {
    let mut vars: HashMap<String, String> = [
        ("KAKAO_AUTH_URL", kakao_base),
        ("KAKAO_API_URL", kakao_base),
        ("KAKAO_REST_API_KEY", REST_API_KEY),
        ("KAKAO_CLIENT_SECRET", CLIENT_SECRET),
        ("KAKAO_ADMIN_KEY", ADMIN_KEY),
        ("KAKAO_APP_ID", APP_ID),
        ("KAKAO_REDIRECT_URIS", REDIRECT_URI),
        ("KAKAO_LOGOUT_REDIRECT_URI", "http://localhost:8080/"),
        ("KAKAO_TERMS", TERMS),
        ("KAKAO_TIMEOUT_MS", "1500"),
        // Deletion retries within a test's patience.
        ("WORKER_RETRY_FIRST_MS", "100"),
        ("WORKER_RETRY_MAX_MS", "1000"),
        ("WORKER_POLL_MS", "200"),
        ("TOKEN_KEY", TOKEN_KEY),
        ("DATABASE_URL", &db.url),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    for (k, v) in extra {
        vars.insert((*k).to_owned(), (*v).to_owned());
    }
    vars
}

/// The keys of [`TOKEN_KEY`], for tests that open the database without a [`Config`].
pub fn token_keys() -> kakao_sync_backend::sealed::TokenKeys {
    kakao_sync_backend::sealed::TokenKeys::parse(Some(TOKEN_KEY), None).unwrap()
}

/// Runs each listed `async fn(TestDb)` once on SQLite and, when configured, once on PostgreSQL.
#[macro_export]
macro_rules! on_every_database {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::common::TestDb::sqlite()).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    match $crate::common::TestDb::postgres().await {
                        Some(db) => super::$name(db).await,
                        None => eprintln!("skipped: set KAKAO_SYNC_TEST_POSTGRES_URL to run on PostgreSQL"),
                    }
                }
            )*
        }
    };
}

/// The default fixture plus `n` accounts with ids `5_000_000_000 + i`, returned in order.
pub fn fixture_with_users(n: i64) -> (Fixture, Vec<i64>) {
    let mut fixture = Fixture::default();
    let template = fixture.users[0].clone();
    let ids: Vec<i64> = (0..n).map(|i| 5_000_000_000 + i).collect();
    fixture.users.extend(ids.iter().map(|&id| User {
        id,
        nickname: format!("user-{id}"),
        email: Some(format!("user-{id}@example.com")),
        ..template.clone()
    }));
    (fixture, ids)
}
