//! kakao-sync: Kakao Sync (Kakao Login with one-screen sign-up and service terms) for the web.
//!
//! `core` is pure protocol logic, tested on the host with `cargo test`. The browser layer, the DOM
//! and the `#[wasm_bindgen]` surface exist only on `wasm32`.

pub mod core;

#[cfg(target_arch = "wasm32")]
mod browser;
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod js;
#[cfg(all(target_arch = "wasm32", feature = "ui"))]
#[doc(hidden)]
pub mod ui;

/// A free-list allocator of under a kilobyte instead of std's dlmalloc (about seven): the page
/// allocates little and briefly, and every visitor downloads the allocator.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
// SAFETY: wasm32-unknown-unknown without the atomics feature runs on one thread.
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
