//! Server-rendered HTML for kauth's pages: Kakao account login, account creation, the Kakao
//! Sync consent screen and the error page. No external assets; every interpolated value is
//! escaped; controls carry the stable `data-testid`s documented in DESIGN.md.

use std::fmt::Write;

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use super::consent::Pending;
use super::request::PageError;
use crate::fixture::{App, User};

/// Text made safe for HTML element content and quoted attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Phone first: every box sizes its border box, long words wrap, and below 480 px the card
/// becomes the page.
const STYLE: &str = "*,::before,::after{box-sizing:border-box}\
body{font-family:system-ui,sans-serif;background:#f5f5f5;margin:0;color:#191919;overflow-wrap:anywhere}\
main{max-width:420px;margin:40px auto;background:#fff;border-radius:12px;padding:28px;box-shadow:0 1px 4px #0002}\
@media (max-width:480px){main{margin:0;border-radius:0;box-shadow:none;padding:20px 16px}}\
h1{font-size:20px;margin:0 0 6px}p.sub{color:#555;margin:0 0 20px}\
button{display:block;width:100%;min-height:44px;padding:12px;margin:8px 0;border-radius:8px;border:1px solid #ddd;background:#fff;font-size:15px;cursor:pointer;text-align:left}\
button.primary{background:#FEE500;border-color:#FEE500;text-align:center;font-weight:600}\
button.hint{border-color:#191919}input[type=text],input[type=email]{width:100%;padding:10px;margin:4px 0 8px;border:1px solid #ccc;border-radius:6px}\
label.item{display:flex;gap:8px;align-items:center;padding:8px 0;border-bottom:1px solid #eee}\
label.all{font-weight:700;border-bottom:2px solid #191919}.req{color:#e65c00}.opt{color:#888}\
h2{font-size:14px;color:#555;margin:20px 0 4px}[role=alert]{color:#c00;font-weight:600}\
.row{display:flex;gap:8px}.row button{text-align:center}";

/// The empty icon keeps browsers from asking for `/favicon.ico`, which would clutter the
/// request log.
fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"ko\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <link rel=\"icon\" href=\"data:,\">\
         <title>{} | Kakao (emulator)</title><style>{STYLE}</style></head>\
         <body><main>{body}</main></body></html>",
        esc(title)
    );
    (status, Html(html)).into_response()
}

/// A `role="alert"` paragraph for `problem`, or nothing.
fn alert(testid: &str, problem: Option<&str>) -> String {
    problem.map_or(String::new(), |p| {
        format!("<p role=\"alert\" data-testid=\"{testid}\">{}</p>", esc(p))
    })
}

/// kauth's error page: the `KOE…` code, and no redirect.
pub fn error_page(err: &PageError) -> Response {
    let body = format!(
        "<h1>앱 관리자 설정 오류</h1><p class=\"sub\">Kakao could not process this request.</p>\
         <p>에러 코드 <strong data-testid=\"error-code\">{}</strong></p><p data-testid=\"error-message\">{}</p>",
        esc(&err.code),
        esc(&err.message)
    );
    page(StatusCode::BAD_REQUEST, &err.code, &body)
}

