//! The member store on SQLite and (when configured) PostgreSQL: sign-up, update on return,
//! linking by verified email, racing first logins, single-use codes, the terms record.

mod common;

use kakao_sync_backend::db::{self, Db, Profile};
use kakao_sync_backend::kakao::KakaoTokens;
use kakao_sync_backend::secret::Secret;
use kakao_sync_backend::terms::Consent;

use common::TestDb;

on_every_database!(
    sign_up_then_update_on_return,
    links_a_service_member_by_verified_email_only,
    racing_first_logins_make_one_member,
    a_code_is_claimed_once,
    the_terms_record_follows_kakao,
    a_deletion_is_taken_by_one_worker_and_done_once,
    a_deletion_spares_a_member_who_signed_up_after_it,
);

#[tokio::test]
async fn a_sqlite_file_runs_in_write_ahead_log_mode_with_normal_sync() {
    let test = TestDb::sqlite();
    let store = db::connect(&test.url, common::token_keys()).await.unwrap();
    for pool in [store.reads(), store.writes()] {
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(pool)
            .await
            .unwrap();
        assert_eq!(mode, "wal");
        // 1 is NORMAL; SQLite's default, FULL (2), waits for the disk on every commit.
        let sync: i64 = sqlx::query_scalar("PRAGMA synchronous")
            .fetch_one(pool)
            .await
            .unwrap();
        assert_eq!(sync, 1);
    }
}

fn tokens() -> KakaoTokens {
    KakaoTokens {
        access_token: Secret::new("access"),
        expires_in: 3600,
        refresh_token: Some(Secret::new("refresh")),
        refresh_token_expires_in: Some(86400),
    }
}

fn ryan() -> Profile {
    Profile {
        nickname: Some("라이언".into()),
        email: Some("ryan@example.com".into()),
        email_verified: true,
        gender: Some("male".into()),
        ..Profile::default()
    }
}

async fn count(store: &Db, table: &str) -> i64 {
    let sql = match table {
        "members" => "SELECT COUNT(*) FROM members",
        "sessions" => "SELECT COUNT(*) FROM sessions",
        _ => unreachable!(),
    };
    sqlx::query_scalar(sql)
        .fetch_one(store.reads())
        .await
        .unwrap()
}

async fn sign_up_then_update_on_return(db: TestDb) {
    let store = db::connect(&db.url, common::token_keys()).await.unwrap();
    let first = db::sign_in(&store, "4200000001", &ryan(), &[], &tokens(), 60)
        .await
        .unwrap();
    assert!(first.is_new_member);
    assert_eq!(first.member.member.kakao_id, "4200000001");
    assert!(first.member.member.email_verified);

    let mut changed = ryan();
    changed.nickname = Some("새 라이언".into());
    changed.gender = None;
    let second = db::sign_in(&store, "4200000001", &changed, &[], &tokens(), 60)
        .await
        .unwrap();
    assert!(!second.is_new_member);
    assert_eq!(second.member.id, first.member.id);
    assert_eq!(second.member.member.nickname.as_deref(), Some("새 라이언"));
    assert_eq!(
        second.member.member.gender, None,
        "a withdrawn consent removes the value"
    );
    assert_eq!(count(&store, "members").await, 1);
    assert_eq!(count(&store, "sessions").await, 2);
}

async fn insert_service_member(store: &Db, id: &str, email: &str, verified: i64) {
    sqlx::query(
        "INSERT INTO members (id, kakao_id, email, email_verified, name, created_at, updated_at) \
         VALUES ($1, NULL, $2, $3, 'Service Name', 0, 0)",
    )
    .bind(id)
    .bind(email)
    .bind(verified)
    .execute(store.writes())
    .await
    .unwrap();
}

async fn links_a_service_member_by_verified_email_only(db: TestDb) {
    let store = db::connect(&db.url, common::token_keys()).await.unwrap();
    insert_service_member(&store, "local-ryan", "Ryan@Example.com", 1).await;
    insert_service_member(&store, "local-apeach", "apeach@example.com", 0).await;

    let linked = db::sign_in(&store, "4200000001", &ryan(), &[], &tokens(), 60)
        .await
        .unwrap();
    assert!(!linked.is_new_member);
    assert_eq!(linked.member.id, "local-ryan");
    assert_eq!(linked.member.member.kakao_id, "4200000001");
    assert_eq!(
        linked.member.member.name.as_deref(),
        Some("Service Name"),
        "kept where Kakao has none"
    );
    assert_eq!(linked.member.member.nickname.as_deref(), Some("라이언"));

    // The service never verified apeach's address: a new member, not a takeover.
    let apeach = Profile {
        email: Some("apeach@example.com".into()),
        email_verified: true,
        ..Profile::default()
    };
    let signed = db::sign_in(&store, "4200000002", &apeach, &[], &tokens(), 60)
        .await
        .unwrap();
    assert!(signed.is_new_member);

    // Kakao does not vouch for muzi's address: no link either.
    insert_service_member(&store, "local-muzi", "muzi@example.com", 1).await;
    let muzi = Profile {
        email: Some("muzi@example.com".into()),
        email_verified: false,
        ..Profile::default()
    };
    let signed = db::sign_in(&store, "4200000003", &muzi, &[], &tokens(), 60)
        .await
        .unwrap();
    assert!(signed.is_new_member);
    assert_ne!(signed.member.id, "local-muzi");
    assert_eq!(count(&store, "members").await, 5);
}

