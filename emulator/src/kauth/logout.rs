//! `GET /oauth/logout`: ends the browser's Kakao account session, then redirects to a
//! registered `logout_redirect_uri` (KOE007 otherwise, on the error page).
//!
//! <https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api#logout-of-service-and-kakaoaccount>

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;

use super::authorize::found;
use super::pages::error_page;
use super::request::{PageError, redirect_with};
use super::session::{SESSION_COOKIE, session_cookie};
use crate::params::Params;
use crate::state::Emulator;

/// Kakao shows a choice screen first (its options are UNCONFIRMED); the emulator logs the
/// Kakao account out at once, which is what a test needs.
pub async fn logout(
    State(emu): State<Emulator>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let params = Params::parse(query.unwrap_or_default().as_bytes()).unwrap_or_default();
    let mut world = emu.world();
    let client_id = params.get("client_id").unwrap_or("");
    let Some(app) = world.app_by_client_id(client_id) else {
        return error_page(&PageError::new(
            "KOE101",
            format!("Not exist client_id [{client_id}]"),
        ));
    };
    let target = params.get("logout_redirect_uri").unwrap_or("");
    if !app.logout_redirect_uris.iter().any(|u| u == target) {
        return error_page(&PageError::new(
            "KOE007",
            format!("Not registered logout_redirect_uri [{target}]"),
        ));
    }
    let location = match params.get("state") {
        Some(state) => redirect_with(target, &[("state", state)]),
        None => target.to_owned(),
    };
    if let Some(session) = session_cookie(&headers) {
        world.sessions.remove(&session);
    }
    let mut response = found(&location);
    response.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_str(&format!(
            "{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"
        ))
        .expect("cookie is ASCII"),
    );
    response
}
