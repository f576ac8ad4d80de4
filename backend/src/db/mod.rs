//! The database: SQLite (a file, the default) or PostgreSQL, through sqlx's `Any` driver so one
//! set of queries and one migration serve both. Queries use `$n` placeholders, which both accept.

mod claims;
mod members;
mod sessions;
mod sign_in;
mod terms;

use sqlx::any::AnyPoolOptions;
use sqlx::{Any, AnyPool, Transaction};

pub use claims::claim_code;
pub use members::{
    MemberRecord, Profile, delete_member, delete_member_by_kakao_id, find_member, upsert_member,
};
pub use sessions::{
    SessionRecord, create_session, delete_session, find_session, session_access_token,
    update_session_tokens,
};
pub use sign_in::{SignedIn, sign_in};
pub use terms::{load_consents, save_consents};

/// Opens the pool and brings the schema up to date. A SQLite file is created when missing and
/// put in write-ahead-log mode: readers then never wait for the writer, and a commit appends to
/// the log instead of rewriting pages, which `make bench` measured at up to twice the sign-ins
/// per second under concurrency. Every connection asks for it, so none reports a stale mode.
pub async fn connect(url: &str) -> Result<AnyPool, sqlx::Error> {
    sqlx::any::install_default_drivers();
    let wal = is_sqlite_file(url);
    let pool = AnyPoolOptions::new()
        .max_connections(8)
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if wal {
                    sqlx::Executor::execute(conn, "PRAGMA journal_mode = WAL").await?;
                }
                Ok(())
            })
        })
        .connect(&create_if_missing(url))
        .await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
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
/// (`BEGIN IMMEDIATE`): a deferred transaction that read first cannot wait for the lock, so under
/// concurrent sign-ins it failed at once with "database is locked"; an immediate one waits for the
/// busy timeout like any other write. PostgreSQL's row locks need nothing of the kind.
pub(crate) async fn begin_write(pool: &AnyPool) -> Result<Transaction<'static, Any>, sqlx::Error> {
    if pool.connect_options().database_url.scheme() == "sqlite" {
        pool.begin_with("BEGIN IMMEDIATE").await
    } else {
        pool.begin().await
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
