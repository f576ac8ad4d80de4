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

export function SharePage() {
  return (
    <main>
      <kakao-share-button javascript-key="js-key" title="제목" image-url="https://app.example/a.png" server-callback-args="id=1" />
      <kakao-share-button javascript-key="js-key" template-id="100" template-args="name=라이언" />
      <kakao-channel-button channel-public-id="_ZeUTxl" action="chat" color="black" />
      {/* @ts-expect-error: the share button needs the JavaScript key */}
      <kakao-share-button title="제목" />
      {/* @ts-expect-error: only add and chat */}
      <kakao-channel-button channel-public-id="_ZeUTxl" action="follow" />
    </main>
  );
}
