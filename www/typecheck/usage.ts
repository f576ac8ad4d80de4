// Compiled by `tsc --noEmit` in `make test`: the generated .d.ts must describe the API as a
// TypeScript user writes it. Lines marked @ts-expect-error must stay errors.
import init, {
  KakaoSync,
  buildAuthorizeUrl,
  detectInAppBrowser,
  externalBrowserUrl,
  parseRedirect,
  type InAppBrowser,
  type KakaoSyncError,
  type Member,
  type RedirectOutcome,
  type RedirectParams,
  type TalkWaitDetail,
  type TermStatus,
} from "../../pkg/kakao_sync.js";
import { defineCustomElements } from "../../pkg/elements.js";

export async function usage(el: HTMLElement): Promise<void> {
  await init();

  const url: string = buildAuthorizeUrl({
    clientId: "rest-key",
    redirectUri: "https://app.example/auth/kakao",
    scope: ["openid", "account_email"],
    prompt: ["none"],
    loginHint: "user@example.com",
    serviceTerms: ["tos"],
    channelPublicIds: ["_abc"],
    state: "s",
    nonce: "n",
    codeChallenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    authorizeEndpoint: "http://localhost:9000/oauth/authorize",
  });
  // @ts-expect-error: an unknown prompt value is a type error
  buildAuthorizeUrl({ clientId: "k", redirectUri: url, prompt: ["always"] });

  const r: RedirectParams = parseRedirect(url);
  if (r.kind === "code") {
    const code: string = r.code;
    void code;
  } else {
    const error: string = r.error;
    void error;
  }

  const b: InAppBrowser = detectInAppBrowser();
  if (b.app === "kakaotalk" && b.os === "ios") {
    const escape: string | null = externalBrowserUrl(location.href, navigator.userAgent);
    void escape;
  }

  const kakao = new KakaoSync({
    clientId: "rest-key",
    redirectUri: "https://app.example/auth/kakao",
    backendUrl: "/api/kakao",
    serviceTerms: ["tos", "privacy"],
    lang: "en",
    javascriptKey: "js-key",
    throughTalk: true,
    talkWaitMs: 60_000,
  });
  addEventListener("kakaosync:talkwait", (event) => {
    const detail: TalkWaitDetail = event.detail;
    if (detail.phase === "waiting") detail.otherWay();
  });
  const tried: boolean = await kakao.autoLogin();
  if (!tried) await kakao.login({ prompt: ["select_account"], serviceTerms: ["tos"], throughTalk: false });

  try {
    const outcome: RedirectOutcome = await kakao.handleRedirect();
    if (outcome.status === "signed_in") {
      const m: Member = outcome.member;
      const id: string = m.kakaoId;
      const missing: string[] = outcome.missingRequiredTerms;
      void [id, missing, outcome.isNewMember];
    }
  } catch (e) {
    const err = e as KakaoSyncError;
    if (err.code === "state_mismatch" || err.code === "already_handled") console.warn(err.message);
  }

  const member: Member | null = await kakao.session();
  const terms: TermStatus[] = await kakao.serviceTerms();
  await kakao.agreeServiceTerms(terms.filter((t) => !t.agreed).map((t) => t.tag));
  await kakao.revokeServiceTerms(["marketing"]);
  await kakao.logout({ withKakaoAccount: true });
  await kakao.withdraw();
  void member;

  kakao.renderLoginButton(el, { kind: "sync", label: "short", size: "large", width: 320, lang: "ko" });
  const drawn: Promise<void> = kakao.renderTermsConsent(el, { terms, onSubmit: (tags: string[]) => console.log(tags) });
  await drawn;
}

/** Every option bag is optional, as the README writes the calls. */
export async function withoutOptions(el: HTMLElement): Promise<void> {
  await init();
  const kakao = new KakaoSync({ clientId: "rest-key", redirectUri: "https://app.example/auth/kakao" });
  await kakao.login();
  await kakao.logout();
  kakao.renderLoginButton(el);
  await kakao.renderTermsConsent(el);
  // @ts-expect-error: the client's own options are not optional
  new KakaoSync();
}

/** On a server: the bytes, from the package's exported path. */
export async function onServer(bytes: Uint8Array): Promise<string> {
  await init({ module_or_path: bytes });
  return buildAuthorizeUrl({ clientId: "k", redirectUri: "https://app.example/cb" });
}

/** A static page's custom elements, from `kakao-sync/elements`: no init(), no options. */
export function elements(): void {
  defineCustomElements();
  // @ts-expect-error: the elements take their options from their attributes
  defineCustomElements({ clientId: "k" });
}
