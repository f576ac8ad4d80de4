//! The id_token check: RS256 only, against Kakao's JWKS (cached, refetched once on an unknown
//! `kid`), with `iss`, `aud`, `exp` (60 s leeway) and a constant-time `nonce` comparison.
//! <https://developers.kakao.com/docs/latest/en/kakaologin/utilize#oidc-id-token-verify>

use std::collections::HashMap;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use kakao_sync_wire::kakao::{IdTokenClaims, Jwks};
use ring::signature::{RSA_PKCS1_2048_8192_SHA256, RsaPublicKeyComponents};
use serde::Deserialize;
use tokio::sync::{Mutex, RwLock};

use super::{KakaoClient, KakaoError};
use crate::db;
use crate::error::Error;
use crate::secret::ct_eq;

/// Clock skew tolerated on `exp`.
const LEEWAY_SECS: i64 = 60;

/// The JWS algorithms of RFC 7518 other than RS256: named, but refused. Any other `alg`
/// (`none` among them) makes the header malformed.
const OTHER_ALGS: [&str; 11] = [
    "HS256", "HS384", "HS512", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384",
    "PS512",
];

/// The nonce the page put into the authorize URL.
pub struct Nonce<'a>(pub &'a str);

/// An RSA public key from the JWKS: big-endian modulus and exponent.
#[derive(Clone, Debug)]
struct RsaKey {
    n: Vec<u8>,
    e: Vec<u8>,
}

#[derive(Deserialize)]
struct Header {
    alg: String,
    kid: Option<String>,
}

/// Verifies id_tokens and keeps the JWKS between calls.
///
/// The signature is checked with ring, the crate the TLS stack already uses: `make bench`
/// profiled RustCrypto's `rsa` at about an eighth of the backend's CPU time under load.
#[derive(Debug, Default)]
pub struct IdTokenVerifier {
    keys: RwLock<HashMap<String, RsaKey>>,
    /// One refetch at a time: concurrent logins after a key rotation share it.
    refetch: Mutex<()>,
}

impl IdTokenVerifier {
    /// Checks `token` as issued to this app for this login, and returns its claims.
    pub async fn verify(
        &self,
        kakao: &KakaoClient,
        token: &str,
        nonce: Nonce<'_>,
    ) -> Result<IdTokenClaims, Error> {
        let invalid = |why: &str| Error::IdTokenInvalid(why.to_owned());
        let malformed = || invalid("malformed token or unsupported alg");
        let mut parts = token.split('.');
        let (Some(header), Some(payload), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(malformed());
        };
        let Header { alg, kid } = decode_json(header).ok_or_else(malformed)?;
        if OTHER_ALGS.contains(&alg.as_str()) {
            return Err(invalid("alg must be RS256"));
        }
        if alg != "RS256" {
            return Err(malformed());
        }
        let kid = kid.ok_or_else(|| invalid("no kid in the header"))?;
        let key = self
            .key(kakao, &kid)
            .await?
            .ok_or_else(|| invalid("unknown kid"))?;

        let signature = URL_SAFE_NO_PAD
            .decode(signature)
            .map_err(|_| invalid("bad signature"))?;
        let signed = &token.as_bytes()[..header.len() + 1 + payload.len()];
        RsaPublicKeyComponents {
            n: &key.n,
            e: &key.e,
        }
        .verify(&RSA_PKCS1_2048_8192_SHA256, signed, &signature)
        .map_err(|_| invalid("bad signature"))?;

        let claims: IdTokenClaims =
            decode_json(payload).ok_or_else(|| invalid("malformed claims"))?;
        let config = kakao.config();
        if claims.exp < db::now() - LEEWAY_SECS {
            return Err(invalid("expired"));
        }
        if claims.iss != config.issuer {
            return Err(invalid("wrong iss"));
        }
        if claims.aud != config.rest_api_key {
            return Err(invalid("wrong aud"));
        }
        match &claims.nonce {
            Some(n) if ct_eq(n, nonce.0) => Ok(claims),
            _ => Err(invalid("nonce does not match this login")),
        }
    }

    async fn key(&self, kakao: &KakaoClient, kid: &str) -> Result<Option<RsaKey>, KakaoError> {
        if let Some(key) = self.keys.read().await.get(kid) {
            return Ok(Some(key.clone()));
        }
        let _guard = self.refetch.lock().await;
        if let Some(key) = self.keys.read().await.get(kid) {
            return Ok(Some(key.clone()));
        }
        let fresh = rsa_keys(&kakao.jwks().await?);
        let key = fresh.get(kid).cloned();
        *self.keys.write().await = fresh;
        Ok(key)
    }
}

/// A base64url (unpadded) JSON segment of the token.
fn decode_json<T: for<'de> Deserialize<'de>>(segment: &str) -> Option<T> {
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(segment).ok()?).ok()
}

/// The RS256 signing keys of a JWKS by `kid`; other key types are skipped.
fn rsa_keys(jwks: &Jwks) -> HashMap<String, RsaKey> {
    jwks.keys
        .iter()
        .filter(|k| k.kty == "RSA" && k.alg == "RS256" && k.use_ == "sig")
        .filter_map(|k| {
            let key = RsaKey {
                n: URL_SAFE_NO_PAD.decode(&k.n).ok()?,
                e: URL_SAFE_NO_PAD.decode(&k.e).ok()?,
            };
            Some((k.kid.clone(), key))
        })
        .collect()
}
