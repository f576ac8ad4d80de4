//! `POST /session` (finish a Kakao login) and `GET /session` (who is signed in).
//! <https://developers.kakao.com/docs/latest/en/kakaosync/dev-guide>

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::header::SET_COOKIE;
use axum::response::IntoResponse;
use kakao_sync_wire::api::{Member, SessionRequest, SessionResponse};
use kakao_sync_wire::kakao::{TokenResponse, UserMe};
use kakao_sync_wire::oauth::{AuthorizationCode, CodeVerifier, Nonce};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::talk;
use crate::cookie::session_cookie;
use crate::db::{self, Profile, SignedIn};
use crate::error::Error;
use crate::kakao::KakaoTokens;
use crate::secret::Secret;
use crate::state::{AppState, Signed};
use crate::terms::{Consent, merge, missing_required};

/// Upper bounds on the request's strings: far above what Kakao and the module produce, far below
/// anything that could load the server.
pub(super) const MAX_CODE_LEN: usize = 1024;
const MAX_NONCE_LEN: usize = 512;

/// `POST /session`: a [`SessionRequest`] with its PKCE verifier, or, for a KakaoTalk easy login
/// the backend opened, a `TalkSessionRequest` with that login's state and no verifier.
pub async fn create(
    State(state): State<AppState>,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<impl IntoResponse, Error> {
    let Json(body) = body?;
    let SignedInWithTerms {
        signed_in,
        missing_required_terms,
    } = if is_talk_login(&body) {
        talk::exchange(&state, &parse(body)?).await?
    } else {
        let request: SessionRequest = parse(body)?;
        validate(&state, &request)?;
        sign_in_with_code(
            &state,
            Authorization {
                code: &request.code,
                redirect_uri: &request.redirect_uri,
                code_verifier: Some(&request.code_verifier),
                nonce: Some(&request.nonce),
            },
        )
        .await?
    };
    let body = SessionResponse {
        member: signed_in.member.member,
        is_new_member: signed_in.is_new_member,
        missing_required_terms,
    };
    Ok((
        [(
            SET_COOKIE,
            session_cookie(&state.config.cookie, &signed_in.session_id),
        )],
        Json(body),
    ))
}

/// A body with a `state` and no `codeVerifier` is a KakaoTalk login's; any other body must be a
/// PKCE one, and says what it lacks as one.
fn is_talk_login(body: &Value) -> bool {
    body.get("state").is_some() && body.get("codeVerifier").is_none()
}

fn parse<T: DeserializeOwned>(body: Value) -> Result<T, Error> {
    serde_json::from_value(body).map_err(|e| Error::InvalidRequest(e.to_string()))
}

/// How the login that issued a code was started; the exchange and the id_token must match it.
pub(super) struct Authorization<'a> {
    pub code: &'a AuthorizationCode,
    /// The redirect URI Kakao sent the code to.
    pub redirect_uri: &'a str,
    /// The PKCE verifier; `None` when Kakao, not this service, started the login.
    pub code_verifier: Option<&'a CodeVerifier>,
    /// The nonce the service put into the authorize URL; `None` as for the verifier.
    pub nonce: Option<&'a Nonce>,
}

/// A finished sign-in and what the member still has to agree to.
pub(super) struct SignedInWithTerms {
    pub signed_in: SignedIn,
    pub missing_required_terms: Vec<String>,
}

/// The one way a Kakao authorization code becomes a member: claims the code once, exchanges it,
/// checks the id_token against the user, reads the terms and signs up, links or updates the
/// member with a new session, in one transaction. Tokens Kakao issued for a login refused after
/// the exchange are revoked.
pub(super) async fn sign_in_with_code(
    state: &AppState,
    authorization: Authorization<'_>,
) -> Result<SignedInWithTerms, Error> {
    if !db::claim_code(&state.db, authorization.code.expose()).await? {
        return Err(Error::CodeAlreadyUsed);
    }
    let token = state
        .kakao
        .exchange_code(
            authorization.code,
            authorization.code_verifier,
            authorization.redirect_uri,
        )
        .await?;
    let access_token = Secret::new(token.access_token.clone());
    let (signed_in, consents) = match finish(state, authorization.nonce, token).await {
        Ok(done) => done,
        Err(e) => {
            // Kakao issued tokens for a login we refuse: revoke them rather than leave them live.
            let kakao = state.kakao.clone();
            tokio::spawn(async move { kakao.logout(&access_token).await });
            return Err(e);
        }
    };
    tracing::info!(is_new_member = signed_in.is_new_member, "signed in");
    Ok(SignedInWithTerms {
        signed_in,
        missing_required_terms: missing_required(&merge(&state.config.terms, &consents)),
    })
}

