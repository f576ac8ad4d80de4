//! Sign-up, linking, update on return, single-use codes, channels.

use axum::http::StatusCode;
use reqwest::Method;
use serde_json::json;

use crate::common::TestDb;
use crate::{APEACH, MUZI, NEO, NONCE, RYAN, World};

crate::on_every_database!(
    a_new_user_signs_up_from_consented_data_alone,
    a_returning_member_is_updated_not_duplicated,
    a_service_member_with_the_same_verified_email_is_linked,
    an_unverified_kakao_email_links_nothing,
    a_code_posted_twice_makes_one_member_and_one_session,
    a_code_posted_twice_at_once_makes_one_member_and_one_session,
    user_ids_beyond_two_to_the_53_stay_exact,
    channel_relations_come_from_kakao,
);

async fn a_new_user_signs_up_from_consented_data_alone(db: TestDb) {
    let w = World::start(db).await;
    let code = w.code(RYAN, json!({})).await;
    let answer = w.post_session(&code, NONCE).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.body["isNewMember"], true);
    assert_eq!(answer.body["missingRequiredTerms"], json!([]));
    let member = &answer.body["member"];
    assert_eq!(member["kakaoId"], RYAN.to_string());
    assert_eq!(member["nickname"], "라이언");
    assert_eq!(member["email"], "ryan@example.com");
    assert_eq!(member["emailVerified"], true);
    assert_eq!(member["gender"], "male");
    assert_eq!(member["phoneNumber"], "+82 10-1234-5678");

    let set_cookie = answer.set_cookie.unwrap();
    for attribute in ["HttpOnly", "Secure", "SameSite=Lax", "Path=/"] {
        assert!(set_cookie.contains(attribute), "{set_cookie}");
    }
    let cookie = answer.cookie.unwrap();
    let (status, me) = w.call(Method::GET, "/session", &cookie, None).await;
    assert_eq!((status, &me), (StatusCode::OK, member));
    assert_eq!(
        w.rows("member_terms").await,
        3,
        "the terms record is written with the member"
    );
}

async fn a_returning_member_is_updated_not_duplicated(db: TestDb) {
    let w = World::start(db).await;
    let (first, _) = w.login(RYAN, json!({})).await;
    w.control(
        Method::PATCH,
        &format!("/users/{RYAN}"),
        json!({"nickname": "새 라이언"}),
    )
    .await;
    let (second, cookie) = w.login(RYAN, json!({})).await;
    assert_eq!(second["isNewMember"], false);
    assert_eq!(second["member"]["nickname"], "새 라이언");
    assert_eq!(second["member"]["createdAt"], first["member"]["createdAt"]);
    assert_eq!(w.rows("members").await, 1);
    let (_, me) = w.call(Method::GET, "/session", &cookie, None).await;
    assert_eq!(me["nickname"], "새 라이언");
}

async fn insert_service_member(w: &World, email: &str) {
    sqlx::query(
        "INSERT INTO members (id, kakao_id, email, email_verified, name, created_at, updated_at) \
         VALUES ('service-member', NULL, $1, 1, 'Name from the service', 0, 0)",
    )
    .bind(email)
    .execute(w.state.db.writes())
    .await
    .unwrap();
}

async fn a_service_member_with_the_same_verified_email_is_linked(db: TestDb) {
    let w = World::start(db).await;
    insert_service_member(&w, "APEACH@example.com").await;
    let (answer, _) = w.login(APEACH, json!({})).await;
    assert_eq!(answer["isNewMember"], false);
    assert_eq!(answer["member"]["kakaoId"], APEACH.to_string());
    assert_eq!(answer["member"]["name"], "Name from the service");
    assert_eq!(answer["member"]["createdAt"], "1970-01-01T00:00:00Z");
    assert_eq!(w.rows("members").await, 1);
}

async fn an_unverified_kakao_email_links_nothing(db: TestDb) {
    let w = World::start(db).await;
    insert_service_member(&w, "muzi@example.com").await;
    let (answer, _) = w.login(MUZI, json!({})).await;
    assert_eq!(answer["isNewMember"], true);
    assert_eq!(answer["member"]["emailVerified"], false);
    assert_eq!(w.rows("members").await, 2);
}

async fn a_code_posted_twice_makes_one_member_and_one_session(db: TestDb) {
    let w = World::start(db).await;
    let code = w.code(RYAN, json!({})).await;
    assert_eq!(w.post_session(&code, NONCE).await.status, StatusCode::OK);
    let again = w.post_session(&code, NONCE).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.body["code"], "code_already_used");
    assert!(again.cookie.is_none());
    assert_eq!((w.rows("members").await, w.rows("sessions").await), (1, 1));
}

async fn a_code_posted_twice_at_once_makes_one_member_and_one_session(db: TestDb) {
    let w = World::start(db).await;
    let code = w.code(RYAN, json!({})).await;
    let (a, b) = tokio::join!(w.post_session(&code, NONCE), w.post_session(&code, NONCE));
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT]);
    assert_eq!((w.rows("members").await, w.rows("sessions").await), (1, 1));
}

async fn user_ids_beyond_two_to_the_53_stay_exact(db: TestDb) {
    let w = World::start(db).await;
    let (answer, _) = w.login(NEO, json!({})).await;
    assert_eq!(answer["member"]["kakaoId"], "3891047281234567890");
}

async fn channel_relations_come_from_kakao(db: TestDb) {
    let w = World::start(db).await;
    let (_, cookie) = w.login(RYAN, json!({"channels": ["_ZeUTxl"]})).await;
    let (status, channels) = w.call(Method::GET, "/channels", &cookie, None).await;
    assert_eq!(status, StatusCode::OK, "{channels}");
    let relation = |id: &str| {
        channels
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["channelPublicId"] == id)
            .map(|c| c["relation"].as_str().unwrap().to_owned())
    };
    assert_eq!(relation("_ZeUTxl").as_deref(), Some("ADDED"));
    assert_eq!(relation("_xkNzpK").as_deref(), Some("NONE"));
}
