//! Profile images for accounts without one: a coloured SVG with the nickname's first letter,
//! served by the emulator itself so pages that show them never leave loopback.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::kauth::pages::esc;
use crate::state::Emulator;

/// `GET /dn/{user_id}/{file}` (`img_640x640.svg` or `img_110x110.svg`).
pub async fn avatar(
    State(emu): State<Emulator>,
    Path((user_id, file)): Path<(i64, String)>,
) -> Response {
    let size = match file.as_str() {
        "img_640x640.svg" => 640,
        "img_110x110.svg" => 110,
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let Some(initial) = emu
        .world()
        .users
        .get(&user_id)
        .and_then(|u| u.nickname.chars().next())
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let hue = user_id.rem_euclid(360);
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{size}\" height=\"{size}\" viewBox=\"0 0 100 100\">\
         <rect width=\"100\" height=\"100\" fill=\"hsl({hue},60%,70%)\"/>\
         <text x=\"50\" y=\"50\" font-size=\"48\" text-anchor=\"middle\" dominant-baseline=\"central\" font-family=\"sans-serif\">{}</text></svg>",
        esc(&initial.to_string())
    );
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("image/svg+xml"),
        )],
        svg,
    )
        .into_response()
}
