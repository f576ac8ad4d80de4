//! DOM rendering: the Kakao login button and the service-terms consent panel. A component works
//! until something else is rendered into its parent (or its custom element leaves the page);
//! its callbacks belong to its listeners, so they go with them.
//!
//! `crate::js::ui` reads the page's options and attributes and hands the components what they
//! act on: the login to start, the promise of the member's terms, the client to save through.

mod button;
pub(crate) mod dom;
mod html;
mod talk_wait;
mod terms;

pub use button::LoginButton;
pub use dom::{ERROR_EVENT, Element, HtmlElement, Node};
pub use talk_wait::show_talk_wait;
pub use terms::{Kakao, Submit, TermsPanel};
