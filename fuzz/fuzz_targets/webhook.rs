//! Kakao's unlink webhook through the real router, with the right admin key and any body (as a
//! POST form) or query (as a GET, when the input's first byte is odd): 200 for a well-formed
//! event, 400 or 401 otherwise, never a server error or a panic.
#![no_main]

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use kakao_sync_backend::app;
use kakao_sync_fuzz::{ADMIN_KEY, backend};
use libfuzzer_sys::fuzz_target;
use tower::ServiceExt;

fuzz_target!(|input: &[u8]| {
    let Some((&method, event)) = input.split_first() else {
        return;
    };
    let Ok(event) = std::str::from_utf8(event) else {
        return;
    };
    let as_get = method % 2 == 1;
    let request = Request::builder().header(header::AUTHORIZATION, format!("KakaoAK {ADMIN_KEY}"));
    let request = if as_get {
        let Ok(request) = request
            .method("GET")
            .uri(format!("/api/kakao/webhooks/unlink?{event}"))
            .body(Body::empty())
        else {
            return;
        };
        request
    } else {
        request
            .method("POST")
            .uri("/api/kakao/webhooks/unlink")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(event.to_owned()))
            .unwrap()
    };
    let b = backend();
    let status = b
        .runtime
        .block_on(app(b.state.clone()).oneshot(request))
        .unwrap()
        .status();
    assert!(
        [
            StatusCode::OK,
            StatusCode::BAD_REQUEST,
            StatusCode::UNAUTHORIZED
        ]
        .contains(&status),
        "{status} for {event:?}"
    );
});
