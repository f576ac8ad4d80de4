//! Member deletions, recorded durably before anything else happens and finished by the worker
//! (`crate::worker`) with retries: a withdrawal (unlink at Kakao, then delete) and Kakao's
//! unlink webhook (Kakao already unlinked: delete). Whoever works on one first takes a lease
//! on it (its `due_at_ms` moves past the work's longest duration), so two instances never
//! work on the same one at once, and one that died mid-way is taken again when its lease ends.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Db, begin_write, now};
use crate::secret::random_token;

/// Why a member is to be deleted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeletionKind {
    /// `POST /withdraw`: unlink at Kakao first, then delete.
    /// <https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#unlink>
    Withdrawal,
    /// Kakao's unlink webhook: Kakao has unlinked already; only the deletion is left.
    /// <https://developers.kakao.com/docs/latest/en/kakaologin/callback#unlink>
    Unlinked,
}

impl DeletionKind {
    fn as_str(self) -> &'static str {
        match self {
            DeletionKind::Withdrawal => "withdrawal",
            DeletionKind::Unlinked => "unlinked",
        }
    }

    fn parse(kind: &str) -> Result<Self, sqlx::Error> {
        match kind {
            "withdrawal" => Ok(DeletionKind::Withdrawal),
            "unlinked" => Ok(DeletionKind::Unlinked),
            other => Err(sqlx::Error::Decode(
                format!("unknown deletion kind {other:?}").into(),
            )),
        }
    }
}

/// A recorded deletion.
#[derive(Clone, Debug)]
pub struct Deletion {
    pub id: String,
    pub kind: DeletionKind,
    pub kakao_id: String,
    /// Attempts started so far, this one included once it is claimed.
    pub attempts: i64,
    /// When it was taken last, or recorded: a claim succeeds only if nobody moved it since.
    pub due_at_ms: i64,
    /// Unix seconds. Only members created before it are deleted: someone who signs up again
    /// after unlinking is a new member, whom an old deletion must not take.
    pub created_at: i64,
}

fn deletion(row: &AnyRow) -> Result<Deletion, sqlx::Error> {
    Ok(Deletion {
        id: row.try_get("id")?,
        kind: DeletionKind::parse(row.try_get("kind")?)?,
        kakao_id: row.try_get("kakao_id")?,
        attempts: row.try_get("attempts")?,
        due_at_ms: row.try_get("due_at_ms")?,
        created_at: row.try_get("created_at")?,
    })
}

