//! The Kakao login button as the design guide defines it: kinds, labels, sizes, widths and the
//! geometry the stylesheet (`src/ui/components.css`) draws.
//!
//! Design guide: <https://developers.kakao.com/docs/latest/ko/kakaologin/design-guide> (login) and
//! <https://developers.kakao.com/docs/latest/ko/kakaosync/design-guide> (Kakao Sync "Start").
//!
//! The guide's numbers (12 px radius, 30 pt label) describe Kakao's *large* artwork, which is
//! 90 px tall (`kakao_login_large_wide.png`, 600×90); the medium artwork is its exact half. Every
//! size here is that artwork scaled by height, so proportions stay the guide's at any size: the
//! stylesheet draws everything from the height `--ks-h` (label 30, symbol 36 at inset 29 and
//! radius 12 on the 90 px artwork).
//!
//! The button never draws wider than its container: in a narrower one it takes the container's
//! width, and when that is less than the artwork's, the symbol, label and insets shrink together
//! like the artwork scaled down (the narrow artwork's proportions for `fill` and pixel widths, the
//! wide one's for `wide`), but never below the 44 px touch target at the sizes meant for phones.
//! The corner radius keeps the size's value. UNCONFIRMED: the guide's rule for resizing the whole
//! button is cut off in every copy we could read; scaling every part together is our reading.

use super::text::{concat, parse_decimal};
use super::{Error, Lang};
use crate::prelude::*;

/// Container colour; the guide forbids any other.
pub const CONTAINER_COLOR: &str = "#FEE500";
/// Symbol colour: solid black.
pub const SYMBOL_COLOR: &str = "#000000";
/// Label colour: black at 85 % opacity, as the browser reports it.
pub const LABEL_COLOR: &str = "rgba(0, 0, 0, 0.85)";

/// Height of the large artwork, the reference the guide's numbers are given for.
const ARTWORK_HEIGHT: f64 = 90.0;
/// Corner radius at [`ARTWORK_HEIGHT`].
const ARTWORK_RADIUS: f64 = 12.0;

/// What the button does, which decides its label.
/// [Login guide](https://developers.kakao.com/docs/latest/ko/kakaologin/design-guide),
/// [Kakao Sync guide](https://developers.kakao.com/docs/latest/ko/kakaosync/design-guide).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ButtonKind {
    /// Kakao Login: "카카오 로그인" / "Login with Kakao".
    #[default]
    Login,
    /// Kakao Sync sign-up: "카카오로 시작하기" / "Start with Kakao".
    Sync,
}

/// The guide's full label (완성형) or short label (축약형).
/// [Design guide](https://developers.kakao.com/docs/latest/ko/kakaologin/design-guide).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LabelForm {
    #[default]
    Full,
    Short,
}

/// Button height: Kakao's medium (45 px) and large (90 px) artwork, and a small 36 px one.
/// Medium and large are meant for phones: however narrow their container, they stay at least
/// 44 px tall, the touch target of Apple's Human Interface Guidelines and WCAG 2.5.5. Small is
/// for dense layouts under a mouse pointer.
/// [Design guide](https://developers.kakao.com/docs/latest/ko/kakaologin/design-guide).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ButtonSize {
    Small,
    #[default]
    Medium,
    Large,
}

/// Where the symbol sits when the container is wider than its content: at the left edge, or
/// centred together with the label. Both are allowed by the guide.
/// [Design guide](https://developers.kakao.com/docs/latest/ko/kakaologin/design-guide).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SymbolAlign {
    #[default]
    Left,
    Center,
}

/// Container width. Widening grows the container equally on both sides; the symbol and label
/// keep their size, and no width ever clips them. Every width gives way to a narrower container
/// (see the module documentation).
/// [Design guide](https://developers.kakao.com/docs/latest/ko/kakaologin/design-guide).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ButtonWidth {
    /// Kakao's narrow artwork: 183 px at medium.
    #[default]
    Narrow,
    /// Kakao's wide artwork: 300 px at medium.
    Wide,
    /// The width of the containing block.
    Fill,
    /// A fixed width in CSS pixels, but never narrower than [`ButtonWidth::Narrow`].
    Px(u16),
}

/// Options of `renderLoginButton` and the `<kakao-login-button>` attributes.
/// [Design guide](https://developers.kakao.com/docs/latest/ko/kakaologin/design-guide).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ButtonOptions {
    pub kind: ButtonKind,
    pub label: LabelForm,
    pub size: ButtonSize,
    pub width: ButtonWidth,
    /// `None`: the language the `KakaoSync` instance was created with.
    pub lang: Option<Lang>,
    pub align: SymbolAlign,
    /// Renders the button disabled, for a page that enables it later (e.g. after a checkbox).
    pub disabled: bool,
}

