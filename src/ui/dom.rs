//! The DOM as the components see it: markup parsed in one call, and the few operations left,
//! through the small JS module next to this file (`dom.js`) rather than web-sys, whose glue for
//! the same calls would be several times larger (and which links js-sys's JSPI task runner, see
//! `browser::builtins`). The package ships the module minified, so its functions are documented
//! here.
//!
//! Each component's listeners belong to the element or shadow root it was rendered into:
//! rendering there again, or a custom element leaving the page, removes them, and the Rust
//! callbacks they held are then garbage (wasm-bindgen frees them when JavaScript collects them).

use crate::browser::builtins::Promise;
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
    /// Reports `error` from `el` as a bubbling `kakao-sync-error` event that leaves shadow roots;
    /// `detail` is the `KakaoSyncError`.
    #[wasm_bindgen(js_name = report)]
    pub(crate) fn report_error(el: &JsValue, error: &JsValue);
    /// Calls `done` with what `promise` resolves to, or with `{error}` when it rejects.
    pub(crate) fn settle(promise: &Promise, done: &JsValue);
}
