//! The `#[wasm_bindgen]` surface: the pure helpers, the `KakaoSync` class, and errors as JS
//! `Error`s with a stable `code`. Option objects are read by name as `options` declares them and
//! unknown fields are rejected; everything crossing into JavaScript is camelCase.

// `kakao-sync/share` is share and the pure helpers alone: a page that shares need not download
// the login client (measured 2026-12-01: 46,292 B gzip with it, 34,643 B without).
#[cfg(not(feature = "share"))]
pub mod client;
#[cfg(feature = "helpers")]
mod helpers;
#[cfg(feature = "helpers")]
pub use helpers::*;
#[cfg(feature = "button")]
pub mod button;
pub mod options;
#[cfg(feature = "share")]
pub mod share;
#[cfg(feature = "terms-panel")]
mod terms_panel;
mod types;

use wasm_bindgen::prelude::*;

use crate::browser::shape::{self, set};
use crate::core::Error;

/// Errors reach JavaScript as `KakaoSyncError`: an `Error` whose `name` is `KakaoSyncError`,
/// with a stable `code`, and `kakaoError` / `kakaoErrorCode` / `status` where known.
impl From<Error> for JsValue {
    fn from(e: Error) -> JsValue {
        let js = crate::browser::builtins::Error::new(&e.message());
        js.set_name("KakaoSyncError");
        set(&js, "code", e.code().into());
        match e {
            Error::Kakao { error, .. } => set(&js, "kakaoError", error.as_str().into()),
            Error::Backend(b) => {
                set(&js, "status", b.status.into());
                set(&js, "backendCode", b.code.into());
                set(&js, "kakaoError", b.kakao_error.into());
                set(&js, "kakaoErrorCode", b.kakao_error_code.into());
            }
            Error::ConsentRequired { required_scopes } => {
                set(&js, "requiredScopes", shape::ToJs::to_js(&required_scopes))
            }
            _ => {}
        }
        js.into()
    }
}
