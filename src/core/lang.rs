//! The two languages Kakao's design guide gives labels for.

/// The language of labels and messages: Korean (Kakao's default) or English.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Ko,
    En,
}

impl Lang {
    /// `ko` or `en`; anything else is a configuration error.
    pub fn parse(value: &str) -> Result<Lang, crate::core::Error> {
        match value {
            "ko" => Ok(Lang::Ko),
            "en" => Ok(Lang::En),
            _ => Err(crate::core::Error::InvalidConfig {
                field: "lang",
                reason: "must be ko or en",
            }),
        }
    }
}
