//! The DOM as the components see it: markup parsed in one call, and the few operations left,
//! through the small JS module next to this file (`dom.js`) rather than web-sys, whose glue for
//! the same calls would be several times larger (and which links js-sys's JSPI task runner, see
//! `browser::builtins`). The package ships the module minified, so its functions are documented
//! here.
//!
//! Each component's listeners belong to the element or shadow root it was rendered into:
//! rendering there again, or a custom element leaving the page, removes them, and the Rust
//! callbacks they held are then garbage (wasm-bindgen frees them when JavaScript collects them).

use crate::browser::builtins::{Function, Promise};
use wasm_bindgen::prelude::*;

// The DOM types the components name; every operation on them is in dom.js.
#[wasm_bindgen]
extern "C" {
    /// An element or a shadow root, which a component renders into.
    #[wasm_bindgen(typescript_type = "Node")]
    #[derive(Clone, Debug)]
    pub type Node;

    #[wasm_bindgen(extends = Node, typescript_type = "Element")]
    #[derive(Clone, Debug)]
    pub type Element;

    #[wasm_bindgen(extends = Element, extends = Node, typescript_type = "HTMLElement")]
    #[derive(Clone, Debug)]
    pub type HtmlElement;
}

#[wasm_bindgen(module = "/src/ui/dom.js")]
extern "C" {
    /// Replaces the content of `parent` (an element, or a custom element's shadow root) with
    /// `html` and returns its first element; the component rendered there before stops
    /// listening. The component's stylesheet `css` goes in as a constructable stylesheet (one
    /// per stylesheet text), which a strict CSP allows (unlike a `<style>` element or `style`
    /// attributes): into the document or shadow root of `parent`. A new `adoptedStyleSheets` array each time, since the page may
    /// hold or have frozen the current one. Throws where constructable stylesheets are missing
    /// (Safari before 16.4).
    ///
    /// Where the page enforces Trusted Types (`require-trusted-types-for 'script'`), markup goes
    /// in through a `kakao-sync` policy that passes it on as it is: it is built here from this
    /// crate's constants and text escaped by [`fill`](super::html::fill) only (and in
    /// `button.js` from its constants), which is what the policy vouches for. A page that lists its allowed policies must allow `kakao-sync`.
    #[wasm_bindgen(catch)]
    pub(crate) fn render(parent: &JsValue, html: &str, css: &str) -> Result<Element, JsValue>;
    /// Replaces the content of the first element under `root` matching `selector` (which the
    /// caller's own markup contains) with `html`, as [`render`] does.
    #[wasm_bindgen(js_name = setHtml)]
    pub(crate) fn set_html(root: &Element, selector: &str, html: &str);
    /// Whether a link from `el`'s document to `url` stays on the web as the browser's own URL
    /// parser reads it: an absolute http(s) URL, or one on the document's origin. Only that
    /// parser's reading counts: it drops tabs and newlines anywhere, so `/\t/host` is `//host`,
    /// another site.
    #[wasm_bindgen(js_name = isWebUrl)]
    pub(crate) fn is_web_url(el: &Element, url: &str) -> bool;
    /// Sets the text of the first element under `root` matching `selector`.
    #[wasm_bindgen(js_name = setText)]
    pub(crate) fn set_text(root: &Element, selector: &str, text: &str);
    /// Reports `error` from `el` as a bubbling `kakao-sync-error` event that leaves shadow roots;
    /// `detail` is the `KakaoSyncError`.
    #[wasm_bindgen(js_name = report)]
    pub(crate) fn report_error(el: &JsValue, error: &JsValue);
    /// Calls `on_toggle({index, checked})` when the form's input `index` (0: "agree to all")
    /// is ticked or unticked, and `on_submit()` when the form is submitted, until something else
    /// is rendered in its place. Both are [`callback`](crate::browser::callback)s.
    pub(crate) fn form(form: &Element, on_toggle: &JsValue, on_submit: &JsValue);
    /// Shows the state of the form's input `index` (0: "agree to all"): ticked, disabled, and
    /// `indeterminate` (the "agree to all" box when only some terms are ticked).
    #[wasm_bindgen(js_name = setInput)]
    pub(crate) fn set_input(
        form: &Element,
        index: u32,
        checked: bool,
        disabled: bool,
        indeterminate: bool,
    );
    /// Shows the state of the form's submit button (disabled; busy, announced with
    /// `aria-busy`) and of its hint about the required terms.
    #[wasm_bindgen(js_name = setSubmit)]
    pub(crate) fn set_submit(form: &Element, disabled: bool, busy: bool, hint_hidden: bool);
    /// Calls `done` with what `promise` resolves to, or with `{error}` when it rejects.
    pub(crate) fn settle(promise: &Promise, done: &JsValue);
    /// `promise.then(next)`.
    #[wasm_bindgen(js_name = andThen)]
    pub(crate) fn and_then(promise: &Promise, next: &JsValue) -> Promise;
    /// Calls a page's `f(arg)`: a promise of `undefined` once what it returns settles, rejected
    /// if it throws or its promise rejects.
    pub(crate) fn call(f: &Function, arg: &JsValue) -> Promise;
    /// Calls `cancel()` or `other_way()` when the waiting panel's cancel or "다른 방법으로 로그인"
    /// button (`data-ks="cancel"`, `data-ks="other"`) is pressed, until something else is
    /// rendered in its place.
    #[wasm_bindgen(js_name = waitPanel)]
    pub(crate) fn wait_panel(panel: &Element, cancel: &JsValue, other_way: &JsValue);
}