impl ButtonKind {
    /// The guide's label text for this kind, form and language.
    pub fn label(self, form: LabelForm, lang: Lang) -> &'static str {
        match (self, form, lang) {
            (Self::Login, LabelForm::Full, Lang::Ko) => "카카오 로그인",
            (Self::Login, LabelForm::Full, Lang::En) => "Login with Kakao",
            (Self::Login, LabelForm::Short, Lang::Ko) => "로그인",
            (Self::Login, LabelForm::Short, Lang::En) => "Login",
            // UNCONFIRMED: the Sync guide's Korean short form; 시작하기 mirrors its English "Start".
            (Self::Sync, LabelForm::Full, Lang::Ko) => "카카오로 시작하기",
            (Self::Sync, LabelForm::Full, Lang::En) => "Start with Kakao",
            (Self::Sync, LabelForm::Short, Lang::Ko) => "시작하기",
            (Self::Sync, LabelForm::Short, Lang::En) => "Start",
        }
    }
}

impl ButtonSize {
    /// Container height in CSS pixels.
    pub fn height_px(self) -> f64 {
        match self {
            Self::Small => 36.0,
            Self::Medium => 45.0,
            Self::Large => ARTWORK_HEIGHT,
        }
    }

    /// Corner radius: 12 px on the large artwork, scaled with the height.
    pub fn corner_radius_px(self) -> f64 {
        self.height_px() * ARTWORK_RADIUS / ARTWORK_HEIGHT
    }

    /// Label font size: the guide's 30 pt on the 90 px artwork, i.e. a third of the height.
    pub fn label_px(self) -> f64 {
        self.height_px() / 3.0
    }

    fn class(self) -> &'static str {
        match self {
            Self::Small => "ks-s",
            Self::Medium => "ks-m",
            Self::Large => "ks-l",
        }
    }
}

impl ButtonWidth {
    /// The container width in CSS pixels for `size` in a container wide enough for it, or `None`
    /// for [`ButtonWidth::Fill`].
    pub fn px(self, size: ButtonSize) -> Option<f64> {
        let narrow = size.height_px() * 183.0 / 45.0;
        match self {
            Self::Narrow => Some(narrow),
            Self::Wide => Some(size.height_px() * 300.0 / 45.0),
            Self::Fill => None,
            Self::Px(px) => Some(f64::from(px).max(narrow)),
        }
    }

    fn class(self) -> &'static str {
        match self {
            Self::Narrow => "ks-narrow",
            Self::Wide => "ks-wide",
            Self::Fill => "ks-fill",
            Self::Px(_) => "ks-px",
        }
    }
}

impl ButtonOptions {
    /// The visible label.
    pub fn label_text(&self, lang: Lang) -> &'static str {
        self.kind.label(self.label, lang)
    }

    /// The accessible name: always the full label, which contains the short one, so a screen
    /// reader says "Login with Kakao" where the button shows "Login" (WCAG 2.5.3 label in name).
    pub fn accessible_name(&self, lang: Lang) -> &'static str {
        self.kind.label(LabelForm::Full, lang)
    }

    /// The classes of the `<button>`; the stylesheet keys every size and layout on them.
    pub fn class_name(&self) -> String {
        let align = match self.align {
            SymbolAlign::Left => "ks-left",
            SymbolAlign::Center => "ks-center",
        };
        concat(&[
            "ks-btn ",
            self.size.class(),
            " ",
            self.width.class(),
            " ",
            align,
        ])
    }
}

/// One option value as a JS options object or an HTML attribute carries it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum OptionValue<'a> {
    Str(&'a str),
    Number(f64),
    Bool(bool),
    /// Anything else (an object, an array): always invalid.
    Other,
}

/// Widths above this are certainly a mistake (a 4K screen is 3840 px wide).
const MAX_WIDTH_PX: f64 = 4096.0;

impl ButtonOptions {
    /// Every option, in the order [`ButtonOptions::set_nth`] numbers them.
    pub const KEYS: [&str; 7] = [
        "kind", "label", "size", "width", "lang", "align", "disabled",
    ];

    /// Applies one option. `renderLoginButton`'s options object and `<kakao-login-button>`'s
    /// attributes both come through here, so both accept exactly the same values; unknown keys
    /// are errors, so a typo in a page fails loudly.
    pub fn set(&mut self, key: &str, value: OptionValue) -> Result<(), Error> {
        match Self::KEYS.iter().position(|k| *k == key) {
            Some(i) => self.set_nth(i, value),
            None => Err(Error::InvalidOptions(concat(&[
                "unknown option `",
                key,
                "`",
            ]))),
        }
    }

