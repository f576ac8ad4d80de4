//! `make bench`'s soak, not a test: sign-ins with sessions, terms changes, logouts and
//! withdrawals mixed over many accounts, against the emulator with Kakao faults injected at
//! random and the backend binary killed (SIGKILL) and started again in the middle; then a check
//! that no member, session or consent record is lost, duplicated or orphaned. Prints a markdown
//! section (scripts/bench.sh appends it to bench/results.md) and exits non-zero on a loss.
//!
//! `SOAK_SIGN_INS` (default 10000) sets the number of sign-ins.

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use kakao_sync_emulator::spawn;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

#[path = "../tests/common/mod.rs"]
mod common;

use common::world::{NONCE, VERIFIER};
use common::{ORIGIN, REDIRECT_URI, REST_API_KEY, TestDb, fixture_with_users, vars};

const USERS: i64 = 200;
const WORKERS: usize = 16;
/// The endpoints a sign-in, a terms change, a logout or a withdrawal calls.
const FAULTY: &[&str] = &[
    "token",
    "user_me",
    "service_terms",
    "upgrade_service_terms",
    "revoke_service_terms",
    "user_logout",
    "unlink",
];

/// What the soak knows about one account's member, from the answers it got.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Member {
    Absent,
    Present,
    /// An answer was cut (the restart): either may be true.
    Unknown,
}

#[derive(Default)]
struct Tally {
    sign_ins: usize,
    refused: usize,
    cut: usize,
    terms_changes: usize,
    logouts: usize,
    withdrawals: usize,
    withdrawals_pending: usize,
    faults: usize,
}

/// A small xorshift: the mix of actions and faults, reproducible per worker.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

struct Backend {
    child: Child,
    base: String,
}

