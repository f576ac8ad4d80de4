//! KakaoTalk easy logins the backend opened: state (as its SHA-256), nonce and redirect URI,
//! until the page posts the code or the transaction expires. Taking one deletes it, so a state
//! serves one exchange, across instances too.

use sqlx::Row;

use super::{Db, now};
use crate::secret::sha256_hex;

/// What the exchange of an open KakaoTalk login needs.
#[derive(Debug)]
pub struct TalkLoginRecord {
    pub nonce: String,
    pub redirect_uri: String,
}

/// Records a transaction opened now, valid for `ttl_secs`; expired ones go first, so the table
/// holds only live transactions.
pub async fn open_talk_login(
    db: &Db,
    state: &str,
    nonce: &str,
    redirect_uri: &str,
    ttl_secs: i64,
) -> Result<(), sqlx::Error> {
    let now = now();
    sqlx::query("DELETE FROM talk_logins WHERE expires_at <= $1")
        .bind(now)
        .execute(db.writes())
        .await?;
    sqlx::query(
        "INSERT INTO talk_logins (state_hash, nonce, redirect_uri, expires_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(sha256_hex(state))
    .bind(nonce)
    .bind(redirect_uri)
    .bind(now + ttl_secs)
    .execute(db.writes())
    .await?;
    Ok(())
}

/// Removes the transaction with this state and returns it if it had not expired. `None` for a
/// state never opened, already taken, or expired: all three end the same way.
pub async fn take_talk_login(db: &Db, state: &str) -> Result<Option<TalkLoginRecord>, sqlx::Error> {
    let row = sqlx::query(
        "DELETE FROM talk_logins WHERE state_hash = $1 \
         RETURNING nonce, redirect_uri, expires_at",
    )
    .bind(sha256_hex(state))
    .fetch_optional(db.writes())
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let expires_at: i64 = row.try_get("expires_at")?;
    if expires_at <= now() {
        return Ok(None);
    }
    Ok(Some(TalkLoginRecord {
        nonce: row.try_get("nonce")?,
        redirect_uri: row.try_get("redirect_uri")?,
    }))
}
