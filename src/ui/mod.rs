//! DOM rendering: the service-terms consent panel, and the KakaoTalk wait drawn in the login
//! button's place (the button itself is `button.js`, which needs no WebAssembly). A component works
//! until something else is rendered into its parent (or its custom element leaves the page);
//! its callbacks belong to its listeners, so they go with them.
//!
//! `crate::js::button` (the login role, feature `button`) and `crate::js::terms_panel` (the
//! account role, feature `terms-panel`) read the page's options and hand the components what they
//! act on: the login to start, the promise of the member's terms, the client to save through.

pub(crate) mod dom;
mod html;
#[cfg(feature = "button")]
mod talk_wait;
#[cfg(feature = "terms-panel")]
mod terms;

pub use dom::{Element, HtmlElement, Node};
#[cfg(feature = "button")]
pub use talk_wait::show_talk_wait;
#[cfg(feature = "terms-panel")]
pub use terms::{Kakao, Submit, TermsPanel};
