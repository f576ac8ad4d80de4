//! What a Kakao Sync consent decision needs and records: which consent items, service terms and
//! channels an authorize request must show, and the code it ends in. The HTML pages and the
//! control API's authorize shortcut both go through here, so both record the same consent.
//!
//! <https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api#request-code>

use std::collections::BTreeSet;

use crate::fixture::{App, ServiceTermConfig};
use crate::state::{
    AgreedBy, Agreement, AuthorizeRequest, ChannelRelation, Grant, Link, World, random_token,
};

/// The items an authorize request still needs the user to agree to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pending {
    /// Consent item ids to show (required ones among them must be ticked).
    pub scopes: Vec<String>,
    /// Service-term tags to show.
    pub terms: Vec<String>,
    /// Channel public ids to offer.
    pub channels: Vec<String>,
}

impl Pending {
    /// Nothing to ask: an already linked user gets a code with no page.
    pub fn is_empty(&self) -> bool {
        self.scopes.is_empty() && self.terms.is_empty()
    }
}

/// What `user_id` must still agree to for `req`. An unlinked user sees every consent item and
/// term; a linked one only what is new or was asked for again.
pub fn pending(world: &World, app: &App, req: &AuthorizeRequest, user_id: i64) -> Pending {
    let link = world.links.get(&(app.app_id, user_id));
    let agreed_scope = |id: &str| link.is_some_and(|l| l.scopes.contains(id));
    let agreed_term = |tag: &str| link.is_some_and(|l| l.terms.contains_key(tag));
    let scopes: Vec<String> = app
        .consent_items
        .iter()
        .filter(|c| {
            let wanted = link.is_none() || c.required || req.scopes.contains(&c.id);
            wanted && !agreed_scope(&c.id)
        })
        .map(|c| c.id.clone())
        .collect();
    let terms: Vec<String> = match &req.service_terms {
        None => app
            .service_terms
            .iter()
            .filter(|t| (link.is_none() || t.required) && !agreed_term(&t.tag))
            .map(|t| t.tag.clone())
            .collect(),
        Some(tags) => {
            let selected: Vec<&ServiceTermConfig> = app
                .service_terms
                .iter()
                .filter(|t| tags.contains(&t.tag) && !agreed_term(&t.tag))
                .collect();
            // Selected terms are shown only when a required one among them is still to be
            // agreed; Kakao shows no screen for optional-only selections (the exact rule for
            // a mix with already agreed terms is UNCONFIRMED).
            if selected.iter().any(|t| t.required) {
                selected.iter().map(|t| t.tag.clone()).collect()
            } else {
                Vec::new()
            }
        }
    };
    let channels = if req.channels.is_empty() {
        app.channels
            .iter()
            .take(1)
            .map(|c| c.public_id.clone())
            .collect()
    } else {
        req.channels.iter().take(2).cloned().collect()
    };
    Pending {
        scopes,
        terms,
        channels,
    }
}

/// Whether `req` must show the consent screen to `user_id` (or, with `prompt=none`, fail with
/// `consent_required`): the user is not linked yet, or has something new to agree to.
pub fn needs_consent(world: &World, app: &App, req: &AuthorizeRequest, user_id: i64) -> bool {
    !world.links.contains_key(&(app.app_id, user_id))
        || !pending(world, app, req, user_id).is_empty()
}

/// The user's answer on the consent screen (or the authorize shortcut).
#[derive(Clone, Debug, Default)]
pub struct Decision {
    pub scopes: BTreeSet<String>,
    pub terms: BTreeSet<String>,
    pub channels: BTreeSet<String>,
}

/// Which required items of `pending` the decision leaves unticked.
pub fn missing_required(app: &App, pending: &Pending, decision: &Decision) -> Vec<String> {
    let scopes = app
        .consent_items
        .iter()
        .filter(|c| {
            c.required && pending.scopes.contains(&c.id) && !decision.scopes.contains(&c.id)
        })
        .map(|c| c.id.clone());
    let terms = app
        .service_terms
        .iter()
        .filter(|t| {
            t.required && pending.terms.contains(&t.tag) && !decision.terms.contains(&t.tag)
        })
        .map(|t| t.tag.clone());
    scopes.chain(terms).collect()
}

