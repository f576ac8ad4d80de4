//! Checking an `/oauth/authorize` query. Requests Kakao cannot trust (unknown key, unregistered
//! redirect URI, bad parameters) end on Kakao's own error page and are never redirected.
//!
//! <https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api#request-code>

use crate::fixture::App;
use crate::params::Params;
use crate::state::{AuthorizeRequest, World};

/// A `KOE…` error shown on kauth's error page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageError {
    pub code: String,
    pub message: String,
}

impl PageError {
    pub fn new(code: &str, message: impl Into<String>) -> PageError {
        PageError {
            code: code.into(),
            message: message.into(),
        }
    }
}

fn fail<T>(code: &str, message: impl Into<String>) -> Result<T, PageError> {
    Err(PageError::new(code, message))
}

/// The `prompt` values, comma- or space-separated.
///
/// <https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api#request-code-additional-consent>
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Prompts {
    pub login: bool,
    pub none: bool,
    pub create: bool,
    pub select_account: bool,
}

/// A checked request and its prompts.
pub struct Checked {
    pub req: AuthorizeRequest,
    pub prompts: Prompts,
}

/// Checks the query in Kakao's order: app key, redirect URI, response type, then the rest.
pub fn check(world: &World, params: &Params) -> Result<Checked, PageError> {
    let client_id = params.get("client_id").unwrap_or("");
    let Some(app) = world.app_by_authorize_key(client_id) else {
        return fail("KOE101", format!("Not exist client_id [{client_id}]"));
    };
    let redirect_uri = params.get("redirect_uri").unwrap_or("");
    if !app.redirect_uris.iter().any(|u| u == redirect_uri) {
        return fail(
            "KOE006",
            format!("Not registered redirect_uri [{redirect_uri}]"),
        );
    }
    match params.get("response_type") {
        Some("code") => {}
        Some("token") => return fail("KOE202", "Implicit grant is not supported"),
        other => {
            return fail(
                "KOE201",
                format!("Unsupported response type: {}", other.unwrap_or("")),
            );
        }
    }
    let mut prompts = Prompts::default();
    for p in params.list("prompt").unwrap_or_default() {
        match p.as_str() {
            "login" => prompts.login = true,
            "none" => prompts.none = true,
            "create" => prompts.create = true,
            "select_account" => prompts.select_account = true,
            other => return fail("KOE001", format!("unsupported prompt: {other}")),
        }
    }
    let requested = params.list("scope");
    let openid_requested = requested.iter().flatten().any(|s| s == "openid");
    let scopes: Vec<String> = requested
        .iter()
        .flatten()
        .filter(|s| *s != "openid")
        .cloned()
        .collect();
    // KOE205's exact wording is UNCONFIRMED; the code is what reports show.
    if let Some(unknown) = scopes
        .iter()
        .find(|s| !app.consent_items.iter().any(|c| &c.id == *s))
    {
        return fail("KOE205", format!("invalid scope: {unknown}"));
    }
    let channels = params.list("channel_public_id").unwrap_or_default();
    if !channels.is_empty() {
        if app.channels.is_empty() {
            return fail(
                "KOE102",
                "Required PLUS_FRIENDS_ON_AGREEMENT_SUPPORTED permission",
            );
        }
        // UNCONFIRMED: a channel not linked to the app is treated like no linked channel.
        if let Some(unknown) = channels
            .iter()
            .find(|c| !app.channels.iter().any(|l| &l.public_id == *c))
        {
            return fail(
                "KOE102",
                format!("channel {unknown} is not linked to the app"),
            );
        }
    }
    // Kakao's SDKs send the terms as `extra.service_terms`; the REST docs name `service_terms`.
    let service_terms = params
        .list("service_terms")
        .or_else(|| params.list("extra.service_terms"));
    // UNCONFIRMED at Kakao: unknown tags are rejected here so a typo cannot pass silently.
    if let Some(unknown) = service_terms
        .iter()
        .flatten()
        .find(|t| !app.service_terms.iter().any(|c| &c.tag == *t))
    {
        return fail("KOE001", format!("unknown service_terms tag: {unknown}"));
    }
    let code_challenge = params.get("code_challenge").map(str::to_owned);
    if code_challenge.is_some() && params.get("code_challenge_method") != Some("S256") {
        return fail("KOE001", "code_challenge_method must be S256");
    }
    Ok(Checked {
        req: AuthorizeRequest {
            app_id: app.app_id,
            redirect_uri: redirect_uri.to_owned(),
            state: params.get("state").map(str::to_owned),
            nonce: params.get("nonce").map(str::to_owned),
            scopes,
            scope_sent: requested.is_some(),
            openid_requested,
            service_terms,
            channels,
            login_hint: params.get("login_hint").map(str::to_owned),
            code_challenge,
            continue_url: None,
            auth_tran_id: params
                .get("auth_tran_id")
                .filter(|_| params.get("is_popup") == Some("true"))
                .map(str::to_owned),
        },
        prompts,
    })
}

