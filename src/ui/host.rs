//! A custom element's shadow root: its content and styles stay out of the page's reach, and the
//! page's styles out of it.

use wasm_bindgen::JsValue;
use web_sys::{HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

use super::style;

/// The host's open shadow root, attached on first use. The stylesheet is adopted both inside it
/// (the component) and in the host's document (the host's own box).
pub fn shadow_root(host: &HtmlElement) -> Result<ShadowRoot, JsValue> {
    let root = match host.shadow_root() {
        Some(root) => root,
        None => host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?,
    };
    style::adopt(&host.get_root_node())?;
    Ok(root)
}
