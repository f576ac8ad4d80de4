//! Kakao's tokens sealed at rest. Each access and refresh token is stored encrypted with
//! ChaCha20-Poly1305 (an AEAD: a changed byte fails to open) under the current `TOKEN_KEY`,
//! with that key's id in front, so a copy of the database alone (a backup, a replica, a stolen
//! file) holds no token Kakao would accept. The keys in `TOKEN_OLD_KEYS` still open what they
//! sealed: rotating is a restart with a new `TOKEN_KEY` and the old one moved to
//! `TOKEN_OLD_KEYS`, where it must stay for `SESSION_TTL_SECS` (the last session it sealed
//! expires by then).
//!
//! Stored form: `<key id>:<base64url(nonce ‖ ciphertext ‖ tag)>`. The 96-bit nonce is random,
//! which keeps the chance of a repeat negligible for far more seals per key than a service
//! makes between rotations (NIST SP 800-38D §8.3 bounds random nonces at 2^32 per key).

use std::fmt;
use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use ring::aead::{Aad, CHACHA20_POLY1305, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use thiserror::Error;

use crate::config::ConfigError;
use crate::secret::Secret;

/// Which token a sealed value holds. Bound into the seal as associated data, so a ciphertext
/// moved from one column to the other does not open.
#[derive(Clone, Copy, Debug)]
pub enum TokenKind {
    Access,
    Refresh,
}

impl TokenKind {
    fn aad(self) -> Aad<&'static [u8]> {
        Aad::from(match self {
            TokenKind::Access => b"kakao-sync kakao access token".as_slice(),
            TokenKind::Refresh => b"kakao-sync kakao refresh token".as_slice(),
        })
    }
}

/// Why a stored token does not open.
#[derive(Debug, Error)]
pub enum OpenError {
    /// Not in the stored form at all (e.g. a token written before sealing existed).
    #[error("a stored Kakao token is not sealed")]
    Malformed,
    /// Sealed under a key that is no longer configured.
    #[error(
        "a stored Kakao token is sealed with key id {0:?}, which is neither TOKEN_KEY nor in TOKEN_OLD_KEYS"
    )]
    UnknownKey(String),
    /// The key id is known but the value does not open: altered, or a different key was given
    /// the same id.
    #[error(
        "a stored Kakao token does not open with key id {0:?}: altered, or that id names another key now"
    )]
    Altered(String),
}

struct Key {
    id: String,
    key: LessSafeKey,
}

/// The current key, which seals, and the old ones, which only open.
#[derive(Clone)]
pub struct TokenKeys(Arc<[Key]>);

impl fmt::Debug for TokenKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ids: Vec<&str> = self.0.iter().map(|k| k.id.as_str()).collect();
        f.debug_struct("TokenKeys").field("ids", &ids).finish()
    }
}

const KEY_FORM: &str = "ID:BASE64 where ID is up to 32 letters, digits, '_' or '-' and BASE64 \
                        encodes 32 random bytes, e.g. k1:$(head -c 32 /dev/urandom | base64)";

impl TokenKeys {
    /// `TOKEN_KEY` (required) and `TOKEN_OLD_KEYS` (comma-separated, optional), each `ID:BASE64`.
    pub fn parse(current: Option<&str>, old: Option<&str>) -> Result<Self, ConfigError> {
        let current = current.ok_or_else(|| {
            ConfigError::new(
                "TOKEN_KEY",
                format!(
                    "is required but not set: the key that encrypts Kakao's tokens in the \
                     database, as {KEY_FORM}"
                ),
            )
        })?;
        let mut keys = vec![key("TOKEN_KEY", current)?];
        for entry in old.unwrap_or_default().split(',').map(str::trim) {
            if !entry.is_empty() {
                keys.push(key("TOKEN_OLD_KEYS", entry)?);
            }
        }
        for (i, k) in keys.iter().enumerate() {
            if keys[..i].iter().any(|earlier| earlier.id == k.id) {
                return Err(ConfigError::new(
                    "TOKEN_OLD_KEYS",
                    format!("key id {:?} appears twice", k.id),
                ));
            }
        }
        Ok(Self(keys.into()))
    }

    /// Encrypts `token` under the current key.
    pub fn seal(&self, kind: TokenKind, token: &Secret) -> String {
        let current = &self.0[0];
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).expect("the OS random source is available");
        let mut sealed = token.expose().as_bytes().to_vec();
        current
            .key
            .seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), kind.aad(), &mut sealed)
            .expect("a token is far below ChaCha20-Poly1305's message limit");
        let mut bytes = nonce.to_vec();
        bytes.extend_from_slice(&sealed);
        format!("{}:{}", current.id, URL_SAFE_NO_PAD.encode(bytes))
    }

    /// Decrypts a value [`TokenKeys::seal`] made, under whichever configured key sealed it.
    pub fn open(&self, kind: TokenKind, stored: &str) -> Result<Secret, OpenError> {
        let (id, body) = stored.split_once(':').ok_or(OpenError::Malformed)?;
        let mut bytes = URL_SAFE_NO_PAD
            .decode(body)
            .map_err(|_| OpenError::Malformed)?;
        if bytes.len() < NONCE_LEN {
            return Err(OpenError::Malformed);
        }
        let key = self
            .0
            .iter()
            .find(|k| k.id == id)
            .ok_or_else(|| OpenError::UnknownKey(id.to_owned()))?;
        let altered = || OpenError::Altered(id.to_owned());
        let nonce = Nonce::try_assume_unique_for_key(&bytes[..NONCE_LEN]).map_err(|_| altered())?;
        let plain = key
            .key
            .open_within(nonce, kind.aad(), &mut bytes, NONCE_LEN..)
            .map_err(|_| altered())?;
        let token = std::str::from_utf8(plain).map_err(|_| altered())?;
        Ok(Secret::new(token))
    }
}

