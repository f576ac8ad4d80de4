//! The `kakao-sync-backend` binary as a child process on a random loopback port, its JSON log
//! lines kept for inspection.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

/// A started backend binary; killed (SIGKILL) when dropped.
pub struct Binary {
    child: Child,
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    logs: Arc<Mutex<String>>,
}

impl Binary {
    /// Starts the binary with exactly `vars` (and `args`) as its environment and waits until
    /// it logs where it listens.
    pub fn start(vars: &HashMap<String, String>, args: &[&str]) -> Binary {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kakao-sync-backend"))
            .env_clear()
            .envs(vars)
            .env("RUST_LOG", "info")
            .args(["--port", "0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let logs = Arc::new(Mutex::new(String::new()));
        let (listening, addr) = mpsc::channel();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let kept = logs.clone();
        std::thread::spawn(move || {
            for line in stdout.lines().map_while(Result::ok) {
                if let Ok(entry) = serde_json::from_str::<serde_json::Value>(&line)
                    && entry["fields"]["message"] == "listening"
                {
                    let _ = listening.send(entry["fields"]["addr"].as_str().unwrap().to_owned());
                }
                let mut logs = kept.lock().unwrap();
                logs.push_str(&line);
                logs.push('\n');
            }
        });
        let addr = addr
            .recv_timeout(Duration::from_secs(20))
            .expect("the backend binary logs where it listens");
        Binary {
            child,
            base: format!("http://{addr}"),
            logs,
        }
    }

    /// SIGKILL: no shutdown hook, no flush, no rollback by the process itself.
    pub fn kill(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// Every log line so far.
    pub fn logs(&self) -> String {
        self.logs.lock().unwrap().clone()
    }
}

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
