// The redirect URI: finishes the Kakao login exactly once and says what happened.
import * as kakaoSync from "/pkg/core/kakao_sync.js";
import { connect, describeError, say } from "./kakao.js";

const kakao = await connect(kakaoSync);

const message = document.getElementById("message");
const next = document.getElementById("next");

function stay(text, code) {
  say(message, text, code);
  next.hidden = false;
}

async function main() {
  const outcome = await kakao.handleRedirect();
  switch (outcome.status) {
    case "signed_in": {
      // My page asks for any required term still missing (missingRequiredTerms), through the
      // terms panel.
      say(message, outcome.isNewMember ? "가입이 완료되었습니다." : "로그인했습니다.", "signed_in");
      location.replace(outcome.isNewMember ? "/mypage.html?welcome=1" : "/mypage.html");
      break;
    }
    case "signup_required":
      // KakaoTalk's silent sign-in found no member: back home, where the button waits.
      say(message, "회원이 아니어서 가입 화면으로 이동합니다.", "signup_required");
      location.replace("/");
      break;
    case "cancelled":
      stay("카카오 로그인을 취소했습니다. 가입하지 않았고, 아무 정보도 저장하지 않았습니다.", "cancelled");
      break;
  }
}

main().catch((error) => stay(describeError(error), error?.code ?? "error"));
