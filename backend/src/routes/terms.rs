//! `GET /terms`, `POST /terms/agree`, `POST /terms/revoke`: the catalogue merged with Kakao's
//! record of this member's consent; changes go to Kakao first, then to the local record.
//! <https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#get-service-terms>

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use kakao_sync_wire::api::{TagsRequest, TermStatus};

use crate::db::{self, SessionRecord};
use crate::error::Error;
use crate::state::{AppState, Signed};
use crate::terms::{Consent, first_unknown, merge};

pub async fn list(
    State(state): State<AppState>,
    Signed(session): Signed,
) -> Result<Json<Vec<TermStatus>>, Error> {
    let consents = fetch(&state, &session).await?;
    record(&state, &session, &consents).await
}

/// Records consent through Kakao's upgrade API (no consent screen; `agreed_by` becomes `KAPI`).
/// <https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#upgrade-service-terms>
pub async fn agree(
    State(state): State<AppState>,
    Signed(session): Signed,
    body: Result<Json<TagsRequest>, JsonRejection>,
) -> Result<Json<Vec<TermStatus>>, Error> {
    let tags = checked_tags(&state, body?.0)?;
    state
        .with_token(&session, |token| {
            let (kakao, tags) = (&state.kakao, &tags);
            async move { kakao.upgrade_service_terms(&token, tags).await }
        })
        .await?;
    let consents = fetch(&state, &session).await?;
    record(&state, &session, &consents).await
}

/// Withdraws consent; only terms Kakao reports as revocable. The answer is Kakao's state after
/// the change, read back rather than guessed.
/// <https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#revoke-service-terms>
pub async fn revoke(
    State(state): State<AppState>,
    Signed(session): Signed,
    body: Result<Json<TagsRequest>, JsonRejection>,
) -> Result<Json<Vec<TermStatus>>, Error> {
    let tags = checked_tags(&state, body?.0)?;
    let consents = fetch(&state, &session).await?;
    if let Some(tag) = tags
        .iter()
        .find(|tag| !consents.iter().any(|c| &c.tag == *tag && c.revocable))
    {
        return Err(Error::TermNotRevocable(tag.clone()));
    }
    state
        .with_token(&session, |token| {
            let (kakao, tags) = (&state.kakao, &tags);
            async move { kakao.revoke_service_terms(&token, tags).await }
        })
        .await?;
    let consents = fetch(&state, &session).await?;
    record(&state, &session, &consents).await
}

fn checked_tags(state: &AppState, request: TagsRequest) -> Result<Vec<String>, Error> {
    if request.tags.is_empty() {
        return Err(Error::InvalidRequest("tags is empty".into()));
    }
    if let Some(tag) = first_unknown(&state.config.terms, &request.tags) {
        return Err(Error::UnknownTerm(tag.to_owned()));
    }
    Ok(request.tags)
}

async fn fetch(state: &AppState, session: &SessionRecord) -> Result<Vec<Consent>, Error> {
    let answer = state
        .with_token(session, |token| {
            let kakao = &state.kakao;
            async move { kakao.service_terms(&token).await }
        })
        .await?;
    Ok(answer.service_terms.iter().map(Consent::from).collect())
}

/// Keeps the local record in step with Kakao, then answers the merged list.
async fn record(
    state: &AppState,
    session: &SessionRecord,
    consents: &[Consent],
) -> Result<Json<Vec<TermStatus>>, Error> {
    db::record_consents(&state.db, &session.member_id, consents, db::now()).await?;
    Ok(Json(merge(&state.config.terms, consents)))
}
