//! What Kakao's KakaoTalk share and channel webhooks report, recorded once per
//! `X-Kakao-Resource-ID`, and the channel relations the channel webhook keeps current.
//! <https://developers.kakao.com/docs/latest/ko/kakaotalk-share/callback>
//! <https://developers.kakao.com/docs/latest/ko/kakaotalk-channel/callback>

use sqlx::Row;

use super::{Db, begin_write, now};

/// A share message that reached a chat.
#[derive(Clone, Debug)]
pub struct ShareEvent {
    pub resource_id: String,
    pub chat_type: String,
    pub hash_chat_id: String,
    pub template_id: Option<i64>,
    /// The serverCallbackArgs, as a JSON object's text.
    pub callback_args: String,
}

/// Records a share webhook; `false` when this resource id was recorded before.
pub async fn record_share_event(db: &Db, e: &ShareEvent) -> Result<bool, sqlx::Error> {
    let inserted = sqlx::query(
        "INSERT INTO share_events \
         (resource_id, chat_type, hash_chat_id, template_id, callback_args, received_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (resource_id) DO NOTHING",
    )
    .bind(&e.resource_id)
    .bind(&e.chat_type)
    .bind(&e.hash_chat_id)
    .bind(e.template_id)
    .bind(&e.callback_args)
    .bind(now())
    .execute(db.writes())
    .await?
    .rows_affected();
    Ok(inserted == 1)
}

/// A user added or blocked a channel.
#[derive(Clone, Debug)]
pub struct ChannelEvent {
    pub resource_id: String,
    /// `added` or `blocked`.
    pub event: String,
    /// Kakao's `id`.
    pub user_key: String,
    /// `app_user_id` (then `user_key` is the user id) or `open_id`.
    pub id_type: String,
    pub channel_public_id: String,
    pub channel_uuid: Option<String>,
    /// Kakao's `updated_at`, as sent.
    pub updated_at: Option<String>,
    /// `updated_at` in Unix seconds (when it was received, if Kakao gave none).
    pub changed_at: i64,
}

/// A channel relation as the channel webhook last reported it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedRelation {
    pub channel_public_id: String,
    pub channel_uuid: Option<String>,
    /// `ADDED` or `BLOCKED`, in the words of Kakao's relationship API.
    pub relation: String,
    pub updated_at: Option<String>,
}

/// Records a channel webhook and, for a user Kakao names by user id, their relation to the
/// channel, unless a later change is recorded already. `false` when this resource id was
/// recorded before (and nothing changes).
pub async fn record_channel_event(db: &Db, e: &ChannelEvent) -> Result<bool, sqlx::Error> {
    let mut tx = begin_write(db).await?;
    let inserted = sqlx::query(
        "INSERT INTO channel_events (resource_id, event, user_key, id_type, channel_public_id, \
         channel_uuid, updated_at, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (resource_id) DO NOTHING",
    )
    .bind(&e.resource_id)
    .bind(&e.event)
    .bind(&e.user_key)
    .bind(&e.id_type)
    .bind(&e.channel_public_id)
    .bind(e.channel_uuid.as_deref())
    .bind(e.updated_at.as_deref())
    .bind(now())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        tx.rollback().await?;
        return Ok(false);
    }
    if e.id_type == "app_user_id" {
        sqlx::query(
            "INSERT INTO channel_relations \
             (kakao_id, channel_public_id, channel_uuid, relation, updated_at, changed_at) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (kakao_id, channel_public_id) DO UPDATE SET \
             channel_uuid = excluded.channel_uuid, relation = excluded.relation, \
             updated_at = excluded.updated_at, changed_at = excluded.changed_at \
             WHERE excluded.changed_at >= channel_relations.changed_at",
        )
        .bind(&e.user_key)
        .bind(&e.channel_public_id)
        .bind(e.channel_uuid.as_deref())
        .bind(e.event.to_ascii_uppercase())
        .bind(e.updated_at.as_deref())
        .bind(e.changed_at)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// The recorded relations of the member `member_id`, by channel.
pub async fn channel_relations(
    db: &Db,
    member_id: &str,
) -> Result<Vec<RecordedRelation>, sqlx::Error> {
    sqlx::query(
        "SELECT r.channel_public_id, r.channel_uuid, r.relation, r.updated_at \
         FROM channel_relations r JOIN members m ON m.kakao_id = r.kakao_id \
         WHERE m.id = $1 ORDER BY r.channel_public_id",
    )
    .bind(member_id)
    .fetch_all(db.reads())
    .await?
    .iter()
    .map(|row| {
        Ok(RecordedRelation {
            channel_public_id: row.try_get("channel_public_id")?,
            channel_uuid: row.try_get("channel_uuid")?,
            relation: row.try_get("relation")?,
            updated_at: row.try_get("updated_at")?,
        })
    })
    .collect()
}
