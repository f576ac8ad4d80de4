//! What the emulator holds right now: `GET /__emulator/links` (JSON) and `GET /__emulator/`
//! (a read-only HTML overview of apps, accounts, links and recent requests).

use std::fmt::Write;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, Response};
use serde::Serialize;

use crate::kauth::pages::esc;
use crate::respond::json;
use crate::state::{Emulator, World, rfc3339};

/// One user's link to one app, with the consent recorded so far.
#[derive(Serialize)]
pub struct LinkView {
    pub app_id: i64,
    pub user_id: i64,
    pub connected_at: String,
    pub synched_at: Option<String>,
    pub scopes: Vec<String>,
    pub service_terms: Vec<TermAgreement>,
}

/// An agreed service term.
#[derive(Serialize)]
pub struct TermAgreement {
    pub tag: String,
    pub agreed_at: String,
    pub agreed_by: &'static str,
}

fn links(world: &World) -> Vec<LinkView> {
    world
        .links
        .iter()
        .map(|(&(app_id, user_id), link)| LinkView {
            app_id,
            user_id,
            connected_at: rfc3339(link.connected_at),
            synched_at: link.synched_at.map(rfc3339),
            scopes: link.scopes.iter().cloned().collect(),
            service_terms: link
                .terms
                .iter()
                .map(|(tag, a)| TermAgreement {
                    tag: tag.clone(),
                    agreed_at: rfc3339(a.at),
                    agreed_by: a.by.as_str(),
                })
                .collect(),
        })
        .collect()
}

/// `GET /__emulator/links`.
pub async fn list_links(State(emu): State<Emulator>) -> Response {
    json(StatusCode::OK, &links(&emu.world()))
}

/// `GET /__emulator/`.
pub async fn page(State(emu): State<Emulator>) -> Html<String> {
    let world = emu.world();
    let mut body = format!(
        "<!doctype html><html lang=\"ko\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>kakao-sync-emulator</title>\
         <style>body{{font-family:system-ui,sans-serif;margin:24px;color:#191919}}table{{display:block;max-width:100%;overflow-x:auto;border-collapse:collapse;margin-bottom:24px}}\
         td,th{{border:1px solid #ddd;padding:4px 8px;text-align:left;font-size:14px}}th{{background:#FEE500}}</style></head>\
         <body><h1>kakao-sync-emulator</h1><p>issuer <code>{}</code> · JSON control API under <code>/__emulator/</code></p>",
        esc(emu.issuer())
    );
    body.push_str("<h2>Apps</h2><table><tr><th>app_id</th><th>name</th><th>client_id</th><th>OIDC</th><th>redirect URIs</th><th>terms</th></tr>");
    for app in &world.apps {
        let terms: Vec<String> = app.service_terms.iter().map(|t| esc(&t.tag)).collect();
        let _ = write!(
            body,
            "<tr><td>{}</td><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            app.app_id,
            esc(&app.name),
            esc(&app.client_id),
            if app.oidc { "on" } else { "off" },
            esc(&app.redirect_uris.join(" ")),
            terms.join(", ")
        );
    }
    body.push_str("</table><h2>Accounts</h2><table><tr><th>id</th><th>nickname</th><th>email</th><th>KakaoTalk</th></tr>");
    for user in world.users.values() {
        let _ = write!(
            body,
            "<tr><td>{}</td><td>{}</td><td>{}{}</td><td>{}</td></tr>",
            user.id,
            esc(&user.nickname),
            esc(user.email.as_deref().unwrap_or("")),
            if user.email_verified {
                ""
            } else {
                " (unverified)"
            },
            if world.inapp_user == Some(user.id) {
                "in-app user"
            } else {
                ""
            }
        );
    }
    body.push_str("</table><h2>Links</h2><table><tr><th>app</th><th>user</th><th>connected</th><th>consent items</th><th>terms</th></tr>");
    for link in links(&world) {
        let terms: Vec<String> = link
            .service_terms
            .iter()
            .map(|t| format!("{} ({})", esc(&t.tag), t.agreed_by))
            .collect();
        let _ = write!(
            body,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            link.app_id,
            link.user_id,
            link.connected_at,
            esc(&link.scopes.join(", ")),
            terms.join(", ")
        );
    }
    body.push_str("</table><h2>Recent requests</h2><table><tr><th>at</th><th>request</th><th>status</th></tr>");
    for entry in world.requests.iter().rev().take(30) {
        let _ = write!(
            body,
            "<tr><td>{}</td><td>{} {}</td><td>{}</td></tr>",
            entry.at,
            esc(&entry.method),
            esc(&entry.path),
            entry.status
        );
    }
    body.push_str("</table></body></html>");
    Html(body)
}
