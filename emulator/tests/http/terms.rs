//! Service terms and channel relation APIs.

use serde_json::{Value, json};

use crate::common::*;

async fn terms(env: &Env, token: &str, query: &[(&str, &str)]) -> reqwest::Response {
    env.bearer_get_query("/v2/user/service_terms", token, query)
        .await
}

/// The `tag` of each entry of a terms list.
fn tags(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|t| t["tag"].as_str().unwrap())
        .collect()
}

fn find_tag<'a>(list: &'a Value, tag: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|t| t["tag"] == tag)
        .unwrap()
}

async fn post_tags(env: &Env, path: &str, token: &str, tags: &str) -> reqwest::Response {
    env.bearer_post(path, token, &[("tags", tags)]).await
}

#[tokio::test]
async fn service_terms_lists_agreed_terms_by_default_and_all_with_app_service_terms() {
    let env = env().await;
    let code = env
        .code_for(
            RYAN,
            json!({"service_terms": ["terms_service", "terms_privacy"]}),
        )
        .await;
    let token = env.exchange(&code).await.access_token;
    let agreed: Value = kakao_json(terms(&env, &token, &[]).await).await;
    assert_eq!(agreed["id"], RYAN);
    assert_eq!(
        tags(&agreed["service_terms"]),
        ["terms_service", "terms_privacy"]
    );
    let first = &agreed["service_terms"][0];
    assert_eq!(
        (&first["required"], &first["agreed"], &first["revocable"]),
        (&json!(true), &json!(true), &json!(false))
    );
    assert_eq!(first["agreed_by"], "KAUTH");
    assert!(first["agreed_at"].as_str().unwrap().ends_with('Z'));

    let all: Value =
        kakao_json(terms(&env, &token, &[("result", "app_service_terms")]).await).await;
    let marketing = find_tag(&all["service_terms"], "terms_marketing");
    assert_eq!(
        (
            &marketing["agreed"],
            &marketing["required"],
            &marketing["revocable"]
        ),
        (&json!(false), &json!(false), &json!(true))
    );
    assert_eq!(marketing.get("agreed_at"), None);

    let filtered: Value = kakao_json(
        terms(
            &env,
            &token,
            &[("result", "app_service_terms"), ("tags", "terms_privacy")],
        )
        .await,
    )
    .await;
    assert_eq!(tags(&filtered["service_terms"]), ["terms_privacy"]);
}

#[tokio::test]
async fn unknown_tags_are_minus_2() {
    let env = env().await;
    let token = env.signed_up(RYAN).await.access_token;
    let body = assert_kapi_error(terms(&env, &token, &[("tags", "nope")]).await, 400, -2).await;
    assert!(body["msg"].as_str().unwrap().contains("[nope]"));
    assert_kapi_error(
        post_tags(&env, "/v2/user/revoke/service_terms", &token, "nope").await,
        400,
        -2,
    )
    .await;
    assert_kapi_error(
        terms(&env, &token, &[("result", "everything")]).await,
        400,
        -2,
    )
    .await;
}

#[tokio::test]
async fn revoke_withdraws_only_revocable_agreed_terms() {
    let env = env().await;
    let token = env.signed_up(RYAN).await.access_token;
    let response = post_tags(
        &env,
        "/v2/user/revoke/service_terms",
        &token,
        "terms_marketing,terms_service",
    )
    .await;
    let revoked: Value = kakao_json(response).await;
    assert_eq!(
        revoked["revoked_service_terms"],
        json!([{"tag": "terms_marketing", "agreed": false}])
    );
    let agreed: Value = kakao_json(terms(&env, &token, &[]).await).await;
    assert!(!tags(&agreed["service_terms"]).contains(&"terms_marketing"));
}

