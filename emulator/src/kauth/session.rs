//! The Kakao account side of the authorize pages: who is signed in to Kakao in this browser
//! (session cookie, or the KakaoTalk in-app user), the login page and account creation.
//!
//! <https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api#request-code>

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;

use super::authorize::{TxQuery, continue_transaction, expired};
use super::pages::{login_page, signup_page};
use crate::fixture::User;
use crate::params::Params;
use crate::state::{Emulator, Session, World, random_token};

/// The Kakao account session cookie.
pub const SESSION_COOKIE: &str = "kakao_emulator_session";

/// The signed-in Kakao account of this browser: the in-app user inside KakaoTalk, otherwise
/// the session cookie's account. (user id, auth time).
pub(crate) fn signed_in(world: &World, headers: &HeaderMap) -> Option<(i64, i64)> {
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
pub(super) fn in_kakaotalk(headers: &HeaderMap) -> bool {
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
        offers_talk(&headers),
        None,
    )
}

/// Kakao's login page offers "카카오톡으로 로그인" on a phone outside KakaoTalk. UNCONFIRMED: the
/// exact rule; third-party reports see the button on mobile browsers.
pub(super) fn offers_talk(headers: &HeaderMap) -> bool {
    let ua = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    ["Android", "iPhone", "iPad"].iter().any(|p| ua.contains(p)) && !in_kakaotalk(headers)
}

/// `POST /accounts/login`: signs the browser in as the chosen account (`account`) or the one
/// whose email is `login_id`, then continues.
pub async fn login_submit(
    State(emu): State<Emulator>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
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
            offers_talk(&headers),
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
