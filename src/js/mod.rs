//! The `#[wasm_bindgen]` surface: the pure helpers, the `KakaoSync` class, and errors as JS
//! `Error`s with a stable `code`. Option objects are read by name as `options` declares them and
//! unknown fields are rejected; everything crossing into JavaScript is camelCase.

use crate::prelude::*;

// `kakao-sync/share` is share and the pure helpers alone: a page that shares need not download
// the login client (measured 2026-12-01: 46,292 B gzip with it, 34,643 B without).
#[cfg(not(feature = "share"))]
pub mod client;
pub mod options;
#[cfg(feature = "share")]
pub mod share;
mod types;
#[cfg(feature = "ui")]
pub mod ui;

use wasm_bindgen::prelude::*;

use crate::browser::shape::{self, object, set};
use crate::core::Error;
use crate::core::channel::ChannelAction;
use crate::core::config::AuthorizeParams;
use crate::core::redirect::{Redirect, parse_redirect as parse};
use crate::core::user_agent::{detect, external_browser_url as escape_url};

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

/// Builds a Kakao authorize URL with every parameter Kakao supports. Pure: no storage, no
/// navigation. Like `parseRedirect`, `detectInAppBrowser` and `externalBrowserUrl`, it also runs
/// on a server (a Server Component, prerendering) once `init()` was given the wasm bytes there;
/// the `KakaoSync` class needs a browser.
#[wasm_bindgen(js_name = buildAuthorizeUrl)]
pub fn build_authorize_url(
    #[wasm_bindgen(unchecked_param_type = "AuthorizeUrlParams")] params: JsValue,
) -> Result<String, JsValue> {
    let params: AuthorizeParams = shape::options(params)?;
    Ok(params.build()?)
}

/// Parses a redirect URL into `{kind: "code", code, state?}` or
/// `{kind: "error", error, errorDescription?, state?}`; throws `malformed_redirect` otherwise.
#[wasm_bindgen(js_name = parseRedirect, unchecked_return_type = "RedirectParams")]
pub fn parse_redirect(url: &str) -> Result<JsValue, JsValue> {
    Ok(match parse(url, crate::browser::query_pairs)? {
        Redirect::Code { code, state } => object(&[
            ("kind", "code".into()),
            ("code", code.expose().into()),
            ("state", state.into()),
        ]),
        Redirect::Error {
            error,
            description,
            state,
        } => object(&[
            ("kind", "error".into()),
            ("error", error.as_str().into()),
            ("errorDescription", description.into()),
            ("state", state.into()),
        ]),
    })
}

/// Classifies a User-Agent (by default this browser's) as an in-app browser or not.
#[wasm_bindgen(js_name = detectInAppBrowser, unchecked_return_type = "InAppBrowser")]
pub fn detect_in_app_browser(user_agent: Option<String>) -> JsValue {
    let b = detect(&user_agent.unwrap_or_else(crate::browser::user_agent));
    object(&[
        ("inApp", b.in_app().into()),
        ("app", b.app.map_or(JsValue::NULL, |a| a.as_str().into())),
        ("os", b.os.as_str().into()),
        ("version", b.version.into()),
    ])
}

/// The URL that reopens `url` outside the in-app browser, or `null` where no way out is known.
#[wasm_bindgen(js_name = externalBrowserUrl, unchecked_return_type = "string | null")]
pub fn external_browser_url(url: &str, user_agent: Option<String>) -> JsValue {
    escape_url(url, &user_agent.unwrap_or_else(crate::browser::user_agent))
        .map_or(JsValue::NULL, JsValue::from)
}

/// The KakaoTalk channel page that adds the channel `channelPublicId` as a friend (`"add"`:
/// `https://pf.kakao.com/{id}/friend`) or opens a chat with it (`"chat"`: `…/chat`). Pure, like
/// `buildAuthorizeUrl`; an id that is not letters, digits and `_` is `invalid_config`.
#[wasm_bindgen(js_name = channelUrl)]
pub fn channel_url(
    #[wasm_bindgen(js_name = channelPublicId)] channel_public_id: &str,
    #[wasm_bindgen(unchecked_param_type = "\"add\" | \"chat\"")] action: &str,
) -> Result<String, JsValue> {
    let action = ChannelAction::parse(action)?;
    Ok(crate::core::channel::channel_url(
        channel_public_id,
        action,
    )?)
}
