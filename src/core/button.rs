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

/// A button option's type, read from the value `renderLoginButton`'s options object or a
/// `<kakao-login-button>` attribute carries: both come through here, so both accept exactly the
/// same values. `field` names the option in the error.
pub trait ButtonOption: Sized {
    fn parse(value: OptionValue, field: &'static str) -> Result<Self, Error>;
}

impl ButtonOption for ButtonKind {
    fn parse(value: OptionValue, field: &'static str) -> Result<Self, Error> {
        let words = ["login", "sync"];
        Ok(
            match pick(value, field, &words, "must be \"login\" or \"sync\"")? {
                0 => ButtonKind::Login,
                _ => ButtonKind::Sync,
            },
        )
    }
}

impl ButtonOption for LabelForm {
    fn parse(value: OptionValue, field: &'static str) -> Result<Self, Error> {
        let words = ["full", "short"];
        Ok(
            match pick(value, field, &words, "must be \"full\" or \"short\"")? {
                0 => LabelForm::Full,
                _ => LabelForm::Short,
            },
        )
    }
}

impl ButtonOption for ButtonSize {
    fn parse(value: OptionValue, field: &'static str) -> Result<Self, Error> {
        let words = ["small", "medium", "large"];
        let reason = "must be \"small\", \"medium\" or \"large\"";
        Ok(match pick(value, field, &words, reason)? {
            0 => ButtonSize::Small,
            1 => ButtonSize::Medium,
            _ => ButtonSize::Large,
        })
    }
}

impl ButtonOption for SymbolAlign {
    fn parse(value: OptionValue, field: &'static str) -> Result<Self, Error> {
        let words = ["left", "center"];
        Ok(
            match pick(value, field, &words, "must be \"left\" or \"center\"")? {
                0 => SymbolAlign::Left,
                _ => SymbolAlign::Center,
            },
        )
    }
}

/// A keyword, or a width in pixels: a number, or a number as text as an HTML attribute carries
/// it (`width="320"`), parsed as an integer to keep the float parser's tables out of the
/// download.
impl ButtonOption for ButtonWidth {
    fn parse(value: OptionValue, field: &'static str) -> Result<Self, Error> {
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
            Err(Error::InvalidConfig {
                field,
                reason: WIDTH_VALUES,
            })
        }
    }
}

/// The index of `value` among the option's `words`; `reason` says what else it must be.
fn pick(
    value: OptionValue,
    field: &'static str,
    words: &[&str],
    reason: &'static str,
) -> Result<usize, Error> {
    match value {
        OptionValue::Str(text) => words.iter().position(|w| *w == text),
        _ => None,
    }
    .ok_or(Error::InvalidConfig { field, reason })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn width_from_str(s: &str) -> Result<ButtonWidth, Error> {
        ButtonWidth::parse(OptionValue::Str(s), "width")
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
        let from_number = ButtonWidth::parse(OptionValue::Number(240.4), "width");
        assert_eq!(from_number, Ok(ButtonWidth::Px(240)));
    }

    #[test]
    fn width_rejects_nonsense() {
        for bad in ["", "0", "-5", "100%", "huge", "5000", "1e3"] {
            assert!(width_from_str(bad).is_err(), "{bad:?} was accepted");
        }
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY, 1e6] {
            assert!(
                ButtonWidth::parse(OptionValue::Number(bad), "width").is_err(),
                "{bad} was accepted"
            );
        }
    }

    #[test]
    fn every_option_reads_its_documented_values() {
        let read = |value| OptionValue::Str(value);
        assert_eq!(
            ButtonKind::parse(read("sync"), "kind"),
            Ok(ButtonKind::Sync)
        );
        assert_eq!(
            ButtonKind::parse(read("login"), "kind"),
            Ok(ButtonKind::Login)
        );
        assert_eq!(
            LabelForm::parse(read("short"), "label"),
            Ok(LabelForm::Short)
        );
        assert_eq!(LabelForm::parse(read("full"), "label"), Ok(LabelForm::Full));
        assert_eq!(
            ButtonSize::parse(read("small"), "size"),
            Ok(ButtonSize::Small)
        );
        assert_eq!(
            ButtonSize::parse(read("medium"), "size"),
            Ok(ButtonSize::Medium)
        );
        assert_eq!(
            ButtonSize::parse(read("large"), "size"),
            Ok(ButtonSize::Large)
        );
        assert_eq!(
            ButtonWidth::parse(read("wide"), "width"),
            Ok(ButtonWidth::Wide)
        );
        assert_eq!(
            SymbolAlign::parse(read("center"), "align"),
            Ok(SymbolAlign::Center)
        );
        assert_eq!(
            SymbolAlign::parse(read("left"), "align"),
            Ok(SymbolAlign::Left)
        );
    }

    #[test]
    fn wrong_values_are_typed_errors_naming_the_option() {
        assert_eq!(
            ButtonSize::parse(OptionValue::Str("huge"), "size"),
            Err(Error::InvalidConfig {
                field: "size",
                reason: "must be \"small\", \"medium\" or \"large\""
            })
        );
        assert_eq!(
            ButtonKind::parse(OptionValue::Number(1.0), "kind"),
            Err(Error::InvalidConfig {
                field: "kind",
                reason: "must be \"login\" or \"sync\""
            })
        );
        assert!(LabelForm::parse(OptionValue::Bool(true), "label").is_err());
        assert!(SymbolAlign::parse(OptionValue::Other, "align").is_err());
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
