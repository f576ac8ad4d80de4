//! PKCE (RFC 7636, S256) and the random `state` / `nonce` values of one login.
//!
//! Kakao advertises `code_challenge_methods_supported: ["S256"]` in its discovery document:
//! <https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#oidc-find-metadata>.
//! Randomness and SHA-256 come from the platform (`crypto.getRandomValues`, `crypto.subtle.digest`)
//! and are passed in, so tests are deterministic and the module carries no hash function.

use crate::core::url::is_unreserved;
use crate::prelude::*;

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
pub fn random_token(random: &mut impl Random) -> String {
    let mut bytes = [0u8; RANDOM_BYTES];
    random.fill(&mut bytes);
    base64url(&bytes)
}

/// The S256 challenge of a verifier, `BASE64URL(SHA256(ASCII(verifier)))` without padding, from
/// `verifier_sha256`, the verifier's SHA-256 digest.
pub fn s256_challenge(verifier_sha256: &[u8; 32]) -> String {
    base64url(verifier_sha256)
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

/// RFC 4648 section 5 base64url without padding, the only form RFC 7636 uses. Written out
/// rather than taken from the `base64` crate, whose generic engine costs kilobytes of WebAssembly.
fn base64url(bytes: &[u8]) -> String {
    let (groups, rest) = bytes.as_chunks::<3>();
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for group in groups {
        push_base64url(&mut out, *group, 4);
    }
    if !rest.is_empty() {
        let mut group = [0u8; 3];
        for (g, b) in group.iter_mut().zip(rest) {
            *g = *b;
        }
        // n bytes carry 8n bits: n + 1 characters of 6 bits each.
        push_base64url(&mut out, group, rest.len() + 1);
    }
    out
}

/// The first `characters` base64url characters of three bytes, 6 bits each.
#[expect(
    clippy::indexing_slicing,
    reason = "`& 63` keeps every index inside the 64-letter alphabet"
)]
fn push_base64url(out: &mut String, [a, b, c]: [u8; 3], characters: usize) {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let bits = u32::from(a) << 16 | u32::from(b) << 8 | u32::from(c);
    for shift in [18, 12, 6, 0].iter().take(characters) {
        out.push(char::from(ALPHABET[(bits >> shift & 63) as usize]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::test_rng::XorShift;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use sha2::Digest;

    fn challenge_of(verifier: &str) -> String {
        s256_challenge(&sha2::Sha256::digest(verifier).into())
    }

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
            challenge_of("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn base64url_follows_rfc4648_test_vectors() {
        // RFC 4648 section 10, padding dropped, plus the two characters base64url changes.
        for (input, encoded) in [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64url(input.as_bytes()), encoded);
        }
        assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn base64url_matches_the_base64_crate() {
        let mut rng = XorShift::new(5);
        for _ in 0..5000 {
            let len = rng.below(300);
            let bytes = rng.bytes(len);
            assert_eq!(base64url(&bytes), URL_SAFE_NO_PAD.encode(&bytes));
        }
    }

    #[test]
    fn tokens_are_43_chars_of_the_verifier_alphabet_and_follow_the_random_source() {
        let mut random = counting();
        let a = random_token(&mut random);
        let b = random_token(&mut random);
        assert_eq!(a.len(), 43);
        assert!(is_valid_verifier(&a));
        assert_eq!(a, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");
        assert_ne!(a, b);
    }

    #[test]
    fn challenge_of_a_generated_verifier_is_valid_s256() {
        let v = random_token(&mut counting());
        assert!(is_valid_s256_challenge(&challenge_of(&v)));
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