impl Backend {
    async fn start(http: &Client, port: u16, env: &HashMap<String, String>) -> Backend {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kakao-sync-backend"))
            .env_clear()
            .envs(env)
            .args(["--port", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the backend binary starts");
        let base = format!("http://127.0.0.1:{port}");
        for _ in 0..200 {
            if http
                .get(format!("{base}/api/kakao/healthz"))
                .send()
                .await
                .is_ok()
            {
                return Backend { child, base };
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("the backend did not answer");
    }

    fn kill(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

struct Soak {
    http: Client,
    kakao: String,
    backend: Mutex<String>,
    done: AtomicUsize,
    sign_ins: usize,
    tally: Mutex<Tally>,
}

/// Per account: the member as far as the answers tell, and its sessions' cookies.
struct Account {
    member: Member,
    live: Vec<String>,
    ended: Vec<String>,
    /// A withdrawal answered 202: the worker deletes the member some time later, also one who
    /// signed in again meanwhile (Kakao still had the link), so later sign-ins prove nothing.
    withdrawal_pending: bool,
}

impl Soak {
    fn api(&self, path: &str) -> String {
        format!("{}/api/kakao{path}", self.backend.lock().unwrap())
    }

    async fn code(&self, user: i64) -> String {
        let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(VERIFIER.as_bytes()));
        let body = json!({"client_id": REST_API_KEY, "redirect_uri": REDIRECT_URI, "user_id": user,
                          "nonce": NONCE, "code_challenge": challenge});
        let answer: Value = self
            .http
            .post(format!("{}/__emulator/authorize", self.kakao))
            .json(&body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        answer["code"].as_str().unwrap().to_owned()
    }

    /// A call to the backend: its status, or `None` when the answer was cut.
    async fn call(&self, path: &str, cookie: &str, body: Option<Value>) -> Option<StatusCode> {
        let request = match body {
            Some(body) => self.http.post(self.api(path)).json(&body),
            None => self.http.get(self.api(path)),
        };
        let response = request
            .header("cookie", cookie)
            .header("origin", ORIGIN)
            .send()
            .await
            .ok()?;
        let status = response.status();
        response.bytes().await.ok()?;
        Some(status)
    }

    async fn worker(&self, index: usize, accounts: &mut HashMap<i64, Account>) {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (index as u64 + 1));
        let mine: Vec<i64> = accounts.keys().copied().collect();
        while self.done.fetch_add(1, Ordering::SeqCst) < self.sign_ins {
            let user = mine[rng.below(mine.len() as u64) as usize];
            let code = self.code(user).await;
            let body = json!({"code": code, "codeVerifier": VERIFIER, "nonce": NONCE,
                              "redirectUri": REDIRECT_URI});
            let answer = self
                .http
                .post(self.api("/session"))
                .header("origin", ORIGIN)
                .json(&body)
                .send()
                .await;
            let account = accounts.get_mut(&user).unwrap();
            let cookie = match answer {
                Ok(r) if r.status() == StatusCode::OK => {
                    let cookie = r.headers()["set-cookie"]
                        .to_str()
                        .unwrap()
                        .split(';')
                        .next()
                        .unwrap()
                        .to_owned();
                    if account.withdrawal_pending {
                        account.member = Member::Unknown;
                    } else {
                        account.member = Member::Present;
                        account.live.push(cookie.clone());
                    }
                    self.tally.lock().unwrap().sign_ins += 1;
                    cookie
                }
                // A refused sign-in writes nothing.
                Ok(_) => {
                    self.tally.lock().unwrap().refused += 1;
                    continue;
                }
                Err(_) => {
                    if account.member == Member::Absent {
                        account.member = Member::Unknown;
                    }
                    self.tally.lock().unwrap().cut += 1;
                    continue;
                }
            };
            match rng.below(10) {
                0..=2 => {
                    let path = if rng.below(2) == 0 {
                        "/terms/agree"
                    } else {
                        "/terms/revoke"
                    };
                    let tags = json!({"tags": ["terms_marketing"]});
                    if self.call(path, &cookie, Some(tags)).await == Some(StatusCode::OK) {
                        self.tally.lock().unwrap().terms_changes += 1;
                    }
                }
                3..=4 => match self.call("/logout", &cookie, Some(json!({}))).await {
                    Some(StatusCode::OK) => {
                        account.live.retain(|c| c != &cookie);
                        account.ended.push(cookie);
                        self.tally.lock().unwrap().logouts += 1;
                    }
                    _ => account.live.retain(|c| c != &cookie),
                },
                5 => match self.call("/withdraw", &cookie, Some(json!({}))).await {
                    Some(status @ (StatusCode::NO_CONTENT | StatusCode::ACCEPTED)) => {
                        account.member = Member::Absent;
                        account.ended.append(&mut account.live);
                        account.withdrawal_pending |= status == StatusCode::ACCEPTED;
                        let mut tally = self.tally.lock().unwrap();
                        tally.withdrawals += 1;
                        tally.withdrawals_pending += usize::from(status == StatusCode::ACCEPTED);
                    }
                    _ => {
                        account.member = Member::Unknown;
                        account.live.clear();
                        account.withdrawal_pending = true;
                    }
                },
                _ => {}
            }
        }
    }
}

#[tokio::main]
async fn main() {
    let sign_ins: usize = std::env::var("SOAK_SIGN_INS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let (mut fixture, users) = fixture_with_users(USERS);
    // Kakao's per-account token limits are not what is measured here: 200 accounts share the
    // sign-ins, each well past 20 in ten minutes.
    fixture.limits.access_tokens_per_10_minutes = usize::MAX;
    fixture.limits.refresh_tokens_per_hour = usize::MAX;
    let kakao = spawn(fixture).await.expect("the emulator starts");
    let db = TestDb::sqlite();
    let env = vars(
        &kakao.base_url(),
        &db,
        &[
            ("KAKAO_TIMEOUT_MS", "1000"),
            ("RUST_LOG", "error"),
            // Every sign-in comes from this one loopback address: the per-client limits would
            // measure themselves, not the backend.
            ("RATE_LIMIT_SESSION_PER_MINUTE", "0"),
            ("MAX_CONNECTIONS_PER_CLIENT", "1024"),
        ],
    );
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let http = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(WORKERS)
        .build()
        .unwrap();
    let mut backend = Backend::start(&http, port, &env).await;
    let soak = Arc::new(Soak {
        http: http.clone(),
        kakao: kakao.base_url(),
        backend: Mutex::new(backend.base.clone()),
        done: AtomicUsize::new(0),
        sign_ins,
        tally: Mutex::default(),
    });

    let started = Instant::now();
    let mut workers = Vec::new();
    for index in 0..WORKERS {
        let soak = soak.clone();
        let mut accounts: HashMap<i64, Account> = users
            .iter()
            .skip(index)
            .step_by(WORKERS)
            .map(|&u| {
                let account = Account {
                    member: Member::Absent,
                    live: Vec::new(),
                    ended: Vec::new(),
                    withdrawal_pending: false,
                };
                (u, account)
            })
            .collect();
        workers.push(tokio::spawn(async move {
            soak.worker(index, &mut accounts).await;
            accounts
        }));
    }
    let faults = {
        let soak = soak.clone();
        tokio::spawn(async move {
            let mut rng = Rng(0xD1B5_4A32_D192_ED03);
            while soak.done.load(Ordering::SeqCst) < soak.sign_ins {
                let path = FAULTY[rng.below(FAULTY.len() as u64) as usize];
                let fault = match rng.below(3) {
                    0 => json!({"path": path, "kind": "status", "status": 503}),
                    1 => json!({"path": path, "kind": "drop"}),
                    _ => json!({"path": path, "kind": "latency", "ms": 1500}),
                };
                let added = soak
                    .http
                    .post(format!("{}/__emulator/faults", soak.kakao))
                    .json(&fault)
                    .send()
                    .await;
                if added.is_ok_and(|r| r.status().is_success()) {
                    soak.tally.lock().unwrap().faults += 1;
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
    };
    while soak.done.load(Ordering::SeqCst) < sign_ins / 2 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    backend.kill();
    backend = Backend::start(&http, port, &env).await;
    let mut accounts = HashMap::new();
    for worker in workers {
        accounts.extend(worker.await.unwrap());
    }
    faults.await.unwrap();
    let seconds = started.elapsed().as_secs_f64();
    http.delete(format!("{}/__emulator/faults", kakao.base_url()))
        .send()
        .await
        .unwrap();

    let store = kakao_sync_backend::db::connect(&db.url, common::token_keys())
        .await
        .unwrap();
    let count = |sql: &'static str| {
        let pool = store.reads().clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    let drain = Instant::now();
    while count("SELECT COUNT(*) FROM member_deletions").await > 0
        && drain.elapsed() < Duration::from_secs(60)
    {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let deletions_left = count("SELECT COUNT(*) FROM member_deletions").await;
    let duplicated =
        count("SELECT COUNT(*) - COUNT(DISTINCT kakao_id) FROM members WHERE kakao_id IS NOT NULL")
            .await;
    let orphaned = count(
        "SELECT (SELECT COUNT(*) FROM sessions s WHERE NOT EXISTS \
           (SELECT 1 FROM members m WHERE m.id = s.member_id)) \
         + (SELECT COUNT(*) FROM member_terms t WHERE NOT EXISTS \
           (SELECT 1 FROM members m WHERE m.id = t.member_id)) \
         + (SELECT COUNT(*) FROM members m WHERE NOT EXISTS \
           (SELECT 1 FROM member_terms t WHERE t.member_id = m.id))",
    )
    .await;
    let (mut members_lost, mut members_left, mut sessions_lost, mut sessions_revived) =
        (0, 0, 0, 0);
    for (user, account) in &accounts {
        let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM members WHERE kakao_id = $1")
            .bind(user.to_string())
            .fetch_one(store.reads())
            .await
            .unwrap();
        match (account.member, rows) {
            (Member::Present, 0) => members_lost += 1,
            (Member::Absent, n) if n > 0 => members_left += 1,
            _ => {}
        }
        for cookie in &account.live {
            if soak.call("/session", cookie, None).await != Some(StatusCode::OK) {
                sessions_lost += 1;
            }
        }
        for cookie in &account.ended {
            if soak.call("/session", cookie, None).await != Some(StatusCode::UNAUTHORIZED) {
                sessions_revived += 1;
            }
        }
    }
    backend.kill();

    let t = soak.tally.lock().unwrap();
    let lost = members_lost + sessions_lost;
    println!(
        "\n## Soak: sign-ins, terms changes, logouts and withdrawals with Kakao faults and a restart\n\n\
         `cargo bench -p kakao-sync-backend --bench soak`: {sign_ins} sign-ins by {WORKERS} clients over \
         {USERS} accounts in {seconds:.0} s, a Kakao fault injected every 20 ms on a random endpoint \
         (503, dropped connection or 1.5 s latency), the backend SIGKILLed and started again halfway.\n\n\
         | signed in | refused (faults) | cut (restart) | terms changes | logouts | withdrawals (of which finished later) | faults | restarts | members lost | members left after withdrawal | sessions lost | sessions revived | duplicated | orphaned | deletions unfinished |\n\
         |---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n\
         | {} | {} | {} | {} | {} | {} ({}) | {} | 1 | {members_lost} | {members_left} | {sessions_lost} | {sessions_revived} | {duplicated} | {orphaned} | {deletions_left} |",
        t.sign_ins,
        t.refused,
        t.cut,
        t.terms_changes,
        t.logouts,
        t.withdrawals,
        t.withdrawals_pending,
        t.faults,
    );
    let failed = lost
        + members_left
        + sessions_revived
        + duplicated as usize
        + orphaned as usize
        + deletions_left as usize;
    if failed > 0 {
        eprintln!("soak: {failed} records lost, left, revived, duplicated or orphaned");
        std::process::exit(1);
    }
}
