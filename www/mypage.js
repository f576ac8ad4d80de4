// My page: the member's data as the backend stored it, their service terms (agree / revoke),
// KakaoTalk channel relations, logout (plain or with the Kakao Account) and withdrawal.
import * as kakaoSync from "/pkg/kakao_sync.js";
import { backendUrl, connect, describeError, say } from "./kakao.js";

const kakao = await connect(kakaoSync);

const $ = (id) => document.getElementById(id);

const PROFILE = [
  ["nickname", "닉네임"],
  ["email", "이메일"],
  ["name", "이름"],
  ["gender", "성별"],
  ["ageRange", "연령대"],
  ["birthyear", "출생 연도"],
  ["birthday", "생일"],
  ["phoneNumber", "전화번호"],
  ["kakaoId", "카카오 회원번호"],
  ["createdAt", "가입일"],
  ["updatedAt", "정보 갱신일"],
];

const GENDERS = { female: "여성", male: "남성" };
const DATE = new Intl.DateTimeFormat("ko-KR", { dateStyle: "long", timeStyle: "short" });

/** How a stored value reads on the page; the stored value itself stays as Kakao sent it. */
function shown(field, member) {
  const value = member[field];
  switch (field) {
    case "email": return `${value} (${member.emailVerified ? "인증됨" : "인증 안 됨"})`;
    case "gender": return GENDERS[value] ?? value;
    case "ageRange": return value.endsWith("~") ? `${value.slice(0, -1)}세 이상` : `${value}세`;
    case "createdAt": case "updatedAt": return DATE.format(new Date(value));
    default: return value;
  }
}

const RELATIONS = { ADDED: "친구 추가함", BLOCKED: "차단함", NONE: "추가하지 않음" };
const AGREED_BY = { KAUTH: "카카오 동의 화면", KAPI: "이 서비스의 약관 화면" };

function fail(error) {
  if (error?.code === "backend_error" && error.status === 401) {
    signedOut();
    return;
  }
  say($("error"), describeError(error), error?.code ?? "error");
}

function signedOut() {
  $("member").hidden = true;
  $("welcome").hidden = true;
  say($("status"), "로그인되어 있지 않습니다.", "signed_out");
  $("signin").hidden = false;
}

function showMember(member) {
  const dl = $("profile");
  dl.replaceChildren();
  for (const [field, label] of PROFILE) {
    const value = member[field];
    if (value === null || value === undefined) continue;
    const dt = document.createElement("dt");
    dt.textContent = label;
    const dd = document.createElement("dd");
    dd.dataset.testid = `member-${field}`;
    dd.textContent = shown(field, member);
    dl.append(dt, dd);
  }
  const avatar = $("avatar");
  $("avatar-initial").textContent = Array.from(member.nickname ?? "회원")[0];
  $("avatar-initial").hidden = true;
  avatar.hidden = !member.thumbnailImageUrl;
  if (member.thumbnailImageUrl) avatar.src = member.thumbnailImageUrl;
  say($("status"), `${member.nickname ?? "회원"}님, 안녕하세요.`, "signed_in");
  $("member").hidden = false;
}

function showTerms(terms) {
  const list = $("terms-list");
  list.replaceChildren(...terms.map((term) => {
    const li = document.createElement("li");
    li.dataset.testid = `term-status-${term.tag}`;
    const kind = term.required ? "필수" : "선택";
    const state = term.agreed
      ? `동의함 (${term.agreedAt ? DATE.format(new Date(term.agreedAt)) : "시각 모름"}, ${AGREED_BY[term.agreedBy] ?? term.agreedBy ?? "경로 모름"})`
      : "동의하지 않음";
    li.textContent = `[${kind}] ${term.title}: ${state}`;
    return li;
  }));
  $("terms-required").hidden = !terms.some((term) => term.required && !term.agreed);
  kakao.renderTermsConsent($("terms-panel"), { terms, onSubmit: (ticked) => saveTerms(terms, ticked) }).catch(fail);
}

// The panel hands over the ticked tags; agreeing and revoking go through the backend, which
// asks Kakao first, and the panel is drawn again from Kakao's answer.
async function saveTerms(before, ticked) {
  const agree = before.filter((t) => !t.agreed && ticked.includes(t.tag)).map((t) => t.tag);
  const revoke = before.filter((t) => t.agreed && t.revocable && !ticked.includes(t.tag)).map((t) => t.tag);
  let terms = before;
  try {
    if (agree.length > 0) terms = await kakao.agreeServiceTerms(agree);
    if (revoke.length > 0) terms = await kakao.revokeServiceTerms(revoke);
  } catch (error) {
    // The panel shows that saving failed; the page also notices a session that has ended.
    fail(error);
    throw error;
  }
  say($("terms-status"), agree.length + revoke.length > 0 ? "약관 동의를 저장했습니다." : "바뀐 내용이 없습니다.", "saved");
  showTerms(terms);
}

async function showChannels() {
  const list = $("channels");
  const response = await fetch(`${backendUrl}/channels`, { credentials: "same-origin" });
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    const li = document.createElement("li");
    li.dataset.testid = "channels-error";
    li.textContent = body.kakaoErrorCode === "-402"
      ? "채널 정보를 보려면 카카오톡 채널 추가 상태 조회에 동의해야 합니다."
      : `채널 정보를 불러오지 못했습니다 (${body.code ?? response.status}).`;
    list.replaceChildren(li);
    return;
  }
  const channels = await response.json();
  list.replaceChildren(...channels.map((channel) => {
    const li = document.createElement("li");
    li.dataset.testid = `channel-${channel.channelPublicId}`;
    li.textContent = `${channel.channelPublicId}: ${RELATIONS[channel.relation] ?? channel.relation}`;
    return li;
  }));
  if (channels.length === 0) list.textContent = "연결된 채널이 없습니다.";
}

function busy(run) {
  return async () => {
    for (const button of document.querySelectorAll("button")) button.disabled = true;
    try {
      await run();
    } catch (error) {
      fail(error);
      for (const button of document.querySelectorAll("button")) button.disabled = false;
    }
  };
}

// Kakao's CDN may not answer (offline, or blocked): the member's initial stands in for the photo.
$("avatar").addEventListener("error", () => {
  $("avatar").hidden = true;
  $("avatar-initial").hidden = false;
});
$("logout").addEventListener("click", busy(async () => {
  await kakao.logout({ withKakaoAccount: false });
  location.replace("/?done=logout");
}));
// Navigates to Kakao's logout page, which comes back to the logout redirect URI.
$("logout-kakao").addEventListener("click", busy(() => kakao.logout({ withKakaoAccount: true })));
$("withdraw").addEventListener("click", () => {
  $("withdraw-confirm").hidden = false;
  $("withdraw-yes").focus();
});
$("withdraw-no").addEventListener("click", () => {
  $("withdraw-confirm").hidden = true;
});
$("withdraw-yes").addEventListener("click", busy(async () => {
  await kakao.withdraw();
  location.replace("/?done=withdrawn");
}));

async function main() {
  const member = await kakao.session();
  if (!member) {
    signedOut();
    return;
  }
  $("welcome").hidden = new URLSearchParams(location.search).get("welcome") !== "1";
  showMember(member);
  const [terms] = await Promise.all([
    kakao.serviceTerms(),
    showChannels().catch(fail),
  ]);
  showTerms(terms);
}

main().catch(fail);
