//! The emulator over real HTTP on a random loopback port: every endpoint's status, headers and
//! JSON field names against the reference notes, and every documented error path.

mod authorize;
mod browser;
mod common;
mod control;
mod corpus;
mod kapi;
mod lifecycle;
mod oidc;
mod pages;
mod share;
mod talk;
mod terms;
mod token;
