//! An event listener owned by the component that registered it: dropping it removes it, so no
//! closure outlives its DOM node (gloo-events' model, without the dependency).

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{Event, EventTarget};

pub(crate) struct Listener {
    target: EventTarget,
    kinds: &'static [&'static str],
    callback: Closure<dyn FnMut(Event)>,
}

impl Listener {
    /// Calls `f` on every event of the `kinds` reaching `target`: one closure for them all.
    pub(crate) fn new(
        target: &EventTarget,
        kinds: &'static [&'static str],
        f: impl FnMut(Event) + 'static,
    ) -> Self {
        let callback = Closure::<dyn FnMut(Event)>::new(f);
        for kind in kinds {
            // Only fails for a non-callable listener, which a Closure never is.
            let _ =
                target.add_event_listener_with_callback(kind, callback.as_ref().unchecked_ref());
        }
        Self {
            target: target.clone(),
            kinds,
            callback,
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        for kind in self.kinds {
            let _ = self
                .target
                .remove_event_listener_with_callback(kind, self.callback.as_ref().unchecked_ref());
        }
    }
}
