//! The backend against the real emulator on a random loopback port, with a real database (a
//! SQLite file always, PostgreSQL too when configured): every flow of the contract, and the
//! failures a service meets (bad id_tokens, reused codes, Kakao timeouts and 5xx).

#[path = "../common/mod.rs"]
mod common;

mod account;
mod at_rest;
mod chatbot;
mod failures;
mod limits;
mod login;
mod logs;
mod plugin;
mod share_channel_webhooks;
mod talk;
mod talk_messages;
mod terms;
mod variance;

pub use common::world::{APEACH, MUZI, NEO, NONCE, RYAN, World};
