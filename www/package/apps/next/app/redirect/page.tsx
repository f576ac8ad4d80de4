"use client";
import { useEffect, useState } from "react";
import type { KakaoSyncError } from "kakao-sync";
import { kakao } from "../kakao";

export default function Redirect() {
  const [text, setText] = useState("로그인 중…");
  useEffect(() => {
    kakao()
      .then((client) => client.handleRedirect())
      .then(
        (outcome) => setText(outcome.status === "signed_in" ? `signed_in: ${outcome.member.nickname}` : outcome.status),
        (error: KakaoSyncError) => setText(`error: ${error.code}`),
      );
  }, []);
  return <p data-testid="outcome">{text}</p>;
}
