//! The values of one login that travel between the browser module, Kakao and the backend: one
//! type each, so passing a nonce where a PKCE verifier belongs does not compile. Each is a secret
//! of the login: `Debug` prints `[redacted]`, equality is constant-time, and the JSON is the bare
//! string (`#[serde(transparent)]`).
//! <https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#request-code>

use alloc::string::String;
use core::fmt;

use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;

/// `#[inline]` on the accessors: across the crate boundary LLVM otherwise keeps them (and
/// subtle's comparison) out of line, which measured about 100 B gzip of the browser module.
macro_rules! login_secret {
    ($($(#[$doc:meta])* $name:ident;)+) => {$(
        $(#[$doc])*
        #[derive(Clone, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            #[inline]
            pub fn new(value: String) -> Self {
                $name(value)
            }

            /// The value, for the one place that must send it (a URL, a form, a request body).
            #[inline]
            pub fn expose(&self) -> &str {
                &self.0
            }

            /// Constant-time comparison with a value that came from outside (a redirect, a token).
            #[inline]
            pub fn matches(&self, other: &str) -> bool {
                self.0.as_bytes().ct_eq(other.as_bytes()).into()
            }
        }

        /// Constant-time, like `matches`.
        impl PartialEq for $name {
            fn eq(&self, other: &$name) -> bool {
                self.matches(&other.0)
            }
        }

        impl Eq for $name {}

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("[redacted]")
            }
        }
    )+};
}

login_secret! {
    /// The `state` the authorize URL carries and the redirect must bring back (CSRF).
    State;
    /// The `nonce` the authorize URL carries; the id_token's `nonce` claim must equal it.
    Nonce;
    /// The PKCE verifier (RFC 7636) whose S256 challenge went into the authorize URL.
    CodeVerifier;
    /// The authorization code the redirect brings; single use at Kakao.
    AuthorizationCode;
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;

    #[test]
    fn debug_never_shows_the_value_and_json_is_the_bare_string() {
        let nonce = Nonce::new("very-secret-nonce".into());
        assert_eq!(format!("{nonce:?}"), "[redacted]");
        assert_eq!(
            serde_json::to_string(&nonce).unwrap(),
            r#""very-secret-nonce""#
        );
        let back: Nonce = serde_json::from_str(r#""very-secret-nonce""#).unwrap();
        assert_eq!(back, nonce);
    }

    #[test]
    fn matches_only_the_identical_value() {
        let state = State::new("abc".into());
        assert!(state.matches("abc"));
        assert!(!state.matches("abd"));
        assert!(!state.matches("ab"));
        assert!(!state.matches(""));
    }
}
