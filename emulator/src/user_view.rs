//! What an app may see of a Kakao account: every value is gated by the consent items the app
//! configured and the user agreed to. Shared by `/v2/user/me`, `/v1/oidc/userinfo` and id_tokens.
//!
//! <https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api#kakaoaccount>

use serde_json::{Map, Value, json};

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

    /// The full `/v2/user/me` body. A value Kakao would not send is left out, never `null`.
    pub fn user_me(&self, secure_resource: bool) -> Value {
        let u = self.user;
        let nickname = self.gate("profile_nickname", true);
        let image = self.gate("profile_image", true);
        let mut account = Map::new();
        put(
            &mut account,
            "profile_nickname_needs_agreement",
            nickname.needs_agreement(),
        );
        put(
            &mut account,
            "profile_image_needs_agreement",
            image.needs_agreement(),
        );
        let mut profile = Map::new();
        put(
            &mut profile,
            "nickname",
            nickname.show(Some(u.nickname.clone())),
        );
        if matches!(image, Gate::Agreed) {
            let (big, small) = self.image_urls(secure_resource);
            profile.insert("thumbnail_image_url".into(), small.into());
            profile.insert("profile_image_url".into(), big.into());
            profile.insert("is_default_image".into(), false.into());
        }
        if matches!(nickname, Gate::Agreed) {
            profile.insert("is_default_nickname".into(), false.into());
        }
        if !profile.is_empty() {
            account.insert("profile".into(), profile.into());
        }
        let name = self.gate("name", u.name.is_some());
        put(&mut account, "name_needs_agreement", name.needs_agreement());
        put(&mut account, "name", name.show(u.name.clone()));
        let email = self.gate("account_email", u.email.is_some());
        put(
            &mut account,
            "email_needs_agreement",
            email.needs_agreement(),
        );
        if let Some(address) = email.show(u.email.clone()) {
            account.insert("is_email_valid".into(), u.email_valid.into());
            account.insert("is_email_verified".into(), u.email_verified.into());
            account.insert("email".into(), address.into());
        }
        for (scope, value) in [
            ("age_range", &u.age_range),
            ("birthyear", &u.birthyear),
            ("birthday", &u.birthday),
        ] {
            let gate = self.gate(scope, value.is_some());
            put(
                &mut account,
                &format!("{scope}_needs_agreement"),
                gate.needs_agreement(),
            );
            if let Some(value) = gate.show(value.clone()) {
                account.insert(scope.into(), value.into());
                if scope == "birthday" {
                    account.insert("birthday_type".into(), "SOLAR".into());
                    account.insert("is_leap_month".into(), false.into());
                }
            }
        }
        let gender = self.gate("gender", u.gender.is_some());
        put(
            &mut account,
            "gender_needs_agreement",
            gender.needs_agreement(),
        );
        put(&mut account, "gender", gender.show(u.gender.clone()));
        let phone = self.gate("phone_number", u.phone_number.is_some());
        put(
            &mut account,
            "phone_number_needs_agreement",
            phone.needs_agreement(),
        );
        put(
            &mut account,
            "phone_number",
            phone.show(u.phone_number.clone()),
        );

        let mut me = Map::new();
        me.insert("id".into(), u.id.into());
        me.insert(
            "connected_at".into(),
            rfc3339(self.link.connected_at).into(),
        );
        put(&mut me, "synched_at", self.link.synched_at.map(rfc3339));
        if !u.properties.is_empty() {
            me.insert("properties".into(), json!(u.properties));
        }
        // Optional in Kakao's table: an app that asks for nothing gets no `kakao_account`.
        // Whether Kakao sends `{}` instead is UNCONFIRMED; leaving it out is what a reader must
        // survive.
        if !account.is_empty() {
            me.insert("kakao_account".into(), account.into());
        }
        me.into()
    }

    /// The email, only when agreed, valid and verified (the id_token and userinfo rule).
    fn trusted_email(&self) -> Option<String> {
        let u = self.user;
        (self.agreed("account_email") && u.email_valid && u.email_verified)
            .then(|| u.email.clone())
            .flatten()
    }

    /// The claims of an id_token: the fixed ones given here and the consent-dependent ones.
    pub fn id_token_claims(
        &self,
        iat: i64,
        exp: i64,
        auth_time: i64,
        nonce: Option<String>,
    ) -> Value {
        let mut claims = Map::new();
        claims.insert("iss".into(), self.issuer.into());
        claims.insert("aud".into(), self.app.client_id.clone().into());
        claims.insert("sub".into(), self.user.id.to_string().into());
        claims.insert("iat".into(), iat.into());
        claims.insert("exp".into(), exp.into());
        claims.insert("auth_time".into(), auth_time.into());
        put(&mut claims, "nonce", nonce);
        put(
            &mut claims,
            "nickname",
            self.agreed("profile_nickname")
                .then(|| self.user.nickname.clone()),
        );
        put(
            &mut claims,
            "picture",
            self.agreed("profile_image")
                .then(|| self.image_urls(false).1),
        );
        put(&mut claims, "email", self.trusted_email());
        claims.into()
    }

    /// The `/v1/oidc/userinfo` body.
    pub fn oidc_userinfo(&self) -> Value {
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
        let mut info = Map::new();
        info.insert("sub".into(), u.id.to_string().into());
        put(
            &mut info,
            "name",
            self.agreed("name").then(|| u.name.clone()).flatten(),
        );
        put(
            &mut info,
            "nickname",
            self.agreed("profile_nickname").then(|| u.nickname.clone()),
        );
        put(
            &mut info,
            "picture",
            self.agreed("profile_image")
                .then(|| self.image_urls(false).1),
        );
        put(
            &mut info,
            "email_verified",
            email.as_ref().map(|_| u.email_valid && u.email_verified),
        );
        put(&mut info, "email", email);
        put(
            &mut info,
            "gender",
            self.agreed("gender").then(|| u.gender.clone()).flatten(),
        );
        put(&mut info, "birthdate", birthdate);
        put(
            &mut info,
            "phone_number_verified",
            phone.as_ref().map(|_| true),
        );
        put(&mut info, "phone_number", phone);
        info.into()
    }
}

