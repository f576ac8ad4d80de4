//! The id_token check: RS256 only, against Kakao's JWKS (cached, refetched once on an unknown
//! `kid`), with `iss`, `aud`, `exp` (60 s leeway) and a constant-time `nonce` comparison.
//! <https://developers.kakao.com/docs/latest/en/kakaologin/utilize#oidc-id-token-verify>

use std::collections::HashMap;

use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
use kakao_sync_wire::kakao::{IdTokenClaims, Jwks};
use tokio::sync::{Mutex, RwLock};

use super::{KakaoClient, KakaoError};
use crate::error::Error;
use crate::secret::ct_eq;

/// Clock skew tolerated on `exp`.
const LEEWAY_SECS: u64 = 60;

/// The nonce the page put into the authorize URL.
pub struct Nonce<'a>(pub &'a str);

/// Verifies id_tokens and keeps the JWKS between calls.
#[derive(Debug, Default)]
pub struct IdTokenVerifier {
    keys: RwLock<HashMap<String, DecodingKey>>,
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
        // `alg: none` and unknown algorithms fail here: the header parser knows no such value.
        let header =
            decode_header(token).map_err(|_| invalid("malformed token or unsupported alg"))?;
        if header.alg != Algorithm::RS256 {
            return Err(invalid("alg must be RS256"));
        }
        let kid = header.kid.ok_or_else(|| invalid("no kid in the header"))?;
        let key = self
            .key(kakao, &kid)
            .await?
            .ok_or_else(|| invalid("unknown kid"))?;

        let config = kakao.config();
        let mut validation = Validation::new(Algorithm::RS256);
        validation.leeway = LEEWAY_SECS;
        validation.set_issuer(&[&config.issuer]);
        validation.set_audience(&[&config.rest_api_key]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        let claims = decode::<IdTokenClaims>(token, &key, &validation)
            .map_err(|e| {
                use jsonwebtoken::errors::ErrorKind;
                match e.kind() {
                    ErrorKind::InvalidSignature => invalid("bad signature"),
                    ErrorKind::ExpiredSignature => invalid("expired"),
                    ErrorKind::InvalidIssuer => invalid("wrong iss"),
                    ErrorKind::InvalidAudience => invalid("wrong aud"),
                    _ => invalid("malformed claims"),
                }
            })?
            .claims;
        match &claims.nonce {
            Some(n) if ct_eq(n, nonce.0) => Ok(claims),
            _ => Err(invalid("nonce does not match this login")),
        }
    }

    async fn key(&self, kakao: &KakaoClient, kid: &str) -> Result<Option<DecodingKey>, KakaoError> {
        if let Some(key) = self.keys.read().await.get(kid) {
            return Ok(Some(key.clone()));
        }
        let _guard = self.refetch.lock().await;
        if let Some(key) = self.keys.read().await.get(kid) {
            return Ok(Some(key.clone()));
        }
        let fresh = decoding_keys(&kakao.jwks().await?);
        let key = fresh.get(kid).cloned();
        *self.keys.write().await = fresh;
        Ok(key)
    }
}

/// The RS256 signing keys of a JWKS by `kid`; other key types are skipped.
fn decoding_keys(jwks: &Jwks) -> HashMap<String, DecodingKey> {
    jwks.keys
        .iter()
        .filter(|k| k.kty == "RSA" && k.alg == "RS256" && k.use_ == "sig")
        .filter_map(|k| {
            Some((
                k.kid.clone(),
                DecodingKey::from_rsa_components(&k.n, &k.e).ok()?,
            ))
        })
        .collect()
}
