// `<kakao-login-button>`, `<kakao-terms-consent>`, `<kakao-share-button>` and `<kakao-channel-button>` for TSX (React 19): `import type {} from
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

/** `kakao-sync/share`'s `<kakao-share-button>`: the `share()` options, and a custom template or a simple feed. */
interface KakaoShareButtonAttributes {
  "javascript-key": string;
  "sdk-url"?: string;
  integrity?: string;
  /** Space-separated origins. */
  "web-domains"?: string;
  /** A query string, `key=value&…`. */
  "server-callback-args"?: string;
  "template-id"?: `${number}`;
  "template-args"?: string;
  description?: string;
  "image-url"?: string;
  /** Default: this page. */
  link?: string;
  "button-title"?: string;
}

/** `kakao-sync/share`'s `<kakao-channel-button>`: a link to the channel's add or chat page. */
interface KakaoChannelButtonAttributes {
  "channel-public-id": string;
  action?: "add" | "chat";
  color?: "yellow" | "black";
}

type CustomElement<Attributes> = DetailedHTMLProps<HTMLAttributes<HTMLElement>, HTMLElement> & Attributes;

declare module "react" {
  namespace JSX {
    interface IntrinsicElements {
      "kakao-login-button": CustomElement<KakaoLoginButtonAttributes>;
      "kakao-terms-consent": CustomElement<KakaoSyncClientAttributes>;
      "kakao-share-button": CustomElement<KakaoShareButtonAttributes>;
      "kakao-channel-button": CustomElement<KakaoChannelButtonAttributes>;
    }
  }
}
