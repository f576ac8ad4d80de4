//! DOM rendering: the service-terms consent panel, and the KakaoTalk wait drawn in the login
//! button's place (the button itself is `button.js`, which needs no WebAssembly). A component works
//! until something else is rendered into its parent (or its custom element leaves the page);
//! its callbacks belong to its listeners, so they go with them.
//!
//! `crate::js::ui` reads the page's options and hands the components what they act on: the
//! login to start, the promise of the member's terms, the client to save through.

pub(crate) mod dom;
mod html;
mod talk_wait;
mod terms;

pub use dom::{Element, HtmlElement, Node};
pub use talk_wait::show_talk_wait;
pub use terms::{Kakao, Submit, TermsPanel};
