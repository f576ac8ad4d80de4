//! The backend's reading of Kakao's JSON: every documented example in `tests/kakao-corpus/`
//! parses into the type the backend reads that answer with.

use std::fs;
use std::path::Path;

use kakao_sync_wire::kakao::{
    AccessTokenInfo, AgreedServiceTerms, ChannelsResponse, FriendsResponse, IdTokenClaims, Jwks,
    KapiError, KauthError, MemoSent, MessageSendResult, OidcUserInfo, OpenIdConfiguration,
    RevokedServiceTerms, ScopesResponse, ServiceTermsResponse, TokenResponse, UserId, UserMe,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

fn parses<T: DeserializeOwned>(body: &Value) -> Result<(), String> {
    serde_json::from_value::<T>(body.clone())
        .map(drop)
        .map_err(|e| e.to_string())
}

/// Parses `body` with the wire type for `answer`.
fn parse_as(answer: &str, body: &Value) -> Result<(), String> {
    match answer {
        "token" => parses::<TokenResponse>(body),
        "kauth_error" => parses::<KauthError>(body),
        "kapi_error" => parses::<KapiError>(body),
        "user_id" => parses::<UserId>(body),
        "access_token_info" => parses::<AccessTokenInfo>(body),
        "user_me" => parses::<UserMe>(body),
        "service_terms" => parses::<ServiceTermsResponse>(body),
        "revoke_service_terms" => parses::<RevokedServiceTerms>(body),
        "upgrade_service_terms" => parses::<AgreedServiceTerms>(body),
        "scopes" => parses::<ScopesResponse>(body),
        "channels" => parses::<ChannelsResponse>(body),
        "friends" => parses::<FriendsResponse>(body),
        "memo_sent" => parses::<MemoSent>(body),
        "message_send" => parses::<MessageSendResult>(body),
        "jwks" => parses::<Jwks>(body),
        "discovery" => parses::<OpenIdConfiguration>(body),
        "id_token_payload" => parses::<IdTokenClaims>(body),
        "oidc_userinfo" => parses::<OidcUserInfo>(body),
        other => Err(format!("no wire type for answer {other:?}")),
    }
}

#[test]
fn every_documented_example_parses_with_the_backends_types() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/kakao-corpus");
    let mut failures = Vec::new();
    let mut checked = 0;
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let file: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        let source = file["source"].as_str().unwrap_or("");
        assert!(
            source.starts_with("https://developers.kakao.com/"),
            "{} names no developers.kakao.com source",
            path.display()
        );
        let answer = file["answer"].as_str().unwrap();
        if let Err(e) = parse_as(answer, &file["body"]) {
            failures.push(format!("{}: {e}", path.display()));
        }
        checked += 1;
    }
    assert!(
        checked >= 20,
        "only {checked} examples in {}",
        dir.display()
    );
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn user_ids_above_two_to_the_53_survive_the_documented_example() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/kakao-corpus");
    let file: Value =
        serde_json::from_str(&fs::read_to_string(dir.join("user-me.json")).unwrap()).unwrap();
    let me: UserMe = serde_json::from_value(file["body"].clone()).unwrap();
    assert_eq!(me.id, 1_285_016_924_429_472_463);
}
