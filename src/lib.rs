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
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod ui;
