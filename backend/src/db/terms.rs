//! The local record of a member's service-terms consent, kept in step with Kakao's.

use sqlx::{AnyConnection, Row};

use super::{Db, begin_write};
use crate::terms::Consent;

/// Records Kakao's answer for every tag it reported.
pub async fn save_consents(
    conn: &mut AnyConnection,
    member_id: &str,
    consents: &[Consent],
    now: i64,
) -> Result<(), sqlx::Error> {
    for c in consents {
        sqlx::query(
            "INSERT INTO member_terms (member_id, tag, agreed, revocable, agreed_at, agreed_by, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (member_id, tag) DO UPDATE SET \
             agreed = $3, revocable = $4, agreed_at = $5, agreed_by = $6, updated_at = $7",
        )
        .bind(member_id)
        .bind(&c.tag)
        .bind(i64::from(c.agreed))
        .bind(i64::from(c.revocable))
        .bind(&c.agreed_at)
        .bind(&c.agreed_by)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Replaces the record of the tags in `consents`, all of them or none.
pub async fn record_consents(
    db: &Db,
    member_id: &str,
    consents: &[Consent],
    now: i64,
) -> Result<(), sqlx::Error> {
    let mut tx = begin_write(db).await?;
    save_consents(&mut tx, member_id, consents, now).await?;
    tx.commit().await
}

/// The recorded consents of one member.
pub async fn load_consents(db: &Db, member_id: &str) -> Result<Vec<Consent>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT tag, agreed, revocable, agreed_at, agreed_by FROM member_terms \
         WHERE member_id = $1 ORDER BY tag",
    )
    .bind(member_id)
    .fetch_all(db.reads())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Consent {
                tag: r.try_get("tag")?,
                agreed: r.try_get::<i64, _>("agreed")? != 0,
                revocable: r.try_get::<i64, _>("revocable")? != 0,
                agreed_at: r.try_get("agreed_at")?,
                agreed_by: r.try_get("agreed_by")?,
            })
        })
        .collect()
}
