//! The JSON shapes that cross a process boundary in kakao-sync: the browser module ↔ backend
//! contract ([`api`]), Kakao's own request and response bodies ([`kakao`]), and the values one
//! login carries between them ([`oauth`]).

//!
//! `no_std` (with `alloc`), so the browser module can be too.
#![no_std]

extern crate alloc;

pub mod api;
pub mod kakao;
pub mod oauth;
