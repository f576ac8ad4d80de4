//! Pure protocol logic: no browser imports, so everything here runs under plain `cargo test`.

pub mod authorize;
pub mod channel;
pub mod config;
pub mod error;
pub mod lang;
pub mod login;
pub mod pkce;
pub mod redirect;
pub mod share;
pub mod talk_login;
pub mod terms;
#[cfg(test)]
mod test_rng;
pub mod text;
pub mod url;
pub mod user_agent;

pub use error::Error;
pub use lang::Lang;