    /// Applies option `KEYS[i]`, for a reader that has already matched the keys (an options
    /// object checked against [`ButtonOptions::KEYS`]); an `i` past the end does nothing.
    pub fn set_nth(&mut self, i: usize, value: OptionValue) -> Result<(), Error> {
        match i {
            0 => {
                self.kind = match pick(value, KIND)? {
                    0 => ButtonKind::Login,
                    _ => ButtonKind::Sync,
                }
            }
            1 => {
                self.label = match pick(value, LABEL)? {
                    0 => LabelForm::Full,
                    _ => LabelForm::Short,
                }
            }
            2 => {
                self.size = match pick(value, SIZE)? {
                    0 => ButtonSize::Small,
                    1 => ButtonSize::Medium,
                    _ => ButtonSize::Large,
                }
            }
            3 => self.width = width(value)?,
            4 => {
                self.lang = Some(match value {
                    OptionValue::Str(lang) => Lang::parse(lang)?,
                    _ => return Err(invalid("lang", "must be ko or en")),
                })
            }
            5 => {
                self.align = match pick(value, ALIGN)? {
                    0 => SymbolAlign::Left,
                    _ => SymbolAlign::Center,
                }
            }
            6 => match value {
                OptionValue::Bool(disabled) => self.disabled = disabled,
                _ => return Err(invalid("disabled", "must be true or false")),
            },
            _ => {}
        }
        Ok(())
    }
}

