//! `POST /oauth/token`: the code and refresh grants, with `client_secret_post`, single-use codes,
//! PKCE S256, refresh-token rotation and per-user issuance limits.
//!
//! <https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api#request-token>

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use subtle::ConstantTimeEq;

use crate::fixture::App;
use crate::params::{Params, kauth_form};
use crate::respond::{KauthErr, json};
use crate::state::{AccessToken, Emulator, RefreshToken, World, random_token};
use crate::user_view::View;

/// The token endpoint.
pub async fn token(
    State(emu): State<Emulator>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, KauthErr> {
    let form = kauth_form(&headers, &body)?;
    let mut world = emu.world();
    let app = authenticate_client(&world, &form)?;
    let response = match form.get("grant_type") {
        Some("authorization_code") => code_grant(&emu, &mut world, &app, &form)?,
        Some("refresh_token") => refresh_grant(&emu, &mut world, &app, &form)?,
        other => {
            return Err(KauthErr::plain(
                "invalid_request",
                format!("unsupported grant_type: {}", other.unwrap_or("")),
            ));
        }
    };
    Ok(json(StatusCode::OK, &response))
}

/// `client_id` must name an app; while its secret is on, `client_secret` must match it.
fn authenticate_client(world: &World, form: &Params) -> Result<App, KauthErr> {
    let client_id = form.get("client_id").unwrap_or("");
    let app = world
        .app_by_client_id(client_id)
        .ok_or_else(|| KauthErr::koe("KOE101", format!("Not exist client_id [{client_id}]")))?;
    if let Some(secret) = &app.client_secret {
        let sent = form.get("client_secret").unwrap_or("");
        if !bool::from(sent.as_bytes().ct_eq(secret.as_bytes())) {
            return Err(KauthErr::koe("KOE010", "Bad client credentials"));
        }
    }
    Ok(app.clone())
}

fn code_grant(
    emu: &Emulator,
    world: &mut World,
    app: &App,
    form: &Params,
) -> Result<Value, KauthErr> {
    let code = form.get("code").unwrap_or("");
    let now = world.now();
    // Any use burns the code, including a failed one: codes are single use.
    let grant = world
        .codes
        .remove(code)
        .filter(|g| g.app_id == app.app_id && g.expires_at > now)
        .ok_or_else(|| {
            KauthErr::koe(
                "KOE320",
                format!("authorization code not found for code={code}"),
            )
        })?;
    if form.get("redirect_uri") != Some(grant.redirect_uri.as_str()) {
        return Err(KauthErr::koe("KOE303", "redirect_uri mismatch"));
    }
    if let Some(challenge) = &grant.code_challenge {
        // Kakao documents no KOE code for a PKCE failure (UNCONFIRMED), so none is sent.
        let verifier = form
            .get("code_verifier")
            .ok_or_else(|| KauthErr::plain("invalid_grant", "code_verifier is required"))?;
        let digest = ring::digest::digest(&ring::digest::SHA256, verifier.as_bytes());
        let computed = URL_SAFE_NO_PAD.encode(digest);
        if !bool::from(computed.as_bytes().ct_eq(challenge.as_bytes())) {
            return Err(KauthErr::plain(
                "invalid_grant",
                "code_verifier does not match code_challenge",
            ));
        }
    }
    check_issuance_limits(world, app.app_id, grant.user_id, true, now)?;
    let refresh = RefreshToken {
        app_id: app.app_id,
        user_id: grant.user_id,
        expires_at: now + world.limits.refresh_token_secs,
        with_id_token: grant.with_id_token,
        auth_time: grant.auth_time,
    };
    let refresh_token = random_token(48);
    world.refresh_tokens.insert(refresh_token.clone(), refresh);
    let mut response = issue_access(emu, world, app, &refresh_token, grant.nonce, true, now);
    response["refresh_token"] = refresh_token.into();
    response["refresh_token_expires_in"] = world.limits.refresh_token_secs.into();
    Ok(response)
}

fn refresh_grant(
    emu: &Emulator,
    world: &mut World,
    app: &App,
    form: &Params,
) -> Result<Value, KauthErr> {
    let presented = form
        .get("refresh_token")
        .ok_or_else(|| KauthErr::koe("KOE319", "refresh_token is required"))?;
    let now = world.now();
    let old = world
        .refresh_tokens
        .get(presented)
        .filter(|t| t.app_id == app.app_id && t.expires_at > now)
        .cloned()
        .ok_or_else(|| KauthErr::koe("KOE322", "expired_or_invalid_refresh_token"))?;
    let rotate = old.expires_at - now < world.limits.refresh_rotation_secs;
    check_issuance_limits(world, app.app_id, old.user_id, rotate, now)?;
    let refresh_token = if rotate {
        world.refresh_tokens.remove(presented);
        let fresh = random_token(48);
        world.refresh_tokens.insert(
            fresh.clone(),
            RefreshToken {
                expires_at: now + world.limits.refresh_token_secs,
                ..old
            },
        );
        fresh
    } else {
        presented.to_owned()
    };
    let mut response = issue_access(emu, world, app, &refresh_token, None, false, now);
    if rotate {
        response["refresh_token"] = refresh_token.into();
        response["refresh_token_expires_in"] = world.limits.refresh_token_secs.into();
    }
    Ok(response)
}

/// KOE237 when the user already got the documented maximum of tokens for this app.
fn check_issuance_limits(
    world: &mut World,
    app_id: i64,
    user_id: i64,
    with_refresh: bool,
    now: i64,
) -> Result<(), KauthErr> {
    let (max_access, max_refresh) = (
        world.limits.access_tokens_per_10_minutes,
        world.limits.refresh_tokens_per_hour,
    );
    let issued = world.issuance.entry((app_id, user_id)).or_default();
    issued.access.retain(|t| now - t < 600);
    issued.refresh.retain(|t| now - t < 3600);
    if issued.access.len() >= max_access || (with_refresh && issued.refresh.len() >= max_refresh) {
        // The `error` value is UNCONFIRMED; third-party reports show `invalid_request`.
        return Err(KauthErr::koe("KOE237", "token request rate limit exceeded"));
    }
    issued.access.push(now);
    if with_refresh {
        issued.refresh.push(now);
    }
    Ok(())
}

/// A new access token bound to `refresh_token`, and an id_token when that refresh token's grant
/// asked for one and OIDC is still on. Fields Kakao sends only sometimes are left out, not null.
fn issue_access(
    emu: &Emulator,
    world: &mut World,
    app: &App,
    refresh_token: &str,
    nonce: Option<String>,
    with_scope: bool,
    now: i64,
) -> Value {
    let rt = world.refresh_tokens[refresh_token].clone();
    let expires_in = world.limits.access_token_secs;
    let access_token = random_token(48);
    world.access_tokens.insert(
        access_token.clone(),
        AccessToken {
            app_id: app.app_id,
            user_id: rt.user_id,
            expires_at: now + expires_in,
            refresh_token: refresh_token.to_owned(),
        },
    );
    let with_id_token = rt.with_id_token && app.oidc;
    let link = world.links.get(&(app.app_id, rt.user_id));
    let user = world.users.get(&rt.user_id);
    let (id_token, scope) = match (link, user) {
        (Some(link), Some(user)) => {
            let view = View {
                app,
                user,
                link,
                issuer: emu.issuer(),
            };
            let id_token = with_id_token.then(|| {
                emu.key().sign(
                    emu.id_token_header(),
                    &view.id_token_claims(now, now + expires_in, rt.auth_time, nonce),
                )
            });
            let mut scopes: Vec<&str> = link.scopes.iter().map(String::as_str).collect();
            if with_id_token {
                scopes.push("openid");
            }
            (id_token, with_scope.then(|| scopes.join(" ")))
        }
        _ => (None, None),
    };
    let mut answer = json!({
        "token_type": "bearer",
        "access_token": access_token,
        "expires_in": expires_in,
    });
    if let Some(id_token) = id_token {
        answer["id_token"] = id_token.into();
    }
    if let Some(scope) = scope {
        answer["scope"] = scope.into();
    }
    answer
}
