//! Missing required terms, agree (Kakao's upgrade API) and revoke, and the local record.

use axum::http::StatusCode;
use kakao_sync_emulator::Fixture;
use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{TERMS, TestDb};
use crate::{RYAN, World};

crate::on_every_database!(
    required_terms_the_member_lacks_are_reported,
    terms_are_agreed_and_revoked_through_kakao,
    only_known_and_revocable_terms_can_be_changed,
    agreeing_an_agreed_term_and_revoking_an_unagreed_one_succeed,
);

fn term<'a>(terms: &'a Value, tag: &str) -> &'a Value {
    terms
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["tag"] == tag)
        .unwrap()
}

async fn required_terms_the_member_lacks_are_reported(db: TestDb) {
    // The service added a required term to its catalogue that this member never agreed to.
    let mut catalogue: Value = serde_json::from_str(TERMS).unwrap();
    catalogue
        .as_array_mut()
        .unwrap()
        .push(json!({"tag": "terms_location", "title": "Location", "required": true}));
    let w = World::start_with(
        db,
        Fixture::default(),
        &[("KAKAO_TERMS", &catalogue.to_string())],
    )
    .await;
    let (answer, cookie) = w.login(RYAN, json!({})).await;
    assert_eq!(answer["missingRequiredTerms"], json!(["terms_location"]));
    let (status, terms) = w.call(Method::GET, "/terms", &cookie, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(term(&terms, "terms_location")["agreed"], false);
    assert_eq!(term(&terms, "terms_service")["agreed"], true);
}

async fn terms_are_agreed_and_revoked_through_kakao(db: TestDb) {
    let w = World::start(db).await;
    let (answer, cookie) = w
        .login(
            RYAN,
            json!({"service_terms": ["terms_service", "terms_privacy"]}),
        )
        .await;
    assert_eq!(answer["missingRequiredTerms"], json!([]));

    let (status, terms) = w.call(Method::GET, "/terms", &cookie, None).await;
    assert_eq!(status, StatusCode::OK);
    let tags: Vec<&str> = terms
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["tag"].as_str().unwrap())
        .collect();
    assert_eq!(
        tags,
        ["terms_service", "terms_privacy", "terms_marketing"],
        "catalogue order"
    );
    assert_eq!(term(&terms, "terms_service")["title"], "Terms of service");
    assert_eq!(term(&terms, "terms_service")["agreedBy"], "KAUTH");
    assert_eq!(term(&terms, "terms_service")["revocable"], false);
    assert_eq!(term(&terms, "terms_marketing")["agreed"], false);

    let (status, terms) = w
        .call(
            Method::POST,
            "/terms/agree",
            &cookie,
            Some(json!({"tags": ["terms_marketing"]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{terms}");
    let marketing = term(&terms, "terms_marketing");
    assert_eq!(
        (&marketing["agreed"], &marketing["agreedBy"]),
        (&json!(true), &json!("KAPI"))
    );
    assert_eq!(marketing["revocable"], true);

    let (status, terms) = w
        .call(
            Method::POST,
            "/terms/revoke",
            &cookie,
            Some(json!({"tags": ["terms_marketing"]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{terms}");
    assert_eq!(term(&terms, "terms_marketing")["agreed"], false);
    assert_eq!(term(&terms, "terms_marketing")["agreedAt"], Value::Null);

    // Kakao agrees with the local answer, and the local record with both.
    let (_, again) = w.call(Method::GET, "/terms", &cookie, None).await;
    assert_eq!(again, terms);
    let agreed: i64 =
        sqlx::query_scalar("SELECT agreed FROM member_terms WHERE tag = 'terms_marketing'")
            .fetch_one(w.state.db.reads())
            .await
            .unwrap();
    assert_eq!(agreed, 0);
}

async fn only_known_and_revocable_terms_can_be_changed(db: TestDb) {
    let w = World::start(db).await;
    let (_, cookie) = w.login(RYAN, json!({})).await;
    for (path, tags, code) in [
        (
            "/terms/revoke",
            json!(["terms_service"]),
            "term_not_revocable",
        ),
        ("/terms/revoke", json!(["terms_unknown"]), "unknown_term"),
        ("/terms/agree", json!(["terms_unknown"]), "unknown_term"),
        ("/terms/agree", json!([]), "invalid_request"),
    ] {
        let (status, body) = w
            .call(Method::POST, path, &cookie, Some(json!({"tags": tags})))
            .await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::BAD_REQUEST, Some(code)),
            "{path} {tags}"
        );
    }
    let (_, terms) = w.call(Method::GET, "/terms", &cookie, None).await;
    assert_eq!(term(&terms, "terms_service")["agreed"], true);
}

/// Kakao leaves the `agreed_service_terms` / `revoked_service_terms` lists out when nothing
/// changed: the member still sees success and Kakao's state.
async fn agreeing_an_agreed_term_and_revoking_an_unagreed_one_succeed(db: TestDb) {
    let w = World::start(db).await;
    let (_, cookie) = w
        .login(
            RYAN,
            json!({"service_terms": ["terms_service", "terms_privacy"]}),
        )
        .await;
    let (status, terms) = w
        .call(
            Method::POST,
            "/terms/revoke",
            &cookie,
            Some(json!({"tags": ["terms_marketing"]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{terms}");
    assert_eq!(term(&terms, "terms_marketing")["agreed"], false);
    let (status, terms) = w
        .call(
            Method::POST,
            "/terms/agree",
            &cookie,
            Some(json!({"tags": ["terms_service"]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{terms}");
    assert_eq!(term(&terms, "terms_service")["agreedBy"], "KAUTH");
}