/// `redirect_uri` with `pairs` appended to its query, encoded as Kakao does (`%20` for spaces).
pub fn redirect_with(redirect_uri: &str, pairs: &[(&str, &str)]) -> String {
    let query = serde_urlencoded::to_string(pairs)
        .expect("string pairs encode")
        .replace('+', "%20");
    let sep = if redirect_uri.contains('?') { '&' } else { '?' };
    format!("{redirect_uri}{sep}{query}")
}

/// The redirect for a successful authorization.
pub fn code_location(req: &AuthorizeRequest, code: &str) -> String {
    let mut pairs = vec![("code", code)];
    pairs.extend(req.state.as_deref().map(|s| ("state", s)));
    pairs.extend(req.continue_url.as_deref().map(|c| ("continue", c)));
    redirect_with(&req.redirect_uri, &pairs)
}

/// Where the sync plugin's half-view closes: the chat, on the emulator.
pub const PLUGIN_CONTINUE_PATH: &str = "/__emulator/chat/continue";

/// The continue URL when `redirect_uri` is `app`'s sync plugin redirect URI.
pub fn plugin_continue_url(app: &App, redirect_uri: &str, base: &str) -> Option<String> {
    let plugin = app.chatbot.as_ref()?.plugin_redirect_uri.as_deref()?;
    (plugin == redirect_uri).then(|| format!("{base}{PLUGIN_CONTINUE_PATH}"))
}

/// The redirect for an authorization that ends in an OAuth error.
pub fn error_location(req: &AuthorizeRequest, error: &str, description: &str) -> String {
    let mut pairs = vec![("error", error), ("error_description", description)];
    pairs.extend(req.state.as_deref().map(|s| ("state", s)));
    pairs.extend(req.continue_url.as_deref().map(|c| ("continue", c)));
    redirect_with(&req.redirect_uri, &pairs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::Fixture;
    use crate::state::Emulator;

    fn check_query(query: &str) -> Result<Checked, PageError> {
        let emu = Emulator::new(Fixture::default(), "http://127.0.0.1:1").unwrap();
        let world = emu.world();
        check(&world, &Params::parse(query.as_bytes()).unwrap())
    }

    const BASE: &str = "client_id=kakao-sync-demo-rest-api-key&redirect_uri=http%3A%2F%2Flocalhost%3A8080%2Fredirect.html";

    #[test]
    fn each_bad_parameter_has_its_koe_code() {
        let code = |q: &str| check_query(q).err().map(|e| e.code).unwrap_or_default();
        assert_eq!(code("client_id=nope"), "KOE101");
        assert_eq!(
            code("client_id=kakao-sync-demo-rest-api-key&redirect_uri=http://evil"),
            "KOE006"
        );
        assert_eq!(code(BASE), "KOE201");
        assert_eq!(code(&format!("{BASE}&response_type=token")), "KOE202");
        assert_eq!(
            code(&format!("{BASE}&response_type=code&scope=friends")),
            "KOE205"
        );
        assert_eq!(
            code(&format!(
                "{BASE}&response_type=code&channel_public_id=_nope"
            )),
            "KOE102"
        );
        assert_eq!(
            code(&format!("{BASE}&response_type=code&prompt=sometimes")),
            "KOE001"
        );
        assert_eq!(
            code(&format!(
                "{BASE}&response_type=code&code_challenge=x&code_challenge_method=plain"
            )),
            "KOE001"
        );
    }

    #[test]
    fn scope_and_prompt_lists_take_commas_and_spaces() {
        let checked = check_query(&format!(
            "{BASE}&response_type=code&scope=openid%20gender,age_range&prompt=login,select_account"
        ))
        .unwrap();
        assert_eq!(checked.req.scopes, ["gender", "age_range"]);
        assert!(checked.req.openid_requested && checked.req.scope_sent);
        assert!(checked.prompts.login && checked.prompts.select_account);
    }

    #[test]
    fn redirects_keep_an_existing_query_and_encode_spaces_as_percent_20() {
        assert_eq!(
            redirect_with(
                "http://a/cb?x=1",
                &[("error_description", "User denied access")]
            ),
            "http://a/cb?x=1&error_description=User%20denied%20access"
        );
    }
}
