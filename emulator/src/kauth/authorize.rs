//! `GET /oauth/authorize` and the pages it leads through: Kakao account login (or account
//! creation), then the Kakao Sync consent screen, then a redirect with `code` or `error`.
//!
//! <https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api#request-code>

use std::collections::BTreeSet;

use axum::body::Bytes;
use axum::extract::{Query, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::consent::{
    Decision, issue_code, missing_required, needs_consent, pending, record_and_issue_code,
};
use super::pages::{consent_page, error_page, login_page, signup_page};
use super::request::{PageError, check, code_location, error_location};
use crate::fixture::User;
use crate::params::Params;
use crate::state::{Emulator, Session, Transaction, World, random_token};

/// The Kakao account session cookie.
pub const SESSION_COOKIE: &str = "kakao_emulator_session";

/// How long a login or consent page stays usable.
const TRANSACTION_SECS: i64 = 3600;

/// A 302 with an empty body, as Kakao redirects.
pub fn found(location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(value) => (StatusCode::FOUND, [(header::LOCATION, value)]).into_response(),
        Err(_) => error_page(&PageError::new(
            "KOE001",
            "redirect target is not a valid header value",
        )),
    }
}

/// The signed-in Kakao account of this browser: the in-app user inside KakaoTalk, otherwise
/// the session cookie's account. (user id, auth time).
fn signed_in(world: &World, headers: &HeaderMap) -> Option<(i64, i64)> {
    if in_kakaotalk(headers) {
        return world
            .inapp_user
            .filter(|id| world.users.contains_key(id))
            .map(|id| (id, world.now()));
    }
    let session = world.sessions.get(&session_cookie(headers)?)?;
    (session.expires_at > world.now() && world.users.contains_key(&session.user_id))
        .then_some((session.user_id, session.auth_time))
}

/// KakaoTalk's in-app browser marks its User-Agent with `KAKAOTALK` (case-sensitive, as
/// Kakao's own SDK tests it).
fn in_kakaotalk(headers: &HeaderMap) -> bool {
    headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ua| ua.contains("KAKAOTALK"))
}

/// The value of this browser's session cookie.
pub fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_owned())
}

/// `GET /oauth/authorize`.
pub async fn authorize(
    State(emu): State<Emulator>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let mut world = emu.world();
    let params = match Params::parse(query.unwrap_or_default().as_bytes()) {
        Ok(p) => p,
        Err(_) => {
            return error_page(&PageError::new("KOE001", "malformed query"));
        }
    };
    let checked = match check(&world, &params) {
        Ok(c) => c,
        Err(e) => return error_page(&e),
    };
    let (req, prompts) = (checked.req, checked.prompts);
    let current = signed_in(&world, &headers);
    if prompts.none {
        let Some((user_id, auth_time)) = current else {
            // UNCONFIRMED for REST: Kakao's SDKs name this outcome `login_required`.
            return found(&error_location(
                &req,
                "login_required",
                "user is not logged in.",
            ));
        };
        let app = world.app(req.app_id).cloned().expect("checked app");
        if needs_consent(&world, &app, &req, user_id) {
            return found(&error_location(
                &req,
                "consent_required",
                "user consent required.",
            ));
        }
        let code = issue_code(&mut world, &req, user_id, auth_time);
        return found(&code_location(&req, &code));
    }
    let now = world.now();
    world.transactions.retain(|_, t| t.expires_at > now);
    let tx = random_token(24);
    // `prompt=login` is not available in the KakaoTalk in-app browser, so it is ignored there.
    let show_login =
        current.is_none() || (prompts.login && !in_kakaotalk(&headers)) || prompts.select_account;
    let signed_in = if show_login || prompts.create {
        None
    } else {
        current
    };
    world.transactions.insert(
        tx.clone(),
        Transaction {
            req,
            signed_in,
            expires_at: now + TRANSACTION_SECS,
        },
    );
    if prompts.create {
        found(&format!("/accounts/signup?tx={tx}"))
    } else if show_login {
        let choosing = if prompts.select_account {
            "&choose=1"
        } else {
            ""
        };
        found(&format!("/accounts/login?tx={tx}{choosing}"))
    } else {
        continue_transaction(&mut world, &tx)
    }
}