/// The Kakao account login page: pick a test account (`account-<id>`), or type a login id
/// (`login-id`, pre-filled from `login_hint`).
pub fn login_page(
    tx: &str,
    users: &[&User],
    hint: Option<&str>,
    current: Option<i64>,
    choosing: bool,
    talk: bool,
    problem: Option<&str>,
) -> Response {
    let title = if choosing {
        "계정 선택"
    } else {
        "카카오계정 로그인"
    };
    let mut body = format!(
        "<h1>{title}</h1><p class=\"sub\">Kakao account (emulator): choose a test account.</p>"
    );
    body.push_str(&alert("login-error", problem));
    let _ = write!(
        body,
        "<form method=\"post\" action=\"/accounts/login\"><input type=\"hidden\" name=\"tx\" value=\"{}\">\
         <label>카카오메일 아이디, 이메일, 전화번호<input type=\"text\" name=\"login_id\" data-testid=\"login-id\" value=\"{}\" autocomplete=\"username\"></label>\
         <label class=\"item\"><input type=\"checkbox\" name=\"remember\" value=\"on\" data-testid=\"remember\">로그인 상태 유지</label>\
         <button class=\"primary\" type=\"submit\" data-testid=\"login-submit\">로그인</button>",
        esc(tx),
        esc(hint.unwrap_or(""))
    );
    for user in users {
        let hinted = hint.is_some_and(|h| user.email.as_deref() == Some(h));
        let signed_in = if current == Some(user.id) {
            " · 로그인됨"
        } else {
            ""
        };
        let _ = write!(
            body,
            "<button type=\"submit\" name=\"account\" value=\"{id}\" data-testid=\"account-{id}\"{class}>\
             <strong>{nick}</strong> {email}{signed_in}</button>",
            id = user.id,
            class = if hinted { " class=\"hint\"" } else { "" },
            nick = esc(&user.nickname),
            email = esc(user.email.as_deref().unwrap_or("")),
        );
    }
    body.push_str("</form>");
    if talk {
        // Kakao's own login page offers KakaoTalk on phones, one tap from the account form.
        let _ = write!(
            body,
            "<p><a href=\"/accounts/talk?tx={}\" data-testid=\"talk-login\">카카오톡으로 로그인</a></p>",
            esc(tx)
        );
    }
    let _ = write!(
        body,
        "<p><a href=\"/accounts/signup?tx={}\" data-testid=\"create-account\">새 카카오계정 만들기</a></p>",
        esc(tx)
    );
    page(StatusCode::OK, title, &body)
}

/// The account creation page (`prompt=create`).
pub fn signup_page(tx: &str, problem: Option<&str>) -> Response {
    let mut body = String::from(
        "<h1>카카오계정 만들기</h1><p class=\"sub\">Creates a test account in the emulator.</p>",
    );
    body.push_str(&alert("signup-error", problem));
    let _ = write!(
        body,
        "<form method=\"post\" action=\"/accounts/signup\"><input type=\"hidden\" name=\"tx\" value=\"{}\">\
         <label>닉네임<input type=\"text\" name=\"nickname\" data-testid=\"signup-nickname\"></label>\
         <label>이메일<input type=\"email\" name=\"email\" data-testid=\"signup-email\"></label>\
         <button class=\"primary\" type=\"submit\" data-testid=\"signup-submit\">가입하기</button></form>",
        esc(tx)
    );
    page(StatusCode::OK, "카카오계정 만들기", &body)
}

/// KakaoTalk's own sign-in screen for an easy login: the account KakaoTalk is signed in with,
/// continue (`talk-continue`) or cancel (`talk-cancel`).
pub fn talk_confirm_page(tx: &str, app: &App, user: &User) -> Response {
    let body = format!(
        "<h1>카카오톡으로 로그인</h1><p class=\"sub\">KakaoTalk (emulator) · {app}</p>\
         <p data-testid=\"talk-account\"><strong>{nick}</strong> {email}</p>\
         <form method=\"post\" action=\"/__emulator/kakaotalk/confirm\"><input type=\"hidden\" name=\"tx\" value=\"{tx}\">\
         <div class=\"row\"><button type=\"submit\" name=\"action\" value=\"cancel\" data-testid=\"talk-cancel\">취소</button>\
         <button class=\"primary\" type=\"submit\" name=\"action\" value=\"continue\" data-testid=\"talk-continue\">계속하기</button></div></form>",
        app = esc(&app.name),
        nick = esc(&user.nickname),
        email = esc(user.email.as_deref().unwrap_or("")),
        tx = esc(tx),
    );
    page(StatusCode::OK, "카카오톡으로 로그인", &body)
}

/// What KakaoTalk shows once an easy login has ended: the page in the browser picks it up from
/// `apiweb/code.json`.
pub fn talk_done_page(signed_in: bool) -> Response {
    let body = if signed_in {
        "<h1>로그인 완료</h1><p class=\"sub\" data-testid=\"talk-done\">브라우저로 돌아가 주세요.</p>"
    } else {
        "<h1>로그인 취소</h1><p class=\"sub\" data-testid=\"talk-cancelled\">로그인을 취소했습니다.</p>"
    };
    page(StatusCode::OK, "카카오톡으로 로그인", body)
}

