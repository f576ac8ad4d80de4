//! The few DOM calls every component makes, with the JS exceptions turned into `Result`s once.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, Node};

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
        el.set_class_name(class);
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

/// Sets or removes a boolean ARIA attribute (`aria-busy="true"` or absent).
pub(crate) fn set_flag(el: &Element, name: &str, on: bool) {
    // Setting and removing attributes only throws for invalid names, and these are constants.
    let _ = if on {
        el.set_attribute(name, "true")
    } else {
        el.remove_attribute(name)
    };
}