#[tokio::test]
async fn upgrade_records_kapi_consent_and_skips_agreed_or_unknown_tags() {
    let env = env().await;
    let code = env
        .code_for(
            RYAN,
            json!({"service_terms": ["terms_service", "terms_privacy"]}),
        )
        .await;
    let token = env.exchange(&code).await.access_token;
    let response = post_tags(
        &env,
        "/v2/user/upgrade/service_terms",
        &token,
        "terms_marketing,terms_service,nope",
    )
    .await;
    let agreed: Value = kakao_json(response).await;
    assert_eq!(tags(&agreed["agreed_service_terms"]), ["terms_marketing"]);
    assert_eq!(agreed["agreed_service_terms"][0]["agreed_by"], "KAPI");
    let all: Value = kakao_json(terms(&env, &token, &[]).await).await;
    let marketing = find_tag(&all["service_terms"], "terms_marketing");
    assert_eq!(marketing["agreed_by"], "KAPI");
    assert_kapi_error(
        post_tags(&env, "/v2/user/upgrade/service_terms", &token, "").await,
        400,
        -2,
    )
    .await;
}

#[tokio::test]
async fn admin_key_reads_terms_for_a_target_user() {
    let env = env().await;
    env.signed_up(NEO).await;
    let response = env
        .http
        .get(env.url("/v2/user/service_terms"))
        .header("Authorization", format!("KakaoAK {ADMIN_KEY}"))
        .query(&[
            ("target_id_type", "user_id"),
            ("target_id", &NEO.to_string()),
        ])
        .send()
        .await
        .unwrap();
    let body: Value = kakao_json(response).await;
    assert_eq!(body["id"], NEO);
}

#[tokio::test]
async fn channels_need_plusfriends_consent_and_report_relations() {
    let env = env().await;
    let code = env
        .code_for(
            RYAN,
            json!({"scope": ["profile_nickname", "account_email"]}),
        )
        .await;
    let token = env.exchange(&code).await.access_token;
    let body = assert_kapi_error(
        env.bearer_get("/v2/api/talk/channels", &token).await,
        403,
        -402,
    )
    .await;
    assert_eq!(body["required_scopes"], json!(["plusfriends"]));

    let code = env.code_for(APEACH, json!({"channels": ["_ZeUTxl"]})).await;
    let token = env.exchange(&code).await.access_token;
    let all: Value = kakao_json(env.bearer_get("/v2/api/talk/channels", &token).await).await;
    assert_eq!(all["user_id"], APEACH);
    let relations: Vec<(&str, &str)> = all["channels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["channel_public_id"].as_str().unwrap(),
                c["relation"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(relations, [("_ZeUTxl", "ADDED"), ("_xkNzpK", "NONE")]);
    assert!(all["channels"][0]["updated_at"].is_string());
    assert_eq!(all["channels"][1].get("updated_at"), None);

    let one = env
        .bearer_get_query(
            "/v2/api/talk/channels",
            &token,
            &[
                ("channel_ids", "_xkNzpK"),
                ("channel_id_type", "channel_public_id"),
            ],
        )
        .await;
    let one: Value = kakao_json(one).await;
    assert_eq!(one["channels"].as_array().unwrap().len(), 1);
    assert_eq!(one["channels"][0]["channel_uuid"], "@kakaosyncnews");
}

#[tokio::test]
async fn agreeing_an_agreed_term_and_revoking_an_unagreed_one_answer_without_a_list() {
    let env = env().await;
    let code = env
        .code_for(
            RYAN,
            json!({"service_terms": ["terms_service", "terms_privacy"]}),
        )
        .await;
    let token = env.exchange(&code).await.access_token;
    let revoked: Value = kakao_json(
        post_tags(
            &env,
            "/v2/user/revoke/service_terms",
            &token,
            "terms_marketing",
        )
        .await,
    )
    .await;
    assert_eq!(revoked, json!({"id": RYAN}));
    let agreed: Value = kakao_json(
        post_tags(
            &env,
            "/v2/user/upgrade/service_terms",
            &token,
            "terms_service",
        )
        .await,
    )
    .await;
    assert_eq!(agreed, json!({"id": RYAN}));
}
