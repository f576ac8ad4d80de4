//! A seeded xorshift generator for the tests that compare hand-written encoders with the crates
//! they replace, and the tests' source of "random" login values: deterministic, so a failure
//! reproduces, and different on every call, so a swapped state, nonce or verifier shows.

use crate::core::pkce::Random;

pub struct XorShift(u64);

impl XorShift {
    pub fn new(seed: u64) -> XorShift {
        XorShift(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }

    /// A string of at least `len` bytes glued from randomly chosen `pieces`.
    pub fn text(&mut self, len: usize, pieces: &[&str]) -> String {
        let mut out = String::new();
        while out.len() < len {
            out.push_str(pieces[self.below(pieces.len())]);
        }
        out
    }
}

impl Random for XorShift {
    fn fill(&mut self, buf: &mut [u8]) {
        for b in buf {
            *b = self.next() as u8;
        }
    }
}
