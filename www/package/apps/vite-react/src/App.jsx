import { useEffect, useRef, useState } from "react";
import { kakao } from "./kakao.js";

function LoginButton() {
  const ref = useRef(null);
  useEffect(() => {
    let current = true;
    kakao().then((client) => {
      if (current) client.renderLoginButton(ref.current, { kind: "sync" });
    });
    return () => {
      current = false;
    };
  }, []);
  return <div ref={ref} data-testid="login" />;
}

function Redirect() {
  const [text, setText] = useState("로그인 중…");
  useEffect(() => {
    kakao()
      .then((client) => client.handleRedirect())
      .then(
        (outcome) => setText(outcome.status === "signed_in" ? `signed_in: ${outcome.member.nickname}` : outcome.status),
        (error) => setText(`error: ${error.code}`),
      );
  }, []);
  return <p data-testid="outcome">{text}</p>;
}

export function App() {
  return location.pathname === "/redirect" ? <Redirect /> : <LoginButton />;
}
