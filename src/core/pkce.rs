//! PKCE (RFC 7636, S256) and the random `state` / `nonce` values of one login.
//!
//! Kakao advertises `code_challenge_methods_supported: ["S256"]` in its discovery document:
//! <https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#oidc-find-metadata>.
//! Randomness is passed in, so tests are deterministic and the browser uses `crypto.getRandomValues`.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::core::secret::Secret;

/// 32 random bytes: a 43-character base64url value, RFC 7636's recommended verifier size and
/// 256 bits of entropy for `state` and `nonce` alike.
const RANDOM_BYTES: usize = 32;

/// A source of cryptographically secure random bytes.
pub trait Random {
    fn fill(&mut self, buf: &mut [u8]);
}

impl<F: FnMut(&mut [u8])> Random for F {
    fn fill(&mut self, buf: &mut [u8]) {
        self(buf)
    }
}

/// A fresh 43-character base64url token (for `state`, `nonce` or a PKCE verifier).
pub fn random_token(random: &mut impl Random) -> Secret {
    let mut bytes = [0u8; RANDOM_BYTES];
    random.fill(&mut bytes);
    Secret::new(URL_SAFE_NO_PAD.encode(bytes))
}

/// The S256 challenge of a verifier: `BASE64URL(SHA256(ASCII(verifier)))`, no padding.
pub fn s256_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// Whether a string is a valid RFC 7636 verifier: 43–128 characters of `[A-Za-z0-9-._~]`.
pub fn is_valid_verifier(verifier: &str) -> bool {
    (43..=128).contains(&verifier.len()) && verifier.bytes().all(is_unreserved)
}

/// Whether a string has the shape of an S256 challenge: 43 base64url characters.
pub fn is_valid_s256_challenge(challenge: &str) -> bool {
    challenge.len() == 43
        && challenge
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counting() -> impl FnMut(&mut [u8]) {
        let mut n = 0u8;
        move |buf: &mut [u8]| {
            for b in buf {
                *b = n;
                n = n.wrapping_add(1);
            }
        }
    }

    #[test]
    fn rfc7636_appendix_b_vector() {
        assert_eq!(
            s256_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn tokens_are_43_chars_of_the_verifier_alphabet_and_follow_the_random_source() {
        let mut random = counting();
        let a = random_token(&mut random);
        let b = random_token(&mut random);
        assert_eq!(a.expose().len(), 43);
        assert!(is_valid_verifier(a.expose()));
        assert_eq!(a.expose(), "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");
        assert_ne!(a.expose(), b.expose());
    }

    #[test]
    fn challenge_of_a_generated_verifier_is_valid_s256() {
        let v = random_token(&mut counting());
        assert!(is_valid_s256_challenge(&s256_challenge(v.expose())));
    }

    #[test]
    fn verifier_rules_follow_rfc7636() {
        assert!(!is_valid_verifier(&"a".repeat(42)));
        assert!(is_valid_verifier(&"a".repeat(43)));
        assert!(is_valid_verifier(&"a".repeat(128)));
        assert!(!is_valid_verifier(&"a".repeat(129)));
        assert!(!is_valid_verifier(&format!("{}+", "a".repeat(43))));
        assert!(is_valid_verifier(&format!("{}-._~", "a".repeat(40))));
    }

    #[test]
    fn challenge_shape_rejects_padding_and_other_alphabets() {
        assert!(!is_valid_s256_challenge(&"a".repeat(42)));
        assert!(!is_valid_s256_challenge(&format!("{}=", "a".repeat(42))));
        assert!(!is_valid_s256_challenge(&format!("{}/", "a".repeat(42))));
    }
}
