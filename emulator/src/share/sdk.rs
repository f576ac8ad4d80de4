//! `GET /kakao_js_sdk/{version}/kakao.min.js`: the stand-in for Kakao's JavaScript SDK, at the
//! path of Kakao's CDN (`https://t1.kakaocdn.net/kakao_js_sdk/${VERSION}/kakao.min.js`), so a
//! page switches between Kakao and the emulator by the origin alone. Pages load it with
//! `crossorigin="anonymous"` (and an `integrity` of their own for this file), as Kakao's
//! install snippet does, hence the open CORS header.
//! <https://developers.kakao.com/docs/latest/ko/javascript/getting-started>

use axum::http::header;
use axum::response::IntoResponse;

/// The route, any version.
pub const PATH: &str = "/kakao_js_sdk/{version}/kakao.min.js";

const SCRIPT: &str = include_str!("kakao.js");

pub async fn script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        ],
        SCRIPT,
    )
}
