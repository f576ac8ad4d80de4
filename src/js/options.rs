//! The options pages pass in, declared once with [`shape!`]: their keys, their TypeScript types
//! (in the `.d.ts` through `js::types`) and the Rust values they become.

#[cfg(feature = "ui")]
use crate::browser::builtins::Function;
#[cfg(feature = "ui")]
use crate::prelude::*;
#[cfg(feature = "ui")]
use kakao_sync_wire::api::TermStatus;

#[cfg(feature = "ui")]
use crate::core::Lang;
use crate::core::config::{AuthorizeParams, ClientConfig, LoginOptions};

shape! {
    [read] AuthorizeUrlParams for AuthorizeParams {
        client_id: "clientId": "string",
        redirect_uri: "redirectUri": "string",
        scope: optional "scope": "string[]",
        prompt: optional "prompt": "Prompt[]",
        login_hint: optional "loginHint": "string",
        service_terms: optional "serviceTerms": "string[]",
        channel_public_ids: optional "channelPublicIds": "string[]",
        state: optional "state": "string",
        nonce: optional "nonce": "string",
        /// S256 challenge of a PKCE verifier.
        code_challenge: optional "codeChallenge": "string",
        /// Default https://kauth.kakao.com/oauth/authorize
        authorize_endpoint: optional "authorizeEndpoint": "string",
    }

    [read] KakaoSyncOptions for ClientConfig {
        client_id: "clientId": "string",
        redirect_uri: "redirectUri": "string",
        /// Default "/api/kakao"
        backend_url: optional "backendUrl": "string",
        authorize_endpoint: optional "authorizeEndpoint": "string",
        scope: optional "scope": "string[]",
        service_terms: optional "serviceTerms": "string[]",
        channel_public_ids: optional "channelPublicIds": "string[]",
        lang: optional "lang": "\"ko\" | \"en\"",
        /// The app's JavaScript key: KakaoTalk easy login on phones needs it (see the README).
        /// Easy login comes with the `kakao-sync` entry (the one with the login button);
        /// `kakao-sync/core` accepts these three options and signs in through Kakao's account
        /// page.
        javascript_key: optional "javascriptKey": "string",
        /// Default true: on iOS and Android phones, login() goes through KakaoTalk when it can.
        through_talk: optional "throughTalk": "boolean",
        /// How long to wait for KakaoTalk before Kakao Account login. Default 120000.
        talk_wait_ms: optional "talkWaitMs": "number",
    }

    [read] LoginOptions for LoginOptions {
        prompt: optional "prompt": "Prompt[]",
        login_hint: optional "loginHint": "string",
        service_terms: optional "serviceTerms": "string[]",
        scope: optional "scope": "string[]",
        /// false: Kakao Account login for this login, even where KakaoTalk easy login applies.
        through_talk: optional "throughTalk": "boolean",
    }
}

#[cfg(feature = "ui")]
shape! {
    [read] TermsConsentOptions for TermsConsentOptions {
        /// Default: the member's terms, loaded with `serviceTerms()`.
        terms: optional "terms": "TermStatus[]",
        /// Receives the ticked tags instead of `agreeServiceTerms` / `revokeServiceTerms`.
        on_submit: optional "onSubmit": "(tags: string[]) => void | Promise<void>",
        lang: optional "lang": "\"ko\" | \"en\"",
    }
}

/// `renderTermsConsent(el, options)`.
#[cfg(feature = "ui")]
pub struct TermsConsentOptions {
    pub terms: Option<Vec<TermStatus>>,
    pub on_submit: Option<Function>,
    /// `None`: the language the `KakaoSync` instance was created with.
    pub lang: Option<Lang>,
}
