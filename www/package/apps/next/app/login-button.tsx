"use client";
import { useEffect, useRef } from "react";
import { kakao } from "./kakao";

export function LoginButton() {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let current = true;
    kakao().then((client) => {
      if (current && ref.current) client.renderLoginButton(ref.current, { kind: "sync" });
    });
    return () => {
      current = false;
    };
  }, []);
  return <div ref={ref} data-testid="login" />;
}
