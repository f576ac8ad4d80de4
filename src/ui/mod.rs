//! DOM rendering: the Kakao login button, the service-terms consent panel, and the bookkeeping
//! that keeps each rendered component (and its listeners) alive exactly as long as its host.
//!
//! Everything here takes plain Rust callbacks; `crate::js::ui` wires them to `KakaoSync`.

mod button;
mod dom;
mod host;
mod listener;
mod mount;
mod style;
mod terms;

pub use button::{Activate, LoginButton};
pub use dom::{ERROR_EVENT, dispatch_error};
pub use host::shadow_root;
pub use mount::{mount, unmount};
pub use terms::{Submit, TermsHandle, TermsPanel};
