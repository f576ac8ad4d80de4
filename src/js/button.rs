//! `renderLoginButton`, in the `kakao-sync` entry's login role (feature `button`). The login
//! button itself (its options, labels, markup and stylesheet) is `src/ui/button.js`, which needs
//! no WebAssembly; so are the `<kakao-login-button>` / `<kakao-terms-consent>` custom elements
//! (`src/ui/elements.js`), which the `kakao-sync/elements` entry defines
//! (`src/js/elements-entry.js`) and the `kakao-sync` entry re-exports. This module
//! logs in when the button is pressed and draws KakaoTalk easy login's wait in its place.
//! [Login button design guide](https://developers.kakao.com/docs/latest/ko/kakaologin/design-guide).

use crate::browser;
use crate::prelude::*;
use alloc::rc::Rc;

use crate::ui::dom::Node;
use wasm_bindgen::prelude::*;

use crate::browser::backend::Client;
use crate::browser::get;
use crate::core::Lang;
use crate::core::config::LoginOptions;
use crate::js::client::KakaoSync;
use crate::ui::{dom, show_talk_wait};

#[wasm_bindgen(typescript_custom_section)]
const LOGIN_BUTTON_OPTIONS: &str = include_str!("../ui/button-options.d.ts");
/// The `kakao-sync/elements` entry's export, which the `kakao-sync` entry (`src/js/entry.js`) also
/// exports, declared with the module's.
#[wasm_bindgen(typescript_custom_section)]
const DEFINE_CUSTOM_ELEMENTS: &str = include_str!("elements.d.ts");

// Public for tests/ui.rs, which draws the button as `renderLoginButton` does.
#[wasm_bindgen(module = "/src/ui/button.js")]
extern "C" {
    /// `LoginButtonOptions` checked, with its defaults filled in (`lang` stays `undefined` when
    /// not given); throws `invalid_config` naming the key.
    #[wasm_bindgen(catch, js_name = readButtonOptions)]
    pub fn read_button_options(options: &JsValue) -> Result<JsValue, JsValue>;
    /// Draws the button of checked `options` in `lang` into `parent`, replacing its content;
    /// clicking calls `activate` (a `browser::callback`) and leaves the button busy until it
    /// throws (reported as a `kakao-sync-error` event) or the page comes back from the
    /// back/forward cache.
    #[wasm_bindgen(catch, js_name = renderButton)]
    pub fn draw_button(
        parent: &JsValue,
        options: &JsValue,
        lang: &str,
        activate: &JsValue,
    ) -> Result<JsValue, JsValue>;
}

#[wasm_bindgen]
impl KakaoSync {
    /// Renders Kakao's login button into `el`, replacing its content; activating it calls
    /// `login()`. A failure is dispatched on the button as a bubbling `kakao-sync-error` event
    /// whose `detail` is the `KakaoSyncError`. Rendering into the same element again replaces it.
    #[wasm_bindgen(js_name = renderLoginButton)]
    pub fn render_login_button(
        &self,
        // A shadow root too: `<kakao-login-button>` draws into its own.
        #[wasm_bindgen(unchecked_param_type = "HTMLElement")] el: &Node,
        #[wasm_bindgen(unchecked_optional_param_type = "LoginButtonOptions")] options: JsValue,
    ) -> Result<(), JsValue> {
        let options = read_button_options(&options)?;
        let lang = match get(&options, "lang").as_string() {
            Some(code) => Lang::parse(&code)?,
            None => self.client().lang(),
        };
        render_button(el.clone().into(), options, lang, Rc::clone(self.client()))
    }
}

/// The login button in `el`; while the login waits for KakaoTalk, the waiting panel in its
/// place, and the button again when the wait is cancelled or the login could not start
/// (reported as a `kakao-sync-error` event from `el`). `options` are checked.
fn render_button(
    el: JsValue,
    options: JsValue,
    lang: Lang,
    client: Rc<Client>,
) -> Result<(), JsValue> {
    let (parent, checked) = (el.clone(), options.clone());
    let login = Rc::clone(&client);
    let activate = browser::callback(Box::new(move |_| {
        let (view_el, view_options, view_client) =
            (el.clone(), options.clone(), Rc::clone(&client));
        let view = browser::callback(Box::new(move |detail| {
            if show_talk_wait(&view_el, &detail, lang)? {
                let options = view_options.clone();
                render_button(view_el.clone(), options, lang, Rc::clone(&view_client))?;
            }
            Ok(JsValue::UNDEFINED)
        }));
        let waiting = login.login(&LoginOptions::default(), Some(view));
        let (el, options, client) = (el.clone(), options.clone(), Rc::clone(&client));
        let done = browser::callback(Box::new(move |result| {
            let error = get(&result, "error");
            if !error.is_undefined() {
                render_button(el.clone(), options.clone(), lang, Rc::clone(&client))?;
                dom::report_error(&el, &error);
            }
            Ok(JsValue::UNDEFINED)
        }));
        dom::settle(&waiting, &done);
        Ok(JsValue::UNDEFINED)
    }));
    draw_button(&parent, &checked, lang.code(), &activate)?;
    Ok(())
}
