//! The worker that finishes recorded member deletions (`db::deletions`): a withdrawal is
//! unlinked at Kakao, then deleted; an unlink webhook's member is deleted. A failed attempt is
//! retried with a doubling, bounded wait; the deletion's record survives restarts, and any
//! instance's worker may finish it. Every attempt is idempotent: Kakao answers `-101` to an
//! unlink of a user already unlinked, which counts as done, and the member's data goes in the
//! transaction that removes the record, so it is deleted exactly once.

use std::time::Duration;

use crate::config::WorkerConfig;
use crate::db::{self, Deletion, DeletionKind, now_ms};
use crate::kakao::KakaoError;
use crate::secret::Secret;
use crate::state::AppState;

/// Deletions taken per query; the worker asks again until none is due.
const BATCH: i64 = 16;

/// Runs for as long as the process: a pass over the deletions due, then a wait for a wake-up
/// (a deletion recorded here) or the poll interval (one recorded or given back elsewhere).
pub async fn run(state: AppState) {
    loop {
        if let Err(e) = pass(&state).await {
            tracing::error!(error = %e, "member deletion worker: database error");
        }
        tokio::select! {
            _ = state.deletions_due.notified() => {}
            _ = tokio::time::sleep(state.config.worker.poll) => {}
        }
    }
}

async fn pass(state: &AppState) -> Result<(), sqlx::Error> {
    loop {
        let due = db::due_deletions(&state.db, now_ms(), BATCH).await?;
        let full = due.len() as i64 == BATCH;
        for mut deletion in due {
            if db::claim_deletion(&state.db, &mut deletion, lease_until_ms(state)).await? {
                attempt(state, &deletion, None).await;
            }
        }
        if !full {
            break;
        }
    }
    // What operators watch: a count that stays above zero means deletions keep failing.
    let (pending, oldest_secs) = db::pending_deletions(&state.db).await?;
    if pending > 0 {
        tracing::warn!(pending, oldest_secs, "member deletions not finished yet");
    }
    Ok(())
}

/// When a lease taken now ends: past the longest attempt (two calls to Kakao, then the
/// database), so nobody else takes a deletion that is still being worked on.
pub fn lease_until_ms(state: &AppState) -> i64 {
    let attempt = 2 * state.config.kakao.timeout + Duration::from_secs(10);
    now_ms() + attempt.as_millis() as i64
}

/// One attempt at a deletion this caller has claimed; `true` when it is finished. `token`: the
/// withdrawing session's access token, tried before the admin key. A failure gives the
/// deletion back with its retry time; should even that fail, its lease ends and it is retried.
pub async fn attempt(state: &AppState, deletion: &Deletion, token: Option<&Secret>) -> bool {
    let kind = deletion.kind;
    let result = match kind {
        DeletionKind::Withdrawal => unlink(state, &deletion.kakao_id, token)
            .await
            .map_err(|e| e.to_string()),
        DeletionKind::Unlinked => Ok(()),
    };
    let result = match result {
        Ok(()) => db::finish_deletion(&state.db, deletion)
            .await
            .map_err(|e| format!("database: {e}")),
        Err(e) => Err(e),
    };
    let attempts = deletion.attempts;
    match result {
        Ok(deleted) => {
            tracing::info!(?kind, deleted, attempts, "member deletion finished");
            true
        }
        Err(error) => {
            let wait = retry_wait(&state.config.worker, attempts);
            tracing::warn!(
                ?kind,
                attempts,
                %error,
                retry_in_ms = wait.as_millis() as u64,
                "member deletion failed; it will be retried"
            );
            let due = now_ms() + wait.as_millis() as i64;
            match db::postpone_deletion(&state.db, deletion, due, &error).await {
                Ok(()) => state.deletions_due.notify_one(),
                Err(e) => tracing::error!(error = %e, "member deletion could not be given back"),
            }
            false
        }
    }
}

/// The wait after `attempts` failed attempts: the first wait, doubled for each further one, up
/// to the bound.
fn retry_wait(worker: &WorkerConfig, attempts: i64) -> Duration {
    let doublings = attempts.clamp(1, 32) as u32 - 1;
    worker
        .retry_first
        .saturating_mul(2u32.saturating_pow(doublings))
        .min(worker.retry_max)
}

/// Unlinks at Kakao: with the session's token when there is one, else (or when Kakao no longer
/// accepts it) with the admin key, so a dead token never stops a withdrawal. A user already
/// unlinked (`-101`) is what an unlink wants.
/// <https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#unlink>
async fn unlink(
    state: &AppState,
    kakao_id: &str,
    token: Option<&Secret>,
) -> Result<(), KakaoError> {
    if let Some(token) = token {
        match state.kakao.unlink(token).await {
            Err(KakaoError::InvalidToken) => {}
            other => return already_unlinked_is_done(other.map(drop)),
        }
    }
    already_unlinked_is_done(state.kakao.unlink_by_admin_key(kakao_id).await.map(drop))
}

fn already_unlinked_is_done(result: Result<(), KakaoError>) -> Result<(), KakaoError> {
    match result {
        Err(KakaoError::Refused { error_code, .. }) if error_code.as_deref() == Some("-101") => {
            Ok(())
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_twice_as_long_each_time_up_to_the_bound() {
        let worker = WorkerConfig {
            retry_first: Duration::from_secs(1),
            retry_max: Duration::from_secs(5),
            poll: Duration::from_secs(1),
        };
        let waits: Vec<u64> = [1, 2, 3, 4, 5, 1000]
            .into_iter()
            .map(|attempts| retry_wait(&worker, attempts).as_secs())
            .collect();
        assert_eq!(waits, [1, 2, 4, 5, 5, 5]);
    }
}