/// Records the decision (link, consent items, terms with `KAUTH`, channel adds) and issues a
/// code for `req`. Only items that were pending are recorded.
pub fn record_and_issue_code(
    world: &mut World,
    req: &AuthorizeRequest,
    user_id: i64,
    pending: &Pending,
    decision: &Decision,
    auth_time: i64,
) -> String {
    let now = world.now();
    let asked = !pending.is_empty();
    let link = world
        .links
        .entry((req.app_id, user_id))
        .or_insert_with(|| Link {
            connected_at: now,
            ..Link::default()
        });
    if asked {
        link.synched_at = Some(now);
    }
    link.scopes.extend(
        pending
            .scopes
            .iter()
            .filter(|s| decision.scopes.contains(*s))
            .cloned(),
    );
    for tag in pending.terms.iter().filter(|t| decision.terms.contains(*t)) {
        link.terms.insert(
            tag.clone(),
            Agreement {
                at: now,
                by: AgreedBy::Kauth,
            },
        );
    }
    for channel in pending
        .channels
        .iter()
        .filter(|c| decision.channels.contains(*c))
    {
        world.channel_relations.insert(
            (user_id, channel.clone()),
            ChannelRelation {
                relation: "ADDED",
                updated_at: now,
            },
        );
    }
    issue_code(world, req, user_id, auth_time)
}

/// A fresh single-use code for `req`.
pub fn issue_code(
    world: &mut World,
    req: &AuthorizeRequest,
    user_id: i64,
    auth_time: i64,
) -> String {
    let oidc = world.app(req.app_id).is_some_and(|a| a.oidc);
    let code = random_token(48);
    let grant = Grant {
        app_id: req.app_id,
        user_id,
        redirect_uri: req.redirect_uri.clone(),
        nonce: req.nonce.clone(),
        code_challenge: req.code_challenge.clone(),
        // With OIDC on, additional consent (`scope` sent) yields an id_token only with `openid`.
        with_id_token: oidc && (!req.scope_sent || req.openid_requested),
        auth_time,
        expires_at: world.now() + world.limits.code_secs,
    };
    world.codes.insert(code.clone(), grant);
    code
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::Fixture;
    use crate::state::Emulator;

    const RYAN: i64 = 4_200_000_001;

    fn request(app: &App, service_terms: Option<&[&str]>) -> AuthorizeRequest {
        AuthorizeRequest {
            app_id: app.app_id,
            redirect_uri: app.redirect_uris[0].clone(),
            state: None,
            nonce: None,
            scopes: Vec::new(),
            scope_sent: false,
            openid_requested: false,
            service_terms: service_terms.map(|t| t.iter().map(|s| (*s).to_owned()).collect()),
            channels: Vec::new(),
            login_hint: None,
            code_challenge: None,
            continue_url: None,
            auth_tran_id: None,
        }
    }

    /// Links RYAN with the two required terms and the required consent items.
    fn linked_world() -> (Emulator, App) {
        let emu = Emulator::new(Fixture::default(), "http://127.0.0.1:1").unwrap();
        let app = emu.world().apps[0].clone();
        {
            let mut world = emu.world();
            let req = request(&app, None);
            let todo = pending(&world, &app, &req, RYAN);
            let decision = Decision {
                scopes: ["profile_nickname", "account_email"]
                    .map(String::from)
                    .into(),
                terms: ["terms_service", "terms_privacy"].map(String::from).into(),
                channels: BTreeSet::new(),
            };
            assert!(missing_required(&app, &todo, &decision).is_empty());
            record_and_issue_code(&mut world, &req, RYAN, &todo, &decision, 0);
        }
        (emu, app)
    }

    #[test]
    fn an_unlinked_user_is_asked_for_everything() {
        let emu = Emulator::new(Fixture::default(), "http://127.0.0.1:1").unwrap();
        let world = emu.world();
        let app = &world.apps[0];
        let todo = pending(&world, app, &request(app, None), RYAN);
        assert_eq!(todo.scopes.len(), app.consent_items.len());
        assert_eq!(
            todo.terms,
            ["terms_service", "terms_privacy", "terms_marketing"]
        );
        assert_eq!(todo.channels, ["_ZeUTxl"]);
    }

    #[test]
    fn a_linked_user_who_declined_optional_items_is_not_asked_again() {
        let (emu, app) = linked_world();
        let world = emu.world();
        assert!(!needs_consent(&world, &app, &request(&app, None), RYAN));
    }

    #[test]
    fn an_optional_only_selection_shows_no_terms() {
        let (emu, app) = linked_world();
        let world = emu.world();
        let req = request(&app, Some(&["terms_marketing"]));
        assert!(pending(&world, &app, &req, RYAN).terms.is_empty());
    }

    #[test]
    fn a_selection_with_an_unagreed_required_term_shows_the_selection() {
        let (emu, mut app) = linked_world();
        app.service_terms.push(ServiceTermConfig {
            tag: "terms_new".into(),
            title: "new".into(),
            url: None,
            required: true,
            revocable: None,
        });
        let world = emu.world();
        let req = request(
            &app,
            Some(&["terms_new", "terms_marketing", "terms_service"]),
        );
        assert_eq!(
            pending(&world, &app, &req, RYAN).terms,
            ["terms_marketing", "terms_new"]
        );
    }
}
