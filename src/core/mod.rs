//! Pure protocol logic: no browser imports, so everything here runs under plain `cargo test`.

pub mod lang;

pub use lang::Lang;
