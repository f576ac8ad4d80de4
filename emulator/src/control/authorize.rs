//! `POST /__emulator/authorize`: a test shortcut through the authorize pages. It checks the app
//! and redirect URI like `/oauth/authorize`, records the same consent the consent screen would,
//! and answers the code and the redirect location, with no browser involved.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::error;
use crate::kauth::consent::{Decision, missing_required, pending, record_and_issue_code};
use crate::kauth::request::{code_location, plugin_continue_url};
use crate::respond::json;
use crate::state::{AuthorizeRequest, Emulator};

/// The shortcut's body.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shortcut {
    client_id: String,
    redirect_uri: String,
    user_id: i64,
    /// Consent items agreed; default: all of the app's.
    #[serde(default)]
    scope: Option<Vec<String>>,
    /// Service terms agreed; default: all of the app's.
    #[serde(default)]
    service_terms: Option<Vec<String>>,
    /// Channels added; default: none.
    #[serde(default)]
    channels: Vec<String>,
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    nonce: Option<String>,
    /// An S256 challenge.
    #[serde(default)]
    code_challenge: Option<String>,
}

/// Answers `{code, location}`, or 400 naming what is wrong (unknown app, unregistered redirect
/// URI, unknown user, required items left out).
pub async fn shortcut(State(emu): State<Emulator>, Json(body): Json<Shortcut>) -> Response {
    let mut world = emu.world();
    let Some(app) = world.app_by_client_id(&body.client_id).cloned() else {
        return error(StatusCode::BAD_REQUEST, "KOE101: unknown client_id");
    };
    if !app.redirect_uris.contains(&body.redirect_uri) {
        return error(
            StatusCode::BAD_REQUEST,
            "KOE006: redirect_uri is not registered",
        );
    }
    if !world.users.contains_key(&body.user_id) {
        return error(
            StatusCode::BAD_REQUEST,
            &format!("no user {}", body.user_id),
        );
    }
    let scopes = body
        .scope
        .unwrap_or_else(|| app.consent_items.iter().map(|c| c.id.clone()).collect());
    if let Some(unknown) = scopes
        .iter()
        .find(|s| !app.consent_items.iter().any(|c| &c.id == *s))
    {
        return error(
            StatusCode::BAD_REQUEST,
            &format!("KOE205: unknown scope {unknown}"),
        );
    }
    let terms = body
        .service_terms
        .unwrap_or_else(|| app.service_terms.iter().map(|t| t.tag.clone()).collect());
    if let Some(unknown) = terms
        .iter()
        .find(|t| !app.service_terms.iter().any(|c| &c.tag == *t))
    {
        return error(
            StatusCode::BAD_REQUEST,
            &format!("unknown service term {unknown}"),
        );
    }
    let continue_url = plugin_continue_url(&app, &body.redirect_uri, emu.issuer());
    let req = AuthorizeRequest {
        app_id: app.app_id,
        redirect_uri: body.redirect_uri,
        state: body.state,
        nonce: body.nonce,
        scopes: scopes.clone(),
        scope_sent: false,
        openid_requested: false,
        service_terms: None,
        channels: body.channels.clone(),
        login_hint: None,
        code_challenge: body.code_challenge,
        continue_url,
        auth_tran_id: None,
    };
    // As on the page for a request without `service_terms`, plus the listed terms that are
    // not agreed yet (as if `service_terms` had asked for them again).
    let mut todo = pending(&world, &app, &req, body.user_id);
    let link = world.links.get(&(app.app_id, body.user_id));
    for tag in &terms {
        let agreed = link.is_some_and(|l| l.terms.contains_key(tag));
        if !agreed && !todo.terms.contains(tag) {
            todo.terms.push(tag.clone());
        }
    }
    let decision = Decision {
        scopes: scopes.into_iter().collect(),
        terms: terms.into_iter().collect(),
        channels: body.channels.into_iter().collect(),
    };
    let missing = missing_required(&app, &todo, &decision);
    if !missing.is_empty() {
        return error(
            StatusCode::BAD_REQUEST,
            &format!("required items not agreed: {}", missing.join(", ")),
        );
    }
    let now = world.now();
    let code = record_and_issue_code(&mut world, &req, body.user_id, &todo, &decision, now);
    json(
        StatusCode::OK,
        &serde_json::json!({ "code": code, "location": code_location(&req, &code) }),
    )
}
