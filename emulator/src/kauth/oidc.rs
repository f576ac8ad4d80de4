//! OpenID Connect on kauth: discovery, JWKS, and the debugging `/oauth/tokeninfo`.
//!
//! <https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api#oidc>

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};

use crate::keys::JwsError;
use crate::params::kauth_form;
use crate::respond::{KauthErr, json};
use crate::state::Emulator;

/// `GET /.well-known/openid-configuration`, Kakao's document with this emulator's URLs.
pub async fn discovery(State(emu): State<Emulator>) -> Response {
    let base = emu.issuer();
    json(
        StatusCode::OK,
        &json!({
            "issuer": base,
            "authorization_endpoint": format!("{base}/oauth/authorize"),
            "token_endpoint": format!("{base}/oauth/token"),
            "userinfo_endpoint": format!("{base}/v1/oidc/userinfo"),
            "jwks_uri": format!("{base}/.well-known/jwks.json"),
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "request_uri_parameter_supported": false,
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "grant_types_supported": ["authorization_code", "refresh_token"],
            "code_challenge_methods_supported": ["S256"],
            "claims_supported": [
                "iss", "aud", "sub", "auth_time", "exp", "iat", "nonce", "nickname", "picture",
                "email"
            ],
        }),
    )
}

/// `GET /.well-known/jwks.json`: the signing key, then the fixture's extra keys.
pub async fn jwks(State(emu): State<Emulator>) -> Response {
    let keys: Vec<Value> = std::iter::once(emu.key().jwk())
        .chain(emu.extra_jwks_keys().iter().cloned())
        .collect();
    json(StatusCode::OK, &json!({ "keys": keys }))
}

/// `POST /oauth/tokeninfo`: the payload of a valid id_token issued here, or KOE400–403.
pub async fn tokeninfo(
    State(emu): State<Emulator>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, KauthErr> {
    let form = kauth_form(&headers, &body)?;
    let id_token = form
        .get("id_token")
        .ok_or_else(|| KauthErr::koe("KOE400", "id_token is required"))?;
    let not_an_id_token = || KauthErr::koe("KOE400", "not a valid id_token");
    let payload = match emu.key().verify(id_token) {
        Ok(payload) => payload,
        Err(JwsError::Malformed) => return Err(not_an_id_token()),
        Err(JwsError::BadSignature) => {
            return Err(KauthErr::koe("KOE402", "invalid signature"));
        }
    };
    let claims: Value = serde_json::from_slice(&payload).map_err(|_| not_an_id_token())?;
    let exp = claims["exp"].as_i64().ok_or_else(not_an_id_token)?;
    if claims["iss"] != emu.issuer() {
        return Err(KauthErr::koe("KOE401", "invalid issuer"));
    }
    if exp <= emu.world().now() {
        return Err(KauthErr::koe("KOE403", "expired id_token"));
    }
    Ok(json(StatusCode::OK, &claims))
}
