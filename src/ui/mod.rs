//! DOM rendering: the Kakao login button and the service-terms consent panel. A component works
//! until something else is rendered into its parent (or its custom element leaves the page);
//! its callbacks belong to its listeners, so they go with them.
//!
//! Components take plain callbacks and promises; `crate::js::ui` wires them to `KakaoSync`.

mod button;
pub(crate) mod dom;
mod html;
mod terms;

pub use button::LoginButton;
pub use dom::ERROR_EVENT;
pub use terms::{Kakao, Submit, TermsPanel};