async fn racing_first_logins_make_one_member(db: TestDb) {
    let store = db::connect(&db.url, common::token_keys()).await.unwrap();
    let logins = (0..4).map(|_| {
        let store = store.clone();
        tokio::spawn(
            async move { db::sign_in(&store, "4200000001", &ryan(), &[], &tokens(), 60).await },
        )
    });
    let mut new_members = 0;
    for login in logins {
        if login.await.unwrap().unwrap().is_new_member {
            new_members += 1;
        }
    }
    assert_eq!(new_members, 1);
    assert_eq!(count(&store, "members").await, 1);
    assert_eq!(count(&store, "sessions").await, 4);
}

async fn a_code_is_claimed_once(db: TestDb) {
    let store = db::connect(&db.url, common::token_keys()).await.unwrap();
    assert!(db::claim_code(&store, "code-1").await.unwrap());
    assert!(!db::claim_code(&store, "code-1").await.unwrap());
    assert!(db::claim_code(&store, "code-2").await.unwrap());
}

async fn the_terms_record_follows_kakao(db: TestDb) {
    let store = db::connect(&db.url, common::token_keys()).await.unwrap();
    let consent = |tag: &str, agreed: bool| Consent {
        tag: tag.into(),
        agreed,
        revocable: tag == "terms_marketing",
        agreed_at: agreed.then(|| "2025-01-02T03:04:05Z".to_owned()),
        agreed_by: agreed.then(|| "KAUTH".to_owned()),
    };
    let consents = [
        consent("terms_service", true),
        consent("terms_marketing", true),
    ];
    let signed = db::sign_in(&store, "4200000001", &ryan(), &consents, &tokens(), 60)
        .await
        .unwrap();
    assert_eq!(
        db::load_consents(&store, &signed.member.id)
            .await
            .unwrap()
            .len(),
        2
    );

    db::record_consents(
        &store,
        &signed.member.id,
        &[consent("terms_marketing", false)],
        db::now(),
    )
    .await
    .unwrap();
    let stored = db::load_consents(&store, &signed.member.id).await.unwrap();
    assert_eq!(
        stored,
        [
            consent("terms_marketing", false),
            consent("terms_service", true)
        ]
    );

    let deletion = db::record_deletion(&store, db::DeletionKind::Unlinked, "4200000001", None)
        .await
        .unwrap();
    assert!(db::finish_deletion(&store, &deletion).await.unwrap());
    assert!(
        db::load_consents(&store, &signed.member.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(count(&store, "sessions").await, 0);
}

#[tokio::test]
async fn an_in_memory_sqlite_database_is_one_database() {
    let store = db::connect("sqlite::memory:", common::token_keys())
        .await
        .unwrap();
    let signed = db::sign_in(&store, "4200000001", &ryan(), &[], &tokens(), 60)
        .await
        .unwrap();
    let found = db::find_member(&store, &signed.member.id).await.unwrap();
    assert_eq!(found.map(|m| m.id), Some(signed.member.id));
    assert_eq!(count(&store, "sessions").await, 1);
}

async fn a_deletion_is_taken_by_one_worker_and_done_once(db: TestDb) {
    let store = db::connect(&db.url, common::token_keys()).await.unwrap();
    db::sign_in(&store, "4200000001", &ryan(), &[], &tokens(), 60)
        .await
        .unwrap();
    let recorded = db::record_deletion(&store, db::DeletionKind::Unlinked, "4200000001", None)
        .await
        .unwrap();
    let due = db::due_deletions(&store, db::now_ms(), 16).await.unwrap();
    assert_eq!(due.len(), 1);
    let (mut first, mut second) = (due[0].clone(), due[0].clone());
    let lease = db::now_ms() + 60_000;
    assert!(db::claim_deletion(&store, &mut first, lease).await.unwrap());
    assert!(
        !db::claim_deletion(&store, &mut second, lease)
            .await
            .unwrap()
    );
    assert_eq!(first.attempts, 1);
    assert!(
        db::due_deletions(&store, db::now_ms(), 16)
            .await
            .unwrap()
            .is_empty(),
        "a leased deletion is not due"
    );
    assert!(db::finish_deletion(&store, &first).await.unwrap());
    assert!(
        !db::finish_deletion(&store, &recorded).await.unwrap(),
        "a second finish deletes nothing"
    );
    assert_eq!(count(&store, "members").await, 0);
    assert_eq!(count(&store, "sessions").await, 0);
}

async fn a_deletion_spares_a_member_who_signed_up_after_it(db: TestDb) {
    let store = db::connect(&db.url, common::token_keys()).await.unwrap();
    let recorded = db::record_deletion(&store, db::DeletionKind::Unlinked, "4200000001", None)
        .await
        .unwrap();
    db::sign_in(&store, "4200000001", &ryan(), &[], &tokens(), 60)
        .await
        .unwrap();
    sqlx::query("UPDATE members SET created_at = created_at + 5")
        .execute(store.writes())
        .await
        .unwrap();
    assert!(!db::finish_deletion(&store, &recorded).await.unwrap());
    assert_eq!(count(&store, "members").await, 1);
}
