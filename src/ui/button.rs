//! The Kakao login button: a real `<button>` drawn to Kakao's design guide, with the speech-bubble
//! symbol as inline SVG (an `<img>` of Kakao's PNG is what ad blockers hide).
//! [Design guide](https://developers.kakao.com/docs/latest/ko/kakaologin/design-guide).

use crate::prelude::*;
use ::core::future::Future;
use ::core::pin::Pin;
use alloc::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::spawn_local;
use web_sys::{Element, HtmlElement, Node};

use super::dom::{self, set_flag};
use super::listener::Listener;
use super::style;
use crate::core::Lang;
use crate::core::button::{ButtonOptions, ButtonWidth};

/// What activating the button starts: usually `KakaoSync.login()`. The button is busy until the
/// future fails (then [`dom::ERROR_EVENT`] reports the error on the button); on success the page
/// is navigating away, so it stays busy.
pub type Activate = Rc<dyn Fn() -> Pin<Box<dyn Future<Output = Result<(), JsValue>>>>>;

/// Kakao's speech bubble in an 18×18 box: an ellipse 18 wide and 13.9 tall with the tail at the
/// lower left. The design guide forbids changing its shape, proportions or colour.
const SYMBOL_PATH: &str = "M9 .6C4.03.6 0 3.71 0 7.55c0 2.39 1.56 4.49 3.93 5.75l-1 3.64c-.09.33.28.59.56.4l4.38-2.89c.37.04.75.06 1.13.06 4.97 0 9-3.11 9-6.95S13.97.6 9 .6Z";

/// A rendered login button. Dropping it removes its listeners; the element stays in the page.
pub struct LoginButton {
    button: HtmlElement,
    _click: Listener,
    _pageshow: Option<Listener>,
}

impl LoginButton {
    /// Replaces the content of `parent` (an element, or a custom element's shadow root) with the
    /// button, and attaches the stylesheet to `parent`'s document or shadow root.
    pub fn render(
        parent: &Node,
        options: &ButtonOptions,
        lang: Lang,
        activate: Activate,
    ) -> Result<Self, JsValue> {
        style::adopt(&parent.get_root_node())?;
        let doc = dom::document_of(parent);
        let button: HtmlElement =
            dom::element(&doc, "button", &options.class_name(), "").unchecked_into();
        dom::attr(&button, "type", "button");
        set_flag(&button, "disabled", options.disabled);
        let label = options.label_text(lang);
        let name = options.accessible_name(lang);
        if name != label {
            dom::attr(&button, "aria-label", name);
        }
        if let ButtonWidth::Px(px) = options.width {
            // CSSOM, not a `style` attribute: a strict CSP blocks only the latter.
            button
                .style()
                .set_property("--ks-w", &(px.to_string() + "px"))?;
        }
        dom::append(&button, &symbol(&doc));
        dom::child(&button, "span", "ks-label", label);
        dom::replace_content(parent, &button);

        let target = button.clone();
        let click = Listener::new(&button, "click", move |_| {
            if target.get_attribute("aria-busy").is_some() {
                return;
            }
            set_busy(&target, true);
            let (target, run) = (target.clone(), activate());
            spawn_local(async move {
                if let Err(err) = run.await {
                    set_busy(&target, false);
                    dom::dispatch_error(&target, &err);
                }
            });
        });
        // Back/forward cache: the page comes back as it left, with the button still busy.
        let pageshow = doc.default_view().map(|window| {
            let target = button.clone();
            Listener::new(&window, "pageshow", move |_| set_busy(&target, false))
        });
        Ok(Self {
            button,
            _click: click,
            _pageshow: pageshow,
        })
    }

    /// The `<button>` element.
    pub fn element(&self) -> &HtmlElement {
        &self.button
    }
}

/// Busy: announced (`aria-busy`), not activatable again (`aria-disabled`), yet still focused,
/// which `disabled` would undo.
fn set_busy(button: &HtmlElement, busy: bool) {
    set_flag(button, "aria-busy", busy);
    set_flag(button, "aria-disabled", busy);
}

fn symbol(doc: &web_sys::Document) -> Element {
    let svg = dom::svg_element(doc, "svg");
    dom::attr(&svg, "class", "ks-sym");
    dom::attr(&svg, "viewBox", "0 0 18 18");
    dom::attr(&svg, "aria-hidden", "true");
    dom::attr(&svg, "focusable", "false");
    let path = dom::svg_element(doc, "path");
    dom::attr(&path, "d", SYMBOL_PATH);
    dom::append(&svg, &path);
    svg
}
