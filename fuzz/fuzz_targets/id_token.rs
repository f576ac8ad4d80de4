//! The backend's id_token check on any string, against the emulator's real JWKS: never a panic,
//! and never accepted, since nothing here holds the signing key (the seeds are real tokens from
//! the emulator, issued for another nonce).
#![no_main]

use kakao_sync_fuzz::backend;
use kakao_sync_wire::oauth::Nonce;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|token: &str| {
    let b = backend();
    let verdict = b.runtime.block_on(b.state.id_tokens.verify(
        &b.state.kakao,
        token,
        &Nonce::new("fuzz-nonce".into()),
    ));
    assert!(verdict.is_err(), "accepted: {token:?}");
});
