//! kakao-sync: Kakao Sync (Kakao Login with one-screen sign-up and service terms) for the web.
//!
//! `core` is pure protocol logic, tested on the host with `cargo test`. The browser layer, the DOM
//! and the `#[wasm_bindgen]` surface exist only on `wasm32`.
//!
//! On `wasm32` the crate is `no_std` (with `alloc`): std's panic and formatting machinery would
//! cost every page about two kilobytes gzipped, for messages no one reads. The `std` feature
//! turns std back on; the crate's own tests enable it, since their harness links std.
#![cfg_attr(all(target_arch = "wasm32", not(feature = "std")), no_std)]
// The size rules, enforced: clippy.toml names what the module must not use (core::fmt's macros,
// RefCell, str::find, ...), and these lints back the panic handler's claim below. The crate's
// tests may format, unwrap and index.
#![cfg_attr(
    not(test),
    warn(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]
#![cfg_attr(
    test,
    allow(
        clippy::disallowed_macros,
        clippy::disallowed_methods,
        clippy::disallowed_types
    )
)]
// A module built for some page roles (Cargo.toml's `login`, `redirect`, `account`) leaves the
// others' code unused; the build with every role (the default, which the lints above check first)
// is the one where unused code is a mistake.
#![cfg_attr(
    not(all(feature = "login", feature = "redirect", feature = "account")),
    allow(dead_code, unused_imports, unused_macros)
)]

extern crate alloc;

pub mod core;
#[cfg(target_arch = "wasm32")]
#[macro_use]
mod local;

/// What std's prelude would bring and a `no_std` module imports from `alloc`.
mod prelude {
    #[allow(unused_imports)]
    pub(crate) use alloc::{
        borrow::ToOwned,
        boxed::Box,
        string::{String, ToString},
        vec,
        vec::Vec,
    };
}

#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
#[macro_use]
pub mod browser;
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

/// Without std a panic traps. The module's code has no panicking path on any input, valid or
/// not (bad input is a typed error), so reaching this is a bug either way.
#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
#[panic_handler]
fn panic(_: &::core::panic::PanicInfo) -> ! {
    ::core::arch::wasm32::unreachable()
}