/// Toggles every item with the "agree to all" box; the server also honours `agree_all` alone,
/// so the page works without JavaScript.
const AGREE_ALL_SCRIPT: &str = "<script>document.querySelector('[data-testid=agree-all]').addEventListener('change',function(e){\
document.querySelectorAll('input.consent').forEach(function(i){i.checked=e.target.checked})})</script>";

/// The Kakao Sync consent screen: consent items, service terms and channel add.
pub fn consent_page(
    tx: &str,
    app: &App,
    user: &User,
    pending: &Pending,
    problem: Option<&str>,
) -> Response {
    let status = if problem.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let mut body = format!(
        "<h1>{}</h1><p class=\"sub\">{}님, 서비스 이용을 위해 아래 항목에 동의해 주세요.</p>",
        esc(&app.name),
        esc(&user.nickname)
    );
    body.push_str(&alert("consent-error", problem));
    let _ = write!(
        body,
        "<form method=\"post\" action=\"/oauth/consent\"><input type=\"hidden\" name=\"tx\" value=\"{}\">\
         <label class=\"item all\"><input type=\"checkbox\" name=\"agree_all\" value=\"on\" data-testid=\"agree-all\">전체 동의하기</label>",
        esc(tx)
    );
    let tag = |required: bool| {
        if required {
            "<span class=\"req\">[필수]</span>"
        } else {
            "<span class=\"opt\">[선택]</span>"
        }
    };
    if !pending.terms.is_empty() {
        body.push_str("<h2>서비스 약관</h2>");
        for term in app
            .service_terms
            .iter()
            .filter(|t| pending.terms.contains(&t.tag))
        {
            let link = term.url.as_deref().map_or(String::new(), |u| {
                format!(
                    " <a href=\"{}\" target=\"_blank\" rel=\"noopener\">보기</a>",
                    esc(u)
                )
            });
            let _ = write!(
                body,
                "<label class=\"item\"><input class=\"consent\" type=\"checkbox\" name=\"term\" value=\"{t}\" data-testid=\"term-{t}\">{} {}{link}</label>",
                tag(term.required),
                esc(&term.title),
                t = esc(&term.tag),
            );
        }
    }
    if !pending.scopes.is_empty() {
        let _ = write!(
            body,
            "<h2>{} 서비스 제공을 위한 개인정보 제공 동의</h2>",
            esc(&app.name)
        );
        for item in app
            .consent_items
            .iter()
            .filter(|c| pending.scopes.contains(&c.id))
        {
            let _ = write!(
                body,
                "<label class=\"item\"><input class=\"consent\" type=\"checkbox\" name=\"scope\" value=\"{id}\" data-testid=\"scope-{id}\">{} {}</label>",
                tag(item.required),
                esc(&item.display_name),
                id = esc(&item.id),
            );
        }
    }
    let channels: Vec<_> = app
        .channels
        .iter()
        .filter(|c| pending.channels.contains(&c.public_id))
        .collect();
    if !channels.is_empty() {
        body.push_str("<h2>카카오톡 채널</h2>");
        for channel in channels {
            let _ = write!(
                body,
                "<label class=\"item\"><input class=\"consent\" type=\"checkbox\" name=\"channel\" value=\"{id}\" data-testid=\"channel-{id}\"><span class=\"opt\">[선택]</span> {} 채널 추가</label>",
                esc(&channel.name),
                id = esc(&channel.public_id),
            );
        }
    }
    body.push_str(
        "<div class=\"row\"><button type=\"submit\" name=\"action\" value=\"cancel\" data-testid=\"consent-cancel\">취소</button>\
         <button class=\"primary\" type=\"submit\" name=\"action\" value=\"agree\" data-testid=\"consent-submit\">동의하고 계속하기</button></div></form>",
    );
    body.push_str(AGREE_ALL_SCRIPT);
    page(status, "동의하고 계속하기", &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_and_both_quotes() {
        assert_eq!(
            esc(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
