//! A minimal browser over reqwest: keeps cookies, follows redirects while they stay on the
//! emulator, stops at the first one that leaves it (the service's redirect URI, never fetched),
//! and submits forms by their field names.

use reqwest::header::{LOCATION, USER_AGENT};

use crate::common::{CLIENT_ID, REDIRECT};

pub struct Browser {
    http: reqwest::Client,
    base: String,
    user_agent: String,
}

/// Where a navigation ended.
#[derive(Debug)]
pub enum Landed {
    /// An emulator page.
    Page {
        status: u16,
        url: String,
        html: String,
    },
    /// A redirect off the emulator, e.g. to the service's redirect URI.
    Left(String),
}

impl Landed {
    pub fn html(&self) -> &str {
        match self {
            Landed::Page { html, .. } => html,
            Landed::Left(location) => panic!("expected a page, left to {location}"),
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            Landed::Page { status, .. } => *status,
            Landed::Left(location) => panic!("expected a page, left to {location}"),
        }
    }

    pub fn url(&self) -> &str {
        match self {
            Landed::Page { url, .. } => url,
            Landed::Left(location) => panic!("expected a page, left to {location}"),
        }
    }

    pub fn location(&self) -> &str {
        match self {
            Landed::Left(location) => location,
            Landed::Page { url, html, .. } => {
                panic!("expected a redirect, stayed on {url}: {html}")
            }
        }
    }

    /// The query parameters of the redirect that left the emulator.
    pub fn redirect_params(&self) -> Vec<(String, String)> {
        let location = self.location();
        let query = location.split_once('?').map_or("", |(_, q)| q);
        serde_urlencoded::from_str(query).unwrap()
    }

    pub fn param(&self, name: &str) -> Option<String> {
        self.redirect_params()
            .into_iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }
}

impl Browser {
    pub fn new(base: String) -> Browser {
        Browser::with_user_agent(
            base,
            "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0 Safari/537.36",
        )
    }

    pub fn with_user_agent(base: String, user_agent: &str) -> Browser {
        Browser {
            http: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            base,
            user_agent: user_agent.into(),
        }
    }

    /// The authorize URL for the default app, with `extra` parameters.
    pub fn authorize_url(&self, extra: &[(&str, &str)]) -> String {
        let mut pairs = vec![
            ("client_id", CLIENT_ID),
            ("redirect_uri", REDIRECT),
            ("response_type", "code"),
        ];
        pairs.extend_from_slice(extra);
        format!(
            "{}/oauth/authorize?{}",
            self.base,
            serde_urlencoded::to_string(pairs).unwrap()
        )
    }

    pub async fn open(&self, url: &str) -> Landed {
        let response = self
            .http
            .get(url)
            .header(USER_AGENT, &self.user_agent)
            .send()
            .await
            .unwrap();
        self.follow(response).await
    }

    /// Posts `fields` to `action` (a path on the emulator) as a form, like a form submit.
    pub async fn submit(&self, action: &str, fields: &[(&str, &str)]) -> Landed {
        let response = self
            .http
            .post(format!("{}{action}", self.base))
            .header(USER_AGENT, &self.user_agent)
            .form(fields)
            .send()
            .await
            .unwrap();
        self.follow(response).await
    }

    async fn follow(&self, mut response: reqwest::Response) -> Landed {
        loop {
            if !response.status().is_redirection() {
                let status = response.status().as_u16();
                let url = response.url().to_string();
                return Landed::Page {
                    status,
                    url,
                    html: response.text().await.unwrap(),
                };
            }
            let location = response.headers()[LOCATION].to_str().unwrap().to_owned();
            let next = if location.starts_with('/') {
                format!("{}{location}", self.base)
            } else if location.starts_with(&self.base) {
                location
            } else {
                return Landed::Left(location);
            };
            response = self
                .http
                .get(next)
                .header(USER_AGENT, &self.user_agent)
                .send()
                .await
                .unwrap();
        }
    }
}

/// The `value` of the input named `name` in `html`.
pub fn input_value(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no input {name} in {html}"))
        + marker.len();
    let len = html[start..].find('"').unwrap();
    html[start..start + len].to_owned()
}
