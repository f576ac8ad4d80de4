//! Members: signed up from Kakao's consented data, linked by a verified email, updated on return.
//! <https://developers.kakao.com/docs/latest/en/kakaosync/dev-guide>

use kakao_sync_wire::api::Member;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::Db;

use crate::secret::random_token;

/// The member data Kakao gives, each field only when the user consented to it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Profile {
    pub nickname: Option<String>,
    pub profile_image_url: Option<String>,
    pub thumbnail_image_url: Option<String>,
    pub email: Option<String>,
    /// Kakao says the email is both valid and verified.
    pub email_verified: bool,
    pub name: Option<String>,
    pub phone_number: Option<String>,
    pub age_range: Option<String>,
    pub birthyear: Option<String>,
    pub birthday: Option<String>,
    pub gender: Option<String>,
}

/// A stored member: the internal id that sessions and terms point at, and what the page sees.
#[derive(Clone, Debug)]
pub struct MemberRecord {
    pub id: String,
    pub member: Member,
}

/// The column list, as a macro so every query stays one `&'static str` literal.
macro_rules! columns {
    () => {
        "id, kakao_id, nickname, profile_image_url, thumbnail_image_url, email, email_verified, \
         name, phone_number, age_range, birthyear, birthday, gender, created_at, updated_at"
    };
}

/// A new member: created and updated now.
const INSERT: &str = concat!(
    "INSERT INTO members (",
    columns!(),
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING ",
    columns!()
);

/// A returning member's data is what Kakao reports now: a consent the user withdrew takes the
/// value away here too.
const UPDATE_FROM_KAKAO: &str = concat!(
    "UPDATE members SET nickname = $3, profile_image_url = $4, thumbnail_image_url = $5, \
     email = $6, email_verified = $7, name = $8, phone_number = $9, age_range = $10, \
     birthyear = $11, birthday = $12, gender = $13, updated_at = $14 \
     WHERE id = $1 AND kakao_id = $2 RETURNING ",
    columns!()
);

/// A member the service created keeps its own values where Kakao has none.
const LINK_TO_KAKAO: &str = concat!(
    "UPDATE members SET kakao_id = $2, nickname = COALESCE($3, nickname), \
     profile_image_url = COALESCE($4, profile_image_url), \
     thumbnail_image_url = COALESCE($5, thumbnail_image_url), email = COALESCE($6, email), \
     email_verified = $7, name = COALESCE($8, name), phone_number = COALESCE($9, phone_number), \
     age_range = COALESCE($10, age_range), birthyear = COALESCE($11, birthyear), \
     birthday = COALESCE($12, birthday), gender = COALESCE($13, gender), updated_at = $14 \
     WHERE id = $1 AND kakao_id IS NULL RETURNING ",
    columns!()
);

fn rfc3339(unix: i64) -> Result<String, sqlx::Error> {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .ok_or_else(|| sqlx::Error::Decode(format!("bad timestamp {unix}").into()))
}

fn record(row: &AnyRow) -> Result<MemberRecord, sqlx::Error> {
    Ok(MemberRecord {
        id: row.try_get("id")?,
        member: Member {
            kakao_id: row
                .try_get::<Option<String>, _>("kakao_id")?
                .unwrap_or_default(),
            nickname: row.try_get("nickname")?,
            profile_image_url: row.try_get("profile_image_url")?,
            thumbnail_image_url: row.try_get("thumbnail_image_url")?,
            email: row.try_get("email")?,
            email_verified: row.try_get::<i64, _>("email_verified")? != 0,
            name: row.try_get("name")?,
            phone_number: row.try_get("phone_number")?,
            age_range: row.try_get("age_range")?,
            birthyear: row.try_get("birthyear")?,
            birthday: row.try_get("birthday")?,
            gender: row.try_get("gender")?,
            created_at: rfc3339(row.try_get("created_at")?)?,
            updated_at: rfc3339(row.try_get("updated_at")?)?,
        },
    })
}

/// Signs up, links or updates the member for `kakao_id`; `true` when the member is new.
///
/// Linking: a member without a Kakao id whose email matches is linked only when Kakao reports
/// the email valid *and* verified and the service itself recorded it as verified, so nobody can
/// take over an account by registering someone else's address on either side.
pub async fn upsert_member(
    conn: &mut AnyConnection,
    kakao_id: &str,
    profile: &Profile,
    now: i64,
) -> Result<(MemberRecord, bool), sqlx::Error> {
    let existing = sqlx::query(concat!(
        "SELECT ",
        columns!(),
        " FROM members WHERE kakao_id = $1"
    ))
    .bind(kakao_id)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(row) = existing {
        let id: String = row.try_get("id")?;
        let row = write(conn, UPDATE_FROM_KAKAO, &id, kakao_id, profile, now).await?;
        return Ok((row, false));
    }

    if let (Some(email), true) = (&profile.email, profile.email_verified) {
        let local = sqlx::query(
            "SELECT id FROM members WHERE kakao_id IS NULL AND email_verified = 1 \
             AND lower(email) = lower($1) ORDER BY created_at LIMIT 1",
        )
        .bind(email)
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(row) = local {
            let id: String = row.try_get("id")?;
            let row = write(conn, LINK_TO_KAKAO, &id, kakao_id, profile, now).await?;
            return Ok((row, false));
        }
    }

    let id = random_token().expose().to_owned();
    let row = write(conn, INSERT, &id, kakao_id, profile, now).await?;
    Ok((row, true))
}

/// Runs one of the member writes, which all bind the same fourteen values in the same order.
async fn write(
    conn: &mut AnyConnection,
    sql: &'static str,
    id: &str,
    kakao_id: &str,
    profile: &Profile,
    now: i64,
) -> Result<MemberRecord, sqlx::Error> {
    let row = sqlx::query(sql)
        .bind(id)
        .bind(kakao_id)
        .bind(&profile.nickname)
        .bind(&profile.profile_image_url)
        .bind(&profile.thumbnail_image_url)
        .bind(&profile.email)
        .bind(i64::from(profile.email_verified))
        .bind(&profile.name)
        .bind(&profile.phone_number)
        .bind(&profile.age_range)
        .bind(&profile.birthyear)
        .bind(&profile.birthday)
        .bind(&profile.gender)
        .bind(now)
        .fetch_one(&mut *conn)
        .await?;
    record(&row)
}

/// The member with this Kakao user id (the chatbot's `appUserId`), if they signed up.
pub async fn find_member_by_kakao_id(
    db: &Db,
    kakao_id: &str,
) -> Result<Option<MemberRecord>, sqlx::Error> {
    sqlx::query(concat!(
        "SELECT ",
        columns!(),
        " FROM members WHERE kakao_id = $1"
    ))
    .bind(kakao_id)
    .fetch_optional(db.reads())
    .await?
    .as_ref()
    .map(record)
    .transpose()
}

/// The member behind a session.
pub async fn find_member(db: &Db, id: &str) -> Result<Option<MemberRecord>, sqlx::Error> {
    sqlx::query(concat!(
        "SELECT ",
        columns!(),
        " FROM members WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(db.reads())
    .await?
    .as_ref()
    .map(record)
    .transpose()
}
