// Home: signed in → a link to my page; inside KakaoTalk → a silent sign-in attempt (once per
// tab); otherwise the Kakao Sync button.
import * as kakaoSync from "/pkg/kakao_sync.js";
import { connect, describeError, say } from "./kakao.js";

const kakao = await connect(kakaoSync);

const $ = (id) => document.getElementById(id);

const NOTICES = {
  logout: "로그아웃했습니다.",
  withdrawn: "탈퇴가 완료되었습니다. 이 서비스에 저장된 회원 정보를 모두 삭제했습니다.",
};

function showButton() {
  const box = $("login");
  box.addEventListener("kakao-sync-error", (event) => say($("error"), describeError(event.detail), event.detail?.code));
  kakao.renderLoginButton(box, { kind: "sync", size: "large", width: "wide" });
  box.hidden = false;
  say($("status"), "카카오로 간편하게 가입하고 로그인하세요. 추가로 입력할 정보는 없습니다.", "signed_out");
}

async function main() {
  const notice = NOTICES[new URLSearchParams(location.search).get("done")];
  if (notice) say($("notice"), notice, "notice");
  const member = await kakao.session();
  if (member) {
    say($("status"), `${member.nickname ?? "회원"}님, 로그인되어 있습니다.`, "signed_in");
    $("member").hidden = false;
    return;
  }
  if (await kakao.autoLogin()) {
    say($("status"), "카카오톡으로 로그인하는 중…", "auto_login");
    return;
  }
  showButton();
}

main().catch((error) => {
  say($("error"), describeError(error), error?.code ?? "error");
  showButton();
});
