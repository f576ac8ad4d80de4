//! DOM rendering: the Kakao login button, the service-terms consent panel, and the bookkeeping
//! that keeps each rendered component (and its listeners) alive exactly as long as its host.
//!
//! Components take plain callbacks and promises; `crate::js::ui` wires them to `KakaoSync`.

mod button;
pub(crate) mod dom;
mod html;
mod mount;
mod terms;

pub use button::{Activate, LoginButton};
pub use dom::ERROR_EVENT;
pub use mount::{mount, unmount};
pub use terms::{Submit, TermsPanel};
