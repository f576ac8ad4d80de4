//! `GET /channels`: the member's relation to the app's KakaoTalk channels.
//! <https://developers.kakao.com/docs/latest/en/kakaotalk-channel/rest-api#check-relationship>

use axum::Json;
use axum::extract::State;
use kakao_sync_wire::api::ChannelRelation;

use crate::error::Error;
use crate::state::{AppState, Signed};

pub async fn list(
    State(state): State<AppState>,
    Signed(session): Signed,
) -> Result<Json<Vec<ChannelRelation>>, Error> {
    let answer = state
        .with_token(&session, |token| {
            let kakao = &state.kakao;
            async move { kakao.channels(&token).await }
        })
        .await?;
    Ok(Json(
        answer
            .channels
            .into_iter()
            .map(|c| ChannelRelation {
                channel_public_id: c.channel_public_id,
                channel_uuid: Some(c.channel_uuid),
                relation: c.relation,
                updated_at: c.updated_at,
            })
            .collect(),
    ))
}
