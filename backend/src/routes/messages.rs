//! KakaoTalk messages, sent with the member's own Kakao token: `POST /messages/me` (to the
//! member's own chat), `GET /friends` (the member's KakaoTalk friends who use the app) and
//! `POST /messages/friends` (to up to five of them; the app needs Kakao's "KakaoTalk
//! friends/messages" permission to reach anyone but its own team). A consent item the member
//! has not agreed to (`talk_message`, `friends`) is `consent_required` with the items to ask for.
//! <https://developers.kakao.com/docs/latest/en/kakaotalk-message/rest-api>

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use kakao_sync_wire::api::{
    Friend, FriendsMessageRequest, FriendsMessageResponse, FriendsPage, FriendsQuery,
    MessageFailure, MessageTemplate,
};
use kakao_sync_wire::kakao::FriendsResponse;

use crate::error::Error;
use crate::kakao::{MAX_RECEIVERS, Template};
use crate::state::{AppState, Signed};

/// `POST /messages/me`: 204 once Kakao has sent it.
pub async fn send_to_me(
    State(state): State<AppState>,
    Signed(session): Signed,
    body: Result<Json<MessageTemplate>, JsonRejection>,
) -> Result<StatusCode, Error> {
    let template = Template::try_from(body?.0).map_err(Error::InvalidRequest)?;
    state
        .with_token(&session, |token| {
            let (kakao, template) = (&state.kakao, &template);
            async move { kakao.send_memo(&token, template).await }
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The largest `limit` asked of Kakao. UNCONFIRMED: that Kakao takes at most 100 friends per
/// page; a larger one is refused here rather than clamped.
const MAX_PAGE: u32 = 100;

/// `GET /friends`: one page, in Kakao's paging.
pub async fn friends(
    State(state): State<AppState>,
    Signed(session): Signed,
    query: Result<Query<FriendsQuery>, QueryRejection>,
) -> Result<Json<FriendsPage>, Error> {
    let Query(query) = query.map_err(|e| Error::InvalidRequest(e.body_text()))?;
    let kakao_query = kakao_friends_query(&query)?;
    let page = state
        .with_token(&session, |token| {
            let (kakao, kakao_query) = (&state.kakao, &kakao_query);
            async move { kakao.friends(&token, kakao_query).await }
        })
        .await?;
    Ok(Json(friends_page(page)))
}

/// Kakao's names and values for the page asked for, or why it cannot be asked for.
fn kakao_friends_query(q: &FriendsQuery) -> Result<Vec<(&'static str, String)>, Error> {
    let bad = |why: &str| Err(Error::InvalidRequest(why.into()));
    if q.limit.is_some_and(|l| l == 0 || l > MAX_PAGE) {
        return bad("limit must be between 1 and 100");
    }
    if q.order
        .as_deref()
        .is_some_and(|o| o != "asc" && o != "desc")
    {
        return bad("order must be asc or desc");
    }
    if q.friend_order
        .as_deref()
        .is_some_and(|o| o != "nickname" && o != "favorite")
    {
        return bad("friendOrder must be nickname or favorite");
    }
    let mut query = Vec::new();
    query.extend(q.offset.map(|o| ("offset", o.to_string())));
    query.extend(q.limit.map(|l| ("limit", l.to_string())));
    query.extend(q.order.clone().map(|o| ("order", o)));
    query.extend(q.friend_order.clone().map(|o| ("friend_order", o)));
    Ok(query)
}

/// Kakao's page, with its neighbours' URLs (kapi addresses the page cannot call) read down to
/// their `offset`.
fn friends_page(page: FriendsResponse) -> FriendsPage {
    let offset_of = |url: Option<String>| {
        url::Url::parse(url.as_deref()?)
            .ok()?
            .query_pairs()
            .find(|(k, _)| k == "offset")
            .and_then(|(_, v)| v.parse().ok())
    };
    FriendsPage {
        total_count: page.total_count,
        favorite_count: page.favorite_count,
        friends: page
            .elements
            .into_iter()
            .map(|f| Friend {
                uuid: f.uuid,
                kakao_id: f.id.map(|id| id.to_string()),
                profile_nickname: f.profile_nickname,
                profile_thumbnail_image: f.profile_thumbnail_image,
                favorite: f.favorite,
                allowed_msg: f.allowed_msg,
            })
            .collect(),
        before_offset: offset_of(page.before_url),
        after_offset: offset_of(page.after_url),
    }
}

/// `POST /messages/friends`: more than five receivers is `too_many_receivers` before Kakao is
/// asked; Kakao's answer says who got it and why the others did not.
pub async fn send_to_friends(
    State(state): State<AppState>,
    Signed(session): Signed,
    body: Result<Json<FriendsMessageRequest>, JsonRejection>,
) -> Result<Json<FriendsMessageResponse>, Error> {
    let request = body?.0;
    let receivers = request.receiver_uuids;
    if receivers.len() > MAX_RECEIVERS {
        return Err(Error::TooManyReceivers(receivers.len()));
    }
    if receivers.is_empty() || receivers.iter().any(|u| u.trim().is_empty()) {
        return Err(Error::InvalidRequest(
            "receiverUuids must name one to five friends by uuid".into(),
        ));
    }
    let template = Template::try_from(request.template).map_err(Error::InvalidRequest)?;
    let sent = state
        .with_token(&session, |token| {
            let (kakao, receivers, template) = (&state.kakao, &receivers, &template);
            async move {
                kakao
                    .send_friends_message(&token, receivers, template)
                    .await
            }
        })
        .await?;
    Ok(Json(FriendsMessageResponse {
        successful_receiver_uuids: sent.successful_receiver_uuids,
        failures: sent
            .failure_info
            .into_iter()
            .map(|f| MessageFailure {
                code: f.code,
                message: f.msg,
                receiver_uuids: f.receiver_uuids,
            })
            .collect(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbouring_pages_become_offsets() {
        let page: FriendsResponse = serde_json::from_value(serde_json::json!({
            "elements": [{"uuid": "u1", "id": 42}],
            "total_count": 3,
            "after_url": "https://kapi.kakao.com/v1/api/talk/friends?offset=2&limit=1&order=asc",
        }))
        .unwrap();
        let page = friends_page(page);
        assert_eq!((page.before_offset, page.after_offset), (None, Some(2)));
        assert_eq!(page.friends[0].kakao_id.as_deref(), Some("42"));
    }

    #[test]
    fn paging_outside_kakaos_vocabulary_is_refused() {
        for query in [
            FriendsQuery {
                limit: Some(0),
                ..Default::default()
            },
            FriendsQuery {
                limit: Some(101),
                ..Default::default()
            },
            FriendsQuery {
                order: Some("up".into()),
                ..Default::default()
            },
            FriendsQuery {
                friend_order: Some("age".into()),
                ..Default::default()
            },
        ] {
            assert!(kakao_friends_query(&query).is_err(), "{query:?}");
        }
        let query = FriendsQuery {
            offset: Some(3),
            friend_order: Some("nickname".into()),
            ..Default::default()
        };
        assert_eq!(
            kakao_friends_query(&query).unwrap(),
            [
                ("offset", "3".to_owned()),
                ("friend_order", "nickname".to_owned())
            ]
        );
    }
}
