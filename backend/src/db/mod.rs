//! The database: SQLite (a file, the default) or PostgreSQL, through sqlx's `Any` driver so one
//! set of queries and one migration serve both. Queries use `$n` placeholders, which both accept.

mod claims;
mod deletions;
mod members;
mod sessions;
mod sign_in;
mod talk_logins;
mod terms;

use sqlx::any::AnyPoolOptions;
use sqlx::{Any, AnyPool, Transaction};

use crate::sealed::TokenKeys;

pub use claims::claim_code;
pub use deletions::{
    Deletion, DeletionKind, claim_deletion, due_deletions, finish_deletion, now_ms,
    pending_deletions, postpone_deletion, record_deletion,
};
pub use members::{MemberRecord, Profile, find_member, find_member_by_kakao_id, upsert_member};
pub use sessions::{
    SessionRecord, claim_refresh, create_session, delete_session, find_session, release_refresh,
    session_access_token, update_session_tokens,
};
pub use sign_in::{SignedIn, sign_in};
pub use talk_logins::{TalkLoginRecord, open_talk_login, take_talk_login};
use terms::save_consents;
pub use terms::{load_consents, record_consents};

/// The database: a pool for reads, one through which every write goes, and the keys that seal
/// Kakao's tokens in it.
///
/// On SQLite the write pool has a single connection. SQLite lets one writer in at a time, and
/// writers that race for its lock wait in its busy handler, which sleeps in steps of up to 100 ms;
/// queued on one connection they are served in turn instead, which `make bench` measured at about
/// a quarter more sign-ins per second and two fifths off the p99 under 64 concurrent sign-ins.
/// Readers never wait for the writer in write-ahead-log mode. On PostgreSQL, which locks rows,
/// both are the same pool.
#[derive(Clone, Debug)]
pub struct Db {
    reads: AnyPool,
    writes: AnyPool,
    token_keys: TokenKeys,
}

impl Db {
    /// The pool for statements that only read.
    pub fn reads(&self) -> &AnyPool {
        &self.reads
    }

    /// The pool for statements that write.
    pub fn writes(&self) -> &AnyPool {
        &self.writes
    }
}

/// Opens the database and brings the schema up to date. A SQLite file is created when missing
/// and put in write-ahead-log mode: a commit appends to the log instead of rewriting pages, and
/// with `synchronous = NORMAL` it does not wait for the disk either. That loses no commit when the
/// process dies (the SIGKILL test checks it); only a power cut can take the last commits back,
/// never leaving the file inconsistent. Every connection asks for both, so none reports a stale
/// mode.
pub async fn connect(url: &str, token_keys: TokenKeys) -> Result<Db, sqlx::Error> {
    sqlx::any::install_default_drivers();
    let url = create_if_missing(url);
    let sqlite_file = is_sqlite_file(&url);
    let in_memory = url.starts_with("sqlite:") && !sqlite_file;
    let pool = |max_connections| {
        let options = AnyPoolOptions::new().max_connections(max_connections);
        // An in-memory SQLite database lives and dies with its connection: exactly one, kept.
        let options = if in_memory {
            options
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None)
        } else {
            options
        };
        options
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if sqlite_file {
                        sqlx::Executor::execute(&mut *conn, "PRAGMA journal_mode = WAL").await?;
                        sqlx::Executor::execute(&mut *conn, "PRAGMA synchronous = NORMAL").await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
    };
    let writes = pool(if sqlite_file || in_memory { 1 } else { 8 }).await?;
    sqlx::migrate!("./migrations").run(&writes).await?;
    let reads = if sqlite_file {
        pool(8).await?
    } else {
        writes.clone()
    };
    Ok(Db {
        reads,
        writes,
        token_keys,
    })
}

fn is_sqlite_file(url: &str) -> bool {
    url.starts_with("sqlite:") && !url.contains(":memory:")
}

/// `mode=rwc` on a SQLite file URL that names no mode, so the first start creates the file.
fn create_if_missing(url: &str) -> String {
    if !is_sqlite_file(url) || url.contains("mode=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

/// A transaction that reads and then writes. On SQLite it takes the write lock at once
/// (`BEGIN IMMEDIATE`): a deferred transaction that read first cannot wait for the lock, so when
/// another process (a second instance, a maintenance script) writes to the file it would fail at
/// once with "database is locked"; an immediate one waits for the busy timeout like any other
/// write. PostgreSQL's row locks need nothing of the kind.
pub(crate) async fn begin_write(db: &Db) -> Result<Transaction<'static, Any>, sqlx::Error> {
    if db.writes.connect_options().database_url.scheme() == "sqlite" {
        db.writes.begin_with("BEGIN IMMEDIATE").await
    } else {
        db.writes.begin().await
    }
}

/// Now, as the Unix seconds the schema stores.
pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

#[cfg(test)]
mod tests {
    use super::create_if_missing;

    #[test]
    fn sqlite_files_are_created_unless_a_mode_is_given() {
        assert_eq!(create_if_missing("sqlite://a.db"), "sqlite://a.db?mode=rwc");
        assert_eq!(
            create_if_missing("sqlite://a.db?cache=shared"),
            "sqlite://a.db?cache=shared&mode=rwc"
        );
        assert_eq!(
            create_if_missing("sqlite://a.db?mode=ro"),
            "sqlite://a.db?mode=ro"
        );
        assert_eq!(create_if_missing("sqlite::memory:"), "sqlite::memory:");
        assert_eq!(create_if_missing("postgres://u@h/db"), "postgres://u@h/db");
    }
}
