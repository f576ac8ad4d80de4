//! Kakao Sync's service-terms APIs: read, revoke, and mark as agreed.
//!
//! <https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api#get-service-terms>

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};

use super::caller::{Accepts, resolve};
use crate::fixture::{App, ServiceTermConfig};
use crate::params::{KapiParams, Params};
use crate::respond::{KapiErr, json};
use crate::state::{AgreedBy, Agreement, Emulator, rfc3339};

/// `GET /v2/user/service_terms?result=agreed_service_terms|app_service_terms&tags=a,b`.
pub async fn service_terms(
    State(emu): State<Emulator>,
    headers: HeaderMap,
    KapiParams(params): KapiParams,
) -> Result<Response, KapiErr> {
    let world = emu.world();
    let caller = resolve(&world, &headers, &params, Accepts::BearerOrAdminKey)?;
    let (app, link) = caller.linked(&world)?;
    let agreed_only = match params.get("result") {
        None | Some("agreed_service_terms") => true,
        Some("app_service_terms") => false,
        Some(other) => return Err(KapiErr::bad_param(format!("invalid result: {other}"))),
    };
    let wanted = match params.list("tags") {
        Some(tags) => configured(app, &tags, "get service terms")?,
        None => app.service_terms.iter().collect(),
    };
    let service_terms = wanted
        .into_iter()
        .filter_map(|term| {
            let agreement = link.terms.get(&term.tag);
            (!agreed_only || agreement.is_some()).then(|| {
                let mut entry = json!({
                    "tag": term.tag,
                    "required": term.required,
                    "agreed": agreement.is_some(),
                    "revocable": term.is_revocable(),
                });
                // `agreed_at` and `agreed_by` exist only for an agreement.
                if let Some(a) = agreement {
                    entry["agreed_at"] = rfc3339(a.at).into();
                    entry["agreed_by"] = a.by.as_str().into();
                }
                entry
            })
        })
        .collect::<Vec<Value>>();
    Ok(json(
        StatusCode::OK,
        &with_list(caller.user_id, "service_terms", service_terms),
    ))
}

/// `POST /v2/user/revoke/service_terms` with `tags`: withdraws agreed, revocable terms; the
/// others are left out of the answer.
pub async fn revoke(
    State(emu): State<Emulator>,
    headers: HeaderMap,
    KapiParams(params): KapiParams,
) -> Result<Response, KapiErr> {
    let mut world = emu.world();
    let caller = resolve(&world, &headers, &params, Accepts::BearerOrAdminKey)?;
    let tags = required_tags(&params)?;
    let (app, link) = caller.linked_mut(&mut world)?;
    let mut revoked = Vec::new();
    for term in configured(&app, &tags, "revoke")? {
        if term.is_revocable() && link.terms.remove(&term.tag).is_some() {
            revoked.push(json!({"tag": term.tag, "agreed": false}));
        }
    }
    Ok(json(
        StatusCode::OK,
        &with_list(caller.user_id, "revoked_service_terms", revoked),
    ))
}

/// `POST /v2/user/upgrade/service_terms` with `tags`: records consent the service collected
/// itself (`agreed_by: KAPI`). Terms already agreed and unknown tags are left out, as documented.
pub async fn upgrade(
    State(emu): State<Emulator>,
    headers: HeaderMap,
    KapiParams(params): KapiParams,
) -> Result<Response, KapiErr> {
    let mut world = emu.world();
    let now = world.now();
    let caller = resolve(&world, &headers, &params, Accepts::BearerOrAdminKey)?;
    let tags = required_tags(&params)?;
    let (app, link) = caller.linked_mut(&mut world)?;
    let mut agreed = Vec::new();
    for term in app.service_terms.iter().filter(|t| tags.contains(&t.tag)) {
        if !link.terms.contains_key(&term.tag) {
            link.terms.insert(
                term.tag.clone(),
                Agreement {
                    at: now,
                    by: AgreedBy::Kapi,
                },
            );
            agreed.push(json!({
                "tag": term.tag,
                "agreed": true,
                "agreed_at": rfc3339(now),
                "agreed_by": AgreedBy::Kapi.as_str(),
            }));
        }
    }
    Ok(json(
        StatusCode::OK,
        &with_list(caller.user_id, "agreed_service_terms", agreed),
    ))
}

/// `{"id": …, <name>: [...]}`, with the list left out when it is empty: Kakao's tables mark these
/// lists optional and its SDKs read them as nullable. Whether Kakao sends `[]` or nothing for an
/// empty list is UNCONFIRMED; leaving it out is the variant a reader must survive.
fn with_list(user_id: i64, name: &str, list: Vec<Value>) -> Value {
    let mut answer = json!({"id": user_id});
    if !list.is_empty() {
        answer[name] = list.into();
    }
    answer
}

fn required_tags(params: &Params) -> Result<Vec<String>, KapiErr> {
    params
        .list("tags")
        .filter(|t| !t.is_empty())
        .ok_or_else(|| KapiErr::bad_param("tags is required"))
}

/// The app's terms for `tags`, or Kakao's `-2` naming the tags it does not know.
fn configured<'a>(
    app: &'a App,
    tags: &[String],
    action: &str,
) -> Result<Vec<&'a ServiceTermConfig>, KapiErr> {
    let unknown: Vec<&str> = tags
        .iter()
        .filter(|t| !app.service_terms.iter().any(|c| &c.tag == *t))
        .map(String::as_str)
        .collect();
    if !unknown.is_empty() {
        return Err(KapiErr::bad_param(format!(
            "There is no tags to {action}. check out to configured this tags([{}]) in app({}).",
            unknown.join(", "),
            app.app_id
        )));
    }
    Ok(app
        .service_terms
        .iter()
        .filter(|t| tags.contains(&t.tag))
        .collect())
}
