//! Secrets (client secret, admin key, Kakao tokens, session ids): never printed, compared in
//! constant time, and generated from the OS random source.

use std::fmt;

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// A string that must never reach a log or an error message: `Debug` prints `[redacted]` and
/// there is no `Display`, so `tracing` fields and `format!` cannot leak it by accident. `==` is
/// constant-time ([`ct_eq`]), so no comparison of two secrets leaks where they differ.
#[derive(Clone)]
pub struct Secret(String);

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        ct_eq(&self.0, &other.0)
    }
}

impl Eq for Secret {}

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The raw value, for the one place that sends it (a header or a form field).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Compares two secrets in time that depends only on their lengths.
pub fn ct_eq(a: impl AsRef<[u8]>, b: impl AsRef<[u8]>) -> bool {
    a.as_ref().ct_eq(b.as_ref()).into()
}

/// 256 random bits as 64 lowercase hex characters (session ids).
pub fn random_token() -> Secret {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the OS random source is available");
    Secret(hex::encode(bytes))
}

/// SHA-256 as hex: what the database keeps instead of a session id or an authorization code, so a
/// copy of the database cannot be replayed as a cookie.
pub fn sha256_hex(value: &str) -> String {
    hex::encode(Sha256::digest(value.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equality_is_by_value() {
        assert_eq!(Secret::new("a-token"), Secret::new("a-token"));
        assert_ne!(Secret::new("a-token"), Secret::new("a-tokeN"));
        assert_ne!(Secret::new("a-token"), Secret::new("a-token-longer"));
    }

    #[test]
    fn debug_never_shows_the_value() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s:?}"), "[redacted]");
        assert_eq!(format!("{:?}", Some(s)), "Some([redacted])");
    }

    #[test]
    fn ct_eq_compares_content() {
        assert!(ct_eq("abc", "abc"));
        assert!(!ct_eq("abc", "abd"));
        assert!(!ct_eq("abc", "abcd"));
    }

    #[test]
    fn random_tokens_differ_and_are_hex() {
        let a = random_token();
        let b = random_token();
        assert_ne!(a, b);
        assert_eq!(a.expose().len(), 64);
        assert!(a.expose().bytes().all(|c| c.is_ascii_hexdigit()));
    }

    #[test]
    fn sha256_hex_matches_known_vector() {
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
