//! The id_token check: RS256 only, against Kakao's JWKS (cached, refetched on an unknown `kid` at
//! most once per [`REFETCH_COOLDOWN`]), with `iss`, `aud`, `exp` and `iat` (60 s leeway), no
//! `crit` extension, and a constant-time `nonce` comparison.
//! <https://developers.kakao.com/docs/latest/en/kakaologin/utilize#oidc-id-token-verify>

use std::collections::HashMap;
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use kakao_sync_wire::kakao::{IdTokenClaims, Jwks};
use kakao_sync_wire::oauth::Nonce;
use ring::signature::{RSA_PKCS1_2048_8192_SHA256, RsaPublicKeyComponents};
use serde::Deserialize;
use tokio::sync::{Mutex, RwLock};

use super::{KakaoClient, KakaoError};
use crate::db;
use crate::error::Error;

/// Clock skew tolerated on `exp` and `iat`.
const LEEWAY_SECS: i64 = 60;

/// How old an id_token may be when it is checked. The backend checks it right after the code
/// exchange that issued it, so an older one is a replay, not a slow network.
const MAX_AGE_SECS: i64 = 600;

/// The shortest time between two JWKS refetches caused by an unknown `kid`: tokens with made-up
/// `kid`s must not turn into a stream of requests to Kakao, which may block a service that
/// fetches too often. <https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#oidc-find-public-key>
pub const REFETCH_COOLDOWN: Duration = Duration::from_secs(300);

/// The JWS algorithms of RFC 7518 other than RS256: named, but refused. Any other `alg`
/// (`none` among them) makes the header malformed.
const OTHER_ALGS: [&str; 11] = [
    "HS256", "HS384", "HS512", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384",
    "PS512",
];

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
    /// Extensions the token says a reader must understand (RFC 7515 §4.1.11). This reader
    /// implements none, so any `crit` refuses the token.
    crit: Option<serde_json::Value>,
}

/// Verifies id_tokens and keeps the JWKS between calls.
///
/// The signature is checked with ring, the crate the TLS stack already uses: `make bench`
/// profiled RustCrypto's `rsa` at about an eighth of the backend's CPU time under load.
#[derive(Debug, Default)]
pub struct IdTokenVerifier {
    keys: RwLock<HashMap<String, RsaKey>>,
    /// One fetch at a time: concurrent logins after a key rotation share it. Holds when the last
    /// refetch for an unknown `kid` happened (`None`: none yet; the first fetch is not one).
    refetch: Mutex<Refetches>,
}

#[derive(Debug, Default)]
struct Refetches {
    fetched: bool,
    last_for_unknown_kid: Option<Instant>,
}

impl IdTokenVerifier {
    /// Checks `token` as issued to this app for this login, and returns its claims.
    pub async fn verify(
        &self,
        kakao: &KakaoClient,
        token: &str,
        nonce: &Nonce,
    ) -> Result<IdTokenClaims, Error> {
        self.check(kakao, token, Some(nonce)).await
    }

    /// Checks `token` as issued to this app for a login that Kakao started, not this service
    /// (the sync plugin's consent in a chat): everything but the nonce, which the service never
    /// chose. The code's single use (`db::claim_code`) and the token's age bound its replay.
    pub async fn verify_unsolicited(
        &self,
        kakao: &KakaoClient,
        token: &str,
    ) -> Result<IdTokenClaims, Error> {
        self.check(kakao, token, None).await
    }

    async fn check(
        &self,
        kakao: &KakaoClient,
        token: &str,
        nonce: Option<&Nonce>,
    ) -> Result<IdTokenClaims, Error> {
        let invalid = |why: &str| Error::IdTokenInvalid(why.to_owned());
        let malformed = || invalid("malformed token or unsupported alg");
        let mut parts = token.split('.');
        let (Some(header), Some(payload), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(malformed());
        };
        let Header { alg, kid, crit } = decode_json(header).ok_or_else(malformed)?;
        if crit.is_some() {
            return Err(invalid(
                "crit names an extension this reader does not implement",
            ));
        }
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
        let now = db::now();
        if claims.exp < now - LEEWAY_SECS {
            return Err(invalid("expired"));
        }
        if claims.iat > now + LEEWAY_SECS {
            return Err(invalid("issued in the future"));
        }
        if claims.iat < now - MAX_AGE_SECS - LEEWAY_SECS {
            return Err(invalid("issued too long ago"));
        }
        if claims.iss != config.issuer {
            return Err(invalid("wrong iss"));
        }
        if claims.aud != config.rest_api_key {
            return Err(invalid("wrong aud"));
        }
        match (nonce, &claims.nonce) {
            (None, _) => Ok(claims),
            (Some(expected), Some(n)) if expected.matches(n) => Ok(claims),
            _ => Err(invalid("nonce does not match this login")),
        }
    }

    async fn key(&self, kakao: &KakaoClient, kid: &str) -> Result<Option<RsaKey>, KakaoError> {
        if let Some(key) = self.keys.read().await.get(kid) {
            return Ok(Some(key.clone()));
        }
        let mut refetches = self.refetch.lock().await;
        if let Some(key) = self.keys.read().await.get(kid) {
            return Ok(Some(key.clone()));
        }
        if refetches.fetched {
            let now = Instant::now();
            if refetches
                .last_for_unknown_kid
                .is_some_and(|last| now.duration_since(last) < REFETCH_COOLDOWN)
            {
                return Ok(None);
            }
            refetches.last_for_unknown_kid = Some(now);
        }
        let fresh = rsa_keys(&kakao.jwks().await?);
        refetches.fetched = true;
        let key = fresh.get(kid).cloned();
        *self.keys.write().await = fresh;
        Ok(key)
    }
}

/// A base64url (unpadded) JSON segment of the token.
fn decode_json<T: for<'de> Deserialize<'de>>(segment: &str) -> Option<T> {
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(segment).ok()?).ok()
}

/// The `kid`s of the keys in `jwks` this reader can check an RS256 signature with.
pub(crate) fn usable_kids(jwks: &Jwks) -> Vec<String> {
    let mut kids: Vec<String> = rsa_keys(jwks).into_keys().collect();
    kids.sort();
    kids
}

/// The keys of a JWKS that can check an RS256 signature, by `kid`. What this reader cannot use
/// is skipped, not an error (RFC 7517 §5): other key types, other algorithms, encryption keys,
/// keys without a `kid` or with a broken modulus. A key without `alg` or `use` may be used for
/// RS256 signatures (both members are optional, RFC 7517 §4.2 and §4.4).
fn rsa_keys(jwks: &Jwks) -> HashMap<String, RsaKey> {
    jwks.keys
        .iter()
        .filter(|k| k.kty == "RSA")
        .filter(|k| k.alg.as_deref().is_none_or(|alg| alg == "RS256"))
        .filter(|k| k.use_.as_deref().is_none_or(|u| u == "sig"))
        .filter_map(|k| {
            let key = RsaKey {
                n: URL_SAFE_NO_PAD.decode(k.n.as_deref()?).ok()?,
                e: URL_SAFE_NO_PAD.decode(k.e.as_deref()?).ok()?,
            };
            Some((k.kid.clone()?, key))
        })
        .collect()
}
