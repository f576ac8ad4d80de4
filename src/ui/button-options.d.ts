
/** The options of `renderLoginButton`, which are also `<kakao-login-button>`'s attributes. */
export interface LoginButtonOptions {
  kind?: "login" | "sync";
  label?: "full" | "short";
  size?: "small" | "medium" | "large";
  /** A number is a width in CSS pixels. */
  width?: "narrow" | "wide" | "fill" | number;
  lang?: "ko" | "en";
  /** The symbol at the left edge, or centred together with the label. */
  align?: "left" | "center";
  disabled?: boolean;
}