fn key(var: &'static str, entry: &str) -> Result<Key, ConfigError> {
    let bad = || ConfigError::new(var, format!("not a key: use {KEY_FORM}"));
    let (id, encoded) = entry.split_once(':').ok_or_else(bad)?;
    let id_ok = (1..=32).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !id_ok {
        return Err(bad());
    }
    let bytes = STANDARD
        .decode(encoded.trim())
        .or_else(|_| URL_SAFE_NO_PAD.decode(encoded.trim()))
        .map_err(|_| bad())?;
    if bytes.len() != 32 {
        return Err(ConfigError::new(
            var,
            format!(
                "key {id:?} is {} bytes; it must be 32 random bytes",
                bytes.len()
            ),
        ));
    }
    let key = UnboundKey::new(&CHACHA20_POLY1305, &bytes).map_err(|_| bad())?;
    Ok(Key {
        id: id.to_owned(),
        key: LessSafeKey::new(key),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "a:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    const B: &str = "b:ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

    fn token() -> Secret {
        Secret::new("kakao-access-token-1234567890")
    }

    #[test]
    fn a_sealed_token_opens_and_shows_neither_token_nor_key() {
        let keys = TokenKeys::parse(Some(A), None).unwrap();
        let sealed = keys.seal(TokenKind::Access, &token());
        assert!(sealed.starts_with("a:"), "{sealed}");
        assert!(!sealed.contains("kakao-access-token"));
        assert_eq!(keys.open(TokenKind::Access, &sealed).unwrap(), token());
        // A fresh nonce each time: the same token never seals to the same text twice.
        assert_ne!(sealed, keys.seal(TokenKind::Access, &token()));
        assert_eq!(format!("{keys:?}"), r#"TokenKeys { ids: ["a"] }"#);
    }

    #[test]
    fn old_keys_open_and_the_current_key_seals() {
        let before = TokenKeys::parse(Some(A), None).unwrap();
        let sealed_by_a = before.seal(TokenKind::Refresh, &token());
        let rotated = TokenKeys::parse(Some(B), Some(A)).unwrap();
        assert_eq!(
            rotated.open(TokenKind::Refresh, &sealed_by_a).unwrap(),
            token()
        );
        assert!(rotated.seal(TokenKind::Refresh, &token()).starts_with("b:"));
        let forgotten = TokenKeys::parse(Some(B), None).unwrap();
        assert!(matches!(
            forgotten.open(TokenKind::Refresh, &sealed_by_a),
            Err(OpenError::UnknownKey(id)) if id == "a"
        ));
    }

    #[test]
    fn altered_moved_or_plain_values_do_not_open() {
        let keys = TokenKeys::parse(Some(A), None).unwrap();
        let sealed = keys.seal(TokenKind::Access, &token());
        assert!(matches!(
            keys.open(TokenKind::Refresh, &sealed),
            Err(OpenError::Altered(_))
        ));
        let mut flipped = sealed.clone().into_bytes();
        let last = flipped.len() - 1;
        flipped[last] = if flipped[last] == b'A' { b'B' } else { b'A' };
        assert!(matches!(
            keys.open(TokenKind::Access, std::str::from_utf8(&flipped).unwrap()),
            Err(OpenError::Altered(_))
        ));
        let same_id_other_key = TokenKeys::parse(Some(&B.replacen("b:", "a:", 1)), None).unwrap();
        assert!(matches!(
            same_id_other_key.open(TokenKind::Access, &sealed),
            Err(OpenError::Altered(_))
        ));
        for plain in ["kakao-access-token", "a:", "a:!!", ""] {
            assert!(keys.open(TokenKind::Access, plain).is_err(), "{plain}");
        }
    }

    #[test]
    fn keys_are_checked_and_named() {
        let missing = TokenKeys::parse(None, None).unwrap_err();
        assert_eq!(missing.var, "TOKEN_KEY");
        assert!(missing.to_string().contains("head -c 32 /dev/urandom"));
        for bad in ["nocolon", ":AAAA", "a b:AAAA", "a:AAECAw==", "a:not base64"] {
            assert_eq!(
                TokenKeys::parse(Some(bad), None).unwrap_err().var,
                "TOKEN_KEY",
                "{bad}"
            );
        }
        assert_eq!(
            TokenKeys::parse(Some(A), Some(&format!("{B}, {A}")))
                .unwrap_err()
                .var,
            "TOKEN_OLD_KEYS"
        );
    }
}