/// Everything after the code exchange: the id_token, the user, the terms, the transaction.
async fn finish(
    state: &AppState,
    nonce: Option<&Nonce>,
    token: TokenResponse,
) -> Result<(SignedIn, Vec<Consent>), Error> {
    let kakao = &state.kakao;
    let id_token = token.id_token.clone().ok_or_else(|| {
        Error::IdTokenInvalid("Kakao sent no id_token; turn OpenID Connect on for the app".into())
    })?;
    let claims = match nonce {
        Some(nonce) => state.id_tokens.verify(kakao, &id_token, nonce).await?,
        None => state.id_tokens.verify_unsolicited(kakao, &id_token).await?,
    };
    let tokens = KakaoTokens::from(token);

    let me = kakao.me(&tokens.access_token).await?;
    let kakao_id = me.id.to_string();
    if claims.sub != kakao_id {
        return Err(Error::IdTokenInvalid(
            "sub is not the user Kakao reports".into(),
        ));
    }
    let consents: Vec<Consent> = kakao
        .service_terms(&tokens.access_token)
        .await?
        .service_terms
        .iter()
        .map(Consent::from)
        .collect();

    let signed_in = db::sign_in(
        &state.db,
        &kakao_id,
        &profile(&me),
        &consents,
        &tokens,
        state.config.cookie.ttl.as_secs() as i64,
    )
    .await?;
    Ok((signed_in, consents))
}

pub async fn current(
    State(state): State<AppState>,
    Signed(session): Signed,
) -> Result<Json<Member>, Error> {
    db::find_member(&state.db, &session.member_id)
        .await?
        .map(|r| Json(r.member))
        .ok_or(Error::Unauthorized)
}

fn validate(state: &AppState, r: &SessionRequest) -> Result<(), Error> {
    let bad = |why: &str| Err(Error::InvalidRequest(why.to_owned()));
    let [code, code_verifier, nonce] =
        [r.code.expose(), r.code_verifier.expose(), r.nonce.expose()];
    if code.is_empty() || code.len() > MAX_CODE_LEN {
        return bad("code is empty or too long");
    }
    // RFC 7636 §4.1: 43 to 128 unreserved characters.
    if !(43..=128).contains(&code_verifier.len())
        || !code_verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
    {
        return bad("codeVerifier is not a PKCE verifier");
    }
    if nonce.is_empty() || nonce.len() > MAX_NONCE_LEN {
        return bad("nonce is empty or too long");
    }
    if !state.config.kakao.redirect_uris.contains(&r.redirect_uri) {
        return bad("redirectUri is not one of KAKAO_REDIRECT_URIS");
    }
    Ok(())
}

/// The member data from what the user consented to share; an email counts as verified only
/// when Kakao says it is both valid and verified.
fn profile(me: &UserMe) -> Profile {
    let Some(account) = &me.kakao_account else {
        return Profile::default();
    };
    let profile = account.profile.clone().unwrap_or_default();
    Profile {
        nickname: profile.nickname,
        profile_image_url: profile.profile_image_url,
        thumbnail_image_url: profile.thumbnail_image_url,
        email: account.email.clone(),
        email_verified: account.email.is_some()
            && account.is_email_valid == Some(true)
            && account.is_email_verified == Some(true),
        name: account.name.clone(),
        phone_number: account.phone_number.clone(),
        age_range: account.age_range.clone(),
        birthyear: account.birthyear.clone(),
        birthday: account.birthday.clone(),
        gender: account.gender.clone(),
    }
}