/// Sets `key` only when there is a value: Kakao leaves absent values out rather than sending
/// `null`.
fn put(object: &mut Map<String, Value>, key: &str, value: Option<impl Into<Value>>) {
    if let Some(value) = value {
        object.insert(key.to_owned(), value.into());
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
        let account = &me["kakao_account"];
        assert_eq!(account["profile"]["nickname"], "라이언");
        assert_eq!(account["profile_nickname_needs_agreement"], false);
        assert_eq!(account["email_needs_agreement"], true);
        assert_eq!(account.get("email"), None);
        assert_eq!(account.get("is_email_verified"), None);
    }

    #[test]
    fn an_absent_value_needs_no_agreement() {
        let fixture = Fixture::default();
        let link = Link::default();
        // 어피치 has no phone number in the default fixture.
        let me = view_with(&fixture, &link, 1).user_me(false);
        let account = &me["kakao_account"];
        assert_eq!(account["phone_number_needs_agreement"], false);
        assert_eq!(account.get("phone_number"), None);
    }

    #[test]
    fn an_app_that_asks_for_nothing_gets_no_kakao_account() {
        let mut fixture = Fixture::default();
        fixture.apps[0].consent_items.clear();
        let me = view_with(&fixture, &Link::default(), 0).user_me(false);
        assert_eq!(me.get("kakao_account"), None, "{me}");
        assert!(me["connected_at"].is_string());
    }

    #[test]
    fn an_unverified_email_stays_out_of_the_id_token() {
        let fixture = Fixture::default();
        let mut link = Link::default();
        link.scopes.insert("account_email".into());
        let muzi = view_with(&fixture, &link, 2).id_token_claims(0, 1, 0, None);
        assert_eq!(muzi.get("email"), None);
        let ryan = view_with(&fixture, &link, 0).id_token_claims(0, 1, 0, None);
        assert_eq!(ryan["email"], "ryan@example.com");
    }

    #[test]
    fn birthdate_follows_what_was_agreed() {
        let fixture = Fixture::default();
        let mut link = Link::default();
        link.scopes.insert("birthday".into());
        let view = view_with(&fixture, &link, 0);
        assert_eq!(view.oidc_userinfo()["birthdate"], "0000-01-05");
        link.scopes.insert("birthyear".into());
        let view = view_with(&fixture, &link, 0);
        assert_eq!(view.oidc_userinfo()["birthdate"], "1992-01-05");
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
