//! Server-side sessions. The browser's cookie holds a random id; the row, keyed by its hash,
//! holds the member and Kakao's tokens, sealed (see [`crate::sealed`]), which never leave the
//! server.

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::Db;

use crate::kakao::KakaoTokens;
use crate::sealed::{TokenKeys, TokenKind};
use crate::secret::{Secret, random_token, sha256_hex};

/// One live session.
#[derive(Clone, Debug)]
pub struct SessionRecord {
    pub id_hash: String,
    pub member_id: String,
    pub access_token: Secret,
    pub refresh_token: Option<Secret>,
}

fn record(keys: &TokenKeys, row: &AnyRow) -> Result<SessionRecord, sqlx::Error> {
    Ok(SessionRecord {
        id_hash: row.try_get("id_hash")?,
        member_id: row.try_get("member_id")?,
        access_token: open(
            keys,
            TokenKind::Access,
            &row.try_get::<String, _>("access_token")?,
        )?,
        refresh_token: row
            .try_get::<Option<String>, _>("refresh_token")?
            .map(|sealed| open(keys, TokenKind::Refresh, &sealed))
            .transpose()?,
    })
}

fn open(keys: &TokenKeys, kind: TokenKind, sealed: &str) -> Result<Secret, sqlx::Error> {
    keys.open(kind, sealed)
        .map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

/// The access token and, when Kakao sent one, the refresh token, sealed for storage.
fn seal(keys: &TokenKeys, tokens: &KakaoTokens) -> (String, Option<String>) {
    (
        keys.seal(TokenKind::Access, &tokens.access_token),
        tokens
            .refresh_token
            .as_ref()
            .map(|t| keys.seal(TokenKind::Refresh, t)),
    )
}

/// Starts a session for `member_id`; the returned id goes into the cookie and nowhere else.
pub async fn create_session(
    conn: &mut AnyConnection,
    keys: &TokenKeys,
    member_id: &str,
    tokens: &KakaoTokens,
    ttl_secs: i64,
    now: i64,
) -> Result<Secret, sqlx::Error> {
    let id = random_token();
    let (access, refresh) = seal(keys, tokens);
    // Expired sessions go whenever a new one starts, so Kakao tokens never outlive their use.
    sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(now)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO sessions (id_hash, member_id, access_token, access_expires_at, refresh_token, \
         refresh_expires_at, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(sha256_hex(id.expose()))
    .bind(member_id)
    .bind(access)
    .bind(now + tokens.expires_in)
    .bind(refresh)
    .bind(tokens.refresh_token_expires_in.map(|s| now + s))
    .bind(now)
    .bind(now + ttl_secs)
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// The unexpired session for a cookie value.
pub async fn find_session(
    db: &Db,
    id: &str,
    now: i64,
) -> Result<Option<SessionRecord>, sqlx::Error> {
    sqlx::query(
        "SELECT id_hash, member_id, access_token, refresh_token FROM sessions \
         WHERE id_hash = $1 AND expires_at > $2",
    )
    .bind(sha256_hex(id))
    .bind(now)
    .fetch_optional(db.reads())
    .await?
    .as_ref()
    .map(|row| record(&db.token_keys, row))
    .transpose()
}

/// Stores refreshed tokens and ends the refresh's lease. Kakao returns a new refresh token only
/// when the old one is close to expiry, so an absent one keeps the stored one.
pub async fn update_session_tokens(
    db: &Db,
    id_hash: &str,
    tokens: &KakaoTokens,
    now: i64,
) -> Result<(), sqlx::Error> {
    let (access, refresh) = seal(&db.token_keys, tokens);
    sqlx::query(
        "UPDATE sessions SET access_token = $2, access_expires_at = $3, \
         refresh_token = COALESCE($4, refresh_token), \
         refresh_expires_at = COALESCE($5, refresh_expires_at), refresh_lease_until = NULL \
         WHERE id_hash = $1",
    )
    .bind(id_hash)
    .bind(access)
    .bind(now + tokens.expires_in)
    .bind(refresh)
    .bind(tokens.refresh_token_expires_in.map(|s| now + s))
    .execute(db.writes())
    .await?;
    Ok(())
}

/// The access token a session holds now (another request may have refreshed it).
pub async fn session_access_token(db: &Db, id_hash: &str) -> Result<Option<Secret>, sqlx::Error> {
    let token: Option<String> =
        sqlx::query_scalar("SELECT access_token FROM sessions WHERE id_hash = $1")
            .bind(id_hash)
            .fetch_optional(db.reads())
            .await?;
    token
        .map(|sealed| open(&db.token_keys, TokenKind::Access, &sealed))
        .transpose()
}

/// Takes the right to refresh a session's tokens until `lease_until` (Unix seconds), for this
/// instance alone: `None` while another request, on any instance, holds an unexpired lease
/// (or the session is gone); else the session's tokens as they are now, which another refresh
/// may already have replaced.
pub async fn claim_refresh(
    db: &Db,
    id_hash: &str,
    now: i64,
    lease_until: i64,
) -> Result<Option<SessionRecord>, sqlx::Error> {
    sqlx::query(
        "UPDATE sessions SET refresh_lease_until = $3 WHERE id_hash = $1 \
         AND (refresh_lease_until IS NULL OR refresh_lease_until < $2) \
         RETURNING id_hash, member_id, access_token, refresh_token",
    )
    .bind(id_hash)
    .bind(now)
    .bind(lease_until)
    .fetch_optional(db.writes())
    .await?
    .as_ref()
    .map(|row| record(&db.token_keys, row))
    .transpose()
}

/// Gives a refresh lease back without new tokens (Kakao could not be reached).
pub async fn release_refresh(db: &Db, id_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET refresh_lease_until = NULL WHERE id_hash = $1")
        .bind(id_hash)
        .execute(db.writes())
        .await?;
    Ok(())
}

/// Ends a session (logout, or a login Kakao no longer accepts).
pub async fn delete_session(db: &Db, id_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
        .bind(id_hash)
        .execute(db.writes())
        .await?;
    Ok(())
}
