//! Kakao's KakaoTalk share and channel webhooks: checked by the admin key, recorded once per
//! `X-Kakao-Resource-ID` before the 200, and the channel relations `GET /channels` answers from.

use axum::http::StatusCode;
use reqwest::Method;
use serde_json::{Value, json};

use crate::account::hold_the_database;
use crate::common::{ADMIN_KEY, REST_API_KEY, TestDb};
use crate::{RYAN, World};

crate::on_every_database!(
    a_share_webhook_is_recorded_with_its_callback_args_in_either_method,
    a_share_webhook_with_a_wrong_key_or_no_resource_id_records_nothing,
    a_share_webhook_the_database_cannot_take_in_time_is_not_answered_2xx,
    channel_webhooks_added_then_blocked_are_what_get_channels_answers,
    a_repeated_or_late_channel_webhook_changes_nothing,
);

/// The app's two channels, named so `GET /channels` can answer from the webhook's records.
const CHANNELS: &str = "_ZeUTxl,_xkNzpK";

async fn count(w: &World, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(w.state.db.reads())
        .await
        .unwrap()
}

/// A webhook the way Kakao sends it (`None`: no `X-Kakao-Resource-ID`).
async fn webhook(
    w: &World,
    method: Method,
    path: &str,
    key: &str,
    resource_id: Option<&str>,
    body: Option<Value>,
) -> StatusCode {
    let mut request = w
        .http
        .request(method, w.api(path))
        .header("authorization", format!("KakaoAK {key}"))
        .header("user-agent", "KakaoOpenAPI/1.0");
    if let Some(id) = resource_id {
        request = request.header("x-kakao-resource-id", id);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap().status()
}

async fn a_share_webhook_is_recorded_with_its_callback_args_in_either_method(db: TestDb) {
    let w = World::start(db).await;
    let body = json!({"CHAT_TYPE": "MultiChat", "HASH_CHAT_ID": "hash-1", "TEMPLATE_ID": 12345, "post_id": "7"});
    let status = webhook(
        &w,
        Method::POST,
        "/webhooks/share",
        ADMIN_KEY,
        Some("Rvy1c2dkzBAZ5hGD3rqYbxvr"),
        Some(body),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let query = "/webhooks/share?CHAT_TYPE=MemoChat&HASH_CHAT_ID=hash-2&post_id=8";
    let status = webhook(
        &w,
        Method::GET,
        query,
        ADMIN_KEY,
        Some("second-delivery"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let rows: Vec<(String, String, Option<i64>, String)> = sqlx::query_as(
        "SELECT chat_type, hash_chat_id, template_id, callback_args FROM share_events \
         ORDER BY hash_chat_id",
    )
    .fetch_all(w.state.db.reads())
    .await
    .unwrap();
    assert_eq!(
        rows,
        [
            (
                "MultiChat".into(),
                "hash-1".into(),
                Some(12345),
                r#"{"post_id":"7"}"#.into()
            ),
            (
                "MemoChat".into(),
                "hash-2".into(),
                None,
                r#"{"post_id":"8"}"#.into()
            ),
        ]
    );
}

async fn a_share_webhook_with_a_wrong_key_or_no_resource_id_records_nothing(db: TestDb) {
    let w = World::start(db).await;
    let body = json!({"CHAT_TYPE": "MemoChat", "HASH_CHAT_ID": "h"});
    let forged = webhook(
        &w,
        Method::POST,
        "/webhooks/share",
        "not-the-admin-key",
        Some("r1"),
        Some(body.clone()),
    )
    .await;
    assert_eq!(forged, StatusCode::UNAUTHORIZED);
    let unnamed = webhook(
        &w,
        Method::POST,
        "/webhooks/share",
        ADMIN_KEY,
        None,
        Some(body),
    )
    .await;
    assert_eq!(unnamed, StatusCode::BAD_REQUEST);
    let fieldless = webhook(
        &w,
        Method::POST,
        "/webhooks/share",
        ADMIN_KEY,
        Some("r2"),
        Some(json!({"post_id": "1"})),
    )
    .await;
    assert_eq!(fieldless, StatusCode::BAD_REQUEST);
    assert_eq!(count(&w, "SELECT COUNT(*) FROM share_events").await, 0);
}

async fn a_share_webhook_the_database_cannot_take_in_time_is_not_answered_2xx(db: TestDb) {
    let w = World::start(db).await;
    let held = hold_the_database(&w.db, "share_events", 3.5).await;
    let started = std::time::Instant::now();
    let body = json!({"CHAT_TYPE": "MemoChat", "HASH_CHAT_ID": "h"});
    let status = webhook(
        &w,
        Method::POST,
        "/webhooks/share",
        ADMIN_KEY,
        Some("slow"),
        Some(body),
    )
    .await;
    // Within Kakao's 3 s, and not a 2xx, since nothing is recorded yet.
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        started.elapsed().as_secs_f64() < 3.0,
        "{:?}",
        started.elapsed()
    );
    held.await.unwrap();
    // The record was not given up: it goes in once the lock is free.
    for _ in 0..100 {
        if count(&w, "SELECT COUNT(*) FROM share_events").await == 1 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the share event was not recorded after the lock went");
}

/// A world whose backend names the app's channels and receives the emulator's channel webhook.
async fn channel_world(db: TestDb) -> World {
    let w = World::start_with(
        db,
        Default::default(),
        &[("KAKAO_CHANNEL_PUBLIC_IDS", CHANNELS)],
    )
    .await;
    let hook = json!({"channel_webhook": {"url": w.api("/webhooks/channel"), "encoding": "json"}});
    w.control(Method::PATCH, &format!("/apps/{REST_API_KEY}"), hook)
        .await;
    w
}

/// RYAN adds or blocks a channel in KakaoTalk; Kakao's webhook must have been answered 200.
async fn in_kakaotalk(w: &World, event: &str, channel: &str) {
    let answer = w
        .control(
            Method::POST,
            &format!("/users/{RYAN}/channels/{channel}"),
            json!({"event": event}),
        )
        .await;
    assert_eq!(answer["webhook"]["status"], 200, "{answer}");
}

fn relations(channels: &Value) -> Vec<(String, String)> {
    channels
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["channelPublicId"].as_str().unwrap().into(),
                c["relation"].as_str().unwrap().into(),
            )
        })
        .collect()
}

async fn kakao_channel_calls(w: &World) -> usize {
    w.kakao_paths()
        .await
        .iter()
        .filter(|p| *p == "/v2/api/talk/channels")
        .count()
}

async fn channel_webhooks_added_then_blocked_are_what_get_channels_answers(db: TestDb) {
    let w = channel_world(db).await;
    let (_, cookie) = w.login(RYAN, json!({})).await;
    in_kakaotalk(&w, "added", "_ZeUTxl").await;
    // One of two channels reported: Kakao is asked.
    let (status, channels) = w.call(Method::GET, "/channels", &cookie, None).await;
    assert_eq!(status, StatusCode::OK, "{channels}");
    assert_eq!(
        relations(&channels),
        [
            ("_ZeUTxl".into(), "ADDED".into()),
            ("_xkNzpK".into(), "NONE".into())
        ]
    );
    assert_eq!(kakao_channel_calls(&w).await, 1);

    in_kakaotalk(&w, "added", "_xkNzpK").await;
    in_kakaotalk(&w, "blocked", "_ZeUTxl").await;
    let (_, channels) = w.call(Method::GET, "/channels", &cookie, None).await;
    assert_eq!(
        relations(&channels),
        [
            ("_ZeUTxl".into(), "BLOCKED".into()),
            ("_xkNzpK".into(), "ADDED".into())
        ]
    );
    assert!(
        channels[0]["updatedAt"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z'))
    );
    // Both reported: the answer came from the records, without asking Kakao again.
    assert_eq!(kakao_channel_calls(&w).await, 1);
    assert_eq!(count(&w, "SELECT COUNT(*) FROM channel_events").await, 3);

    // The member withdraws: what the webhook said of them goes with them.
    w.call(Method::POST, "/withdraw", &cookie, None).await;
    w.deletions_finished().await;
    assert_eq!(count(&w, "SELECT COUNT(*) FROM channel_relations").await, 0);
    assert_eq!(count(&w, "SELECT COUNT(*) FROM channel_events").await, 0);
}

async fn a_repeated_or_late_channel_webhook_changes_nothing(db: TestDb) {
    let w = channel_world(db).await;
    let (_, cookie) = w.login(RYAN, json!({})).await;
    let event = |event: &str, channel: &str, at: &str| {
        json!({"event": event, "id": RYAN.to_string(), "id_type": "app_user_id",
               "channel_public_id": channel, "channel_uuid": "@c", "updated_at": at})
    };
    let send = |id: &'static str, body: Value| {
        let w = &w;
        async move {
            webhook(
                w,
                Method::POST,
                "/webhooks/channel",
                ADMIN_KEY,
                Some(id),
                Some(body),
            )
            .await
        }
    };
    assert_eq!(
        send("a", event("added", "_ZeUTxl", "2026-12-01T10:00:00Z")).await,
        StatusCode::OK
    );
    assert_eq!(
        send("b", event("added", "_xkNzpK", "2026-12-01T10:00:00Z")).await,
        StatusCode::OK
    );
    // The same delivery again (same resource id, whatever it says): recorded once.
    assert_eq!(
        send("a", event("blocked", "_ZeUTxl", "2026-12-01T11:00:00Z")).await,
        StatusCode::OK
    );
    // A block from before the add, arriving late: recorded, but the add stands.
    assert_eq!(
        send("c", event("blocked", "_ZeUTxl", "2026-12-01T09:00:00Z")).await,
        StatusCode::OK
    );
    assert_eq!(count(&w, "SELECT COUNT(*) FROM channel_events").await, 3);
    let (_, channels) = w.call(Method::GET, "/channels", &cookie, None).await;
    assert_eq!(
        relations(&channels),
        [
            ("_ZeUTxl".into(), "ADDED".into()),
            ("_xkNzpK".into(), "ADDED".into())
        ]
    );
    assert_eq!(kakao_channel_calls(&w).await, 0);

    // Outside Kakao's vocabulary, and a forged key: refused, nothing recorded.
    let mut odd = event("followed", "_ZeUTxl", "2026-12-01T12:00:00Z");
    assert_eq!(send("d", odd.clone()).await, StatusCode::BAD_REQUEST);
    odd["event"] = "blocked".into();
    odd["id_type"] = "app_user_id".into();
    odd["id"] = "not-a-number".into();
    assert_eq!(send("e", odd).await, StatusCode::BAD_REQUEST);
    let forged = webhook(
        &w,
        Method::POST,
        "/webhooks/channel",
        "wrong",
        Some("f"),
        Some(event("blocked", "_ZeUTxl", "2026-12-01T12:00:00Z")),
    )
    .await;
    assert_eq!(forged, StatusCode::UNAUTHORIZED);
    assert_eq!(count(&w, "SELECT COUNT(*) FROM channel_events").await, 3);
}
