//! One login, from the authorize URL to the decision the redirect page takes.
//!
//! A login is a [`Transaction`]: the `state`, `nonce` and PKCE verifier made for it, kept in the
//! tab's sessionStorage until the redirect comes back, then consumed exactly once.

use crate::prelude::*;
use kakao_sync_wire::api::{SessionRequest, TalkSessionRequest};
use kakao_sync_wire::oauth::{AuthorizationCode, CodeVerifier, Nonce, State};

use crate::core::authorize::{AuthorizeRequest, Prompt, build_authorize_url};
use crate::core::config::{ClientConfig, LoginOptions, parse_prompts};
use crate::core::error::Error;
use crate::core::pkce::{Random, random_token, s256_challenge};
use crate::core::redirect::{
    OAuthError, Redirect, check_state, has_callback_params, parse_redirect,
};
use crate::core::text::{concat, decimal, parse_decimal};
use crate::core::url::{QueryDecoder, encode_component};

/// How long a started login may take before its redirect is refused. Kakao's authorization
/// codes live about ten minutes (UNCONFIRMED, folklore), and a person who needs longer on the
/// consent screen can simply start again.
pub const TRANSACTION_LIFETIME_MS: f64 = 10.0 * 60.0 * 1000.0;

/// What the tab remembers between the authorize navigation and the redirect.
#[derive(Clone, Debug, PartialEq)]
pub struct Transaction {
    pub state: State,
    pub nonce: Nonce,
    pub code_verifier: CodeVerifier,
    pub redirect_uri: String,
    /// Sent with `prompt=none`: an interaction-needed answer means "not a member yet".
    pub silent: bool,
    /// Milliseconds since the epoch.
    pub expires_at: f64,
}

/// The storage format's version tag; a value of another version reads as no transaction.
const FORMAT: &str = "kakao-sync/1";

impl Transaction {
    /// One line per field. Tokens are base64url and the redirect URI has no whitespace (it was
    /// validated), so a newline can never occur inside a field.
    pub fn encode(&self) -> String {
        let expires_at = decimal(self.expires_at as u64);
        let mut out = String::from(FORMAT);
        for field in [
            self.state.expose(),
            self.nonce.expose(),
            self.code_verifier.expose(),
            if self.silent { "1" } else { "0" },
            &expires_at,
            &self.redirect_uri,
        ] {
            out.push('\n');
            out.push_str(field);
        }
        out
    }

    /// Reads what [`Transaction::encode`] wrote; anything else (edited by hand, another
    /// version) is `None`.
    pub fn decode(stored: &str) -> Option<Transaction> {
        let mut parts = stored.split(['\n']);
        if parts.next()? != FORMAT {
            return None;
        }
        let mut next = || parts.next().filter(|p| !p.is_empty());
        let state = State::new(next()?.to_owned());
        let nonce = Nonce::new(next()?.to_owned());
        let code_verifier = CodeVerifier::new(next()?.to_owned());
        let silent = match next()? {
            "1" => true,
            "0" => false,
            _ => return None,
        };
        let expires_at = parse_decimal(next()?)? as f64;
        let redirect_uri = next()?.to_owned();
        if next().is_some() {
            return None;
        }
        Some(Transaction {
            state,
            nonce,
            code_verifier,
            redirect_uri,
            silent,
            expires_at,
        })
    }
}

/// A KakaoTalk easy login the backend opened (`POST /session/talk`), kept in the tab while the
/// page waits for KakaoTalk and until its redirect is handled. Its `state` never goes to Kakao:
/// posted back with the code, it stands in for the PKCE verifier this path cannot carry.
#[derive(Clone, Debug, PartialEq)]
pub struct TalkTransaction {
    pub state: State,
    /// What the page polls `code.json` with.
    pub auth_tran_id: String,
    pub redirect_uri: String,
    /// Milliseconds since the epoch: when the backend stops accepting this login's code.
    pub expires_at: f64,
}

/// The Talk transaction's storage format; another version reads as none.
const TALK_FORMAT: &str = "kakao-sync-talk/1";

impl TalkTransaction {
    /// One line per field, as [`Transaction::encode`].
    pub fn encode(&self) -> String {
        let expires_at = decimal(self.expires_at as u64);
        concat(&[
            TALK_FORMAT,
            "\n",
            self.state.expose(),
            "\n",
            &self.auth_tran_id,
            "\n",
            &expires_at,
            "\n",
            &self.redirect_uri,
        ])
    }

