//! What an app may see of a Kakao account: every value is gated by the consent items the app
//! configured and the user agreed to. Shared by `/v2/user/me`, `/v1/oidc/userinfo` and id_tokens.
//!
//! <https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api#kakaoaccount>

use kakao_sync_wire::kakao::{IdTokenClaims, KakaoAccount, OidcUserInfo, Profile, UserMe};

use crate::fixture::{App, User};
use crate::state::{Link, rfc3339};

/// One user as seen by one app through one link.
pub struct View<'a> {
    pub app: &'a App,
    pub user: &'a User,
    pub link: &'a Link,
    /// The emulator's public base URL, for generated avatars.
    pub issuer: &'a str,
}

/// How a consent item gates a value the account may or may not hold.
enum Gate {
    /// The app does not use the item: the fields are left out.
    NotConfigured,
    /// `*_needs_agreement: true`, value hidden.
    NeedsAgreement,
    /// `*_needs_agreement: false`, value shown (when the account holds one).
    Agreed,
}

impl Gate {
    fn needs_agreement(&self) -> Option<bool> {
        match self {
            Gate::NotConfigured => None,
            Gate::NeedsAgreement => Some(true),
            Gate::Agreed => Some(false),
        }
    }

    fn show<T>(&self, value: Option<T>) -> Option<T> {
        matches!(self, Gate::Agreed).then_some(value).flatten()
    }
}

