//! `GET /channels`: the member's relation to the app's KakaoTalk channels. When the app names
//! its channels (`KAKAO_CHANNEL_PUBLIC_IDS`) and Kakao's channel webhook has reported the
//! member's relation to every one of them, the answer comes from those records with no call
//! to Kakao; otherwise (no channel list, or a channel the webhook has not reported yet) it falls
//! back to Kakao's relationship API, which needs the `plusfriends` consent item.
//! <https://developers.kakao.com/docs/latest/en/kakaotalk-channel/rest-api#check-relationship>
//! <https://developers.kakao.com/docs/latest/ko/kakaotalk-channel/callback>

use axum::Json;
use axum::extract::State;
use kakao_sync_wire::api::ChannelRelation;

use crate::db::{self, RecordedRelation};
use crate::error::Error;
use crate::state::{AppState, Signed};

pub async fn list(
    State(state): State<AppState>,
    Signed(session): Signed,
) -> Result<Json<Vec<ChannelRelation>>, Error> {
    let recorded = db::channel_relations(&state.db, &session.member_id).await?;
    if let Some(relations) = from_webhook(&state.config.kakao.channel_public_ids, recorded) {
        return Ok(Json(relations));
    }
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

/// The relations to exactly the `wanted` channels, in their order, when the webhook has
/// recorded one for each; `None` when Kakao must be asked.
fn from_webhook(
    wanted: &[String],
    recorded: Vec<RecordedRelation>,
) -> Option<Vec<ChannelRelation>> {
    if wanted.is_empty() {
        return None;
    }
    wanted
        .iter()
        .map(|id| {
            recorded
                .iter()
                .find(|r| &r.channel_public_id == id)
                .map(|r| ChannelRelation {
                    channel_public_id: r.channel_public_id.clone(),
                    channel_uuid: r.channel_uuid.clone(),
                    relation: r.relation.clone(),
                    updated_at: r.updated_at.clone(),
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recorded(id: &str, relation: &str) -> RecordedRelation {
        RecordedRelation {
            channel_public_id: id.into(),
            channel_uuid: None,
            relation: relation.into(),
            updated_at: None,
        }
    }

    #[test]
    fn the_webhook_answers_only_when_it_covers_every_listed_channel() {
        let wanted = ["_a".to_owned(), "_b".to_owned()];
        assert!(from_webhook(&wanted, vec![recorded("_a", "ADDED")]).is_none());
        assert!(from_webhook(&[], vec![recorded("_a", "ADDED")]).is_none());
        let both = from_webhook(
            &wanted,
            vec![
                recorded("_b", "BLOCKED"),
                recorded("_a", "ADDED"),
                recorded("_c", "ADDED"),
            ],
        )
        .unwrap();
        let got: Vec<(&str, &str)> = both
            .iter()
            .map(|r| (r.channel_public_id.as_str(), r.relation.as_str()))
            .collect();
        assert_eq!(got, [("_a", "ADDED"), ("_b", "BLOCKED")]);
    }
}
