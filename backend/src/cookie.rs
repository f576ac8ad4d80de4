//! The session cookie: HttpOnly, Secure (unless configured off), SameSite=Lax, named with the
//! `__Host-` prefix where the settings allow it (see [`CookieConfig::name`]).

use axum::http::HeaderValue;
use axum::http::header::{COOKIE, HeaderMap};

use crate::config::CookieConfig;
use crate::error::Error;
use crate::secret::Secret;

/// `Set-Cookie` for a new session.
pub fn session_cookie(config: &CookieConfig, id: &Secret) -> HeaderValue {
    build(config, id.expose(), config.ttl.as_secs())
}

/// `Set-Cookie` that makes the browser drop the session cookie.
pub fn cleared_cookie(config: &CookieConfig) -> HeaderValue {
    build(config, "", 0)
}

fn build(config: &CookieConfig, value: &str, max_age: u64) -> HeaderValue {
    let mut cookie = format!(
        "{}={value}; Path={}; Max-Age={max_age}; HttpOnly; SameSite=Lax",
        config.name, config.path
    );
    if config.secure {
        cookie.push_str("; Secure");
    }
    if let Some(domain) = &config.domain {
        cookie.push_str("; Domain=");
        cookie.push_str(domain);
    }
    HeaderValue::from_str(&cookie).expect("cookie parts are checked at start")
}

/// The session id the browser sent, if any. Two cookies of that name are refused: a browser
/// sends two when another cookie of the same name was planted beside ours (a sibling subdomain's
/// `Domain` cookie, another path), and taking either one could answer as the planter's account.
pub fn session_id<'a>(headers: &'a HeaderMap, name: &str) -> Result<Option<&'a str>, Error> {
    let mut values = headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(k, _)| *k == name)
        .map(|(_, v)| v);
    let first = values.next();
    if values.next().is_some() {
        return Err(Error::DuplicateSessionCookie);
    }
    Ok(first.filter(|v| !v.is_empty()))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn config(secure: bool) -> CookieConfig {
        CookieConfig {
            name: "sid".into(),
            secure,
            domain: None,
            path: "/".into(),
            ttl: Duration::from_secs(60),
        }
    }

    #[test]
    fn session_cookie_is_httponly_secure_lax() {
        let v = session_cookie(&config(true), &Secret::new("abc"));
        assert_eq!(
            v,
            "sid=abc; Path=/; Max-Age=60; HttpOnly; SameSite=Lax; Secure"
        );
        assert_eq!(
            cleared_cookie(&config(false)),
            "sid=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"
        );
    }

    #[test]
    fn reads_the_named_cookie_among_others() {
        let mut h = HeaderMap::new();
        h.append(COOKIE, HeaderValue::from_static("a=1; sid=xyz"));
        h.append(COOKIE, HeaderValue::from_static("b=2"));
        assert_eq!(session_id(&h, "sid").unwrap(), Some("xyz"));
        assert_eq!(session_id(&h, "b").unwrap(), Some("2"));
        assert_eq!(session_id(&h, "missing").unwrap(), None);
    }

    #[test]
    fn two_cookies_of_the_name_are_refused_in_one_header_or_two() {
        let mut one = HeaderMap::new();
        one.append(
            COOKIE,
            HeaderValue::from_static("sid=planted; a=1; sid=xyz"),
        );
        let mut two = HeaderMap::new();
        two.append(COOKIE, HeaderValue::from_static("sid=xyz"));
        two.append(COOKIE, HeaderValue::from_static("sid="));
        for h in [one, two] {
            assert!(matches!(
                session_id(&h, "sid"),
                Err(Error::DuplicateSessionCookie)
            ));
        }
    }
}
