// `<kakao-login-button>` and `<kakao-terms-consent>` for TSX (React 19): `import type {} from
// "kakao-sync/jsx";` once in the app (or list "kakao-sync/jsx" in tsconfig's `types`). A file of
// its own, since it names React's types, which the main entry must not require.
import type { DetailedHTMLProps, HTMLAttributes } from "react";

/** The `KakaoSync` options as attributes, in kebab-case; lists are space- or comma-separated. */
interface KakaoSyncClientAttributes {
  "client-id": string;
  "redirect-uri": string;
  /** Default "/api/kakao" */
  "backend-url"?: string;
  "authorize-endpoint"?: string;
  lang?: "ko" | "en";
  scope?: string;
  "service-terms"?: string;
  "channel-public-ids"?: string;
}

/** `renderLoginButton`'s options as attributes. */
interface KakaoLoginButtonAttributes extends KakaoSyncClientAttributes {
  kind?: "login" | "sync";
  label?: "full" | "short";
  size?: "small" | "medium" | "large";
  /** "narrow", "wide", "fill", or a width in CSS pixels. */
  width?: "narrow" | "wide" | "fill" | `${number}`;
  align?: "left" | "center";
  disabled?: boolean;
}

type CustomElement<Attributes> = DetailedHTMLProps<HTMLAttributes<HTMLElement>, HTMLElement> & Attributes;

declare module "react" {
  namespace JSX {
    interface IntrinsicElements {
      "kakao-login-button": CustomElement<KakaoLoginButtonAttributes>;
      "kakao-terms-consent": CustomElement<KakaoSyncClientAttributes>;
    }
  }
}
