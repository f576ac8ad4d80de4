//! The two languages Kakao's design guide gives labels for.

/// The language of labels and messages: Korean (Kakao's default) or English.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Ko,
    En,
}

impl Lang {
    /// The language's code, as `parse` reads it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ko => "ko",
            Lang::En => "en",
        }
    }

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

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn the_code_is_what_parse_reads() {
        for lang in [Lang::Ko, Lang::En] {
            assert_eq!(Lang::parse(lang.code()), Ok(lang));
        }
    }
}
