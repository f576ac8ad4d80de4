//! TypeScript declarations for the shapes that cross the boundary as plain objects, so the
//! generated `.d.ts` is precise where wasm-bindgen alone would say `any`: the interfaces
//! `shape!` declares (`js::options`, `browser::backend`), then the unions written here.

use kakao_sync_wire::api::{LogoutRequest, Member, SessionResponse, TermStatus};
use wasm_bindgen::prelude::*;

use crate::browser::shape::Shape;
use crate::core::config::{AuthorizeParams, ClientConfig, LoginOptions};

#[wasm_bindgen(typescript_custom_section)]
const AUTHORIZE_URL_PARAMS: &str = AuthorizeParams::TYPESCRIPT;
#[wasm_bindgen(typescript_custom_section)]
const KAKAO_SYNC_OPTIONS: &str = ClientConfig::TYPESCRIPT;
#[wasm_bindgen(typescript_custom_section)]
const LOGIN_OPTIONS: &str = LoginOptions::TYPESCRIPT;
#[wasm_bindgen(typescript_custom_section)]
const LOGOUT_OPTIONS: &str = LogoutRequest::TYPESCRIPT;
#[wasm_bindgen(typescript_custom_section)]
const MEMBER: &str = Member::TYPESCRIPT;
#[wasm_bindgen(typescript_custom_section)]
const SESSION_RESPONSE: &str = SessionResponse::TYPESCRIPT;
#[wasm_bindgen(typescript_custom_section)]
const TERM_STATUS: &str = TermStatus::TYPESCRIPT;
/// `renderTermsConsent`'s options: declared by the account role, which draws the panel, and by
/// the login role with the button, whose class the `kakao-sync` entry spans over the account
/// role (scripts/pkg.mjs), so `kakao-sync`'s declaration names them.
#[cfg(feature = "ui")]
#[wasm_bindgen(typescript_custom_section)]
const TERMS_CONSENT_OPTIONS: &str = crate::js::options::TermsConsentOptions::TYPESCRIPT;

// KakaoTalk messages (`sendToMe`, `friends`, `sendToFriends`).
use kakao_sync_wire::api::{
    Friend, FriendsMessageResponse, FriendsPage, MessageFailure, MessageTemplate,
};
#[wasm_bindgen(typescript_custom_section)]
const MESSAGE_TEMPLATE: &str = MessageTemplate::TYPESCRIPT;
#[wasm_bindgen(typescript_custom_section)]
const FRIEND: &str = Friend::TYPESCRIPT;
#[wasm_bindgen(typescript_custom_section)]
const FRIENDS_PAGE: &str = FriendsPage::TYPESCRIPT;
#[wasm_bindgen(typescript_custom_section)]
const MESSAGE_FAILURE: &str = MessageFailure::TYPESCRIPT;
#[wasm_bindgen(typescript_custom_section)]
const FRIENDS_MESSAGE_RESPONSE: &str = FriendsMessageResponse::TYPESCRIPT;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
export type Prompt = "login" | "none" | "create" | "select_account";

export type RedirectParams =
  | { kind: "code"; code: string; state?: string }
  | { kind: "error"; error: string; errorDescription?: string; state?: string };

export interface InAppBrowser {
  inApp: boolean;
  app: "kakaotalk" | "instagram" | "facebook" | "line" | "naver" | "daum" | "band" | "other" | null;
  os: "ios" | "android" | "other";
  version?: string;
}

export type RedirectOutcome =
  | ({ status: "signed_in" } & SessionResponse)
  | { status: "signup_required" }
  | { status: "cancelled" };

/** `detail` of the `kakaosync:talkwait` event on `window` while `login()` waits for KakaoTalk. */
export type TalkWaitDetail =
  | { phase: "waiting"; cancel(): void; otherWay(): void }
  | { phase: "code" | "cancelled" | "account_login" };

declare global {
  interface WindowEventMap {
    "kakaosync:talkwait": CustomEvent<TalkWaitDetail>;
  }
}

export type KakaoSyncErrorCode =
  | "invalid_config" | "malformed_redirect" | "state_missing" | "state_mismatch" | "unexpected_state"
  | "no_transaction" | "transaction_expired" | "already_handled" | "kakao_error"
  | "backend_unreachable" | "backend_error" | "backend_response" | "browser_unavailable"
  | "invalid_template" | "consent_required";

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
  /** With `consent_required`: the consent items to ask for, with `login({ scope: requiredScopes })`. */
  requiredScopes?: string[];
}
"#;
