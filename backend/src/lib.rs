//! kakao-sync's thin backend: the only holder of the client secret, the admin key and Kakao's
//! tokens. It finishes Kakao logins (token exchange, id_token check, user info, service terms),
//! keeps members and sessions in SQLite or PostgreSQL, and implements the service side of Kakao
//! Sync's checklist. <https://developers.kakao.com/docs/latest/en/kakaosync/dev-guide>
//!
//! The HTTP contract is `openapi.json` beside this crate, served at `{API_PREFIX}/openapi.json`.

pub mod chatbot;
mod client;
pub mod config;
mod cookie;
pub mod db;
mod error;
pub mod kakao;
mod middleware;
pub mod preflight;
mod routes;
pub mod sealed;
pub mod secret;
mod serve;
mod state;
pub mod terms;
mod worker;

pub use config::{
    ChatbotConfig, Config, ConfigError, ContinueOrigin, CookieConfig, KakaoConfig, Limits,
    WorkerConfig,
};
pub use error::Error;
pub use routes::app;
pub use serve::serve;
pub use state::{AppState, StartError};