/// Once the account is known: a code when nothing needs consent, else the consent page.
fn continue_transaction(world: &mut World, tx: &str) -> Response {
    let Some(t) = world.transactions.get(tx).cloned() else {
        return expired();
    };
    let Some((user_id, auth_time)) = t.signed_in else {
        return found(&format!("/accounts/login?tx={tx}"));
    };
    let app = world
        .app(t.req.app_id)
        .cloned()
        .expect("transaction app exists");
    if !needs_consent(world, &app, &t.req, user_id) {
        world.transactions.remove(tx);
        let code = issue_code(world, &t.req, user_id, auth_time);
        return found(&code_location(&t.req, &code));
    }
    found(&format!("/oauth/consent?tx={tx}"))
}

fn expired() -> Response {
    error_page(&PageError::new(
        "KOE001",
        "this login page has expired; start again from the service",
    ))
}

/// `?tx=…` of the page routes.
#[derive(serde::Deserialize)]
pub struct TxQuery {
    tx: String,
    #[serde(default)]
    choose: Option<String>,
}

/// `GET /accounts/login`.
pub async fn login_form(
    State(emu): State<Emulator>,
    headers: HeaderMap,
    Query(q): Query<TxQuery>,
) -> Response {
    let world = emu.world();
    let Some(t) = world.transactions.get(&q.tx) else {
        return expired();
    };
    let users: Vec<&User> = world.users.values().collect();
    let current = signed_in(&world, &headers).map(|(id, _)| id);
    login_page(
        &q.tx,
        &users,
        t.req.login_hint.as_deref(),
        current,
        q.choose.is_some(),
        None,
    )
}

/// `POST /accounts/login`: signs the browser in as the chosen account (`account`) or the one
/// whose email is `login_id`, then continues.
pub async fn login_submit(State(emu): State<Emulator>, body: Bytes) -> Response {
    let Ok(form) = Params::parse(&body) else {
        return expired();
    };
    let mut world = emu.world();
    let tx = form.get("tx").unwrap_or("").to_owned();
    let Some(hint) = world
        .transactions
        .get(&tx)
        .map(|t| t.req.login_hint.clone())
    else {
        return expired();
    };
    let chosen = match form.get("account") {
        Some(id) => id
            .parse::<i64>()
            .ok()
            .filter(|id| world.users.contains_key(id)),
        None => form.get("login_id").and_then(|login| {
            world
                .users
                .values()
                .find(|u| u.email.as_deref() == Some(login))
                .map(|u| u.id)
        }),
    };
    let Some(user_id) = chosen else {
        let users: Vec<&User> = world.users.values().collect();
        let mut response = login_page(
            &tx,
            &users,
            hint.as_deref(),
            None,
            false,
            Some("등록되지 않은 계정입니다."),
        );
        *response.status_mut() = StatusCode::BAD_REQUEST;
        return response;
    };
    let remember = form.get("remember") == Some("on");
    sign_in_and_continue(&mut world, &tx, user_id, remember)
}

/// Starts a Kakao account session for `user_id` and continues the transaction.
fn sign_in_and_continue(world: &mut World, tx: &str, user_id: i64, remember: bool) -> Response {
    let now = world.now();
    let lifetime = if remember {
        world.limits.remembered_session_secs
    } else {
        world.limits.session_secs
    };
    let session_id = random_token(32);
    world.sessions.insert(
        session_id.clone(),
        Session {
            user_id,
            auth_time: now,
            expires_at: now + lifetime,
        },
    );
    if let Some(t) = world.transactions.get_mut(tx) {
        t.signed_in = Some((user_id, now));
    }
    let mut response = continue_transaction(world, tx);
    let max_age = if remember {
        format!("; Max-Age={lifetime}")
    } else {
        String::new()
    };
    let cookie = format!("{SESSION_COOKIE}={session_id}; Path=/; HttpOnly; SameSite=Lax{max_age}");
    response.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).expect("cookie is ASCII"),
    );
    response
}

