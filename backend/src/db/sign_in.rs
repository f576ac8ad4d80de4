//! The one transaction that ends a Kakao login: the member (new, linked or updated), their
//! terms record and a new session are written together or not at all.

use super::{
    Db, MemberRecord, Profile, begin_write, create_session, is_unique_violation, now,
    save_consents, upsert_member,
};
use crate::kakao::KakaoTokens;
use crate::secret::Secret;
use crate::terms::Consent;

/// What a finished sign-in wrote.
pub struct SignedIn {
    pub member: MemberRecord,
    pub is_new_member: bool,
    /// The new session's id, for the cookie only.
    pub session_id: Secret,
}

/// Signs up, links or updates the member for `kakao_id`, records their terms and starts a
/// session, in one transaction.
pub async fn sign_in(
    db: &Db,
    kakao_id: &str,
    profile: &Profile,
    consents: &[Consent],
    tokens: &KakaoTokens,
    session_ttl_secs: i64,
) -> Result<SignedIn, sqlx::Error> {
    // Two first logins of one user racing (two tabs, two codes) both try to insert the member;
    // the loser's transaction rolls back and its second attempt finds the winner's row.
    let mut attempt = 0;
    loop {
        attempt += 1;
        match try_sign_in(db, kakao_id, profile, consents, tokens, session_ttl_secs).await {
            Err(e) if attempt == 1 && is_unique_violation(&e) => continue,
            result => return result,
        }
    }
}

async fn try_sign_in(
    db: &Db,
    kakao_id: &str,
    profile: &Profile,
    consents: &[Consent],
    tokens: &KakaoTokens,
    session_ttl_secs: i64,
) -> Result<SignedIn, sqlx::Error> {
    let now = now();
    let mut tx = begin_write(db).await?;
    let (member, is_new_member) = upsert_member(&mut tx, kakao_id, profile, now).await?;
    save_consents(&mut tx, &member.id, consents, now).await?;
    let session_id = create_session(
        &mut tx,
        &db.token_keys,
        &member.id,
        tokens,
        session_ttl_secs,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(SignedIn {
        member,
        is_new_member,
        session_id,
    })
}
