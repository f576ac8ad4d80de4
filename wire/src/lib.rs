//! The JSON shapes that cross a process boundary in kakao-sync: the browser module ↔ backend
//! contract ([`api`]), and Kakao's own request and response bodies ([`kakao`]).

pub mod api;
pub mod kakao;
