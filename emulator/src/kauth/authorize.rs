//! `GET /oauth/authorize` and the consent screen it leads to (after the Kakao account pages in
//! [`super::session`]), ending in a redirect with `code` or `error`.
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
use super::pages::{consent_page, error_page};
use super::request::{PageError, check, plugin_continue_url};
use super::session::{in_kakaotalk, signed_in};
use super::talk::{Outcome, deliver};
use crate::params::Params;
use crate::state::{AuthorizeRequest, Emulator, Transaction, World, random_token};

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
    let (mut req, prompts) = (checked.req, checked.prompts);
    let app = world.app(req.app_id).cloned().expect("checked app");
    req.continue_url = plugin_continue_url(&app, &req.redirect_uri, emu.issuer());
    let current = signed_in(&world, &headers);
    if prompts.none {
        let Some((user_id, auth_time)) = current else {
            // UNCONFIRMED for REST: Kakao's SDKs name this outcome `login_required`.
            return deliver(
                &mut world,
                &req,
                Outcome::Error {
                    error: "login_required",
                    description: "user is not logged in.",
                },
            );
        };
        if needs_consent(&world, &app, &req, user_id) {
            return deliver(
                &mut world,
                &req,
                Outcome::Error {
                    error: "consent_required",
                    description: "user consent required.",
                },
            );
        }
        let code = issue_code(&mut world, &req, user_id, auth_time);
        return deliver(&mut world, &req, Outcome::Code(code));
    }
    // `prompt=login` is not available in the KakaoTalk in-app browser, so it is ignored there.
    let show_login =
        current.is_none() || (prompts.login && !in_kakaotalk(&headers)) || prompts.select_account;
    let signed_in = if show_login || prompts.create {
        None
    } else {
        current
    };
    let tx = open_transaction(&mut world, req, signed_in);
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

/// Keeps `req` for the login and consent pages under a new transaction id, dropping expired
/// ones first.
pub(crate) fn open_transaction(
    world: &mut World,
    req: AuthorizeRequest,
    signed_in: Option<(i64, i64)>,
) -> String {
    let now = world.now();
    world.transactions.retain(|_, t| t.expires_at > now);
    let tx = random_token(24);
    world.transactions.insert(
        tx.clone(),
        Transaction {
            req,
            signed_in,
            expires_at: now + TRANSACTION_SECS,
        },
    );
    tx
}

/// Once the account is known: a code when nothing needs consent, else the consent page.
pub(crate) fn continue_transaction(world: &mut World, tx: &str) -> Response {
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
        return deliver(world, &t.req, Outcome::Code(code));
    }
    found(&format!("/oauth/consent?tx={tx}"))
}

/// The user pressed cancel (on the consent screen or in KakaoTalk): `access_denied`.
pub(crate) fn cancel_transaction(world: &mut World, tx: &str) -> Response {
    let Some(t) = world.transactions.remove(tx) else {
        return expired();
    };
    deliver(
        world,
        &t.req,
        Outcome::Error {
            error: "access_denied",
            description: "User denied access",
        },
    )
}

pub(crate) fn expired() -> Response {
    error_page(&PageError::new(
        "KOE001",
        "this login page has expired; start again from the service",
    ))
}

/// `?tx=…` of the page routes.
#[derive(serde::Deserialize)]
pub struct TxQuery {
    pub tx: String,
    /// Set by `prompt=select_account`: the login page is an account picker.
    #[serde(default)]
    pub choose: Option<String>,
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
        return cancel_transaction(&mut world, &tx);
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
    deliver(&mut world, &t.req, Outcome::Code(code))
}
