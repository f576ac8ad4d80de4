//! KakaoTalk easy login on kauth's side: an authorization asked for with `is_popup=true` and an
//! `auth_tran_id` ends not in a redirect but in a result kept for `GET /apiweb/code.json`, which
//! the page in the phone's browser polls with the app's JavaScript key; and the account login
//! page's own "카카오톡으로 로그인" (`/accounts/talk`).
//!
//! Kakao documents none of this as REST. The shapes come from Kakao's open-source Flutter SDK
//! (github.com/kakao/kakao_flutter_sdk: `auth_api.dart` `codeForWeb` sends `client_id`,
//! `auth_tran_id` and `ka`, reads `code`, and keeps polling on any body that mentions `error`;
//! `auth_code.dart` polls once a second) and from the JavaScript SDK 2.7.1, which treats
//! `error_code` `"300"` as pending and `"700"` as the end of the transaction.

use axum::extract::{Query, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::authorize::{TxQuery, expired, found};
use super::pages::{login_page, talk_confirm_page, talk_done_page};
use super::request::{code_location, error_location};
use super::session::offers_talk;
use crate::fixture::{App, User};
use crate::params::Params;
use crate::respond::{KauthErr, json};
use crate::state::{AuthorizeRequest, Emulator, TalkOutcome, TalkResult, World};

/// How an authorization ended.
pub enum Outcome<'a> {
    Code(String),
    Error {
        error: &'a str,
        description: &'a str,
    },
}

/// Sends the outcome where the request asked for it: to the redirect URI, or, for a KakaoTalk
/// easy login, into the result `code.json` hands out (for as long as a code lives), with
/// KakaoTalk's closing screen.
pub fn deliver(world: &mut World, req: &AuthorizeRequest, outcome: Outcome<'_>) -> Response {
    let Some(id) = req.auth_tran_id.clone() else {
        return found(&match outcome {
            Outcome::Code(code) => code_location(req, &code),
            Outcome::Error { error, description } => error_location(req, error, description),
        });
    };
    let outcome = match outcome {
        Outcome::Code(code) => TalkOutcome::Code(code),
        Outcome::Error { error, description } => TalkOutcome::Error {
            error: error.to_owned(),
            description: description.to_owned(),
        },
    };
    let signed_in = matches!(outcome, TalkOutcome::Code(_));
    let expires_at = world.now() + world.limits.code_secs;
    world.talk_results.insert(
        id,
        TalkResult {
            app_id: req.app_id,
            outcome,
            expires_at,
        },
    );
    talk_done_page(signed_in)
}

/// `GET /apiweb/code.json?client_id=<JavaScript key>&auth_tran_id=…&ka=…`.
///
/// - An unknown JavaScript key: kauth's `KOE101` error (400), as `/oauth/authorize` refuses it.
/// - No finished login under the id, or another app's: pending, `{"status":"error",
///   "error_code":"300"}` with 200. Kakao cannot tell a transaction KakaoTalk has not opened yet
///   from one it never will, so the page's own deadline ends the wait.
/// - A finished one: `{"code"}`, or `{"error","error_description"}` when the user cancelled in
///   KakaoTalk; handed out once.
/// - One older than a code's lifetime: `{"status":"error","error_code":"700"}`. UNCONFIRMED:
///   what Kakao answers for an expired transaction; `700` is the code the JavaScript SDK treats
///   as the end of one.
///
/// Pages on the app's JavaScript SDK domains may read the answer (CORS): Kakao's SDKs read it
/// from the service's origin. UNCONFIRMED: kauth's exact CORS headers.
pub async fn code_json(
    State(emu): State<Emulator>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let params = Params::parse(query.unwrap_or_default().as_bytes()).unwrap_or_default();
    let mut world = emu.world();
    let client_id = params.get("client_id").unwrap_or("");
    let Some(app) = world.app_by_javascript_key(client_id).cloned() else {
        return KauthErr::koe("KOE101", format!("Not exist client_id [{client_id}]"))
            .into_response();
    };
    let Some(id) = params.get("auth_tran_id") else {
        return with_cors(
            KauthErr::plain("invalid_request", "auth_tran_id is required").into_response(),
            &app,
            &headers,
        );
    };
    let now = world.now();
    let mine = world
        .talk_results
        .get(id)
        .is_some_and(|r| r.app_id == app.app_id);
    let result = if mine {
        world.talk_results.remove(id)
    } else {
        None
    };
    let body = match result {
        None => json!({"status": "error", "error_code": "300"}),
        Some(result) if result.expires_at <= now => {
            json!({"status": "error", "error_code": "700"})
        }
        Some(TalkResult {
            outcome: TalkOutcome::Code(code),
            ..
        }) => json!({ "code": code }),
        Some(TalkResult {
            outcome: TalkOutcome::Error { error, description },
            ..
        }) => json!({"error": error, "error_description": description}),
    };
    with_cors(json(StatusCode::OK, &body), &app, &headers)
}

/// `Access-Control-Allow-Origin` for a request from one of the app's JavaScript SDK domains.
fn with_cors(mut response: Response, app: &App, headers: &HeaderMap) -> Response {
    let origin = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .filter(|o| app.javascript_sdk_domains.iter().any(|d| d == o));
    let response_headers = response.headers_mut();
    response_headers.insert(header::VARY, HeaderValue::from_static("Origin"));
    if let Some(value) = origin.and_then(|o| HeaderValue::from_str(o).ok()) {
        response_headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
    }
    response
}

/// KakaoTalk's signed-in account, when the phone has KakaoTalk and it is signed in.
pub fn talk_account(world: &World) -> Option<&User> {
    world
        .inapp_user
        .filter(|_| world.talk_installed)
        .and_then(|id| world.users.get(&id))
}

/// KakaoTalk's confirmation screen for the transaction `tx`, or why KakaoTalk cannot sign in.
pub fn confirm_in_talk(world: &World, tx: &str) -> Response {
    let Some(t) = world.transactions.get(tx) else {
        return expired();
    };
    let (Some(app), Some(user)) = (world.app(t.req.app_id), talk_account(world)) else {
        return found(&format!("/accounts/login?tx={tx}"));
    };
    talk_confirm_page(tx, app, user)
}

/// `GET /accounts/talk?tx=…`: the login page's "카카오톡으로 로그인". On a phone with KakaoTalk
/// signed in, KakaoTalk asks to confirm the account and the login continues here; without
/// KakaoTalk, the login page says so.
pub async fn accounts_talk(
    State(emu): State<Emulator>,
    headers: HeaderMap,
    Query(q): Query<TxQuery>,
) -> Response {
    let world = emu.world();
    let Some(t) = world.transactions.get(&q.tx) else {
        return expired();
    };
    if talk_account(&world).is_some() {
        return confirm_in_talk(&world, &q.tx);
    }
    let users: Vec<&User> = world.users.values().collect();
    let mut response = login_page(
        &q.tx,
        &users,
        t.req.login_hint.as_deref(),
        None,
        false,
        offers_talk(&headers),
        Some("카카오톡을 실행할 수 없습니다. 카카오계정으로 로그인해 주세요."),
    );
    *response.status_mut() = StatusCode::CONFLICT;
    response
}
