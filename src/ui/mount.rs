//! Which component is rendered into which element. `renderLoginButton` returns nothing, so the
//! component (and its listeners) lives here, keyed by its host: rendering into the same host
//! again, or the custom element leaving the page, drops the previous one.

use crate::prelude::*;
use ::core::any::Any;
use ::core::cell::RefCell;

use web_sys::Element;

page_local! {
    static MOUNTED: RefCell<Vec<(Element, Box<dyn Any>)>> = const { RefCell::new(Vec::new()) };
}

/// Keeps `component` alive as the one rendered into `host`, dropping the one there before.
pub fn mount(host: &Element, component: Box<dyn Any>) {
    let previous = MOUNTED.with(|m| {
        let mut m = m.borrow_mut();
        match m.iter_mut().find(|(h, _)| h == host) {
            Some((_, slot)) => Some(::core::mem::replace(slot, component)),
            None => {
                m.push((host.clone(), component));
                None
            }
        }
    });
    // Dropped outside the borrow: a component's Drop may call back into the DOM.
    drop(previous);
}

/// Drops the component rendered into `host`, if any. Its elements stay until the host's content
/// is replaced; they just stop reacting.
pub fn unmount(host: &Element) {
    let removed = MOUNTED.with(|m| {
        let mut m = m.borrow_mut();
        let i = m.iter().position(|(h, _)| h == host)?;
        Some(m.swap_remove(i))
    });
    drop(removed);
}
