//! The login button's waiting state while the page waits for KakaoTalk: what to do (continue in
//! KakaoTalk), cancel, and "다른 방법으로 로그인" (Kakao Account login), drawn in the button's place.

use crate::prelude::*;
use wasm_bindgen::JsValue;

use super::dom::{self, Element};
use super::html::fill;
use crate::browser::get;
use crate::core::Lang;
use wasm_bindgen::prelude::wasm_bindgen;

// The panel's own DOM call; the plumbing every component shares is `dom`'s.
#[wasm_bindgen(module = "/src/ui/talk-wait.js")]
extern "C" {
    /// Calls `cancel()` or `other_way()` when the waiting panel's cancel or "다른 방법으로 로그인"
    /// button (`data-ks="cancel"`, `data-ks="other"`) is pressed, until something else is
    /// rendered in its place.
    #[wasm_bindgen(js_name = waitPanel)]
    fn wait_panel(panel: &Element, cancel: &JsValue, other_way: &JsValue);
}

/// The panel's stylesheet; the button's is `button.js`'s.
const CSS: &str = include_str!("talk-wait.css");

const PANEL: &str = r#"<div class="ks-wait" role="status"><p>$</p><button type="button" class="ks-other" data-ks="other">$</button><button type="button" class="ks-cancel" data-ks="cancel">$</button></div>"#;

/// Shows the `kakaosync:talkwait` `detail` in `parent`: the waiting panel for `waiting`.
/// Returns whether the wait ended with a cancel, when the caller draws its button again.
pub fn show_talk_wait(parent: &JsValue, detail: &JsValue, lang: Lang) -> Result<bool, JsValue> {
    match get(detail, "phase").as_string().as_deref() {
        Some("waiting") => {
            let [message, other, cancel] = match lang {
                Lang::Ko => [
                    "카카오톡에서 로그인을 계속해 주세요",
                    "다른 방법으로 로그인",
                    "취소",
                ],
                Lang::En => [
                    "Continue signing in on KakaoTalk",
                    "Use another way to sign in",
                    "Cancel",
                ],
            };
            let mut html = String::new();
            fill(&mut html, PANEL, &[message, other, cancel]);
            let panel = dom::render(parent, &html, CSS)?;
            wait_panel(&panel, &get(detail, "cancel"), &get(detail, "otherWay"));
            Ok(false)
        }
        Some("cancelled") => Ok(true),
        _ => Ok(false),
    }
}
