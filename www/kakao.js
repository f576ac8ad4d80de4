// What every page shares: the KakaoSync client built from config.js, and the page-side helpers
// that turn the module's outcomes and errors into words. Each page imports the module it needs:
// `kakao-sync` where it draws the button or the terms panel, `kakao-sync/core` elsewhere.
import config from "./config.js";

const options = {
  clientId: config.clientId,
  redirectUri: config.redirectUri ?? new URL("/redirect.html", location.origin).href,
  lang: "ko",
};
for (const key of ["authorizeEndpoint", "backendUrl", "scope", "serviceTerms", "channelPublicIds", "javascriptKey", "throughTalk", "talkWaitMs"]) {
  if (config[key] !== undefined) options[key] = config[key];
}

/** The client, from the module `kakaoSync` (either entry of the package), initialised. */
export async function connect(kakaoSync) {
  await kakaoSync.default();
  return new kakaoSync.KakaoSync(options);
}
export const backendUrl = config.backendUrl ?? "/api/kakao";

const BACKEND_MESSAGES = {
  code_already_used: "이미 사용된 로그인 코드입니다. 처음부터 다시 로그인해 주세요.",
  id_token_invalid: "카카오 로그인 응답을 검증하지 못했습니다. 처음부터 다시 로그인해 주세요.",
  invalid_request: "로그인 요청이 올바르지 않습니다. 처음부터 다시 로그인해 주세요.",
  unauthorized: "로그인이 필요합니다. 다시 로그인해 주세요.",
  forbidden_origin: "허용되지 않은 주소에서 보낸 요청입니다.",
  kakao_error: "카카오가 요청을 거절했습니다.",
  kakao_unavailable: "카카오 서버에 연결하지 못했습니다. 잠시 후 다시 시도해 주세요.",
  kakao_timeout: "카카오 서버의 응답이 늦어지고 있습니다. 잠시 후 다시 시도해 주세요.",
  unknown_term: "등록되지 않은 약관입니다.",
  term_not_revocable: "이 약관은 동의를 철회할 수 없습니다.",
  timeout: "서버의 응답이 늦어지고 있습니다. 잠시 후 다시 시도해 주세요.",
};

const MESSAGES = {
  state_mismatch: "로그인 요청을 확인할 수 없습니다: 이 탭에서 시작한 로그인과 state 값이 다릅니다. 위조되었거나 다른 곳에서 온 주소일 수 있어 로그인하지 않았습니다.",
  state_missing: "로그인 응답에 state 값이 없어 로그인하지 않았습니다. 처음부터 다시 로그인해 주세요.",
  unexpected_state: "이 탭에서 시작하지 않은 로그인 응답이라 로그인하지 않았습니다.",
  no_transaction: "이 브라우저 탭에서 시작한 로그인이 없습니다. 복사되었거나 다시 사용된 주소일 수 있어 로그인하지 않았습니다. 처음부터 다시 로그인해 주세요.",
  transaction_expired: "로그인 요청이 만료되었습니다. 처음부터 다시 로그인해 주세요.",
  already_handled: "이 로그인 응답은 이미 처리되었습니다. 같은 주소를 다시 열어도 다시 로그인되지 않습니다.",
  malformed_redirect: "카카오 로그인에서 돌아온 주소가 아니어서 처리할 로그인이 없습니다.",
  kakao_error: "카카오 로그인 중 오류가 발생했습니다.",
  backend_unreachable: "서버에 연결할 수 없습니다. 네트워크를 확인하고 다시 시도해 주세요.",
  backend_response: "서버가 예상하지 못한 응답을 보냈습니다.",
  browser_unavailable: "이 브라우저에서는 로그인 정보를 임시로 저장할 수 없습니다. 시크릿 모드나 저장소 차단 설정을 확인해 주세요.",
  invalid_config: "사이트 설정(config.js)이 올바르지 않습니다.",
};

/** Words for a KakaoSyncError (or any other failure), with Kakao's or the backend's code. */
export function describeError(error) {
  if (error?.name !== "KakaoSyncError") return `알 수 없는 오류가 발생했습니다: ${error}`;
  let text = MESSAGES[error.code] ?? error.message;
  if (error.code === "backend_error") {
    text = BACKEND_MESSAGES[error.backendCode] ?? `서버 오류가 발생했습니다 (HTTP ${error.status}).`;
  }
  const detail = [error.kakaoError, error.kakaoErrorCode].filter(Boolean).join(" ");
  return detail ? `${text} (${detail})` : text;
}

/** Shows `text` in `el` and tags it with `code` so a reader (or a test) can tell outcomes apart. */
export function say(el, text, code) {
  el.textContent = text;
  el.dataset.code = code;
  el.hidden = false;
}
