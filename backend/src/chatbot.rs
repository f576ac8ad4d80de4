//! The chatbot's members: a KakaoTalk channel chatbot's skill server learns who is chatting from
//! the Open Builder skill request, whose `userRequest.user.properties.appUserId` is the user's
//! Kakao id for the app once the sync plugin is connected.
//! <https://developers.kakao.com/docs/latest/en/kakaosync/plugin> (the payload itself is
//! specified in Kakao Business's chatbot guide, `skill_guide/answer_json_format`, not on
//! developers.kakao.com; see `../shared/reference/kakao-talk-features.md` §5).
//!
//! Only the fields read here are assumed; the rest of the payload is left alone, so a request
//! Open Builder enriches later still parses.

use serde_json::{Value, json};

use crate::db::{self, Db, MemberRecord};

/// The request's `appUserId`, when it carries one. Open Builder sends the properties as strings;
/// a number is accepted too (UNCONFIRMED which one Kakao sends), anything else is absent.
pub fn app_user_id(skill_request: &Value) -> Option<String> {
    let id = skill_request.pointer("/userRequest/user/properties/appUserId")?;
    let id = match id {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    (!id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())).then_some(id)
}

/// Maps a skill request to the member whose Kakao id is its `appUserId`. `None` is "not a
/// member yet": no `appUserId` (the user has not gone through the sync plugin) or no member
/// with it, and the bot should show its auth block.
pub async fn chat_user(
    db: &Db,
    skill_request: &Value,
) -> Result<Option<MemberRecord>, sqlx::Error> {
    match app_user_id(skill_request) {
        Some(kakao_id) => db::find_member_by_kakao_id(db, &kakao_id).await,
        None => Ok(None),
    }
}

/// A skill response (version 2.0) the bot can send as is: one `simpleText` output, and the
/// answer in `data` (`isMember`, and `memberId` and `nickname` for a member) for blocks that
/// branch on it.
pub fn skill_response(member: Option<&MemberRecord>) -> Value {
    match member {
        Some(record) => {
            let nickname = record.member.nickname.as_deref();
            let text = match nickname {
                Some(name) => format!("{name}님, 회원으로 확인되었습니다."),
                None => "회원으로 확인되었습니다.".to_owned(),
            };
            json!({
                "version": "2.0",
                "template": {"outputs": [{"simpleText": {"text": text}}]},
                "data": {"isMember": true, "memberId": record.id, "nickname": nickname},
            })
        }
        None => json!({
            "version": "2.0",
            "template": {"outputs": [{"simpleText": {
                "text": "아직 회원이 아닙니다. 카카오싱크로 간편하게 가입해 주세요."
            }}]},
            "data": {"isMember": false},
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_user_id_is_read_from_the_user_properties() {
        let with = |id: Value| json!({"userRequest": {"user": {"properties": {"appUserId": id}}}});
        assert_eq!(
            app_user_id(&with(json!("4200000001"))).as_deref(),
            Some("4200000001")
        );
        assert_eq!(
            app_user_id(&with(json!(4200000001_i64))).as_deref(),
            Some("4200000001")
        );
        assert_eq!(app_user_id(&with(json!(""))), None);
        assert_eq!(app_user_id(&with(json!("1 OR 1=1"))), None);
        assert_eq!(app_user_id(&with(json!(null))), None);
        assert_eq!(
            app_user_id(&json!({"userRequest": {"user": {"properties": {}}}})),
            None
        );
    }

    #[test]
    fn not_a_member_yet_is_a_valid_simple_text_response() {
        let r = skill_response(None);
        assert_eq!(r["version"], "2.0");
        assert!(r["template"]["outputs"][0]["simpleText"]["text"].is_string());
        assert_eq!(r["data"]["isMember"], false);
    }
}
