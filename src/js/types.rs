//! TypeScript declarations for the shapes that cross the boundary as plain objects, so the
//! generated `.d.ts` is precise where wasm-bindgen alone would say `any`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
export type Prompt = "login" | "none" | "create" | "select_account";

export interface AuthorizeUrlParams {
  clientId: string;
  redirectUri: string;
  scope?: string[];
  prompt?: Prompt[];
  loginHint?: string;
  serviceTerms?: string[];
  channelPublicIds?: string[];
  state?: string;
  nonce?: string;
  /** S256 challenge of a PKCE verifier. */
  codeChallenge?: string;
  /** Default https://kauth.kakao.com/oauth/authorize */
  authorizeEndpoint?: string;
}

export type RedirectParams =
  | { kind: "code"; code: string; state?: string }
  | { kind: "error"; error: string; errorDescription?: string; state?: string };

export interface InAppBrowser {
  inApp: boolean;
  app: "kakaotalk" | "instagram" | "facebook" | "line" | "naver" | "daum" | "band" | "other" | null;
  os: "ios" | "android" | "other";
  version?: string;
}

export interface KakaoSyncOptions {
  clientId: string;
  redirectUri: string;
  /** Default "/api/kakao" */
  backendUrl?: string;
  authorizeEndpoint?: string;
  scope?: string[];
  serviceTerms?: string[];
  channelPublicIds?: string[];
  lang?: "ko" | "en";
}

export interface LoginOptions {
  prompt?: Prompt[];
  loginHint?: string;
  serviceTerms?: string[];
  scope?: string[];
}

export interface LogoutOptions {
  withKakaoAccount?: boolean;
}

export interface Member {
  kakaoId: string;
  nickname: string | null;
  profileImageUrl: string | null;
  thumbnailImageUrl: string | null;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  phoneNumber: string | null;
  ageRange: string | null;
  birthyear: string | null;
  birthday: string | null;
  gender: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface TermStatus {
  tag: string;
  title: string;
  url: string | null;
  required: boolean;
  agreed: boolean;
  revocable: boolean;
  agreedAt: string | null;
  agreedBy: string | null;
}

export type RedirectOutcome =
  | { status: "signed_in"; member: Member; isNewMember: boolean; missingRequiredTerms: string[] }
  | { status: "signup_required" }
  | { status: "cancelled" };

export type KakaoSyncErrorCode =
  | "invalid_config" | "malformed_redirect" | "state_missing" | "state_mismatch" | "unexpected_state"
  | "no_transaction" | "transaction_expired" | "already_handled" | "kakao_error"
  | "backend_unreachable" | "backend_error" | "backend_response" | "browser_unavailable";

/** What every promise of this module rejects with: `err instanceof Error && err.name === "KakaoSyncError"`. */
export interface KakaoSyncError extends Error {
  name: "KakaoSyncError";
  code: KakaoSyncErrorCode;
  /** Kakao's `error` (e.g. `invalid_grant`), or the backend's report of it. */
  kakaoError?: string;
  /** Kakao's `KOE…` or kapi code, as reported by the backend. */
  kakaoErrorCode?: string;
  /** HTTP status of a `backend_error`. */
  status?: number;
  /** The backend's own stable error code for a `backend_error`. */
  backendCode?: string;
}
"#;
