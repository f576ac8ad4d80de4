//! KakaoTalk easy login from a phone's browser. Kakao's SDKs open KakaoTalk with a login request
//! that carries no PKCE challenge, and the page polls kauth's `apiweb/code.json` for the code
//! (see `src/core/talk_login.rs`). So the backend opens each such login itself (`POST
//! /session/talk`), keeping its state and nonce, and `POST /session` exchanges a code without a
//! verifier only with the state of an open one, once, before it expires.

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use kakao_sync_wire::api::{TalkLogin, TalkLoginRequest, TalkSessionRequest};
use kakao_sync_wire::oauth::{Nonce, State as LoginState};

use super::session::{Authorization, SignedInWithTerms, sign_in_with_code};
use crate::db;
use crate::error::Error;
use crate::secret::random_token;
use crate::state::AppState;

/// `auth_tran_id`'s length in Kakao's JavaScript SDK 2.7.1.
const AUTH_TRAN_ID_LEN: usize = 60;

/// `POST /session/talk`.
pub async fn open(
    State(state): State<AppState>,
    body: Result<Json<TalkLoginRequest>, JsonRejection>,
) -> Result<Json<TalkLogin>, Error> {
    let config = &state.config.talk_login;
    if !config.enabled {
        return Err(Error::TalkLoginOff);
    }
    let Json(request) = body?;
    if !state
        .config
        .kakao
        .redirect_uris
        .contains(&request.redirect_uri)
    {
        return Err(Error::InvalidRequest(
            "redirectUri is not one of KAKAO_REDIRECT_URIS".into(),
        ));
    }
    let (login_state, nonce) = (random_token(), random_token());
    db::open_talk_login(
        &state.db,
        login_state.expose(),
        nonce.expose(),
        &request.redirect_uri,
        config.ttl.as_secs() as i64,
    )
    .await?;
    Ok(Json(TalkLogin {
        auth_tran_id: auth_tran_id(),
        state: LoginState::new(login_state.expose().to_owned()),
        nonce: Nonce::new(nonce.expose().to_owned()),
        expires_in: config.ttl.as_secs(),
    }))
}

/// `POST /session` with a state instead of a PKCE verifier: the open transaction is taken
/// (so it serves once) and its nonce and redirect URI finish the login.
pub(super) async fn exchange(
    state: &AppState,
    request: &TalkSessionRequest,
) -> Result<SignedInWithTerms, Error> {
    if !state.config.talk_login.enabled {
        return Err(Error::TalkLoginOff);
    }
    let code = request.code.expose();
    if code.is_empty() || code.len() > super::session::MAX_CODE_LEN {
        return Err(Error::InvalidRequest("code is empty or too long".into()));
    }
    let login = db::take_talk_login(&state.db, request.state.expose())
        .await?
        .ok_or(Error::TalkLoginInvalid)?;
    let nonce = Nonce::new(login.nonce);
    sign_in_with_code(
        state,
        Authorization {
            code: &request.code,
            redirect_uri: &login.redirect_uri,
            code_verifier: None,
            nonce: Some(&nonce),
        },
    )
    .await
}

/// 60 ASCII letters and digits from the OS random source, the alphabet of Kakao's SDKs. Bytes
/// of 248 and above are skipped so that each of the 62 characters is equally likely.
fn auth_tran_id() -> String {
    const ALPHABET: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut id = String::with_capacity(AUTH_TRAN_ID_LEN);
    let mut bytes = [0u8; 64];
    while id.len() < AUTH_TRAN_ID_LEN {
        getrandom::fill(&mut bytes).expect("the OS random source is available");
        id.extend(
            bytes
                .iter()
                .filter(|b| **b < 248)
                .filter_map(|b| ALPHABET.get(usize::from(*b % 62)))
                .map(|b| char::from(*b))
                .take(AUTH_TRAN_ID_LEN - id.len()),
        );
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transaction_ids_are_sixty_letters_and_digits_and_differ() {
        let (a, b) = (auth_tran_id(), auth_tran_id());
        assert_eq!(a.len(), AUTH_TRAN_ID_LEN);
        assert!(a.bytes().all(|c| c.is_ascii_alphanumeric()), "{a}");
        assert_ne!(a, b);
    }
}
