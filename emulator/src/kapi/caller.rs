//! Who is calling kapi: a user through a Bearer access token, or the service through
//! `KakaoAK <admin key>` plus `target_id_type=user_id&target_id=…`.
//!
//! <https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api#req-user-info>

use axum::http::{HeaderMap, header};
use subtle::ConstantTimeEq;

use crate::fixture::App;
use crate::params::Params;
use crate::respond::KapiErr;
use crate::state::{Link, World};

/// A resolved kapi caller: the app and the linked user the request is about.
#[derive(Clone, Debug)]
pub struct Caller {
    pub app_id: i64,
    pub user_id: i64,
    /// The Bearer token when the call used one.
    pub access_token: Option<String>,
    pub expires_at: Option<i64>,
}

impl Caller {
    /// The caller's app and the user's link to it, or `-101` once the user is unlinked.
    pub fn linked<'w>(&self, world: &'w World) -> Result<(&'w App, &'w Link), KapiErr> {
        match (
            world.app(self.app_id),
            world.links.get(&(self.app_id, self.user_id)),
        ) {
            (Some(app), Some(link)) => Ok((app, link)),
            _ => Err(KapiErr::not_linked()),
        }
    }

    /// [`Caller::linked`], for changing the link.
    pub fn linked_mut<'w>(&self, world: &'w mut World) -> Result<(App, &'w mut Link), KapiErr> {
        let app = world
            .app(self.app_id)
            .cloned()
            .ok_or_else(KapiErr::not_linked)?;
        let link = world
            .links
            .get_mut(&(self.app_id, self.user_id))
            .ok_or_else(KapiErr::not_linked)?;
        Ok((app, link))
    }
}

/// Which credentials an endpoint accepts.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Accepts {
    BearerOnly,
    BearerOrAdminKey,
}

/// Resolves the caller, or the kapi error Kakao answers (`-401`, `-2`, `-101`).
pub fn resolve(
    world: &World,
    headers: &HeaderMap,
    params: &Params,
    accepts: Accepts,
) -> Result<Caller, KapiErr> {
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| KapiErr::invalid_token("no authentication key!"))?;
    if let Some(token) = authorization.strip_prefix("Bearer ") {
        let issued = world
            .access_tokens
            .get(token.trim())
            .ok_or_else(|| KapiErr::invalid_token("this access token does not exist"))?;
        if issued.expires_at <= world.now() {
            return Err(KapiErr::invalid_token(
                "this access token is already expired",
            ));
        }
        return Ok(Caller {
            app_id: issued.app_id,
            user_id: issued.user_id,
            access_token: Some(token.trim().to_owned()),
            expires_at: Some(issued.expires_at),
        });
    }
    let Some(admin_key) = authorization.strip_prefix("KakaoAK ") else {
        return Err(KapiErr::invalid_token("unsupported authorization scheme"));
    };
    if accepts == Accepts::BearerOnly {
        return Err(KapiErr::invalid_token(
            "this API needs a user access token, not an admin key",
        ));
    }
    let app = world
        .apps
        .iter()
        .find(|a| bool::from(a.admin_key.as_bytes().ct_eq(admin_key.trim().as_bytes())))
        .ok_or_else(|| KapiErr::invalid_token("wrong admin key"))?;
    if params.get("target_id_type") != Some("user_id") {
        return Err(KapiErr::bad_param("target_id_type=user_id is required"));
    }
    let user_id = params
        .get("target_id")
        .and_then(|v| v.parse::<i64>().ok())
        .ok_or_else(|| KapiErr::bad_param("target_id must be a user id (Long)"))?;
    if !world.links.contains_key(&(app.app_id, user_id)) {
        return Err(KapiErr::not_linked());
    }
    Ok(Caller {
        app_id: app.app_id,
        user_id,
        access_token: None,
        expires_at: None,
    })
}
