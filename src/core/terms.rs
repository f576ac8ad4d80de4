//! The service-terms consent panel's state: which boxes are ticked, what "agree to all" shows,
//! whether the form may be submitted, and which tags to agree to or revoke.
//!
//! The panel covers what Kakao's own consent screen does not: a member missing a newly required
//! term, a "my page" that shows and withdraws consent, a term the service collects itself.
//! [Kakao Sync development guide](https://developers.kakao.com/docs/latest/ko/kakaosync/develop).

use crate::prelude::*;
use kakao_sync_wire::api::TermStatus;

use super::Lang;

/// What the "agree to all" box shows: it follows the individual boxes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgreeAll {
    /// No box is ticked.
    None,
    /// Some are ticked: the box is indeterminate (`aria-checked="mixed"`).
    Some,
    /// Every box is ticked.
    All,
}

/// What submitting the panel asks of Kakao: tags to agree to (the upgrade service-terms API) and
/// tags to withdraw (the revoke service-terms API), both in the
/// [REST API reference](https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub agree: Vec<String>,
    pub revoke: Vec<String>,
}

/// The panel's state: the member's terms as Kakao reported them, and the boxes as ticked now.
#[derive(Clone, Debug)]
pub struct TermsConsent {
    terms: Vec<TermStatus>,
    checked: Vec<bool>,
}

impl TermsConsent {
    /// A panel whose boxes start as the member's current consent.
    pub fn new(terms: Vec<TermStatus>) -> Self {
        let checked = terms.iter().map(|t| t.agreed).collect();
        Self { terms, checked }
    }

    pub fn terms(&self) -> &[TermStatus] {
        &self.terms
    }

    pub fn is_checked(&self, i: usize) -> bool {
        self.checked.get(i).copied().unwrap_or(false)
    }

    /// An agreed term Kakao does not let the member revoke stays ticked.
    pub fn is_locked(&self, i: usize) -> bool {
        self.terms.get(i).is_some_and(|t| t.agreed && !t.revocable)
    }

    /// Ticks or unticks one box; a locked box does not change.
    pub fn set(&mut self, i: usize, checked: bool) {
        if !self.is_locked(i)
            && let Some(c) = self.checked.get_mut(i)
        {
            *c = checked;
        }
    }

    /// What "agree to all" does: every box that can change follows it.
    pub fn set_all(&mut self, checked: bool) {
        for i in 0..self.checked.len() {
            self.set(i, checked);
        }
    }

    pub fn agree_all(&self) -> AgreeAll {
        let ticked = self.checked.iter().filter(|c| **c).count();
        match ticked {
            0 => AgreeAll::None,
            n if n == self.checked.len() => AgreeAll::All,
            _ => AgreeAll::Some,
        }
    }

    /// Every required term is ticked.
    pub fn required_met(&self) -> bool {
        self.terms
            .iter()
            .zip(&self.checked)
            .all(|(t, c)| *c || !t.required)
    }

    /// The difference between the boxes and the member's consent.
    pub fn changes(&self) -> Changes {
        let mut changes = Changes::default();
        for (t, c) in self.terms.iter().zip(&self.checked) {
            match (t.agreed, *c) {
                (false, true) => changes.agree.push(t.tag.clone()),
                (true, false) => changes.revoke.push(t.tag.clone()),
                _ => {}
            }
        }
        changes
    }

    /// Submitting is allowed once every required term is ticked and something would change.
    pub fn can_submit(&self) -> bool {
        let changed = self
            .terms
            .iter()
            .zip(&self.checked)
            .any(|(t, c)| t.agreed != *c);
        self.required_met() && changed
    }

    /// The tags ticked now: what a page's own `onSubmit` receives.
    pub fn checked_tags(&self) -> Vec<String> {
        self.terms
            .iter()
            .zip(&self.checked)
            .filter(|(_, c)| **c)
            .map(|(t, _)| t.tag.clone())
            .collect()
    }

    /// Records the ticked boxes as the member's consent, after the page's `onSubmit` saved them.
    pub fn commit(&mut self) {
        for (t, c) in self.terms.iter_mut().zip(&self.checked) {
            t.agreed = *c;
        }
    }

    /// True when any term starts agreed: the panel then manages consent ("Save") rather than
    /// asks for it ("Agree").
    pub fn manages_consent(&self) -> bool {
        self.terms.iter().any(|t| t.agreed)
    }
}

