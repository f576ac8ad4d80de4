//! Protocol secrets (state, nonce, PKCE verifier): never printed, compared in constant time.

use crate::prelude::*;
use core::fmt;

use subtle::ConstantTimeEq;

/// A string that must not leak: `Debug` prints `[redacted]` and equality is constant-time.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: String) -> Self {
        Secret(value)
    }

    /// The value, for the one place that must send it (a URL or the backend request).
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Constant-time comparison with a value that came from outside (a redirect, a token).
    pub fn matches(&self, other: &str) -> bool {
        self.0.as_bytes().ct_eq(other.as_bytes()).into()
    }
}

/// Constant-time, like [`Secret::matches`].
impl PartialEq for Secret {
    fn eq(&self, other: &Secret) -> bool {
        self.matches(&other.0)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_the_value() {
        let s = Secret::new("very-secret-state".into());
        assert_eq!(format!("{s:?}"), "[redacted]");
    }

    #[test]
    fn matches_only_the_identical_value() {
        let s = Secret::new("abc".into());
        assert!(s.matches("abc"));
        assert!(!s.matches("abd"));
        assert!(!s.matches("ab"));
        assert!(!s.matches(""));
    }
}
