//! kapi.kakao.com: user, service-terms and channel APIs.
//!
//! <https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api>

pub mod caller;
pub mod channels;
pub mod scopes;
pub mod terms;
pub mod user;
