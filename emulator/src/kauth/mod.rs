//! kauth.kakao.com: authorization (pages), tokens, OIDC and account logout.
//!
//! <https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api>

pub mod authorize;
pub mod consent;
pub mod logout;
pub mod oidc;
pub mod pages;
pub mod request;
pub mod session;
pub mod talk;
pub mod token;
