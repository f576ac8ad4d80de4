//! Reads the configuration (environment, optionally a `KEY=VALUE` file) and serves.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use kakao_sync_backend::{AppState, Config, preflight, serve};
use tracing_subscriber::EnvFilter;

/// kakao-sync's backend. Settings come from environment variables (see `openapi.json` and the
/// README); `--config` adds a file of the same `KEY=VALUE` lines, which the environment overrides.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// A file of `KEY=VALUE` lines (`#` starts a comment).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Serve a directory next to the API: `DIR` at `/`, or `PATH=DIR` at `PATH`
    /// (repeatable; the demo uses `--static www --static /pkg=pkg`).
    #[arg(long = "static", value_name = "[PATH=]DIR")]
    static_dirs: Vec<String>,
    /// Port to listen on.
    #[arg(long, env = "PORT", default_value_t = 8080)]
    port: u16,
    /// Address to listen on.
    #[arg(long, env = "HOST", default_value = "127.0.0.1")]
    host: IpAddr,
    /// Run the preflight (`check`) first, and do not start when an item fails.
    #[arg(long)]
    preflight: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Checks the Kakao console settings from outside, prints a ✓/✗ table, and exits non-zero
    /// when an item fails.
    Check {
        /// A user id linked to the app, to check the configured terms tags through.
        #[arg(long)]
        terms_user: Option<i64>,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .json()
        .init();
    let args = Args::parse();
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("kakao-sync-backend: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), String> {
    let file = match &args.config {
        Some(path) => read_env_file(path)?,
        None => HashMap::new(),
    };
    let config =
        Config::from_vars(|name| std::env::var(name).ok().or_else(|| file.get(name).cloned()))
            .map_err(|e| e.to_string())?;
    if let Some(Command::Check { terms_user }) = args.command {
        return preflight::run(&config, terms_user).await;
    }
    if args.preflight {
        preflight::run(&config, None).await?;
    }
    let mut state = AppState::new(config).await.map_err(|e| e.to_string())?;
    for arg in &args.static_dirs {
        let (mount, dir) = match arg.split_once('=') {
            Some((mount, dir)) => (mount, dir),
            None => ("/", arg.as_str()),
        };
        if !mount.starts_with('/') || (mount != "/" && mount.ends_with('/')) {
            return Err(format!(
                "--static {arg}: the path must start with '/' and not end with one"
            ));
        }
        if !PathBuf::from(dir).is_dir() {
            return Err(format!("--static {arg}: {dir} is not a directory"));
        }
        state = state.with_static_dir(mount, PathBuf::from(dir));
    }
    let addr = SocketAddr::new(args.host, args.port);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let bound = listener.local_addr().map_err(|e| e.to_string())?;
    tracing::info!(addr = %bound, "listening");
    serve(listener, state, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await;
    Ok(())
}

fn read_env_file(path: &PathBuf) -> Result<HashMap<String, String>, String> {
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("--config {}: {e}", path.display()))?;
    let mut vars = HashMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line
            .split_once('=')
            .ok_or_else(|| format!("--config {}:{}: expected KEY=VALUE", path.display(), n + 1))?;
        vars.insert(key.trim().to_owned(), value.trim().to_owned());
    }
    Ok(vars)
}
