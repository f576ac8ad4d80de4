//! The DOM calls every component makes. web-sys marks them as throwing, so each call site would
//! carry a `Result` branch; they throw only for invalid names or trees, and every name here is a
//! constant and every tree well-formed, so these bindings do without, which keeps the download
//! small.

use wasm_bindgen::prelude::*;
use web_sys::{CustomEvent, CustomEventInit, Document, Element, EventTarget, Node};

#[wasm_bindgen]
extern "C" {
    /// Any node, seen through the bindings below.
    #[wasm_bindgen(js_name = Node)]
    type Dom;
    #[wasm_bindgen(method, js_name = setAttribute)]
    fn set_attribute(this: &Dom, name: &str, value: &str);
    #[wasm_bindgen(method, js_name = removeAttribute)]
    fn remove_attribute(this: &Dom, name: &str);
    #[wasm_bindgen(method, js_name = appendChild)]
    fn append_child(this: &Dom, child: &Node);
    #[wasm_bindgen(method, js_name = createElement)]
    fn create_element(this: &Dom, tag: &str) -> Element;
    #[wasm_bindgen(method, js_name = createElementNS)]
    fn create_element_ns(this: &Dom, namespace: &str, tag: &str) -> Element;
    /// Never null for an element or a shadow root.
    #[wasm_bindgen(method, getter, js_name = ownerDocument)]
    fn owner_document(this: &Dom) -> Document;
}

fn dom(node: &JsValue) -> &Dom {
    node.unchecked_ref()
}

/// The document of an element or a shadow root.
pub(crate) fn document_of(node: &Node) -> Document {
    dom(node).owner_document()
}

pub(crate) fn attr(el: &Element, name: &str, value: &str) {
    dom(el).set_attribute(name, value);
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

/// Creates `<tag class="class">` with `text` as its only content.
pub(crate) fn element(doc: &Document, tag: &str, class: &str, text: &str) -> Element {
    let el = dom(doc).create_element(tag);
    if !class.is_empty() {
        attr(&el, "class", class);
    }
    if !text.is_empty() {
        el.set_text_content(Some(text));
    }
    el
}

/// An element in the SVG namespace.
pub(crate) fn svg_element(doc: &Document, tag: &str) -> Element {
    dom(doc).create_element_ns("http://www.w3.org/2000/svg", tag)
}

/// Appends `node` to `parent`.
pub(crate) fn append(parent: &Node, node: &Node) {
    dom(parent).append_child(node);
}

/// Creates an element and appends it to `parent`.
pub(crate) fn child(parent: &Node, tag: &str, class: &str, text: &str) -> Element {
    let el = element(&document_of(parent), tag, class, text);
    append(parent, &el);
    el
}

/// Replaces everything in `parent` with `node`.
pub(crate) fn replace_content(parent: &Node, node: &Node) {
    parent.set_text_content(None);
    append(parent, node);
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