impl View<'_> {
    fn gate(&self, scope: &str, has_value: bool) -> Gate {
        if !self.app.consent_items.iter().any(|c| c.id == scope) {
            Gate::NotConfigured
        } else if self.link.scopes.contains(scope) {
            Gate::Agreed
        } else if has_value {
            Gate::NeedsAgreement
        } else {
            // Nothing to agree to: Kakao reports `false` with the value absent.
            Gate::Agreed
        }
    }

    pub fn agreed(&self, scope: &str) -> bool {
        self.link.scopes.contains(scope)
    }

    /// (640×640, 110×110) profile image URLs.
    pub fn image_urls(&self, secure_resource: bool) -> (String, String) {
        let (big, small) = match &self.user.profile_image_url {
            Some(url) => (url.clone(), url.clone()),
            None => {
                let base = format!("{}/dn/{}", self.issuer, self.user.id);
                (
                    format!("{base}/img_640x640.svg"),
                    format!("{base}/img_110x110.svg"),
                )
            }
        };
        (
            upgrade_scheme(big, secure_resource),
            upgrade_scheme(small, secure_resource),
        )
    }

    /// The full `/v2/user/me` body.
    pub fn user_me(&self, secure_resource: bool) -> UserMe {
        let u = self.user;
        let nickname = self.gate("profile_nickname", true);
        let image = self.gate("profile_image", true);
        let profile =
            if matches!(nickname, Gate::NotConfigured) && matches!(image, Gate::NotConfigured) {
                None
            } else {
                let (big, small) = self.image_urls(secure_resource);
                let show_image = matches!(image, Gate::Agreed);
                let p = Profile {
                    nickname: nickname.show(Some(u.nickname.clone())),
                    thumbnail_image_url: show_image.then_some(small),
                    profile_image_url: show_image.then_some(big),
                    is_default_image: show_image.then_some(false),
                    is_default_nickname: matches!(nickname, Gate::Agreed).then_some(false),
                };
                (p != Profile::default()).then_some(p)
            };
        let email = self.gate("account_email", u.email.is_some());
        let email_shown = matches!(email, Gate::Agreed) && u.email.is_some();
        let name = self.gate("name", u.name.is_some());
        let gender = self.gate("gender", u.gender.is_some());
        let age_range = self.gate("age_range", u.age_range.is_some());
        let birthyear = self.gate("birthyear", u.birthyear.is_some());
        let birthday = self.gate("birthday", u.birthday.is_some());
        let birthday_shown = matches!(birthday, Gate::Agreed) && u.birthday.is_some();
        let phone = self.gate("phone_number", u.phone_number.is_some());
        let account = KakaoAccount {
            profile_needs_agreement: None,
            profile_nickname_needs_agreement: nickname.needs_agreement(),
            profile_image_needs_agreement: image.needs_agreement(),
            profile,
            name_needs_agreement: name.needs_agreement(),
            name: name.show(u.name.clone()),
            email_needs_agreement: email.needs_agreement(),
            is_email_valid: email_shown.then_some(u.email_valid),
            is_email_verified: email_shown.then_some(u.email_verified),
            email: email.show(u.email.clone()),
            age_range_needs_agreement: age_range.needs_agreement(),
            age_range: age_range.show(u.age_range.clone()),
            birthyear_needs_agreement: birthyear.needs_agreement(),
            birthyear: birthyear.show(u.birthyear.clone()),
            birthday_needs_agreement: birthday.needs_agreement(),
            birthday: birthday.show(u.birthday.clone()),
            birthday_type: birthday_shown.then(|| "SOLAR".to_owned()),
            is_leap_month: birthday_shown.then_some(false),
            gender_needs_agreement: gender.needs_agreement(),
            gender: gender.show(u.gender.clone()),
            phone_number_needs_agreement: phone.needs_agreement(),
            phone_number: phone.show(u.phone_number.clone()),
        };
        UserMe {
            id: u.id,
            has_signed_up: None,
            connected_at: Some(rfc3339(self.link.connected_at)),
            synched_at: self.link.synched_at.map(rfc3339),
            properties: (!u.properties.is_empty()).then(|| u.properties.clone()),
            kakao_account: Some(account),
        }
    }

    /// The email, only when agreed, valid and verified (the id_token and userinfo rule).
    fn trusted_email(&self) -> Option<String> {
        let u = self.user;
        (self.agreed("account_email") && u.email_valid && u.email_verified)
            .then(|| u.email.clone())
            .flatten()
    }

    /// The consent-dependent claims of an id_token, around the fixed ones given here.
    pub fn id_token_claims(
        &self,
        iat: i64,
        exp: i64,
        auth_time: i64,
        nonce: Option<String>,
    ) -> IdTokenClaims {
        IdTokenClaims {
            iss: self.issuer.to_owned(),
            aud: self.app.client_id.clone(),
            sub: self.user.id.to_string(),
            iat,
            exp,
            auth_time,
            nonce,
            nickname: self
                .agreed("profile_nickname")
                .then(|| self.user.nickname.clone()),
            picture: self
                .agreed("profile_image")
                .then(|| self.image_urls(false).1),
            email: self.trusted_email(),
        }
    }

    /// The `/v1/oidc/userinfo` body.
    pub fn oidc_userinfo(&self) -> OidcUserInfo {
        let u = self.user;
        let email = self
            .agreed("account_email")
            .then(|| u.email.clone())
            .flatten();
        let birthdate = match (
            self.agreed("birthyear")
                .then_some(u.birthyear.as_deref())
                .flatten(),
            self.agreed("birthday")
                .then_some(u.birthday.as_deref())
                .flatten(),
        ) {
            (Some(y), Some(md)) if md.len() == 4 => Some(format!("{y}-{}-{}", &md[..2], &md[2..])),
            (None, Some(md)) if md.len() == 4 => Some(format!("0000-{}-{}", &md[..2], &md[2..])),
            (Some(y), _) => Some(y.to_owned()),
            _ => None,
        };
        let phone = self
            .agreed("phone_number")
            .then(|| u.phone_number.clone())
            .flatten();
        OidcUserInfo {
            sub: u.id.to_string(),
            name: self.agreed("name").then(|| u.name.clone()).flatten(),
            nickname: self.agreed("profile_nickname").then(|| u.nickname.clone()),
            picture: self
                .agreed("profile_image")
                .then(|| self.image_urls(false).1),
            email_verified: email.as_ref().map(|_| u.email_valid && u.email_verified),
            email,
            gender: self.agreed("gender").then(|| u.gender.clone()).flatten(),
            birthdate,
            phone_number_verified: phone.as_ref().map(|_| true),
            phone_number: phone,
        }
    }
}