    /// Reads what [`TalkTransaction::encode`] wrote; anything else is `None`.
    pub fn decode(stored: &str) -> Option<TalkTransaction> {
        let mut parts = stored.split(['\n']);
        if parts.next()? != TALK_FORMAT {
            return None;
        }
        let mut next = || parts.next().filter(|p| !p.is_empty());
        let state = State::new(next()?.to_owned());
        let auth_tran_id = next()?.to_owned();
        let expires_at = parse_decimal(next()?)? as f64;
        let redirect_uri = next()?.to_owned();
        if next().is_some() {
            return None;
        }
        Some(TalkTransaction {
            state,
            auth_tran_id,
            redirect_uri,
            expires_at,
        })
    }

    /// Where the page goes once `code.json` gave the code: the redirect URI with `code` and this
    /// login's `state`, so the redirect page exchanges it like any other login's.
    pub fn redirect_url(&self, code: &AuthorizationCode) -> String {
        let separator = if self.redirect_uri.contains(['?']) {
            "&"
        } else {
            "?"
        };
        concat(&[
            &self.redirect_uri,
            separator,
            "code=",
            &encode_component(code.expose()),
            "&state=",
            &encode_component(self.state.expose()),
        ])
    }
}

/// What a redirect means for the stored KakaoTalk login: `None` when it is not that login's (none
/// stored, or the redirect carries another state), else what to do next. Either way the caller
/// then consumes the Talk login, so its code is posted at most once.
pub fn decide_talk(
    redirect: &Redirect,
    talk: Option<&TalkTransaction>,
    now_ms: f64,
) -> Option<Result<Next, Error>> {
    let tx = talk?;
    if !tx.state.matches(redirect.state()?) {
        return None;
    }
    if now_ms > tx.expires_at {
        return Some(Err(Error::TransactionExpired));
    }
    Some(match redirect {
        Redirect::Code { code, .. } => Ok(Next::TalkExchange(TalkSessionRequest {
            code: code.clone(),
            state: tx.state.clone(),
        })),
        Redirect::Error {
            error: OAuthError::AccessDenied,
            ..
        } => Ok(Next::Cancelled),
        Redirect::Error {
            error, description, ..
        } => Err(Error::Kakao {
            error: error.clone(),
            description: description.clone(),
        }),
    })
}

/// A fresh state, nonce and PKCE verifier for a login with `options`, expiring
/// [`TRANSACTION_LIFETIME_MS`] after `now_ms`. Its [`authorize_url`] needs the SHA-256 of the
/// verifier, which the platform computes: the browser's `crypto.subtle.digest` answers
/// asynchronously, so making a login is these two steps with the hashing between them.
pub fn new_transaction(
    config: &ClientConfig,
    options: &LoginOptions,
    random: &mut impl Random,
    now_ms: f64,
) -> Result<Transaction, Error> {
    let prompt = parse_prompts(&options.prompt)?;
    Ok(Transaction {
        state: State::new(random_token(random)),
        nonce: Nonce::new(random_token(random)),
        code_verifier: CodeVerifier::new(random_token(random)),
        redirect_uri: config.redirect_uri.clone(),
        silent: prompt == [Prompt::None],
        expires_at: now_ms + TRANSACTION_LIFETIME_MS,
    })
}

/// Kakao's login page for `transaction`: its state, its nonce, and the S256 challenge of its
/// verifier, of which `verifier_sha256` is the SHA-256 digest.
pub fn authorize_url(
    config: &ClientConfig,
    options: &LoginOptions,
    transaction: &Transaction,
    verifier_sha256: &[u8; 32],
) -> Result<String, Error> {
    build_authorize_url(&AuthorizeRequest {
        client_id: &config.client_id,
        redirect_uri: &config.redirect_uri,
        scope: options.scope.as_deref().unwrap_or(&config.scope),
        prompt: &parse_prompts(&options.prompt)?,
        login_hint: options.login_hint.as_deref(),
        service_terms: options
            .service_terms
            .as_deref()
            .unwrap_or(&config.service_terms),
        channel_public_ids: &config.channel_public_ids,
        state: Some(transaction.state.expose()),
        nonce: Some(transaction.nonce.expose()),
        code_challenge: Some(&s256_challenge(verifier_sha256)),
        endpoint: config.authorize_endpoint.as_deref(),
    })
}

