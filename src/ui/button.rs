//! The Kakao login button: a real `<button>` drawn to Kakao's design guide, with the speech-bubble
//! symbol as inline SVG (an `<img>` of Kakao's PNG is what ad blockers hide).
//! [Design guide](https://developers.kakao.com/docs/latest/ko/kakaologin/design-guide).

use crate::browser;
use crate::prelude::*;
use crate::ui::dom::{HtmlElement, Node};
use wasm_bindgen::{JsCast, JsValue};

use super::dom;
use super::html::fill;
use crate::core::Lang;
use crate::core::button::{ButtonOptions, ButtonWidth};

/// The button's opening tag, with its classes; `disabled` and an `aria-label` may follow.
const OPEN: &str = r#"<button type="button" class="$""#;

/// The rest of the button, with its label. The symbol is Kakao's speech bubble in an 18×18 box,
/// an ellipse 18 wide and 13.9 tall with the tail at the lower left; the design guide forbids
/// changing its shape, proportions or colour.
const REST: &str = r#"><svg class="ks-sym" viewBox="0 0 18 18" aria-hidden="true" focusable="false"><path d="M9 .6C4.03.6 0 3.71 0 7.55c0 2.39 1.56 4.49 3.93 5.75l-1 3.64c-.09.33.28.59.56.4l4.38-2.89c.37.04.75.06 1.13.06 4.97 0 9-3.11 9-6.95S13.97.6 9 .6Z"/></svg><span class="ks-label">$</span></button>"#;

/// A rendered login button. It works until something else is rendered into its parent.
pub struct LoginButton {
    button: HtmlElement,
}

impl LoginButton {
    /// Replaces the content of `parent` (an element, or a custom element's shadow root) with the
    /// button, and attaches the stylesheet to `parent`'s document or shadow root. The component
    /// rendered there before stops working.
    ///
    /// `activate` is what the button starts: usually `KakaoSync.login()`, which navigates away,
    /// so the button stays busy. An error ends the busy state and is reported with
    /// [`dom::ERROR_EVENT`] on the button.
    pub fn render(
        parent: &Node,
        options: &ButtonOptions,
        lang: Lang,
        activate: impl Fn() -> Result<(), JsValue> + 'static,
    ) -> Result<Self, JsValue> {
        let label = options.label_text(lang);
        let name = options.accessible_name(lang);
        let mut html = String::new();
        fill(&mut html, OPEN, &[&options.class_name()]);
        if options.disabled {
            html.push_str(" disabled");
        }
        if name != label {
            fill(&mut html, r#" aria-label="$""#, &[name]);
        }
        fill(&mut html, REST, &[label]);
        let button: HtmlElement = dom::render(parent, &html)?.unchecked_into();
        let px = match options.width {
            ButtonWidth::Px(px) => px,
            _ => 0,
        };
        let activate =
            browser::callback(Box::new(move |_| activate().map(|()| JsValue::UNDEFINED)));
        dom::button(&button, px, &activate);
        Ok(Self { button })
    }

    /// The `<button>` element.
    pub fn element(&self) -> &HtmlElement {
        &self.button
    }
}
