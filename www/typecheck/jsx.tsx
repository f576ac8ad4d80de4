// `kakao-sync/jsx`: the custom elements as React 19's TSX sees them.
import type {} from "../../pkg/jsx.js";

export function LoginPage() {
  return (
    <main>
      <kakao-login-button client-id="rest-key" redirect-uri="https://app.example/cb" kind="sync" size="large" width="fill" />
      <kakao-login-button client-id="rest-key" redirect-uri="https://app.example/cb" width="320" disabled />
      <kakao-terms-consent client-id="rest-key" redirect-uri="https://app.example/cb" lang="en" />
      {/* @ts-expect-error: the button needs its client */}
      <kakao-login-button kind="sync" />
      {/* @ts-expect-error: no such size */}
      <kakao-login-button client-id="k" redirect-uri="https://app.example/cb" size="huge" />
    </main>
  );
}
