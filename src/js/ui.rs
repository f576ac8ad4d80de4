//! The UI on the JS surface: `renderLoginButton`, `renderTermsConsent`, and the
//! `<kakao-login-button>` / `<kakao-terms-consent>` custom elements built from HTML attributes.
//! [Login button design guide](https://developers.kakao.com/docs/latest/ko/kakaologin/design-guide).

use crate::browser;
use crate::prelude::*;
use alloc::rc::Rc;

use crate::ui::dom::Node;
use wasm_bindgen::prelude::*;

use crate::browser::backend::Client;
use crate::browser::get;
use crate::browser::shape::{self, Shape};
use crate::core::Lang;
use crate::core::button::ButtonOptions;
use crate::core::config::LoginOptions;
use crate::js::client::KakaoSync;
use crate::js::options::TermsConsentOptions;
use crate::ui::{Kakao, LoginButton, Submit, TermsPanel, dom, show_talk_wait};

#[wasm_bindgen(typescript_custom_section)]
const LOGIN_BUTTON_OPTIONS: &str = ButtonOptions::TYPESCRIPT;
#[wasm_bindgen(typescript_custom_section)]
const TERMS_CONSENT_OPTIONS: &str = TermsConsentOptions::TYPESCRIPT;

#[wasm_bindgen]
impl KakaoSync {
    /// Renders Kakao's login button into `el`, replacing its content; activating it calls
    /// `login()`. A failure is dispatched on the button as a bubbling `kakao-sync-error` event
    /// whose `detail` is the `KakaoSyncError`. Rendering into the same element again replaces it.
    #[wasm_bindgen(js_name = renderLoginButton)]
    pub fn render_login_button(
        &self,
        // A custom element's shadow root too, from Rust.
        #[wasm_bindgen(unchecked_param_type = "HTMLElement")] el: &Node,
        #[wasm_bindgen(unchecked_optional_param_type = "LoginButtonOptions")] options: JsValue,
    ) -> Result<(), JsValue> {
        let options: ButtonOptions = shape::options(options)?;
        let lang = options.lang.unwrap_or_else(|| self.client().lang());
        render_button(el.clone().into(), options, lang, Rc::clone(self.client()))
    }

    /// Renders the service-terms consent panel into `el`, replacing its content. Submitting
    /// agrees to the newly ticked terms and revokes the unticked revocable ones, or hands the
    /// ticked tags to `onSubmit`.
    #[wasm_bindgen(js_name = renderTermsConsent)]
    pub fn render_terms_consent(
        &self,
        #[wasm_bindgen(unchecked_param_type = "HTMLElement")] el: &Node,
        #[wasm_bindgen(unchecked_optional_param_type = "TermsConsentOptions")] options: JsValue,
    ) -> Result<(), JsValue> {
        let TermsConsentOptions {
            terms,
            on_submit,
            lang,
        } = shape::options(options)?;
        let lang = lang.unwrap_or_else(|| self.client().lang());
        let submit = match on_submit {
            Some(on_submit) => Submit::Page(on_submit),
            None => Submit::Kakao(Kakao(Rc::clone(self.client()))),
        };
        let load = terms.is_none();
        let panel = TermsPanel::render(el, lang, terms, submit)?;
        if load {
            panel.load(self.client().service_terms());
        }
        Ok(())
    }
}

/// The login button in `el`; while the login waits for KakaoTalk, the waiting panel in its
/// place, and the button again when the wait is cancelled or the login could not start
/// (reported as [`dom::ERROR_EVENT`] from `el`).
fn render_button(
    el: JsValue,
    options: ButtonOptions,
    lang: Lang,
    client: Rc<Client>,
) -> Result<(), JsValue> {
    let parent = el.clone();
    let login = Rc::clone(&client);
    let activate = move || {
        let (view_el, view_client) = (el.clone(), Rc::clone(&client));
        let view = browser::callback(Box::new(move |detail| {
            if show_talk_wait(&view_el, &detail, lang)? {
                render_button(view_el.clone(), options, lang, Rc::clone(&view_client))?;
            }
            Ok(JsValue::UNDEFINED)
        }));
        let waiting = login.login(&LoginOptions::default(), Some(view));
        let (el, client) = (el.clone(), Rc::clone(&client));
        let done = browser::callback(Box::new(move |result| {
            let error = get(&result, "error");
            if !error.is_undefined() {
                render_button(el.clone(), options, lang, Rc::clone(&client))?;
                dom::report_error(&el, &error);
            }
            Ok(JsValue::UNDEFINED)
        }));
        dom::settle(&waiting, &done);
        Ok(())
    };
    LoginButton::render(parent.unchecked_ref(), &options, lang, activate)?;
    Ok(())
}

/// Defines `<kakao-login-button>` and `<kakao-terms-consent>`; call it once after `init()`.
/// Their attributes are the `KakaoSync` options in kebab-case (`client-id`, `redirect-uri`,
/// `backend-url`, `authorize-endpoint`, `lang`, and space- or comma-separated `scope`,
/// `service-terms`, `channel-public-ids`), plus the button's `kind`, `label`, `size`, `width`,
/// `align` and `disabled`.
#[wasm_bindgen(js_name = defineCustomElements)]
pub fn define_custom_elements() {
    dom::define_elements(&browser::callback(Box::new(update)));
}

/// A custom element joined the page or changed an attribute: (re)build it in its shadow `root`
/// from its attributes, as `new KakaoSync(client)` and `renderLoginButton(root, button)` (or,
/// with `button` undefined, `renderTermsConsent(root)`).
fn update(event: JsValue) -> Result<JsValue, JsValue> {
    let root: Node = get(&event, "root").unchecked_into();
    let sync = KakaoSync::new(get(&event, "client"))?;
    let button = get(&event, "button");
    if button.is_undefined() {
        sync.render_terms_consent(&root, button)?;
    } else {
        sync.render_login_button(&root, button)?;
    }
    Ok(JsValue::UNDEFINED)
}
