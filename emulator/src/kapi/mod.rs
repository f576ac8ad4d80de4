//! kapi.kakao.com: user, service-terms, channel, KakaoTalk message and friends APIs.
//!
//! <https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api>

pub mod caller;
pub mod channels;
pub mod scopes;
pub mod talk;
pub mod terms;
pub mod user;
