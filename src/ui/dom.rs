//! The DOM calls the components make. Markup is built as one string and parsed by the browser in
//! one call, and the few calls left go through the bindings below: web-sys marks most of them as
//! throwing, so each call site would carry a `Result` branch, yet they throw only for invalid
//! names, and every name here is a constant. Fewer, plainer bindings keep the download small.

use js_sys::{Array, Function, Promise};
use wasm_bindgen::prelude::*;
use web_sys::{CustomEvent, CustomEventInit, Element, EventTarget};

/// The one stylesheet of the UI. Also shipped as `kakao-sync.css` in the package, so a page can
/// reserve the custom elements' box before the module loads.
const CSS: &str = include_str!("kakao-sync.css");

#[wasm_bindgen(module = "/src/ui/dom.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = render)]
    fn render_with(parent: &JsValue, html: &str, css: &str) -> Result<Element, JsValue>;
    /// The elements under `root` matching `selector`, in document order.
    pub(crate) fn all(root: &Element, selector: &str) -> Array;
    /// Sets the button's `--ks-w` to `px` pixels.
    #[wasm_bindgen(js_name = setWidth)]
    pub(crate) fn set_width(el: &Element, px: u16);
    /// Calls a page's `f(arg)`: a promise of `undefined` once what it returns settles, rejected
    /// if it throws or its promise rejects.
    pub(crate) fn call(f: &Function, arg: &JsValue) -> Promise;
    /// Calls `done` with what `promise` resolves to, or with `{error}` when it rejects.
    pub(crate) fn settle(promise: &Promise, done: JsValue);
    /// `promise.then(next)`.
    pub(crate) fn then(promise: &Promise, next: JsValue) -> Promise;
    /// Registers the custom elements; see `js::ui::define_custom_elements`.
    #[wasm_bindgen(js_name = defineElements)]
    pub(crate) fn define_elements(update: &Update);

    /// Any element, seen through the bindings below.
    #[wasm_bindgen(js_name = Element)]
    type Dom;
    #[wasm_bindgen(method, js_name = setAttribute)]
    fn set_attribute(this: &Dom, name: &str, value: &str);
    #[wasm_bindgen(method, js_name = removeAttribute)]
    fn remove_attribute(this: &Dom, name: &str);
    #[wasm_bindgen(method, js_name = hasAttribute)]
    fn has_attribute(this: &Dom, name: &str) -> bool;
    #[wasm_bindgen(method, js_name = querySelector)]
    fn query_selector(this: &Dom, selector: &str) -> Element;
    #[wasm_bindgen(method, setter, js_name = innerHTML)]
    fn set_inner_html(this: &Dom, html: &str);
    #[wasm_bindgen(method, setter, js_name = textContent)]
    fn set_text_content(this: &Dom, text: &str);
}

/// The custom elements' lifecycle: `(host)` when one leaves the page, `(host, root, client,
/// button)` to (re)build one.
pub(crate) type Update = Closure<dyn FnMut(Element, JsValue, JsValue, JsValue)>;

fn dom(el: &Element) -> &Dom {
    el.unchecked_ref()
}

/// Replaces the content of `parent` (an element, or a custom element's shadow root) with `html`,
/// with the stylesheet attached where it applies, and returns the first element of `html`.
pub(crate) fn render(parent: &JsValue, html: &str) -> Result<Element, JsValue> {
    render_with(parent, html, CSS)
}

/// The first element under `root` matching `selector`, which the caller's own markup contains.
pub(crate) fn find(root: &Element, selector: &str) -> Element {
    dom(root).query_selector(selector)
}

/// Replaces the content of `el` with `html`.
pub(crate) fn set_html(el: &Element, html: &str) {
    dom(el).set_inner_html(html);
}

pub(crate) fn set_text(el: &Element, text: &str) {
    dom(el).set_text_content(text);
}

pub(crate) fn has(el: &Element, name: &str) -> bool {
    dom(el).has_attribute(name)
}

/// Sets or removes a boolean attribute: `disabled`, `hidden`, `aria-busy="true"`. Attributes
/// rather than properties, so every element type shares one binding.
pub(crate) fn set_flag(el: &Element, name: &str, on: bool) {
    if on {
        dom(el).set_attribute(name, "true");
    } else {
        dom(el).remove_attribute(name);
    }
}

/// The event a component dispatches when something fails with no caller to throw to (a button's
/// login, a custom element's attributes); `detail` is the `KakaoSyncError`. It bubbles, and
/// leaves shadow roots.
pub const ERROR_EVENT: &str = "kakao-sync-error";

/// Dispatches [`ERROR_EVENT`] on `target`.
pub fn dispatch_error(target: &EventTarget, err: &JsValue) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(err);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(ERROR_EVENT, &init) {
        let _ = target.dispatch_event(&event);
    }
}