/// Parses the redirect page's URL. In a tab that has finished a login (`handled_state`), a URL
/// with none of Kakao's parameters is that login's redirect page opened again, a reload or a
/// Back after the address bar was cleaned: [`Error::AlreadyHandled`], not a malformed redirect.
/// `decode` decodes its query.
pub fn read_redirect(
    url: &str,
    handled_state: Option<&str>,
    decode: QueryDecoder,
) -> Result<Redirect, Error> {
    let redirect = parse_redirect(url, decode);
    if redirect.is_err() && handled_state.is_some() && !has_callback_params(url, decode) {
        return Err(Error::AlreadyHandled);
    }
    redirect
}

/// What the redirect page does next.
#[derive(Debug, PartialEq, Eq)]
pub enum Next {
    /// Send the code to the backend (`POST /session`).
    Exchange(SessionRequest),
    /// Send a KakaoTalk login's code and state to the backend (`POST /session`, no verifier).
    TalkExchange(TalkSessionRequest),
    /// A silent login came back "interaction needed": not a member yet; show the button.
    SignupRequired,
    /// The person pressed cancel on Kakao's consent screen.
    Cancelled,
}

/// What a redirect means for the stored transaction: what to do next, and whether the
/// transaction is used up.
#[derive(Debug, PartialEq, Eq)]
pub struct Decision<'a> {
    pub next: Result<Next, Error>,
    /// `Some(state)`: remove the transaction and remember `state` as handled, so the login is
    /// consumed exactly once. `None` when there is none, or when the redirect failed the state
    /// check: a forged redirect with a wrong state must not destroy the real login still in
    /// flight.
    pub consume: Option<&'a State>,
}

/// Decides what a redirect means for the stored transaction. `handled_state` is the state of
/// the last transaction this tab consumed, so a reload of the redirect page says
/// [`Error::AlreadyHandled`] rather than the vaguer [`Error::NoTransaction`].
pub fn decide<'a>(
    redirect: Redirect,
    transaction: Option<&'a Transaction>,
    handled_state: Option<&str>,
    now_ms: f64,
) -> Decision<'a> {
    let next = next_step(redirect, transaction, handled_state, now_ms);
    let failed_state_check = matches!(
        next,
        Err(Error::StateMismatch | Error::StateMissing | Error::UnexpectedState)
    );
    let consume = transaction
        .filter(|_| !failed_state_check)
        .map(|tx| &tx.state);
    Decision { next, consume }
}