/// `GET /accounts/signup` (`prompt=create`).
pub async fn signup_form(State(emu): State<Emulator>, Query(q): Query<TxQuery>) -> Response {
    if !emu.world().transactions.contains_key(&q.tx) {
        return expired();
    }
    signup_page(&q.tx, None)
}

/// `POST /accounts/signup`: creates a Kakao account with a verified email, signs it in and
/// continues to the consent page.
pub async fn signup_submit(State(emu): State<Emulator>, body: Bytes) -> Response {
    let Ok(form) = Params::parse(&body) else {
        return expired();
    };
    let mut world = emu.world();
    let tx = form.get("tx").unwrap_or("").to_owned();
    if !world.transactions.contains_key(&tx) {
        return expired();
    }
    let Some(nickname) = form
        .get("nickname")
        .map(str::trim)
        .filter(|n| !n.is_empty())
    else {
        let mut response = signup_page(&tx, Some("닉네임을 입력해 주세요."));
        *response.status_mut() = StatusCode::BAD_REQUEST;
        return response;
    };
    let id = world.users.keys().max().map_or(1, |max| max + 1);
    let user = User {
        email: form.get("email").map(str::to_owned),
        ..User::new(id, nickname)
    };
    world.users.insert(id, user);
    sign_in_and_continue(&mut world, &tx, id, false)
}

/// `GET /oauth/consent`.
pub async fn consent_form(State(emu): State<Emulator>, Query(q): Query<TxQuery>) -> Response {
    let world = emu.world();
    render_consent(&world, &q.tx, None)
}

fn render_consent(world: &World, tx: &str, problem: Option<&str>) -> Response {
    let Some(t) = world.transactions.get(tx) else {
        return expired();
    };
    let Some((user_id, _)) = t.signed_in else {
        return found(&format!("/accounts/login?tx={tx}"));
    };
    let (Some(app), Some(user)) = (world.app(t.req.app_id), world.users.get(&user_id)) else {
        return expired();
    };
    consent_page(
        tx,
        app,
        user,
        &pending(world, app, &t.req, user_id),
        problem,
    )
}

/// `POST /oauth/consent`: cancel → `access_denied`; agree → record consent and redirect with a
/// code, or show the page again when a required item is unticked.
pub async fn consent_submit(State(emu): State<Emulator>, body: Bytes) -> Response {
    let Ok(pairs) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body) else {
        return expired();
    };
    let field = |name: &str| -> BTreeSet<String> {
        pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    };
    let tx = field("tx").into_iter().next().unwrap_or_default();
    let mut world = emu.world();
    let Some(t) = world.transactions.get(&tx).cloned() else {
        return expired();
    };
    let Some((user_id, auth_time)) = t.signed_in else {
        return found(&format!("/accounts/login?tx={tx}"));
    };
    if field("action").contains("cancel") {
        world.transactions.remove(&tx);
        return found(&error_location(
            &t.req,
            "access_denied",
            "User denied access",
        ));
    }
    let app = world
        .app(t.req.app_id)
        .cloned()
        .expect("transaction app exists");
    let todo = pending(&world, &app, &t.req, user_id);
    let decision = if field("agree_all").contains("on") {
        Decision {
            scopes: todo.scopes.iter().cloned().collect(),
            terms: todo.terms.iter().cloned().collect(),
            channels: todo.channels.iter().cloned().collect(),
        }
    } else {
        Decision {
            scopes: field("scope"),
            terms: field("term"),
            channels: field("channel"),
        }
    };
    if !missing_required(&app, &todo, &decision).is_empty() {
        return render_consent(&world, &tx, Some("필수 항목에 모두 동의해 주세요."));
    }
    world.transactions.remove(&tx);
    let code = record_and_issue_code(&mut world, &t.req, user_id, &todo, &decision, auth_time);
    found(&code_location(&t.req, &code))
}