/// A keyword option: its name, its words in the order of its enum's variants, and the error's
/// reason for anything else.
type Keywords = (&'static str, &'static [&'static str], &'static str);

const KIND: Keywords = ("kind", &["login", "sync"], "must be \"login\" or \"sync\"");
const LABEL: Keywords = ("label", &["full", "short"], "must be \"full\" or \"short\"");
const SIZE: Keywords = (
    "size",
    &["small", "medium", "large"],
    "must be \"small\", \"medium\" or \"large\"",
);
const ALIGN: Keywords = (
    "align",
    &["left", "center"],
    "must be \"left\" or \"center\"",
);

/// The index of `value` among the option's words.
fn pick(value: OptionValue, (field, words, reason): Keywords) -> Result<usize, Error> {
    match value {
        OptionValue::Str(text) => words.iter().position(|w| *w == text),
        _ => None,
    }
    .ok_or(invalid(field, reason))
}

/// A keyword, or a width in pixels: a number, or a number as text as an HTML attribute carries
/// it (`width="320"`), parsed as an integer to keep the float parser's tables out of the
/// download.
fn width(value: OptionValue) -> Result<ButtonWidth, Error> {
    const WIDTH_VALUES: &str =
        "must be \"narrow\", \"wide\", \"fill\" or a width in pixels from 1 to 4096";
    let px = match value {
        OptionValue::Str("narrow") => return Ok(ButtonWidth::Narrow),
        OptionValue::Str("wide") => return Ok(ButtonWidth::Wide),
        OptionValue::Str("fill") => return Ok(ButtonWidth::Fill),
        OptionValue::Str(text) => parse_decimal(text).map_or(0.0, |px| px as f64),
        OptionValue::Number(px) => px,
        _ => 0.0,
    };
    if (1.0..=MAX_WIDTH_PX).contains(&px) {
        // In range, so the cast neither saturates nor wraps; adding a half rounds to nearest.
        Ok(ButtonWidth::Px((px + 0.5) as u16))
    } else {
        Err(invalid("width", WIDTH_VALUES))
    }
}

fn invalid(field: &'static str, reason: &'static str) -> Error {
    Error::InvalidConfig { field, reason }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(key: &str, value: OptionValue) -> Result<ButtonOptions, Error> {
        let mut options = ButtonOptions::default();
        options.set(key, value).map(|()| options)
    }

    fn width_from_str(s: &str) -> Result<ButtonWidth, Error> {
        with("width", OptionValue::Str(s)).map(|o| o.width)
    }

    #[test]
    fn labels_are_the_guides_texts() {
        let login = ButtonKind::Login;
        let sync = ButtonKind::Sync;
        assert_eq!(login.label(LabelForm::Full, Lang::Ko), "카카오 로그인");
        assert_eq!(login.label(LabelForm::Short, Lang::En), "Login");
        assert_eq!(sync.label(LabelForm::Full, Lang::Ko), "카카오로 시작하기");
        assert_eq!(sync.label(LabelForm::Full, Lang::En), "Start with Kakao");
        assert_eq!(sync.label(LabelForm::Short, Lang::En), "Start");
    }

    #[test]
    fn accessible_name_contains_the_visible_label() {
        for kind in [ButtonKind::Login, ButtonKind::Sync] {
            for label in [LabelForm::Full, LabelForm::Short] {
                for lang in [Lang::Ko, Lang::En] {
                    let o = ButtonOptions {
                        kind,
                        label,
                        ..ButtonOptions::default()
                    };
                    assert!(o.accessible_name(lang).contains(o.label_text(lang)));
                }
            }
        }
    }

    #[test]
    fn radius_is_twelve_on_the_large_artwork_and_scales_with_height() {
        assert_eq!(ButtonSize::Large.corner_radius_px(), 12.0);
        assert_eq!(ButtonSize::Medium.corner_radius_px(), 6.0);
        assert_eq!(ButtonSize::Small.corner_radius_px(), 4.8);
        assert_eq!(ButtonSize::Large.label_px(), 30.0);
        assert_eq!(ButtonSize::Medium.label_px(), 15.0);
    }

    #[test]
    fn widths_match_kakaos_artwork() {
        assert_eq!(ButtonWidth::Narrow.px(ButtonSize::Medium), Some(183.0));
        assert_eq!(ButtonWidth::Wide.px(ButtonSize::Medium), Some(300.0));
        assert_eq!(ButtonWidth::Wide.px(ButtonSize::Large), Some(600.0));
        assert_eq!(ButtonWidth::Narrow.px(ButtonSize::Large), Some(366.0));
        assert_eq!(ButtonWidth::Fill.px(ButtonSize::Small), None);
        assert_eq!(ButtonWidth::Px(320).px(ButtonSize::Small), Some(320.0));
        assert_eq!(ButtonWidth::Px(40).px(ButtonSize::Medium), Some(183.0));
    }

    #[test]
    fn width_accepts_keywords_and_pixels() {
        assert_eq!(width_from_str("fill"), Ok(ButtonWidth::Fill));
        assert_eq!(width_from_str("wide"), Ok(ButtonWidth::Wide));
        assert_eq!(width_from_str("320"), Ok(ButtonWidth::Px(320)));
        let from_number = with("width", OptionValue::Number(240.4)).map(|o| o.width);
        assert_eq!(from_number, Ok(ButtonWidth::Px(240)));
    }

    #[test]
    fn width_rejects_nonsense() {
        for bad in ["", "0", "-5", "100%", "huge", "5000", "1e3"] {
            assert!(width_from_str(bad).is_err(), "{bad:?} was accepted");
        }
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY, 1e6] {
            assert!(
                with("width", OptionValue::Number(bad)).is_err(),
                "{bad} was accepted"
            );
        }
    }

    #[test]
    fn every_option_reads_its_documented_values() {
        let mut o = ButtonOptions::default();
        for (key, value) in [
            ("kind", "sync"),
            ("label", "short"),
            ("size", "large"),
            ("width", "wide"),
            ("lang", "en"),
            ("align", "center"),
        ] {
            o.set(key, OptionValue::Str(value)).unwrap();
        }
        o.set("disabled", OptionValue::Bool(true)).unwrap();
        let expected = ButtonOptions {
            kind: ButtonKind::Sync,
            label: LabelForm::Short,
            size: ButtonSize::Large,
            width: ButtonWidth::Wide,
            lang: Some(Lang::En),
            align: SymbolAlign::Center,
            disabled: true,
        };
        assert_eq!(o, expected);
    }

    #[test]
    fn wrong_values_and_unknown_keys_are_typed_errors() {
        assert_eq!(
            with("size", OptionValue::Str("huge")),
            Err(Error::InvalidConfig {
                field: "size",
                reason: "must be \"small\", \"medium\" or \"large\""
            })
        );
        assert!(with("kind", OptionValue::Number(1.0)).is_err());
        assert!(with("disabled", OptionValue::Str("yes")).is_err());
        assert!(with("lang", OptionValue::Str("ja")).is_err());
        assert!(with("align", OptionValue::Other).is_err());
        assert_eq!(
            with("colour", OptionValue::Str("blue")),
            Err(Error::InvalidOptions("unknown option `colour`".into()))
        );
    }

    #[test]
    fn class_name_names_size_width_and_alignment() {
        let o = ButtonOptions {
            size: ButtonSize::Large,
            width: ButtonWidth::Px(400),
            align: SymbolAlign::Center,
            ..ButtonOptions::default()
        };
        assert_eq!(o.class_name(), "ks-btn ks-l ks-px ks-center");
        assert_eq!(
            ButtonOptions::default().class_name(),
            "ks-btn ks-m ks-narrow ks-left"
        );
    }
}