fn next_step(
    redirect: Redirect,
    transaction: Option<&Transaction>,
    handled_state: Option<&str>,
    now_ms: f64,
) -> Result<Next, Error> {
    let Some(tx) = transaction else {
        return Err(match (redirect.state(), handled_state) {
            (Some(got), Some(done)) if State::new(done.to_owned()).matches(got) => {
                Error::AlreadyHandled
            }
            _ => Error::NoTransaction,
        });
    };
    check_state(Some(&tx.state), redirect.state())?;
    if now_ms > tx.expires_at {
        return Err(Error::TransactionExpired);
    }
    match redirect {
        Redirect::Code { code, .. } => Ok(Next::Exchange(SessionRequest {
            code,
            code_verifier: tx.code_verifier.clone(),
            nonce: tx.nonce.clone(),
            redirect_uri: tx.redirect_uri.clone(),
        })),
        Redirect::Error {
            error: OAuthError::AccessDenied,
            ..
        } => Ok(Next::Cancelled),
        Redirect::Error { error, .. } if tx.silent && error.means_interaction_needed() => {
            Ok(Next::SignupRequired)
        }
        Redirect::Error {
            error, description, ..
        } => Err(Error::Kakao { error, description }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::lang::Lang;
    use crate::core::pkce::is_valid_verifier;
    use crate::core::test_rng::XorShift;
    use crate::core::url::form_pairs;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use sha2::Digest;

    // The redirect parsers with the form_urlencoded crate decoding queries, as the browser's
    // URLSearchParams does in the module.
    fn parse_redirect(url: &str) -> Result<Redirect, Error> {
        super::parse_redirect(url, form_pairs)
    }

    fn read_redirect(url: &str, handled_state: Option<&str>) -> Result<Redirect, Error> {
        super::read_redirect(url, handled_state, form_pairs)
    }

    fn config() -> ClientConfig {
        ClientConfig {
            client_id: "rest-key".into(),
            redirect_uri: "https://a.example/cb".into(),
            backend_url: None,
            authorize_endpoint: None,
            scope: vec!["openid".into()],
            service_terms: vec!["tos".into()],
            channel_public_ids: vec!["_ch".into()],
            lang: Lang::Ko,
            javascript_key: None,
            through_talk: None,
            talk_wait_ms: None,
        }
    }

    /// A login as the browser makes it, with the `sha2` crate as the platform's SHA-256.
    struct Plan {
        transaction: Transaction,
        url: String,
    }

    fn plan(options: LoginOptions) -> Plan {
        let transaction =
            new_transaction(&config(), &options, &mut XorShift::new(1), 1_000.0).unwrap();
        let digest = sha2::Sha256::digest(transaction.code_verifier.expose());
        let url = authorize_url(&config(), &options, &transaction, &digest.into()).unwrap();
        Plan { transaction, url }
    }

    #[test]
    fn state_nonce_and_verifier_are_three_different_values() {
        let tx = plan(LoginOptions::default()).transaction;
        let [state, nonce, verifier] = [
            tx.state.expose(),
            tx.nonce.expose(),
            tx.code_verifier.expose(),
        ];
        assert!(state != nonce && nonce != verifier && state != verifier);
    }

    #[test]
    fn a_login_carries_its_state_nonce_and_s256_challenge() {
        let p = plan(LoginOptions::default());
        let tx = &p.transaction;
        let challenge = URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(tx.code_verifier.expose()));
        assert_eq!(
            p.url,
            format!(
                "https://kauth.kakao.com/oauth/authorize?client_id=rest-key&redirect_uri=https%3A%2F%2Fa.example%2Fcb\
                 &response_type=code&scope=openid&service_terms=tos&channel_public_id=_ch&state={}&nonce={}\
                 &code_challenge={challenge}&code_challenge_method=S256",
                tx.state.expose(),
                tx.nonce.expose()
            )
        );
        assert!(is_valid_verifier(tx.code_verifier.expose()));
        assert!(!tx.silent);
        assert_eq!(tx.expires_at, 1_000.0 + TRANSACTION_LIFETIME_MS);
    }

    #[test]
    fn a_transaction_survives_storage_and_corrupt_entries_read_as_none() {
        let tx = plan(LoginOptions {
            prompt: vec!["none".into()],
            ..Default::default()
        })
        .transaction;
        let stored = tx.encode();
        assert_eq!(Transaction::decode(&stored), Some(tx.clone()));
        assert!(
            !format!("{tx:?}").contains(tx.state.expose()),
            "Debug never shows a secret"
        );
        assert_eq!(Transaction::decode(""), None);
        assert_eq!(
            Transaction::decode(&stored.replacen("kakao-sync/1", "kakao-sync/0", 1)),
            None
        );
        assert_eq!(Transaction::decode(&format!("{stored}\nextra")), None);
        assert_eq!(
            Transaction::decode(&stored.replace("\n1\n", "\nyes\n")),
            None
        );
        let truncated: Vec<&str> = stored.split('\n').take(6).collect();
        assert_eq!(Transaction::decode(&truncated.join("\n")), None);
    }

    fn talk_tx() -> TalkTransaction {
        TalkTransaction {
            state: State::new("talk-state".into()),
            auth_tran_id: "T".repeat(60),
            redirect_uri: "https://a.example/cb?from=talk".into(),
            expires_at: 5_000.0,
        }
    }

    #[test]
    fn talk_transaction_round_trips_and_refuses_anything_else() {
        let tx = talk_tx();
        assert_eq!(TalkTransaction::decode(&tx.encode()), Some(tx.clone()));
        assert_eq!(
            TalkTransaction::decode(&tx.encode().replace("-talk/1", "-talk/2")),
            None
        );
        let encoded = tx.encode();
        let truncated: Vec<&str> = encoded.split('\n').take(4).collect();
        assert_eq!(TalkTransaction::decode(&truncated.join("\n")), None);
        assert_eq!(
            TalkTransaction::decode(&concat(&[&tx.encode(), "\nx"])),
            None
        );
    }

    #[test]
    fn talk_redirect_carries_the_code_and_the_stored_state() {
        assert_eq!(
            talk_tx().redirect_url(&AuthorizationCode::new("c/d".into())),
            "https://a.example/cb?from=talk&code=c%2Fd&state=talk-state"
        );
    }

    fn talk_redirect(url: &str) -> Redirect {
        parse_redirect(url).unwrap()
    }

    #[test]
    fn a_talk_logins_redirect_exchanges_code_and_state_without_a_verifier() {
        let tx = talk_tx();
        let got = decide_talk(
            &talk_redirect("https://a.example/cb?code=c&state=talk-state"),
            Some(&tx),
            4_000.0,
        );
        assert_eq!(
            got,
            Some(Ok(Next::TalkExchange(TalkSessionRequest {
                code: AuthorizationCode::new("c".into()),
                state: State::new("talk-state".into()),
            })))
        );
        assert_eq!(
            decide_talk(
                &talk_redirect("https://a.example/cb?code=c&state=talk-state"),
                Some(&tx),
                6_000.0
            ),
            Some(Err(Error::TransactionExpired))
        );
        assert_eq!(
            decide_talk(
                &talk_redirect("https://a.example/cb?error=access_denied&state=talk-state"),
                Some(&tx),
                0.0
            ),
            Some(Ok(Next::Cancelled))
        );
    }

    #[test]
    fn other_redirects_are_not_the_talk_logins() {
        let tx = talk_tx();
        for url in [
            "https://a.example/cb?code=c&state=pkce-state",
            "https://a.example/cb?code=c",
        ] {
            assert_eq!(
                decide_talk(&talk_redirect(url), Some(&tx), 0.0),
                None,
                "{url}"
            );
        }
        assert_eq!(
            decide_talk(
                &talk_redirect("https://a.example/cb?code=c&state=talk-state"),
                None,
                0.0
            ),
            None
        );
    }

    #[test]
    fn per_login_options_override_the_clients_defaults() {
        let p = plan(LoginOptions {
            prompt: vec!["none".into()],
            login_hint: Some("a@b.c".into()),
            service_terms: Some(vec!["new_required".into()]),
            scope: Some(vec![]),
            through_talk: None,
        });
        assert!(
            p.url
                .contains("&prompt=none&login_hint=a%40b.c&service_terms=new_required&"),
            "{}",
            p.url
        );
        assert!(!p.url.contains("scope="));
        assert!(p.transaction.silent);
    }

    #[test]
    fn a_prompt_kakao_refuses_gets_no_authorize_url() {
        let options = LoginOptions {
            prompt: vec!["none".into(), "login".into()],
            ..Default::default()
        };
        let tx = new_transaction(&config(), &options, &mut XorShift::new(1), 0.0).unwrap();
        let err = authorize_url(&config(), &options, &tx, &[0; 32]);
        assert!(matches!(
            err,
            Err(Error::InvalidConfig {
                field: "prompt",
                ..
            })
        ));
        let unknown = LoginOptions {
            prompt: vec!["never".into()],
            ..Default::default()
        };
        assert!(matches!(
            new_transaction(&config(), &unknown, &mut XorShift::new(1), 0.0),
            Err(Error::InvalidConfig {
                field: "prompt",
                ..
            })
        ));
    }

    fn redirect(query: &str) -> Redirect {
        parse_redirect(&format!("https://a.example/cb?{query}")).unwrap()
    }

    #[test]
    fn a_code_with_the_right_state_is_exchanged_with_the_stored_secrets() {
        let tx = plan(LoginOptions::default()).transaction;
        let next = next_step(
            redirect(&format!("code=c1&state={}", tx.state.expose())),
            Some(&tx),
            None,
            2_000.0,
        );
        assert_eq!(
            next,
            Ok(Next::Exchange(SessionRequest {
                code: AuthorizationCode::new("c1".into()),
                code_verifier: tx.code_verifier.clone(),
                nonce: tx.nonce.clone(),
                redirect_uri: "https://a.example/cb".into(),
            }))
        );
    }

    #[test]
    fn forged_missing_and_expired_states_are_refused() {
        let tx = plan(LoginOptions::default()).transaction;
        assert_eq!(
            next_step(redirect("code=c1&state=forged"), Some(&tx), None, 0.0),
            Err(Error::StateMismatch)
        );
        assert_eq!(
            next_step(redirect("code=c1"), Some(&tx), None, 0.0),
            Err(Error::StateMissing)
        );
        let late = tx.expires_at + 1.0;
        let r = redirect(&format!("code=c1&state={}", tx.state.expose()));
        assert_eq!(
            next_step(r, Some(&tx), None, late),
            Err(Error::TransactionExpired)
        );
    }

    #[test]
    fn without_a_transaction_a_reload_is_told_apart_from_a_stray_visit() {
        assert_eq!(
            next_step(redirect("code=c1&state=s1"), None, Some("s1"), 0.0),
            Err(Error::AlreadyHandled)
        );
        assert_eq!(
            next_step(redirect("code=c1&state=s2"), None, Some("s1"), 0.0),
            Err(Error::NoTransaction)
        );
        assert_eq!(
            next_step(redirect("code=c1"), None, None, 0.0),
            Err(Error::NoTransaction)
        );
    }

    #[test]
    fn the_cleaned_redirect_page_opened_again_is_already_handled_only_where_a_login_finished() {
        let cleaned = "https://a.example/cb?from=home#top";
        assert_eq!(
            read_redirect(cleaned, Some("s1")),
            Err(Error::AlreadyHandled)
        );
        assert_eq!(
            read_redirect(cleaned, None),
            Err(Error::MalformedRedirect("neither `code` nor `error`"))
        );
        // A redirect that still carries Kakao's parameters is judged as it is, handled or not.
        assert_eq!(
            read_redirect("https://a.example/cb?code=c&code=d", Some("s1")),
            Err(Error::MalformedRedirect("repeated `code` parameter"))
        );
        assert_eq!(
            read_redirect("https://a.example/cb?state=s1", Some("s1")),
            Err(Error::MalformedRedirect("neither `code` nor `error`"))
        );
        assert_eq!(
            read_redirect("https://a.example/cb?code=c&state=s1", Some("s1")),
            Ok(redirect("code=c&state=s1"))
        );
    }

    #[test]
    fn cancel_is_cancelled_and_a_silent_consent_required_means_signup() {
        let tx = plan(LoginOptions::default()).transaction;
        let s = tx.state.expose().to_owned();
        assert_eq!(
            next_step(
                redirect(&format!("error=access_denied&state={s}")),
                Some(&tx),
                None,
                0.0
            ),
            Ok(Next::Cancelled)
        );
        // Not silent: consent_required is Kakao refusing, not "not a member".
        assert!(matches!(
            next_step(
                redirect(&format!("error=consent_required&state={s}")),
                Some(&tx),
                None,
                0.0
            ),
            Err(Error::Kakao {
                error: OAuthError::ConsentRequired,
                ..
            })
        ));
        let silent = plan(LoginOptions {
            prompt: vec!["none".into()],
            ..Default::default()
        })
        .transaction;
        let s = silent.state.expose().to_owned();
        for error in ["consent_required", "login_required", "interaction_required"] {
            let r = redirect(&format!(
                "error={error}&error_description=user%20consent%20required.&state={s}"
            ));
            assert_eq!(
                next_step(r, Some(&silent), None, 0.0),
                Ok(Next::SignupRequired),
                "{error}"
            );
        }
        let r = redirect(&format!(
            "error=server_error&error_description=down&state={s}"
        ));
        assert_eq!(
            next_step(r, Some(&silent), None, 0.0),
            Err(Error::Kakao {
                error: OAuthError::ServerError,
                description: Some("down".into())
            })
        );
    }

    #[test]
    fn a_login_is_consumed_by_every_answer_that_passed_the_state_check() {
        let tx = plan(LoginOptions::default()).transaction;
        let s = tx.state.expose().to_owned();
        for query in [
            format!("code=c1&state={s}"),
            format!("error=access_denied&state={s}"),
            format!("error=server_error&state={s}"),
        ] {
            let decision = decide(redirect(&query), Some(&tx), None, 0.0);
            assert_eq!(decision.consume, Some(&tx.state), "{query}");
        }
        let late = decide(
            redirect(&format!("code=c1&state={s}")),
            Some(&tx),
            None,
            tx.expires_at + 1.0,
        );
        assert_eq!(late.next, Err(Error::TransactionExpired));
        assert_eq!(late.consume, Some(&tx.state), "an expired login is used up");
    }

    #[test]
    fn a_forged_or_missing_state_consumes_nothing() {
        let tx = plan(LoginOptions::default()).transaction;
        for query in ["code=c1&state=forged", "code=c1", "error=access_denied"] {
            let decision = decide(redirect(query), Some(&tx), None, 0.0);
            assert!(decision.next.is_err(), "{query}");
            assert_eq!(decision.consume, None, "{query}");
        }
        let none = decide(redirect("code=c1&state=s1"), None, Some("s1"), 0.0);
        assert_eq!(
            (none.next, none.consume),
            (Err(Error::AlreadyHandled), None)
        );
    }
}
