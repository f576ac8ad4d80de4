//! Single use of an authorization code on our side: the first `POST /session` with a code claims
//! its hash; a second one, even on another instance, finds the claim and stops. A claim is never
//! given back, even after a failure: the code is spent at Kakao anyway, and the page starts a
//! new login.

use super::{Db, is_unique_violation, now};
use crate::secret::sha256_hex;

/// Claims older than this are pruned; Kakao's codes live minutes, not hours.
const CLAIM_RETENTION_SECS: i64 = 24 * 3600;

/// `true` if this call claimed `code`; `false` if it was claimed before.
pub async fn claim_code(db: &Db, code: &str) -> Result<bool, sqlx::Error> {
    let now = now();
    sqlx::query("DELETE FROM code_claims WHERE claimed_at < $1")
        .bind(now - CLAIM_RETENTION_SECS)
        .execute(db.writes())
        .await?;
    match sqlx::query("INSERT INTO code_claims (code_hash, claimed_at) VALUES ($1, $2)")
        .bind(sha256_hex(code))
        .bind(now)
        .execute(db.writes())
        .await
    {
        Ok(_) => Ok(true),
        Err(e) if is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e),
    }
}
