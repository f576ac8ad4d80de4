//! The one stylesheet of the UI, attached as a constructable stylesheet: a strict
//! Content-Security-Policy (`style-src 'self'`, no `'unsafe-inline'`) does not apply to those,
//! while it would block a `<style>` element or `style` attributes.

use ::core::cell::OnceCell;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CssStyleSheet, Document, Node, ShadowRoot};

use super::dom;

/// Also shipped as `kakao-sync.css` in the package, so a page can reserve the custom elements'
/// box before the module loads.
const CSS: &str = include_str!("kakao-sync.css");

page_local! {
    static SHEET: OnceCell<CssStyleSheet> = const { OnceCell::new() };
}

fn sheet() -> Result<CssStyleSheet, JsValue> {
    SHEET.with(|cell| {
        if let Some(sheet) = cell.get() {
            return Ok(sheet.clone());
        }
        let sheet = CssStyleSheet::new()?;
        sheet.replace_sync(CSS)?;
        Ok(cell.get_or_init(|| sheet).clone())
    })
}

/// Makes the stylesheet apply inside `root` (a `Document` or a `ShadowRoot`), once. Browsers
/// without constructable stylesheets (Safari before 16.4) throw here.
pub(crate) fn adopt(root: &Node) -> Result<(), JsValue> {
    let sheet = sheet()?;
    let shadow = root.dyn_ref::<ShadowRoot>();
    let doc = match root.dyn_ref::<Document>() {
        Some(doc) => doc.clone(),
        // A shadow root, or a detached element that is its own root.
        None => dom::document_of(root),
    };
    let current = match shadow {
        Some(s) => s.adopted_style_sheets(),
        None => doc.adopted_style_sheets(),
    };
    if current.includes(&sheet, 0) {
        return Ok(());
    }
    // A copy, since the page may hold (or have frozen) the current array.
    let next = current.slice(0, current.length());
    next.push(&sheet);
    match shadow {
        Some(s) => s.set_adopted_style_sheets(&next),
        None => doc.set_adopted_style_sheets(&next),
    }
    Ok(())
}