/// `secure_resource=true` asks for https image URLs. Loopback URLs (the emulator's own avatars)
/// stay http, since nothing serves https there.
fn upgrade_scheme(url: String, secure: bool) -> String {
    let loopback = ["http://127.0.0.1", "http://localhost", "http://[::1]"];
    match url.strip_prefix("http://") {
        Some(rest) if secure && !loopback.iter().any(|l| url.starts_with(l)) => {
            format!("https://{rest}")
        }
        _ => url,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::Fixture;

    fn view_with<'a>(fixture: &'a Fixture, link: &'a Link, user: usize) -> View<'a> {
        View {
            app: &fixture.apps[0],
            user: &fixture.users[user],
            link,
            issuer: "http://127.0.0.1:1",
        }
    }

    #[test]
    fn values_hide_behind_needs_agreement_until_agreed() {
        let fixture = Fixture::default();
        let mut link = Link::default();
        link.scopes.insert("profile_nickname".into());
        let me = view_with(&fixture, &link, 0).user_me(false);
        let account = me.kakao_account.unwrap();
        assert_eq!(account.profile.unwrap().nickname.as_deref(), Some("라이언"));
        assert_eq!(account.profile_nickname_needs_agreement, Some(false));
        assert_eq!(account.email_needs_agreement, Some(true));
        assert_eq!(account.email, None);
        assert_eq!(account.is_email_verified, None);
    }

    #[test]
    fn an_absent_value_needs_no_agreement() {
        let fixture = Fixture::default();
        let link = Link::default();
        // 어피치 has no phone number in the default fixture.
        let account = view_with(&fixture, &link, 1)
            .user_me(false)
            .kakao_account
            .unwrap();
        assert_eq!(account.phone_number_needs_agreement, Some(false));
        assert_eq!(account.phone_number, None);
    }

    #[test]
    fn an_unverified_email_stays_out_of_the_id_token() {
        let fixture = Fixture::default();
        let mut link = Link::default();
        link.scopes.insert("account_email".into());
        let muzi = view_with(&fixture, &link, 2).id_token_claims(0, 1, 0, None);
        assert_eq!(muzi.email, None);
        let ryan = view_with(&fixture, &link, 0).id_token_claims(0, 1, 0, None);
        assert_eq!(ryan.email.as_deref(), Some("ryan@example.com"));
    }

    #[test]
    fn birthdate_follows_what_was_agreed() {
        let fixture = Fixture::default();
        let mut link = Link::default();
        link.scopes.insert("birthday".into());
        let view = view_with(&fixture, &link, 0);
        assert_eq!(
            view.oidc_userinfo().birthdate.as_deref(),
            Some("0000-01-05")
        );
        link.scopes.insert("birthyear".into());
        let view = view_with(&fixture, &link, 0);
        assert_eq!(
            view.oidc_userinfo().birthdate.as_deref(),
            Some("1992-01-05")
        );
    }

    #[test]
    fn secure_resource_upgrades_remote_images_only() {
        assert_eq!(
            upgrade_scheme("http://k.kakaocdn.net/a.jpg".into(), true),
            "https://k.kakaocdn.net/a.jpg"
        );
        assert_eq!(
            upgrade_scheme("http://127.0.0.1:9/a.svg".into(), true),
            "http://127.0.0.1:9/a.svg"
        );
        assert_eq!(
            upgrade_scheme("http://k.kakaocdn.net/a.jpg".into(), false),
            "http://k.kakaocdn.net/a.jpg"
        );
    }
}
