//! The database: SQLite (a file, the default) or PostgreSQL, through sqlx's `Any` driver so one
//! set of queries and one migration serve both. Queries use `$n` placeholders, which both accept.

mod claims;
mod members;
mod sessions;
mod sign_in;
mod terms;

use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;

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

/// Opens the pool and brings the schema up to date.
pub async fn connect(url: &str) -> Result<AnyPool, sqlx::Error> {
    sqlx::any::install_default_drivers();
    let pool = AnyPoolOptions::new()
        .max_connections(8)
        .connect(url)
        .await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}

/// Now, as the Unix seconds the schema stores.
pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}
