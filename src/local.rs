//! Page-wide state without std's `thread_local!`. The module runs on the page's one thread
//! (wasm32-unknown-unknown without the `atomics` feature), so a static with interior mutability
//! is exactly what `thread_local!` would give.

#[cfg(target_feature = "atomics")]
compile_error!("kakao-sync's page-wide state assumes one thread; build without `atomics`");

/// A value shared by the whole page.
pub(crate) struct PageLocal<T>(pub(crate) T);

// SAFETY: without the `atomics` target feature there is one thread, so no value is ever reached
// from two threads (the compile_error! above rules out a threaded build).
unsafe impl<T> Sync for PageLocal<T> {}

impl<T> PageLocal<T> {
    pub(crate) fn with<R>(&'static self, f: impl FnOnce(&T) -> R) -> R {
        f(&self.0)
    }
}

/// `thread_local!`'s syntax (with a `const` initialiser), as a [`PageLocal`] static.
macro_rules! page_local {
    ($(#[$attr:meta])* static $name:ident: $ty:ty = const { $init:expr };) => {
        $(#[$attr])*
        static $name: $crate::local::PageLocal<$ty> = $crate::local::PageLocal($init);
    };
}
