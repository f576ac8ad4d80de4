//! Request parameters the way Kakao reads them: kauth's token endpoint takes a form body only;
//! kapi takes the query string and, on POST, a form body as well.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, header};

use crate::respond::{KapiErr, KauthErr};

/// Named string parameters; the first occurrence of a name wins.
#[derive(Clone, Debug, Default)]
pub struct Params(HashMap<String, String>);

impl Params {
    /// Parses `application/x-www-form-urlencoded` bytes (also a query string).
    pub fn parse(bytes: &[u8]) -> Result<Params, serde_urlencoded::de::Error> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(bytes)?;
        let mut map = HashMap::new();
        for (k, v) in pairs {
            map.entry(k).or_insert(v);
        }
        Ok(Params(map))
    }

    /// The value, or `None` when absent or empty.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// Every parameter, empty ones included.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// A comma- or space-separated list (Kakao's docs use commas, its SDKs spaces).
    pub fn list(&self, name: &str) -> Option<Vec<String>> {
        self.get(name).map(split_list)
    }

    fn merge(&mut self, other: Params) {
        for (k, v) in other.0 {
            self.0.entry(k).or_insert(v);
        }
    }
}

/// Splits `a,b c` into `["a", "b", "c"]`, dropping empty pieces.
pub fn split_list(value: &str) -> Vec<String> {
    value
        .split([',', ' '])
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Whether the body is `application/x-www-form-urlencoded` (charset or not).
pub fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"))
}

/// kauth takes its parameters as a form body only (`client_secret_post`); anything else is a
/// client bug worth failing loudly.
pub fn kauth_form(headers: &HeaderMap, body: &[u8]) -> Result<Params, KauthErr> {
    if !is_form(headers) {
        return Err(KauthErr::plain(
            "invalid_request",
            "Content-Type must be application/x-www-form-urlencoded",
        ));
    }
    Params::parse(body).map_err(|_| KauthErr::plain("invalid_request", "malformed form body"))
}

/// kapi's parameters: the query string merged with a form body.
pub struct KapiParams(pub Params);

impl<S: Send + Sync> FromRequest<S> for KapiParams {
    type Rejection = KapiErr;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bad = |_| KapiErr::bad_param("malformed request parameters");
        let mut params = Params::parse(req.uri().query().unwrap_or("").as_bytes()).map_err(bad)?;
        if is_form(req.headers()) {
            let body = Bytes::from_request(req, state)
                .await
                .map_err(|_| KapiErr::bad_param("unreadable request body"))?;
            params.merge(Params::parse(&body).map_err(bad)?);
        }
        Ok(KapiParams(params))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_accept_commas_and_spaces() {
        assert_eq!(split_list("a,b c,,"), ["a", "b", "c"]);
    }

    #[test]
    fn the_first_occurrence_wins_and_empty_values_count_as_absent() {
        let p = Params::parse(b"a=1&a=2&b=").unwrap();
        assert_eq!(p.get("a"), Some("1"));
        assert_eq!(p.get("b"), None);
    }
}
