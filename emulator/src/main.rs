//! `kakao-sync-emulator [--host H] [--port P] [--fixture PATH] [--issuer URL]`: serves the
//! emulator and prints what it serves.

use std::path::PathBuf;
use std::process::ExitCode;

use kakao_sync_emulator::{Fixture, serve};

const USAGE: &str = "usage: kakao-sync-emulator [--host 127.0.0.1] [--port 9000] [--fixture FILE.toml|FILE.json] [--issuer URL]";

struct Args {
    host: String,
    port: u16,
    fixture: Option<PathBuf>,
    issuer: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        host: "127.0.0.1".into(),
        port: 9000,
        fixture: None,
        issuer: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "--help" || flag == "-h" {
            return Err(USAGE.into());
        }
        let value = it
            .next()
            .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        match flag.as_str() {
            "--host" => args.host = value,
            "--port" => args.port = value.parse().map_err(|_| format!("bad port: {value}"))?,
            "--fixture" => args.fixture = Some(value.into()),
            "--issuer" => args.issuer = Some(value),
            _ => return Err(format!("unknown option {flag}\n{USAGE}")),
        }
    }
    Ok(args)
}

fn describe(fixture: &Fixture, base_url: &str, issuer: &str) {
    println!("kakao-sync-emulator serving kauth and kapi at {base_url}");
    println!("  issuer:        {issuer}");
    println!("  control API:   {base_url}/__emulator/");
    for app in &fixture.apps {
        println!("app {} \"{}\"", app.app_id, app.name);
        println!("  client_id (REST API key): {}", app.client_id);
        match &app.client_secret {
            Some(secret) => println!("  client_secret:            {secret}"),
            None => println!("  client_secret:            off"),
        }
        println!("  admin key:                {}", app.admin_key);
        println!(
            "  OIDC:                     {}",
            if app.oidc { "on" } else { "off" }
        );
        println!(
            "  redirect URIs:            {}",
            app.redirect_uris.join(", ")
        );
        println!(
            "  logout redirect URIs:     {}",
            app.logout_redirect_uris.join(", ")
        );
        if let Some(hook) = &app.unlink_webhook {
            println!(
                "  unlink webhook:           {} {}",
                hook.method.as_str(),
                hook.url
            );
        }
        let terms: Vec<String> = app
            .service_terms
            .iter()
            .map(|t| format!("{}{}", t.tag, if t.required { "*" } else { "" }))
            .collect();
        println!("  service terms (* required): {}", terms.join(", "));
    }
    println!("test accounts:");
    for user in &fixture.users {
        let inapp = if fixture.inapp_user == Some(user.id) {
            "  [KakaoTalk in-app user]"
        } else {
            ""
        };
        let email = match (&user.email, user.email_verified) {
            (Some(e), true) => e.clone(),
            (Some(e), false) => format!("{e} (unverified)"),
            (None, _) => "no email".into(),
        };
        println!("  {:>20}  {}  {}{inapp}", user.id, user.nickname, email);
    }
    println!("ready; Ctrl-C stops");
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let mut fixture = match &args.fixture {
        Some(path) => match Fixture::load(path) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("{}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        },
        None => Fixture::default(),
    };
    if args.issuer.is_some() {
        fixture.issuer = args.issuer;
    }
    let listener = match tokio::net::TcpListener::bind((args.host.as_str(), args.port)).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("cannot listen on {}:{}: {e}", args.host, args.port);
            return ExitCode::FAILURE;
        }
    };
    let running = match serve(fixture.clone(), listener) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    describe(&fixture, &running.base_url(), running.emulator().issuer());
    tokio::select! {
        result = running.wait() => match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("server error: {e}");
                ExitCode::FAILURE
            }
        },
        _ = tokio::signal::ctrl_c() => ExitCode::SUCCESS,
    }
}
