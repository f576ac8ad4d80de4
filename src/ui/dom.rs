//! The few DOM calls every component makes, with the JS exceptions turned into `Result`s once.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CustomEvent, CustomEventInit, Document, Element, EventTarget, Node};

/// The document a node belongs to; a node always has one, even when detached.
pub(crate) fn document_of(node: &Node) -> Result<Document, JsValue> {
    node.owner_document()
        .or_else(|| node.clone().dyn_into::<Document>().ok())
        .ok_or_else(|| JsValue::from_str("node has no document"))
}

/// Creates `<tag class="class">` with `text` as its only content.
pub(crate) fn element(
    doc: &Document,
    tag: &str,
    class: &str,
    text: &str,
) -> Result<Element, JsValue> {
    let el = doc.create_element(tag)?;
    if !class.is_empty() {
        el.set_attribute("class", class)?;
    }
    if !text.is_empty() {
        el.set_text_content(Some(text));
    }
    Ok(el)
}

/// Creates an element and appends it to `parent`.
pub(crate) fn child(parent: &Node, tag: &str, class: &str, text: &str) -> Result<Element, JsValue> {
    let doc = document_of(parent)?;
    let el = element(&doc, tag, class, text)?;
    parent.append_child(&el)?;
    Ok(el)
}

/// Sets or removes a boolean attribute: `disabled`, `hidden`, `aria-busy="true"`. Attributes
/// rather than properties, so every element type shares one binding.
pub(crate) fn set_flag(el: &Element, name: &str, on: bool) {
    // Setting and removing attributes only throws for invalid names, and these are constants.
    let _ = if on {
        el.set_attribute(name, "true")
    } else {
        el.remove_attribute(name)
    };
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