/// Records a deletion. `leased_until_ms` set: the caller works on it at once and holds its
/// lease (its first attempt is counted); `None`: it is due now, for the worker. A withdrawal
/// also ends every session of the member in the same transaction: they asked to leave, and
/// their Kakao tokens are not needed (the worker unlinks with the admin key).
pub async fn record_deletion(
    db: &Db,
    kind: DeletionKind,
    kakao_id: &str,
    leased_until_ms: Option<i64>,
) -> Result<Deletion, sqlx::Error> {
    let recorded = Deletion {
        id: random_token().expose().to_owned(),
        kind,
        kakao_id: kakao_id.to_owned(),
        attempts: i64::from(leased_until_ms.is_some()),
        due_at_ms: leased_until_ms.unwrap_or_else(now_ms),
        created_at: now(),
    };
    let mut tx = begin_write(db).await?;
    sqlx::query(
        "INSERT INTO member_deletions (id, kind, kakao_id, attempts, due_at_ms, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&recorded.id)
    .bind(kind.as_str())
    .bind(kakao_id)
    .bind(recorded.attempts)
    .bind(recorded.due_at_ms)
    .bind(recorded.created_at)
    .execute(&mut *tx)
    .await?;
    if kind == DeletionKind::Withdrawal {
        sqlx::query(
            "DELETE FROM sessions WHERE member_id IN (SELECT id FROM members WHERE kakao_id = $1)",
        )
        .bind(kakao_id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(recorded)
}

/// Up to `limit` deletions due at `now_ms`, oldest first.
pub async fn due_deletions(db: &Db, now_ms: i64, limit: i64) -> Result<Vec<Deletion>, sqlx::Error> {
    sqlx::query(
        "SELECT id, kind, kakao_id, attempts, due_at_ms, created_at FROM member_deletions \
         WHERE due_at_ms <= $1 ORDER BY due_at_ms LIMIT $2",
    )
    .bind(now_ms)
    .bind(limit)
    .fetch_all(db.reads())
    .await?
    .iter()
    .map(deletion)
    .collect()
}

/// Takes `d` until `leased_until_ms`, counting an attempt; `false` if another worker took or
/// finished it since it was read.
pub async fn claim_deletion(
    db: &Db,
    d: &mut Deletion,
    leased_until_ms: i64,
) -> Result<bool, sqlx::Error> {
    let claimed = sqlx::query(
        "UPDATE member_deletions SET due_at_ms = $3, attempts = attempts + 1 \
         WHERE id = $1 AND due_at_ms = $2",
    )
    .bind(&d.id)
    .bind(d.due_at_ms)
    .bind(leased_until_ms)
    .execute(db.writes())
    .await?
    .rows_affected()
        == 1;
    if claimed {
        d.due_at_ms = leased_until_ms;
        d.attempts += 1;
    }
    Ok(claimed)
}

/// Deletes the member (sessions, terms record, member) and the deletion's record in one
/// transaction, so it happens once. `true` if a member was there; `false` also when the
/// record was already gone (another worker finished it).
pub async fn finish_deletion(db: &Db, d: &Deletion) -> Result<bool, sqlx::Error> {
    let mut tx = begin_write(db).await?;
    let recorded = sqlx::query("DELETE FROM member_deletions WHERE id = $1")
        .bind(&d.id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if recorded == 0 {
        tx.rollback().await?;
        return Ok(false);
    }
    // What Kakao's channel webhook said of this Kakao user goes with them, member or not.
    for sql in [
        "DELETE FROM channel_relations WHERE kakao_id = $1",
        "DELETE FROM channel_events WHERE user_key = $1 AND id_type = 'app_user_id'",
    ] {
        sqlx::query(sql).bind(&d.kakao_id).execute(&mut *tx).await?;
    }
    // The same statements whether or not the member exists, so timing says little about it.
    for sql in [
        "DELETE FROM sessions WHERE member_id IN \
         (SELECT id FROM members WHERE kakao_id = $1 AND created_at <= $2)",
        "DELETE FROM member_terms WHERE member_id IN \
         (SELECT id FROM members WHERE kakao_id = $1 AND created_at <= $2)",
    ] {
        sqlx::query(sql)
            .bind(&d.kakao_id)
            .bind(d.created_at)
            .execute(&mut *tx)
            .await?;
    }
    let deleted = sqlx::query("DELETE FROM members WHERE kakao_id = $1 AND created_at <= $2")
        .bind(&d.kakao_id)
        .bind(d.created_at)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    tx.commit().await?;
    Ok(deleted > 0)
}

/// Gives the deletion back for a retry at `due_at_ms`, keeping why this attempt failed.
pub async fn postpone_deletion(
    db: &Db,
    d: &Deletion,
    due_at_ms: i64,
    error: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE member_deletions SET due_at_ms = $2, last_error = $3 WHERE id = $1")
        .bind(&d.id)
        .bind(due_at_ms)
        .bind(error)
        .execute(db.writes())
        .await?;
    Ok(())
}

/// How many deletions are not finished yet, and the age in seconds of the oldest.
pub async fn pending_deletions(db: &Db) -> Result<(i64, i64), sqlx::Error> {
    let row = sqlx::query("SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM member_deletions")
        .fetch_one(db.reads())
        .await?;
    let oldest: Option<i64> = row.try_get("oldest")?;
    Ok((row.try_get("n")?, oldest.map_or(0, |t| (now() - t).max(0))))
}

/// Now, in Unix milliseconds: a retry's backoff starts below a second.
pub fn now_ms() -> i64 {
    (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}
