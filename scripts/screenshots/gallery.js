// Renders every login-button variant and both terms panels for scripts/screenshots.mjs. Served
// under a strict Content-Security-Policy; any violation is collected in window.__violations.
import init, { KakaoSync, defineCustomElements } from "/pkg/kakao_sync.js";

const violations = [];
window.__violations = violations;
document.addEventListener("securitypolicyviolation", (e) => {
  violations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
});

const lang = new URLSearchParams(location.search).get("lang") === "en" ? "en" : "ko";
document.documentElement.lang = lang;
for (const el of document.querySelectorAll("kakao-login-button, kakao-terms-consent")) {
  el.setAttribute("lang", lang);
  el.setAttribute("redirect-uri", `${location.origin}/callback`);
  el.setAttribute("authorize-endpoint", `${location.origin}/oauth/authorize`);
}
const words = {
  ko: { buttons: "카카오 로그인 버튼", more: "너비, 정렬, 상태", phone: "360 px 화면의 버튼" },
  en: { buttons: "Kakao login buttons", more: "Widths, alignment, states", phone: "Buttons on a 360 px screen" },
}[lang];
for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = words[el.dataset.i18n];

await init();
const kakao = new KakaoSync({
  clientId: "demo",
  redirectUri: `${location.origin}/callback`,
  authorizeEndpoint: `${location.origin}/oauth/authorize`,
  lang,
});

const text = (tag, content, className) => {
  const el = document.createElement(tag);
  el.textContent = content;
  if (className) el.className = className;
  return el;
};
const columns = [["login", "full"], ["login", "short"], ["sync", "full"], ["sync", "short"]];
const matrix = document.getElementById("matrix");
matrix.append(text("div", ""), ...columns.map(([k, l]) => text("div", `${k} · ${l}`, "head")));
for (const size of ["small", "medium", "large"]) {
  for (const width of ["narrow", "wide"]) {
    matrix.append(text("div", `${size} · ${width}`, "head"));
    for (const [kind, label] of columns) {
      const cell = document.createElement("div");
      kakao.renderLoginButton(cell, { kind, label, size, width });
      matrix.append(cell);
    }
  }
}
kakao.renderLoginButton(document.getElementById("fill"), { width: "fill" });
kakao.renderLoginButton(document.getElementById("px"), { width: 260, label: "short" });
kakao.renderLoginButton(document.getElementById("centre"), { width: "wide", align: "center" });
kakao.renderLoginButton(document.getElementById("disabled"), { disabled: true });
kakao.renderLoginButton(document.getElementById("focus"), { kind: "sync" });
kakao.renderLoginButton(document.getElementById("phone-large"), { kind: "sync", size: "large", width: "wide" });
kakao.renderLoginButton(document.getElementById("phone-fill"), { width: "fill" });
kakao.renderLoginButton(document.getElementById("phone-px"), { kind: "sync", label: "short", size: "large", width: 600 });

const titles = {
  ko: ["서비스 이용약관", "개인정보 수집 및 이용 동의", "위치정보 이용약관", "마케팅 정보 수신 동의"],
  en: ["Terms of Service", "Collection and use of personal data", "Location terms", "Marketing messages"],
}[lang];
const terms = ["service", "privacy", "location", "marketing"].map((tag, i) => ({
  tag,
  title: titles[i],
  url: `/terms/${tag}`,
  required: i < 2,
  agreed: false,
  revocable: i >= 2,
  agreedAt: null,
  agreedBy: null,
}));
const signup = document.getElementById("signup");
await kakao.renderTermsConsent(signup, { terms, onSubmit: async () => {} });
signup.querySelector("li input").click();

defineCustomElements();
window.__ready = true;
