//! The two languages Kakao's design guide gives labels for.

use serde::Deserialize;

/// The language of labels and messages: Korean (Kakao's default) or English.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Ko,
    En,
}
