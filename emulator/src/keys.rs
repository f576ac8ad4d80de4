//! The RS256 key that signs id_tokens, its JWKS entry, and verification for `/oauth/tokeninfo`.
//!
//! <https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api#oidc-get-jwks>

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use ring::rand::SystemRandom;
use ring::signature::{self, RsaKeyPair};

/// The committed, public, test-only key: loading it is instant, generating one is not.
const TEST_ONLY_KEY_PEM: &str = include_str!("../keys/test-only-signing-key.pem");

/// An RSA signing key and the Kakao-style `kid` (30 hex characters) derived from its modulus.
pub struct SigningKey {
    pair: RsaKeyPair,
    kid: String,
    rng: SystemRandom,
}

/// Why a PEM could not be used as a signing key.
#[derive(Debug)]
pub struct KeyError(pub String);

impl std::fmt::Display for KeyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unusable signing key: {}", self.0)
    }
}

impl std::error::Error for KeyError {}

impl SigningKey {
    /// Loads a PKCS#8 PEM RSA key, or the committed test-only key when `pem` is `None`.
    pub fn load(pem: Option<&str>) -> Result<SigningKey, KeyError> {
        let der = pem_body(pem.unwrap_or(TEST_ONLY_KEY_PEM))?;
        let pair = RsaKeyPair::from_pkcs8(&der).map_err(|e| KeyError(e.to_string()))?;
        let digest = ring::digest::digest(&ring::digest::SHA256, pair.public().as_ref());
        let kid = hex(&digest.as_ref()[..15]);
        Ok(SigningKey {
            pair,
            kid,
            rng: SystemRandom::new(),
        })
    }

    /// This key's public half as a JWKS entry, with the members Kakao's JWKS lists.
    pub fn jwk(&self) -> serde_json::Value {
        let public: signature::RsaPublicKeyComponents<Vec<u8>> = self.pair.public().into();
        serde_json::json!({
            "kid": self.kid,
            "kty": "RSA",
            "alg": "RS256",
            "use": "sig",
            "n": URL_SAFE_NO_PAD.encode(&public.n),
            "e": URL_SAFE_NO_PAD.encode(&public.e),
        })
    }

    /// A compact JWS over `claims` with header `{"alg":"RS256","typ":"JWT","kid":…}` plus
    /// `extra_header`'s members.
    pub fn sign(
        &self,
        extra_header: &serde_json::Map<String, serde_json::Value>,
        claims: &impl serde::Serialize,
    ) -> String {
        let mut header = serde_json::json!({"alg": "RS256", "typ": "JWT", "kid": self.kid});
        for (name, value) in extra_header {
            header[name] = value.clone();
        }
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(serde_json::to_vec(claims).expect("claims serialise to JSON")),
        );
        let mut sig = vec![0; self.pair.public().modulus_len()];
        self.pair
            .sign(
                &signature::RSA_PKCS1_SHA256,
                &self.rng,
                signing_input.as_bytes(),
                &mut sig,
            )
            .expect("RSA signing with a valid key and buffer");
        format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(sig))
    }

    /// Checks an RS256 compact JWS made by this key and returns its payload bytes.
    pub fn verify(&self, jws: &str) -> Result<Vec<u8>, JwsError> {
        let mut parts = jws.split('.');
        let (Some(header), Some(payload), Some(sig), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(JwsError::Malformed);
        };
        let payload_bytes = URL_SAFE_NO_PAD
            .decode(payload)
            .map_err(|_| JwsError::Malformed)?;
        let sig = URL_SAFE_NO_PAD
            .decode(sig)
            .map_err(|_| JwsError::Malformed)?;
        let signing_input = &jws[..header.len() + 1 + payload.len()];
        signature::UnparsedPublicKey::new(
            &signature::RSA_PKCS1_2048_8192_SHA256,
            self.pair.public().as_ref(),
        )
        .verify(signing_input.as_bytes(), &sig)
        .map_err(|_| JwsError::BadSignature)?;
        Ok(payload_bytes)
    }
}

/// What is wrong with a JWS handed to [`SigningKey::verify`].
#[derive(Debug, PartialEq, Eq)]
pub enum JwsError {
    Malformed,
    BadSignature,
}

fn pem_body(pem: &str) -> Result<Vec<u8>, KeyError> {
    const BEGIN: &str = "-----BEGIN PRIVATE KEY-----";
    const END: &str = "-----END PRIVATE KEY-----";
    let start = pem
        .find(BEGIN)
        .ok_or_else(|| KeyError("no PKCS#8 `BEGIN PRIVATE KEY` block".into()))?
        + BEGIN.len();
    let len = pem[start..]
        .find(END)
        .ok_or_else(|| KeyError("unterminated PEM block".into()))?;
    let b64: String = pem[start..start + len]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    STANDARD
        .decode(b64)
        .map_err(|e| KeyError(format!("bad base64 in PEM: {e}")))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_test_key_loads_with_a_kakao_shaped_kid() {
        let key = SigningKey::load(None).unwrap();
        let jwk = key.jwk();
        let kid = jwk["kid"].as_str().unwrap();
        assert_eq!(kid.len(), 30);
        assert!(kid.chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(jwk["e"], "AQAB");
    }

    #[test]
    fn a_signed_token_verifies_and_a_tampered_one_does_not() {
        let key = SigningKey::load(None).unwrap();
        let jws = key.sign(&serde_json::Map::new(), &serde_json::json!({"sub": "1"}));
        assert_eq!(key.verify(&jws).unwrap(), br#"{"sub":"1"}"#);
        let tampered = jws.replacen(".ey", ".eX", 1);
        assert!(key.verify(&tampered).is_err());
        assert_eq!(key.verify("a.b"), Err(JwsError::Malformed));
    }

    #[test]
    fn a_pem_without_a_pkcs8_block_is_a_clear_error() {
        let err = SigningKey::load(Some("-----BEGIN RSA PRIVATE KEY-----"))
            .err()
            .unwrap();
        assert!(err.to_string().contains("PKCS#8"));
    }
}