/// The panel's words in one language.
#[derive(Debug)]
pub struct TermsText {
    pub legend: &'static str,
    pub agree_all: &'static str,
    pub required: &'static str,
    pub optional: &'static str,
    /// The link to a term's full text.
    pub view: &'static str,
    pub agree: &'static str,
    pub save: &'static str,
    pub loading: &'static str,
    pub saving: &'static str,
    pub saved: &'static str,
    /// Shown before the error's own message.
    pub failed: &'static str,
    /// Why the submit button is disabled.
    pub required_hint: &'static str,
}

const KO: TermsText = TermsText {
    legend: "서비스 약관 동의",
    agree_all: "전체 동의",
    required: "필수",
    optional: "선택",
    view: "보기",
    agree: "동의하기",
    save: "저장하기",
    loading: "약관을 불러오는 중입니다…",
    saving: "저장하는 중입니다…",
    saved: "저장했습니다.",
    failed: "저장하지 못했습니다: ",
    required_hint: "필수 약관에 모두 동의해야 합니다.",
};

const EN: TermsText = TermsText {
    legend: "Terms of service",
    agree_all: "Agree to all",
    required: "Required",
    optional: "Optional",
    view: "View",
    agree: "Agree",
    save: "Save",
    loading: "Loading the terms…",
    saving: "Saving…",
    saved: "Saved.",
    failed: "Could not save: ",
    required_hint: "Agree to every required term to continue.",
};

impl TermsText {
    pub fn of(lang: Lang) -> &'static Self {
        match lang {
            Lang::Ko => &KO,
            Lang::En => &EN,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(tag: &str, required: bool, agreed: bool, revocable: bool) -> TermStatus {
        TermStatus {
            tag: tag.into(),
            title: tag.into(),
            url: None,
            required,
            agreed,
            revocable,
            agreed_at: None,
            agreed_by: None,
        }
    }

    fn signup() -> TermsConsent {
        TermsConsent::new(vec![
            term("service", true, false, false),
            term("privacy", true, false, false),
            term("marketing", false, false, true),
        ])
    }

    #[test]
    fn agree_all_follows_the_individual_boxes() {
        let mut s = signup();
        assert_eq!(s.agree_all(), AgreeAll::None);
        s.set(0, true);
        assert_eq!(s.agree_all(), AgreeAll::Some);
        s.set(1, true);
        s.set(2, true);
        assert_eq!(s.agree_all(), AgreeAll::All);
        s.set(2, false);
        assert_eq!(s.agree_all(), AgreeAll::Some);
    }

    #[test]
    fn agree_all_ticks_and_unticks_every_box() {
        let mut s = signup();
        s.set_all(true);
        assert_eq!(s.checked_tags(), ["service", "privacy", "marketing"]);
        s.set_all(false);
        assert!(s.checked_tags().is_empty());
    }

    #[test]
    fn submit_waits_for_every_required_term() {
        let mut s = signup();
        assert!(!s.can_submit());
        s.set(0, true);
        s.set(2, true);
        assert!(!s.required_met());
        assert!(!s.can_submit());
        s.set(1, true);
        assert!(s.can_submit());
    }

    #[test]
    fn changes_name_tags_to_agree_and_to_revoke() {
        let mut s = TermsConsent::new(vec![
            term("service", true, true, false),
            term("marketing", false, true, true),
            term("location", false, false, true),
        ]);
        assert!(s.manages_consent());
        assert!(!s.can_submit(), "nothing changed yet");
        s.set(1, false);
        s.set(2, true);
        assert_eq!(
            s.changes(),
            Changes {
                agree: vec!["location".into()],
                revoke: vec!["marketing".into()]
            }
        );
        assert!(s.can_submit());
    }

    #[test]
    fn agreed_terms_that_cannot_be_revoked_stay_ticked() {
        let mut s = TermsConsent::new(vec![
            term("service", true, true, false),
            term("marketing", false, true, true),
        ]);
        assert!(s.is_locked(0));
        s.set(0, false);
        s.set_all(false);
        assert!(s.is_checked(0));
        assert!(!s.is_checked(1));
        assert_eq!(s.agree_all(), AgreeAll::Some);
        assert_eq!(s.changes().revoke, ["marketing"]);
    }

    #[test]
    fn commit_makes_the_boxes_the_new_consent() {
        let mut s = signup();
        s.set_all(true);
        s.commit();
        assert!(s.terms().iter().all(|t| t.agreed));
        assert!(!s.can_submit());
        assert!(s.manages_consent());
    }

    #[test]
    fn out_of_range_indexes_are_ignored() {
        let mut s = signup();
        s.set(9, true);
        assert!(!s.is_checked(9));
        assert!(!s.is_locked(9));
    }
}
