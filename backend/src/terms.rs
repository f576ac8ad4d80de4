//! The app's service-terms catalogue, merged with one member's consent as Kakao reports it.
//! <https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#get-consent-details-service-terms>

use kakao_sync_wire::api::TermStatus;
use kakao_sync_wire::kakao::ServiceTerm;
use serde::Deserialize;

/// One entry of the catalogue (`KAKAO_TERMS`): the tag registered in Kakao's console under
/// Simple Signup, with the title and document URL the page shows.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermSpec {
    pub tag: String,
    pub title: String,
    #[serde(default)]
    pub url: Option<String>,
    pub required: bool,
}

/// A member's consent to one tag: Kakao's answer, and the row kept in `member_terms`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Consent {
    pub tag: String,
    pub agreed: bool,
    pub revocable: bool,
    pub agreed_at: Option<String>,
    pub agreed_by: Option<String>,
}

impl From<&ServiceTerm> for Consent {
    fn from(t: &ServiceTerm) -> Self {
        Self {
            tag: t.tag.clone(),
            agreed: t.agreed,
            revocable: t.revocable,
            agreed_at: t.agreed_at.clone(),
            agreed_by: t.agreed_by.clone(),
        }
    }
}

/// The catalogue in its own order, each entry with the member's consent (none: not agreed).
pub fn merge(catalogue: &[TermSpec], consents: &[Consent]) -> Vec<TermStatus> {
    catalogue
        .iter()
        .map(|spec| {
            let consent = consents.iter().find(|c| c.tag == spec.tag);
            let agreed = consent.is_some_and(|c| c.agreed);
            TermStatus {
                tag: spec.tag.clone(),
                title: spec.title.clone(),
                url: spec.url.clone(),
                required: spec.required,
                agreed,
                revocable: consent.is_some_and(|c| c.revocable),
                agreed_at: consent.filter(|_| agreed).and_then(|c| c.agreed_at.clone()),
                agreed_by: consent.filter(|_| agreed).and_then(|c| c.agreed_by.clone()),
            }
        })
        .collect()
}

/// Tags of required terms not agreed to: what the page re-prompts for with `service_terms`.
pub fn missing_required(statuses: &[TermStatus]) -> Vec<String> {
    statuses
        .iter()
        .filter(|t| t.required && !t.agreed)
        .map(|t| t.tag.clone())
        .collect()
}

/// The first requested tag that is not in the catalogue, if any.
pub fn first_unknown<'a>(catalogue: &[TermSpec], tags: &'a [String]) -> Option<&'a str> {
    tags.iter()
        .find(|tag| !catalogue.iter().any(|spec| &spec.tag == *tag))
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(tag: &str, required: bool) -> TermSpec {
        TermSpec {
            tag: tag.into(),
            title: format!("{tag} title"),
            url: None,
            required,
        }
    }

    fn consent(tag: &str, agreed: bool) -> Consent {
        Consent {
            tag: tag.into(),
            agreed,
            revocable: !agreed || tag != "service",
            agreed_at: Some("2025-01-02T03:04:05Z".into()),
            agreed_by: Some("KAUTH".into()),
        }
    }

    #[test]
    fn merge_keeps_catalogue_order_and_ignores_unknown_consents() {
        let catalogue = [
            spec("service", true),
            spec("privacy", true),
            spec("marketing", false),
        ];
        let consents = [
            consent("marketing", true),
            consent("service", true),
            consent("other", true),
        ];
        let merged = merge(&catalogue, &consents);
        let tags: Vec<_> = merged.iter().map(|t| t.tag.as_str()).collect();
        assert_eq!(tags, ["service", "privacy", "marketing"]);
        assert!(merged[0].agreed && !merged[0].revocable);
        assert!(!merged[1].agreed && merged[1].agreed_at.is_none());
        assert_eq!(merged[2].agreed_by.as_deref(), Some("KAUTH"));
        assert_eq!(missing_required(&merged), ["privacy"]);
    }

    #[test]
    fn a_revoked_term_has_no_agreement_time() {
        let merged = merge(&[spec("marketing", false)], &[consent("marketing", false)]);
        assert!(!merged[0].agreed);
        assert_eq!(merged[0].agreed_at, None);
        assert_eq!(merged[0].agreed_by, None);
    }

    #[test]
    fn unknown_tags_are_found() {
        let catalogue = [spec("service", true)];
        assert_eq!(first_unknown(&catalogue, &["service".into()]), None);
        assert_eq!(
            first_unknown(&catalogue, &["service".into(), "x".into()]),
            Some("x")
        );
    }
}
