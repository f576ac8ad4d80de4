//! Every JSON body the backend reads from Kakao, as the wire types parse it: any bytes are
//! parsed or refused, never a panic, and what parses survives a round trip unchanged (so the
//! emulator, which serialises the same types, says what the backend reads). The first byte picks
//! the body.
#![no_main]

use std::fmt::Debug;

use kakao_sync_backend::terms::Consent;
use kakao_sync_wire::kakao::{
    AccessTokenInfo, ChannelsResponse, IdTokenClaims, Jwks, KapiError, KauthError,
    OpenIdConfiguration, ScopesResponse, ServiceTermsResponse, TokenResponse, UserId, UserMe,
};
use libfuzzer_sys::fuzz_target;
use serde::Serialize;
use serde::de::DeserializeOwned;

fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(json: &[u8]) -> Option<T> {
    let parsed: T = serde_json::from_slice(json).ok()?;
    let text = serde_json::to_string(&parsed).expect("a parsed body serialises");
    let again: T = serde_json::from_str(&text).expect("a serialised body parses");
    assert_eq!(parsed, again, "{text}");
    Some(parsed)
}

fuzz_target!(|input: &[u8]| {
    let Some((&which, json)) = input.split_first() else {
        return;
    };
    match which % 12 {
        0 => drop(round_trip::<TokenResponse>(json)),
        1 => drop(round_trip::<KauthError>(json)),
        2 => drop(round_trip::<KapiError>(json)),
        3 => drop(round_trip::<UserMe>(json)),
        4 => {
            if let Some(terms) = round_trip::<ServiceTermsResponse>(json) {
                let consents: Vec<Consent> =
                    terms.service_terms.iter().map(Consent::from).collect();
                assert_eq!(consents.len(), terms.service_terms.len());
            }
        }
        5 => drop(round_trip::<Jwks>(json)),
        6 => drop(round_trip::<OpenIdConfiguration>(json)),
        7 => drop(round_trip::<IdTokenClaims>(json)),
        8 => drop(round_trip::<ChannelsResponse>(json)),
        9 => drop(round_trip::<ScopesResponse>(json)),
        10 => drop(round_trip::<AccessTokenInfo>(json)),
        _ => drop(round_trip::<UserId>(json)),
    }
});
