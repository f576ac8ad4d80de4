//! The pure helpers: no storage, no navigation, and safe on a server once `init()` was given the
//! WebAssembly there. They are in the modules a page loads first (feature `helpers`).

use crate::prelude::*;

use wasm_bindgen::prelude::*;

use crate::browser::shape::{self, object};
use crate::core::channel::ChannelAction;
use crate::core::config::AuthorizeParams;
use crate::core::redirect::{Redirect, parse_redirect as parse};
use crate::core::user_agent::{detect, external_browser_url as escape_url};

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
    Ok(match parse(url)? {
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
