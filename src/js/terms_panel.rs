//! `renderTermsConsent`, in the account role (feature `terms-panel`): the panel is drawn by
//! `crate::ui::TermsPanel` and saves through this instance's client, whose terms calls are the
//! account role's. The `<kakao-terms-consent>` custom element renders through it too.
//! [Kakao Sync development guide](https://developers.kakao.com/docs/latest/ko/kakaosync/develop).

use alloc::rc::Rc;

use wasm_bindgen::prelude::*;

use crate::browser::builtins::Promise;
use crate::browser::shape;
use crate::js::client::KakaoSync;
use crate::js::options::TermsConsentOptions;
use crate::ui::dom::Node;
use crate::ui::{Kakao, Submit, TermsPanel};

#[wasm_bindgen]
impl KakaoSync {
    /// Renders the service-terms consent panel into `el`, replacing its content; resolves once
    /// it is drawn (with a loading message until the member's terms arrive, when `terms` is not
    /// given). Submitting agrees to the newly ticked terms and revokes the unticked revocable
    /// ones, or hands the ticked tags to `onSubmit`. Through `kakao-sync`, the first call loads
    /// the account role's module, which draws the panel.
    #[wasm_bindgen(js_name = renderTermsConsent, unchecked_return_type = "Promise<void>")]
    pub fn render_terms_consent(
        &self,
        #[wasm_bindgen(unchecked_param_type = "HTMLElement")] el: &Node,
        #[wasm_bindgen(unchecked_optional_param_type = "TermsConsentOptions")] options: JsValue,
    ) -> Promise {
        match self.draw_terms_panel(el, options) {
            Ok(()) => Promise::resolve(&JsValue::UNDEFINED),
            Err(e) => Promise::reject(&e),
        }
    }
}

impl KakaoSync {
    fn draw_terms_panel(&self, el: &Node, options: JsValue) -> Result<(), JsValue> {
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
