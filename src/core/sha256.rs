//! SHA-256 (FIPS 180-4), for the PKCE S256 challenge only.
//!
//! Kakao Login's PKCE uses `S256`:
//! <https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#oidc-find-metadata>.
//! Hand-written rather than the `sha2` crate because that crate's unrolled rounds cost about
//! 4 KB of the WebAssembly every visitor downloads; this rolled loop is a fraction of that and
//! hashes one 43-byte verifier per login, so speed does not matter. Like any SHA-256 it has no
//! branch or table look-up that depends on the data, so hashing the secret verifier leaks
//! nothing through timing.

/// The round constants: the first 32 bits of the fractional parts of the cube roots of the
/// first 64 primes.
const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/// The initial hash value: the first 32 bits of the fractional parts of the square roots of the
/// first 8 primes.
const H0: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// The SHA-256 digest of `data`.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    let mut state = H0;
    let (blocks, rest) = data.as_chunks::<64>();
    for block in blocks {
        compress(&mut state, block);
    }
    // Padding: 0x80, zeros, then the message length in bits as a big-endian u64, in one block,
    // or two when fewer than 9 bytes are left after the data.
    let mut block = [0u8; 64];
    for (b, r) in block.iter_mut().zip(rest.iter().chain(&[0x80])) {
        *b = *r;
    }
    if rest.len() >= 56 {
        compress(&mut state, &block);
        block = [0; 64];
    }
    if let Some(length) = block.last_chunk_mut::<8>() {
        *length = (data.len() as u64).wrapping_mul(8).to_be_bytes();
    }
    compress(&mut state, &block);
    let mut digest = [0u8; 32];
    for (out, word) in digest.as_chunks_mut::<4>().0.iter_mut().zip(&state) {
        *out = word.to_be_bytes();
    }
    digest
}

/// One application of the compression function. The message schedule is kept as a 16-word
/// ring, extended in place as the rounds go.
#[expect(
    clippy::indexing_slicing,
    reason = "`& 15` keeps every index inside the 16-word ring"
)]
fn compress(state: &mut [u32; 8], block: &[u8; 64]) {
    let mut w = [0u32; 16];
    for (w, bytes) in w.iter_mut().zip(block.as_chunks::<4>().0) {
        *w = u32::from_be_bytes(*bytes);
    }
    let mut v = *state;
    for (i, k) in K.iter().enumerate() {
        if i >= 16 {
            let w15 = w[(i + 1) & 15];
            let w2 = w[(i + 14) & 15];
            let s0 = w15.rotate_right(7) ^ w15.rotate_right(18) ^ (w15 >> 3);
            let s1 = w2.rotate_right(17) ^ w2.rotate_right(19) ^ (w2 >> 10);
            w[i & 15] = w[i & 15]
                .wrapping_add(s0)
                .wrapping_add(w[(i + 9) & 15])
                .wrapping_add(s1);
        }
        let [a, b, c, d, e, f, g, h] = v;
        let sigma1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
        let choose = (e & f) ^ (!e & g);
        let t1 = h
            .wrapping_add(sigma1)
            .wrapping_add(choose)
            .wrapping_add(*k)
            .wrapping_add(w[i & 15]);
        let sigma0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
        let majority = (a & b) ^ (a & c) ^ (b & c);
        let t2 = sigma0.wrapping_add(majority);
        v = [t1.wrapping_add(t2), a, b, c, d.wrapping_add(t1), e, f, g];
    }
    for (s, v) in state.iter_mut().zip(v) {
        *s = s.wrapping_add(v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::test_rng::XorShift;
    use sha2::Digest;

    fn hex(digest: [u8; 32]) -> String {
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn fips_180_4_example_vectors() {
        assert_eq!(
            hex(sha256(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hex(sha256(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hex(sha256(
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
            )),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        assert_eq!(
            hex(sha256(&vec![b'a'; 1_000_000])),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        );
    }

    #[test]
    fn every_padding_boundary_matches_the_sha2_crate() {
        // 55, 56 and 64 bytes are where the padding needs one block, two blocks, or a whole
        // extra block; 0..=200 covers each of them in the first, second and third block.
        let mut rng = XorShift::new(1);
        for len in 0..=200 {
            let data = rng.bytes(len);
            assert_eq!(sha256(&data), sha2::Sha256::digest(&data).as_slice());
        }
    }

    #[test]
    fn random_inputs_match_the_sha2_crate() {
        let mut rng = XorShift::new(2);
        for _ in 0..3000 {
            let len = rng.below(300);
            let data = rng.bytes(len);
            assert_eq!(sha256(&data), sha2::Sha256::digest(&data).as_slice());
        }
    }
}
